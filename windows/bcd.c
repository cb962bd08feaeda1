/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/bcd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static uint32_t get32(const uint8_t *p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
  return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put32(uint8_t *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xFF;
}

int guid_parse(const char *text, uint8_t out[16])
{
  unsigned a, b, c, d[8];
  const char *t = text[0] == '{' ? text + 1 : text;
  if (sscanf(t, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &a, &b, &c, &d[0],
             &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7]) != 11) {
    memset(out, 0, 16);
    return -1;
  }
  put32(out, a);
  out[4] = b & 0xFF, out[5] = b >> 8;
  out[6] = c & 0xFF, out[7] = c >> 8;
  for (int i = 0; i < 8; i++)
    out[8 + i] = (uint8_t)d[i];
  return 0;
}

void guid_format(const uint8_t p[16], char out[40])
{
  snprintf(out, 40, "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
           get32(p), p[4] | p[5] << 8, p[6] | p[7] << 8, p[8], p[9], p[10],
           p[11], p[12], p[13], p[14], p[15]);
}

/* Offsets of the partition device element (doc/bcd.md). */
enum {
  OFF_TYPE = 0x10,     /* 6 = partition */
  OFF_LEN = 0x18,      /* 0x48 */
  OFF_PART = 0x20,     /* MBR offset or GPT partition GUID */
  OFF_STYLE = 0x34,    /* 1 MBR, 0 GPT */
  OFF_DISK = 0x38,     /* MBR signature or GPT disk GUID */
  DEVICE_PARTITION = 6,
};

int bcd_device_decode(const void *data, size_t len, struct bcd_device *out)
{
  const uint8_t *p = data;
  if (len < BCD_DEVICE_LEN || get32(p + OFF_TYPE) != DEVICE_PARTITION)
    return -1;
  memset(out, 0, sizeof *out);
  uint32_t style = get32(p + OFF_STYLE);
  if (style == 1) {
    out->style = PART_MBR;
    out->offset = get64(p + OFF_PART);
    out->mbr_signature = get32(p + OFF_DISK);
  } else if (style == 0) {
    out->style = PART_GPT;
    guid_format(p + OFF_PART, out->part_guid);
    guid_format(p + OFF_DISK, out->disk_guid);
  } else {
    return -1;
  }
  return 0;
}

/* The disk and partition fields of a partition device element. */
void bcd_device_set_location(uint8_t *out, const struct bcd_device *d)
{
  memset(out + OFF_PART, 0, 16);
  memset(out + OFF_DISK, 0, 16);
  if (d->style == PART_MBR) {
    put32(out + OFF_PART, (uint32_t)d->offset);
    put32(out + OFF_PART + 4, (uint32_t)(d->offset >> 32));
    put32(out + OFF_STYLE, 1);
    put32(out + OFF_DISK, d->mbr_signature);
  } else {
    guid_parse(d->part_guid, out + OFF_PART);
    put32(out + OFF_STYLE, 0);
    guid_parse(d->disk_guid, out + OFF_DISK);
  }
}

void bcd_device_encode(const struct bcd_device *d, uint8_t out[BCD_DEVICE_LEN])
{
  memset(out, 0, BCD_DEVICE_LEN);
  put32(out + OFF_TYPE, DEVICE_PARTITION);
  put32(out + OFF_LEN, 0x48);
  bcd_device_set_location(out, d);
}

struct bcd_device bcd_device_of(const struct disk *disk,
                                const struct partition *p)
{
  struct bcd_device d = {.style = disk->style, .offset = p->start,
                         .mbr_signature = disk->mbr_signature};
  snprintf(d.part_guid, sizeof d.part_guid, "%s", p->gpt_guid);
  snprintf(d.disk_guid, sizeof d.disk_guid, "%s", disk->gpt_guid);
  return d;
}

const struct partition *bcd_device_partition(const struct bcd_device *d,
                                             const struct disk *disk)
{
  if (d->style != disk->style)
    return NULL;
  if (d->style == PART_MBR && d->mbr_signature != disk->mbr_signature)
    return NULL;
  if (d->style == PART_GPT && strcasecmp(d->disk_guid, disk->gpt_guid) != 0)
    return NULL;
  for (size_t i = 0; i < disk->nparts; i++) {
    const struct partition *p = &disk->parts[i];
    if (d->style == PART_MBR ? p->start == d->offset
                             : strcasecmp(p->gpt_guid, d->part_guid) == 0)
      return p;
  }
  return NULL;
}

