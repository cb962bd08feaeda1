/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing the fixed guest: into the image (in place) or to new files. */
#ifndef V2V_COMMIT_H
#define V2V_COMMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "v2v/result.h"

struct session;

/* Writes the overlay's changes into the image (only the changed clusters),
 * with SIGINT/SIGTERM/SIGHUP held off meanwhile. A process killed outright
 * (SIGKILL) can still leave the image half-written. */
MUST_CHECK enum result overlay_commit(struct session *s);
/* Writes the whole fixed guest to FILE as FORMAT (sparse), atomically;
 * a package's other disks go to output_disk_name(FILE, i). A progress bar
 * shows on a terminal. PRISTINE: nothing was changed, copy the input
 * disks themselves. */
MUST_CHECK enum result overlay_convert(struct session *s, const char *file,
                                       const char *format, bool pristine);
/* Where disk I (from 0) of the output goes: FILE itself for the boot
 * disk, "out-disk2.qcow2" beside "out.qcow2" for the second. */
char *output_disk_name(const char *file, size_t i);

#endif
