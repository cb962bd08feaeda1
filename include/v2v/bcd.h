/* SPDX-License-Identifier: GPL-2.0-or-later */
/* BCD stores: partition device elements and checking them against the disk
 * (doc/bcd.md). Pure functions over a hive file; no appliance. */
#ifndef V2V_BCD_H
#define V2V_BCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/guest.h"
#include "v2v/hive.h"
#include "v2v/strlist.h"
#include "v2v/result.h"

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

/* The device element that names partition P of DISK. */
struct bcd_device bcd_device_of(const struct disk *disk,
                                const struct partition *p);

/* GUID text <-> the 16 bytes Windows stores (first three fields LE).
 * guid_parse leaves zeros and returns -1 for text that is no GUID: the
 * GUIDs it is given come from inspection, which has checked them. */
int guid_parse(const char *text, uint8_t out[16]);
void guid_format(const uint8_t in[16], char out[40]);

/* The partition of DISK that a device element names, or NULL. */
const struct partition *bcd_device_partition(const struct bcd_device *d,
                                             const struct disk *disk);

/* Appends one line per partition device element (11000001, 21000001, in
 * every object) that names a disk or partition DISK does not have. */
void bcd_check(hive *bcd, const struct disk *disk, strlist *problems);

/* One partition device element found in the store. */
struct bcd_device_element {
  hive_node_h object, element;
  uint32_t object_type;
  bool is_os_device;         /* 21000001 rather than 11000001 */
  uint32_t value_type;
  uint8_t *data;
  size_t len;
  struct bcd_device device;
};

/* The partition device element names, indexed by is_os_device. */
extern const char *const bcd_device_elements[];
/* Calls FN for every partition device element (11000001, 21000001) of
 * every object in the store. */
typedef void bcd_device_fn(hive *bcd, struct bcd_device_element *de,
                           void *ctx);
void bcd_for_each_device(hive *bcd, bcd_device_fn *fn, void *ctx);
/* Overwrites the disk and partition fields of the element OUT (the rest of
 * its bytes are kept). */
void bcd_device_set_location(uint8_t *out, const struct bcd_device *d);
/* "MBR disk 1234ABCD, partition at byte N" / "GPT disk G, partition P". */
char *bcd_device_describe(const struct bcd_device *d);

/* The {ramdiskoptions} element naming the partition that holds Windows
 * RE's boot.sdi (a partition device element). */
#define BCD_RAMDISK_SDI_DEVICE "31000003"

/* Appends a warning for each ramdisk-options object whose SDI device is a
 * partition DISK does not have: Windows RE would not start. Such objects
 * are reported, not repointed: which partition holds boot.sdi is for
 * reagentc to record. */
void bcd_check_ramdisk(hive *bcd, const struct disk *disk, strlist *warnings);

/* BCD object types (Objects\{guid}\Description\Type). */
enum {
  BCD_TYPE_FWBOOTMGR = 0x10100001,
  BCD_TYPE_BOOTMGR = 0x10100002,
  BCD_TYPE_OSLOADER = 0x10200003,
  BCD_TYPE_RESUME = 0x10200004,
  BCD_TYPE_MEMDIAG = 0x10200005,
  /* Firmware applications (\EFI\... paths, such as a vendor's boot tool):
   * they live on the ESP, as the boot manager does. */
  BCD_TYPE_FWAPP = 0x101FFFFF,
};

/* The type of a BCD object (Objects\{guid}\Description\Type); 0 if none. */
uint32_t bcd_object_type(hive *bcd, hive_node_h obj);

/* The \DosDevices\X: value of MountedDevices for partition P:
 * MBR: signature + byte offset (12 bytes); GPT: "DMIO:ID:" + GUID (24). */
size_t mounted_device_value(const struct disk *disk, const struct partition *p,
                            uint8_t out[24]);

#endif
