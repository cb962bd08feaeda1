/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which virtio-win folders fit a guest, from data/virtio-win-folders.conf:
 * pure functions over the table text. */
#ifndef V2V_VIRTIO_FOLDERS_H
#define V2V_VIRTIO_FOLDERS_H

#include <stddef.h>

#include "v2v/strlist.h"

extern const char data_virtio_win_folders[];

/* The OS folders (in preference order) for a Windows version, variant
 * ("Server" / "Client") and build; empty when the table has none. */
strlist virtio_os_folders(const char *table, int major, int minor,
                          const char *variant, int build);
/* The arch folders for a libguestfs arch ("x86_64" -> amd64). */
strlist virtio_arch_folders(const char *table, const char *arch);

/* "viostor.inf_amd64_<16 hex of a hash of the inf>" (stable per inf). */
char *virtio_package_name(const char *inf_name, const char *arch_folder,
                          const void *inf, size_t len);
/* The hardware IDs of DRIVER in the table's [storage-ids]. */
strlist virtio_storage_ids(const char *table, const char *driver);

#endif
