/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Linux guests: the pure text work on configuration files and kernel
 * listings, unit-tested without the appliance. */
#ifndef V2V_LINUX_TEXT_H
#define V2V_LINUX_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "v2v/guest.h"
#include "v2v/strlist.h"

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
 * bus is virtio-blk, /dev/sdXN) by UUID=... where the filesystem is on one
 * of the guest's disks and has one, else by the name on the new bus
 * (BUS_PREFIX "vd" or "sd"). FS_UUIDS holds "/dev/sdXN UUID", the guest's
 * disks lettered in their order from a (own_fs.h). Returns the new text,
 * or NULL if nothing changed. */
char *linux_rewrite_devices(const char *text, const char *bus_prefix,
                            const strlist *fs_uuids);
/* Replaces whole words FROM[] (NULL-terminated) by TO; NULL if none. */
char *linux_replace_words(const char *text, const char *const *from,
                          const char *to);
/* Comments out "alias NAME MODULE" lines whose MODULE is in MODULES ('-'
 * and '_' alike), saying they are WHO's ("Xen", "VMware"); NULL if none. */
char *linux_comment_aliases(const char *text, const strlist *modules,
                            const char *who);
/* GRUB_DISABLE_LINUX_UUID=true -> false; NULL if not set to true. */
char *linux_grub_enable_uuid(const char *text);
/* Whether a grub.cfg only hands over to another one ("configfile", as the
 * ESP's on Debian and RHEL 9) rather than holding the boot entries. */
bool grub_cfg_is_stub(const char *text);
/* An edited grubenv (a block of SIZE bytes, "name=value" lines padded with
 * '#') made SIZE bytes again: its padding trimmed or extended. NULL when
 * the variables no longer fit. */
char *grubenv_repad(const char *text, size_t size);
/* Whether an upstart job (RHEL 6, in /etc/init) execs a getty on one
 * of CONSOLES (NULL-terminated). */
bool upstart_job_runs_getty_on(const char *text, const char *const *consoles);
/* ACTIVE_CONSOLES= (RHEL 6 /etc/sysconfig/init) without the words naming
 * CONSOLES (X or /dev/X); NULL if it names none. */
char *linux_drop_active_consoles(const char *text,
                                 const char *const *consoles);
/* TEXT with each of NAMES that is not already a line of its own appended;
 * NULL if all are there. */
char *linux_add_missing_lines(const char *text, const strlist *names);

#endif
