/* Linux guests: the pure text work (unit-tested without the appliance) and
 * the helpers the Linux fix-ups share. */
#ifndef V2V_LINUX_H
#define V2V_LINUX_H

#include <stdbool.h>
#include <stddef.h>

#include "v2v/change.h"
#include "v2v/guest.h"
#include "v2v/strlist.h"

struct session;

/* ---- src/linux_text.c (pure) ---- */

/* How KERNEL provides MODULE (e.g. "virtio_blk", config symbol
 * "VIRTIO_BLK"), from its /boot/config-*, modules.builtin and modules.dep
 * (any may be NULL). */
enum kmod_state kmod_state_of(const char *config, const char *builtin,
                              const char *moddep, const char *symbol,
                              const char *module);
/* Kernel releases that only run as Xen PV guests: 2.6.18-...el5xen,
 * 2.6.32-...-xen (SUSE), ...-xenU. */
bool kernel_is_xen_only(const char *release);
/* Whether an initramfs listing (one path a line) holds MODULE.ko, plain or
 * compressed. */
bool initramfs_lists_module(const char *listing, const char *module);

/* Replaces Xen-era device names (/dev/xvdXN, /dev/hdXN and, when the new
 * bus is virtio-blk, /dev/sdXN) by UUID=... where the filesystem is on this
 * disk and has one, else by the name on the new bus (BUS_PREFIX "vd" or
 * "sd"). FS_UUIDS holds "appliance-device UUID" (the disk is /dev/sda in
 * the appliance). Returns the new text, or NULL if nothing changed. */
char *linux_rewrite_devices(const char *text, const char *bus_prefix,
                            const strlist *fs_uuids);
/* Replaces whole words FROM[] (NULL-terminated) by TO; NULL if none. */
char *linux_replace_words(const char *text, const char *const *from,
                          const char *to);
/* Comments out "alias NAME MODULE" lines whose MODULE is in XEN_MODULES
 * ('-' and '_' alike); NULL if none. */
char *linux_comment_aliases(const char *text, const strlist *xen_modules);
/* GRUB_DISABLE_LINUX_UUID=true -> false; NULL if not set to true. */
char *linux_grub_enable_uuid(const char *text);
/* Whether a grub.cfg only hands over to another one ("configfile", as the
 * ESP's on Debian and RHEL 9) rather than holding the boot entries. */
bool grub_cfg_is_stub(const char *text);
/* An edited grubenv (a block of SIZE bytes, "name=value" lines padded with
 * '#') made SIZE bytes again: its padding trimmed or extended. NULL when
 * the variables no longer fit. */
char *grubenv_repad(const char *text, size_t size);
/* TEXT with each of NAMES that is not already a line of its own appended;
 * NULL if all are there. */
char *linux_add_missing_lines(const char *text, const strlist *names);

/* ---- inspect/linux_inspect.c ---- */

/* Not Xen-only, with the virtio PCI transport and a virtio block driver. */
bool linux_kernel_usable(const struct linux_kernel *k);
/* Adds the refusal when no kernel can boot on KVM (none at all, only Xen
 * PV kernels, or none with virtio block drivers). */
void linux_refuse_unbootable(struct guest *g);

/* ---- fixups/linux_common.c ---- */

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
/* The systemd X.wants directories in /etc/systemd/system, as paths. */
strlist linux_wants_dirs(struct session *s);
/* Whether any change planned so far touches a path starting with PREFIX. */
bool linux_plan_touches(const struct change_list *plan, const char *prefix);
/* A section of data/linux-xen.conf. */
strlist linux_table(const char *section);
bool guest_is_linux(const struct guest *g);
/* Disk names on the new bus: "vd" (virtio-blk) or "sd" (virtio-scsi,
 * --block-driver virtio-scsi; IDE/SATA with --no-virtio). */
const char *linux_bus_prefix(const struct session *s);

#define LINUX_BACKUP_DIR "/var/lib/v2v-fixup/backup"

#endif
