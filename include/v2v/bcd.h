/* BCD stores: partition device elements and checking them against the disk
 * (REFERENCE §5). Pure functions over a hive file; no appliance. */
#ifndef V2V_BCD_H
#define V2V_BCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/guest.h"
#include "v2v/hive.h"
#include "v2v/strlist.h"

#define BCD_DEVICE_LEN 88

struct bcd_device {
  enum part_style style;
  uint64_t offset;         /* MBR: partition start in bytes */
  uint32_t mbr_signature;
  char part_guid[40];      /* GPT, text form, upper case */
  char disk_guid[40];
};

/* 0 when DATA is a partition device element; -1 for anything else (boot
 * device, ramdisk, locate...), which is not checked. */
int bcd_device_decode(const void *data, size_t len, struct bcd_device *out);
void bcd_device_encode(const struct bcd_device *d, uint8_t out[BCD_DEVICE_LEN]);

/* GUID text <-> the 16 bytes Windows stores (first three fields LE). */
int guid_parse(const char *text, uint8_t out[16]);
void guid_format(const uint8_t in[16], char out[40]);

/* The partition of DISK that a device element names, or NULL. */
const struct partition *bcd_device_partition(const struct bcd_device *d,
                                             const struct disk *disk);

/* Appends one line per partition device element (11000001, 21000001, in
 * every object) that names a disk or partition DISK does not have. */
void bcd_check(hive *bcd, const struct disk *disk, strlist *problems);

#endif
