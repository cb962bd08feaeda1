/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where each member of a tar archive (an OVA) lies, so that a disk in it
 * is read in place instead of extracted. Pure over a read callback,
 * unit-tested (tests/unit/test_package.c). */
#ifndef V2V_TAR_INDEX_H
#define V2V_TAR_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/result.h"

struct tar_member {
  char *name;      /* as stored, without a leading "./" */
  uint64_t offset; /* of the data, from the start of the archive */
  uint64_t size;
};

struct tar_index {
  struct tar_member *v;
  size_t n;
};

/* Reads N bytes at OFF into BUF; returns 0 only if all N were read. */
typedef int (*tar_read_fn)(void *ctx, uint64_t off, void *buf, size_t n);

/* True if the 512-byte block is a ustar/GNU tar header. */
bool tar_header_magic(const unsigned char *block, size_t n);

/* Indexes the regular files of an archive of TOTAL bytes (ustar, GNU long
 * names, pax path records). Returns 0, or -1 with *WHY (malloc'ed): a bad
 * header checksum, a member running past the end. */
MUST_CHECK enum result tar_index_build(tar_read_fn rd, void *ctx,
                                       uint64_t total, struct tar_index *out,
                                       char **why);
const struct tar_member *tar_index_find(const struct tar_index *t,
                                        const char *name);
void tar_index_free(struct tar_index *t);

#endif
