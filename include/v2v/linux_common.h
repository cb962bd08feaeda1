/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the Linux fix-ups share: planning an edit against the plan so far
 * (with a backup), the tables of data/linux-xen.conf, the new bus. */
#ifndef V2V_LINUX_COMMON_H
#define V2V_LINUX_COMMON_H

#include <stdbool.h>

#include "v2v/change.h"
#include "v2v/guest.h"
#include "v2v/strlist.h"

struct session;

/* The file at PATH as the changes planned so far leave it: NULL if it does
 * not exist (or is planned away). */
char *linux_planned_text(struct session *s, const struct change_list *plan,
                         const char *path);
/* Plans writing TEXT to PATH, after a backup of the original under
 * /var/lib/v2v-fixup/backup (out of reach of conf.d-style include
 * globs), unless one exists or is planned already. */
void linux_plan_edit(struct session *s, struct change_list *out,
                     const char *fixup, const char *path, const char *text,
                     const char *why);
/* Makes a file's new text from its TEXT; NULL when nothing changes. */
typedef char *linux_text_fix(const struct session *s, const char *text,
                             const void *arg);
/* Plans the edit FIX (given ARG) makes to PATH as the plan so far leaves
 * it, with the backup of linux_plan_edit; nothing when PATH is no text
 * file or FIX changes nothing. */
void linux_plan_fix(struct session *s, struct change_list *out,
                    const char *fixup, const char *path, linux_text_fix *fix,
                    const void *arg, const char *why);
/* Plans removing PATH, after a copy under /var/lib/v2v-fixup/backup. */
void linux_plan_remove(struct change_list *out, const char *fixup,
                       const char *path, const char *why);
/* The systemd X.wants directories in /etc/systemd/system, as paths. */
strlist linux_wants_dirs(struct session *s);
/* Plans what systemctl disable / update-rc.d remove do for each of UNITS:
 * the links that enable it go (UNIT.service or the full unit name in the
 * X.wants and X.requires directories; SNNunit / KNNunit in /etc/rcN.d),
 * the packages stay. The reason reads "disable WHAT UNIT (it only works
 * on WHERE)". */
void linux_plan_disable_units(struct session *s, struct change_list *out,
                              const char *fixup, const strlist *units,
                              const char *what, const char *where);
/* Whether any change planned so far touches a path starting with PREFIX. */
bool linux_plan_touches(const struct change_list *plan, const char *prefix);
/* A section of data/linux-xen.conf. */
strlist linux_table(const char *section);
bool guest_is_linux(const struct guest *g);
/* Disk names on the new bus: "vd" (virtio-blk) or "sd" (virtio-scsi,
 * --block-driver virtio-scsi; IDE/SATA with --no-virtio). */
const char *linux_bus_prefix(const struct session *s);

#define LINUX_BACKUP_DIR "/var/lib/v2v-fixup/backup"
/* Its changes tell linux-grub that the configuration is to be made anew. */
#define LINUX_BOOTLOADER_FIXUP "linux-bootloader"

#endif