char *bcd_device_describe(const struct bcd_device *d)
{
  if (d->style == PART_MBR)
    return xasprintf("MBR disk %08X, partition at byte %llu",
                     d->mbr_signature, (unsigned long long)d->offset);
  return xasprintf("GPT disk %s, partition %s", d->disk_guid, d->part_guid);
}

const char *const bcd_device_elements[] = {"11000001", "21000001", NULL};

uint32_t bcd_object_type(hive *bcd, hive_node_h obj)
{
  uint32_t type = 0;
  hive_get_dword(bcd, hive_lookup(bcd, obj, "Description"), "Type", &type);
  return type;
}

void bcd_for_each_device(hive *bcd, bcd_device_fn *fn, void *ctx)
{
  hive_node_h objects = hive_lookup(bcd, hive_root(bcd), "Objects");
  hive_node_h *objs = objects ? hive_children(bcd, objects) : NULL;
  for (size_t i = 0; objs && objs[i]; i++) {
    for (int e = 0; bcd_device_elements[e]; e++) {
      char *path = xasprintf("Elements\\%s", bcd_device_elements[e]);
      struct bcd_device_element de = {.object = objs[i],
                                  .element = hive_lookup(bcd, objs[i], path),
                                  .is_os_device = e == 1};
      free(path);
      void *data;
      if (!de.element || hive_get_raw(bcd, de.element, "Element",
                                      &de.value_type, &data, &de.len) == -1)
        continue;
      de.data = data;
      de.object_type = bcd_object_type(bcd, objs[i]);
      if (bcd_device_decode(de.data, de.len, &de.device) == 0)
        fn(bcd, &de, ctx);
      free(data);
    }
  }
  free(objs);
}

struct check_ctx {
  const struct disk *disk;
  strlist *problems;
};

static void check_one(hive *bcd, struct bcd_device_element *de, void *ctx)
{
  struct check_ctx *c = ctx;
  if (bcd_device_partition(&de->device, c->disk))
    return;
  char *name = hive_node_name(bcd, de->object);
  char *what = bcd_device_describe(&de->device);
  strlist_addf(c->problems, "BCD object %s element %s names %s, which is "
               "not on this disk", name,
               bcd_device_elements[de->is_os_device], what);
  free(name);
  free(what);
}

void bcd_check_ramdisk(hive *bcd, const struct disk *disk, strlist *warnings)
{
  hive_node_h objects = hive_lookup(bcd, hive_root(bcd), "Objects");
  hive_node_h *objs = objects ? hive_children(bcd, objects) : NULL;
  for (size_t i = 0; objs && objs[i]; i++) {
    hive_node_h el = hive_lookup(bcd, objs[i], "Elements\\" BCD_RAMDISK_SDI_DEVICE);
    uint32_t type;
    void *data = NULL;
    size_t len = 0;
    struct bcd_device dev;
    if (el && hive_get_raw(bcd, el, "Element", &type, &data, &len) == 0 &&
        bcd_device_decode(data, len, &dev) == 0 &&
        !bcd_device_partition(&dev, disk)) {
      char *name = hive_node_name(bcd, objs[i]);
      char *what = bcd_device_describe(&dev);
      strlist_addf(warnings, "BCD object %s (Windows RE ramdisk options) "
                   "finds boot.sdi on %s, not on this disk: Windows RE will "
                   "not start until it is registered again (reagentc "
                   "/disable, then /enable, in Windows)", name, what);
      free(what);
      free(name);
    }
    free(data);
  }
  free(objs);
}

void bcd_check(hive *bcd, const struct disk *disk, strlist *problems)
{
  struct check_ctx c = {disk, problems};
  bcd_for_each_device(bcd, check_one, &c);
}

size_t mounted_device_value(const struct disk *disk, const struct partition *p,
                            uint8_t out[24])
{
  if (disk->style == PART_MBR) {
    put32(out, disk->mbr_signature);
    put32(out + 4, (uint32_t)p->start);
    put32(out + 8, (uint32_t)(p->start >> 32));
    return 12;
  }
  memcpy(out, "DMIO:ID:", 8);
  guid_parse(p->gpt_guid, out + 8);
  return 24;
}
