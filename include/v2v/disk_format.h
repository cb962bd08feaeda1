/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which container format a disk file is in, from its bytes on the host:
 * qemu is never asked to guess (it would take anything for raw). */
#ifndef V2V_DISK_FORMAT_H
#define V2V_DISK_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* qemu driver names: "qcow2", "vmdk", "vpc" (VHD), "vhdx", "vdi", or
 * NULL when HEAD (the file's first bytes) carries no known magic. TAIL is
 * the file's last 512 bytes (NULL if shorter): a fixed VHD has its footer
 * only there. */
const char *disk_format_probe(const unsigned char *head, size_t n,
                              const unsigned char *tail);

/* "a gzip-compressed file: unpack it first (gunzip)" when HEAD starts a
 * compressed file or a zip archive, else NULL (static text). */
const char *disk_compression(const unsigned char *head, size_t n);
/* What a user calls a qemu format ("vpc" -> "VHD"). */
const char *disk_format_label(const char *fmt);

/* Maps a --format value to the qemu driver ("vhd" -> "vpc"); NULL if it
 * is not one this tool reads. */
const char *disk_format_from_name(const char *name);

/* Why the disk of SIZE bytes at BASE in FD (format FMT) cannot be read on
 * its own -- a differencing VHD or VHDX, which qemu would read as its
 * delta only -- or NULL. The reason is static text. */
const char *disk_format_differencing(int fd, uint64_t base, uint64_t size,
                                     const char *fmt);

/* The size a VHD's footer gives the disk (current_size), or 0 when FD
 * holds no VHD footer at BASE or at BASE + SIZE - 512. This is the disk's
 * size for every producer that fills it in (Xen's blktap and vhd-tool,
 * Hyper-V, qemu with force_size); older qemu versions size some VHDs
 * from the CHS geometry instead, which can be smaller. */
uint64_t vhd_current_size(int fd, uint64_t base, uint64_t size);

#endif
