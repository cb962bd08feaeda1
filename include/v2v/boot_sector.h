/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a BIOS finds on a disk: the boot code in its first sector, and the
 * next stage that code loads (GRUB 2's core image, GRUB legacy's stage
 * 1.5 or 2). Pure functions over sectors read by the caller; the facts
 * are in doc/linux-boot.md. */
#ifndef V2V_BOOT_SECTOR_H
#define V2V_BOOT_SECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/guest.h"

#define SECTOR_BYTES 512

/* The boot code of the first sector (its first 440 bytes; the rest is the
 * disk signature and the partition table). LEN below 512: BOOTCODE_NONE. */
enum boot_code boot_code_of(const uint8_t *mbr, size_t len);
/* The sector the boot code loads its next stage from: GRUB 2's
 * kernel_sector (64 bits at 0x5C), GRUB legacy's stage2_sector (32 bits
 * at 0x44); 0 for other code. */
uint64_t boot_code_next_sector(const uint8_t *mbr, enum boot_code code);
/* Whether SECTOR, read at LBA, is what CODE loads there: the first sector
 * of GRUB 2's core image (diskboot, whose block list goes on at LBA + 1)
 * or of GRUB legacy's stage 1.5 / stage 2 ("Loading stage"). */
bool boot_code_next_stage_at(const uint8_t *sector, size_t len, uint64_t lba,
                             enum boot_code code);

#endif
