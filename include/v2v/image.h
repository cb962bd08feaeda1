/* The user's image on the host: checked before any launch, opened only as
 * the read-only backing file of a qcow2 overlay, and written only by the
 * final commit (or never, with -o). */
#ifndef V2V_IMAGE_H
#define V2V_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "v2v/options.h"

struct session;

/* Refuses what is not a usable disk image, with one line naming it
 * (-1), or, for a raw image, a guest that cannot be fixed offline (1:
 * BitLocker, dynamic disk, seen without starting the appliance).
 * Sets *format to the qemu driver: --format, else the one the magic
 * bytes name, else "raw" (qemu is never left to guess). A differencing
 * VHD/VHDX is refused; so is fixing a non-raw/qcow2 image in place. */
int image_check(const struct options *o, const char **format);

int overlay_create(struct session *s);
/* Writes the overlay's changes into the image (only the changed clusters). */
int overlay_commit(struct session *s);
/* Writes the whole fixed guest to FILE as FORMAT (sparse), atomically;
 * a package's other disks go to output_disk_name(FILE, i). A progress bar
 * shows on a terminal. PRISTINE: nothing was changed, copy the input
 * disks themselves. */
int overlay_convert(struct session *s, const char *file, const char *format,
                    bool pristine);
/* Where disk I (from 0) of the output goes: FILE itself for the boot
 * disk, "out-disk2.qcow2" beside "out.qcow2" for the second. */
char *output_disk_name(const char *file, size_t i);

/* Runs ARGV, its output going to LOG; 0 if it exited 0. */
int run_command(char *const argv[], const char *log);
/* The same, with the command's stdout on our stderr when SHOW_STDOUT. */
int run_command_shown(char *const argv[], const char *log, bool show_stdout);

#endif
