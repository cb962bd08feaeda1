/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The other files a disk image would make qemu open: backing files, data
 * files, VMDK extents and parents. A disk's bytes must come only from the
 * file named (or the package member), so these are found on the host,
 * before qemu sees the image, and refused. */
#ifndef V2V_DISK_REFS_H
#define V2V_DISK_REFS_H

#include <stdint.h>

/* Why the disk of SIZE bytes at BASE in FD, in format FMT (a qemu
 * driver), refers to other files, or NULL (malloc'ed text). DIR is the
 * directory of a plain image given on the command line: the extents of
 * its VMDK descriptor may be plain names of regular files there (not
 * links); NULL (a package member) allows no extent file at all. */
char *disk_external_refs(int fd, uint64_t base, uint64_t size,
                         const char *fmt, const char *dir);

/* The backing file name a qcow2 file (at offset 0 of FD) stores, or NULL
 * if it has none or is no qcow2. */
char *qcow2_backing_name(int fd);

#endif
