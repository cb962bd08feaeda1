/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MBR and GPT parsing from the disk's first sectors: one read instead of a
 * dozen slow partitioning-tool calls in the appliance. Pure. */
#ifndef V2V_PARTITION_TABLE_H
#define V2V_PARTITION_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "v2v/guest.h"
#include "v2v/result.h"

/* What to read: MBR, GPT header and 128 entries of 128 bytes. */
#define PT_HEAD_BYTES (34 * 512)

/* Fills style, signature or disk GUID, and the partitions (number, start,
 * size, MBR type and active flag, or GPT type and GUID) from the first
 * PT_HEAD_BYTES of a disk (fewer for an MBR-only read). Device names are
 * DEVICE followed by the number. Returns 0; 1 when the table has parts we
 * do not read here (extended partitions), so the caller asks the
 * appliance; -1 when there is no partition table. */
MUST_CHECK int partition_table_parse(const uint8_t *buf, size_t len,
                                     const char *device, struct disk *d);

/* The byte just past the last partition or GPT structure: a file shorter
 * than this is truncated. 0 if there is no table. */
uint64_t partition_table_extent(const uint8_t *buf, size_t len);

#endif
