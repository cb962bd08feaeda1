/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A VMDK descriptor: the text that says which files hold a VMDK disk's
 * data (extents) and which disk it is a snapshot of (parent). It is a
 * file of its own ("# Disk DescriptorFile") or embedded in a sparse
 * extent (KDMV). Pure parsing, plus one reader that finds the text in a
 * file (doc/disk-formats.md, doc/vmx.md). */
#ifndef V2V_VMDK_DESCRIPTOR_H
#define V2V_VMDK_DESCRIPTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/result.h"

struct vmdk_extent {
  char *access;     /* RW, RDONLY or NOACCESS */
  uint64_t sectors;
  char *type;       /* FLAT, SPARSE, ZERO, VMFS, VMFSSPARSE, SESPARSE,
                       VMFSRDM, VMFSRAW... as written */
  char *file;       /* the quoted name, or NULL (ZERO) */
};

struct vmdk_descriptor {
  char *create_type;      /* createType, or NULL */
  bool has_cid;
  uint32_t cid;           /* CID: this disk's content ID */
  bool has_parent;        /* parentCID given and not ffffffff */
  uint32_t parent_cid;    /* the CID the parent must have */
  char *parent_hint;      /* parentFileNameHint, or NULL */
  struct vmdk_extent *extents;
  size_t nextents;
  uint64_t capacity;      /* bytes: the extents' sectors added up */
};

/* Parses descriptor TEXT (NUL-terminated). Lines it does not know are
 * skipped, as qemu and VMware skip them. RESULT_ERROR with *WHY (one
 * line, malloc'ed) for an extent line that cannot be read. */
MUST_CHECK enum result vmdk_descriptor_parse(const char *text,
                                             struct vmdk_descriptor *d,
                                             char **why);
void vmdk_descriptor_free(struct vmdk_descriptor *d);

/* Whether TYPE is an extent that holds data in a file qemu reads (FLAT,
 * SPARSE, VMFS, VMFSSPARSE, SESPARSE), as opposed to ZERO or a raw
 * device mapping. */
bool vmdk_extent_is_file(const char *type);

/* The descriptor text of the VMDK of SIZE bytes at BASE in FD: the whole
 * file for a text descriptor, the embedded one for a sparse extent
 * (*SPARSE set; its capacity in *CAPACITY from the header). NULL with
 * *WHY (static text) when it is too large or lies outside the file, or
 * "" (malloc'ed) when a sparse extent embeds none. */
char *vmdk_descriptor_read(int fd, uint64_t base, uint64_t size, bool *sparse,
                           uint64_t *capacity, const char **why);

#endif
