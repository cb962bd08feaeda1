/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a file differs from an older copy of it, as byte ranges: what has
 * to be written to turn the old bytes into the new ones. Host files only,
 * read a chunk at a time (a large file is never held in memory). */
#ifndef V2V_FILE_DIFF_H
#define V2V_FILE_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "v2v/result.h"

struct byte_range {
  uint64_t offset, length;
};

struct byte_ranges {
  struct byte_range *v;
  size_t n;
  uint64_t old_size, new_size;
};

/* The BLOCK-aligned ranges of NEW_PATH whose bytes differ from OLD_PATH's
 * (bytes past the old end count as different; a shorter new file is told
 * by new_size < old_size), in order; ranges less than GAP bytes apart are
 * joined into one. BLOCK must divide 1 MiB. -1 with errno set when a file
 * cannot be read. */
MUST_CHECK enum result file_diff(const char *old_path, const char *new_path,
                                 uint64_t block, uint64_t gap,
                                 struct byte_ranges *out);
uint64_t byte_ranges_total(const struct byte_ranges *r);
void byte_ranges_free(struct byte_ranges *r);

#endif
