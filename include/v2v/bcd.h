/* BCD stores: partition device elements and checking them against the disk
 * (REFERENCE §5). Pure functions over a hive file; no appliance. */
#ifndef V2V_BCD_H
#define V2V_BCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/change.h"
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

/* The device element that names partition P of DISK. */
struct bcd_device bcd_device_of(const struct disk *disk,
                                const struct partition *p);

/* GUID text <-> the 16 bytes Windows stores (first three fields LE). */
int guid_parse(const char *text, uint8_t out[16]);
void guid_format(const uint8_t in[16], char out[40]);

/* The partition of DISK that a device element names, or NULL. */
const struct partition *bcd_device_partition(const struct bcd_device *d,
                                             const struct disk *disk);

/* Appends one line per partition device element (11000001, 21000001, in
 * every object) that names a disk or partition DISK does not have. */
void bcd_check(hive *bcd, const struct disk *disk, strlist *problems);

/* BCD object types (Objects\{guid}\Description\Type). */
enum {
  BCD_TYPE_FWBOOTMGR = 0x10100001,
  BCD_TYPE_BOOTMGR = 0x10100002,
  BCD_TYPE_OSLOADER = 0x10200003,
  BCD_TYPE_RESUME = 0x10200004,
  BCD_TYPE_MEMDIAG = 0x10200005,
};

/* The type of a BCD object (Objects\{guid}\Description\Type); 0 if none. */
uint32_t bcd_object_type(hive *bcd, hive_node_h obj);

/* Plans the repair of every partition device element that names a disk or
 * partition this disk does not have: the boot manager and the memory
 * diagnostic (which live on the system partition) are pointed at SYSTEM,
 * everything else at OS. Unknown bytes of each element are kept. */
void bcd_plan_repair(hive *bcd, const struct disk *disk,
                     const struct partition *system,
                     const struct partition *os, const char *fixup,
                     struct change_list *out);

/* The \DosDevices\X: value of MountedDevices for partition P:
 * MBR: signature + byte offset (12 bytes); GPT: "DMIO:ID:" + GUID (24). */
size_t mounted_device_value(const struct disk *disk, const struct partition *p,
                            uint8_t out[24]);

/* A new, complete BCD store (data/bcd-template.conf) for DISK, booting
 * from SYSTEM (boot manager, memory test) and OS (loader, resume). */
struct bcd_build {
  enum firmware firmware;
  const struct disk *disk;
  const struct partition *system, *os;
  const char *description;  /* loader's menu text */
};

/* Fills HIVE_FILE, a writable copy of an empty hive. 0, or -1 on error. */
int bcd_build(const char *hive_file, const struct bcd_build *b);
/* A GUID derived from the disk's identity and SALT, in braces: the same
 * disk always gets the same loader and resume objects. */
void bcd_object_guid(const struct disk *d, const char *salt, char out[40]);

#endif
