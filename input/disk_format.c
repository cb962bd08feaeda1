/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Disk container formats from magic bytes, and the differencing disks
 * that look standalone to qemu. */
#include "v2v/disk_format.h"
#include "v2v/byteorder.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

/* A VHD footer: "conectix", then at 0x3C the disk type (big-endian):
 * 2 fixed, 3 dynamic, 4 differencing. */
#define VHD_TYPE_OFFSET 0x3C
#define VHD_CURRENT_SIZE 0x30 /* the disk's size in bytes, big-endian */
#define VHD_FIXED 2
#define VHD_DIFFERENCING 4

const char *disk_format_probe(const unsigned char *head, size_t n,
                              const unsigned char *tail)
{
  if (n >= 4 && memcmp(head, "QFI\xfb", 4) == 0)
    return "qcow2";
  /* A sparse extent, or a descriptor file pointing at extents. */
  if (n >= 4 && memcmp(head, "KDMV", 4) == 0)
    return "vmdk";
  if (n >= 21 && memcmp(head, "# Disk DescriptorFile", 21) == 0)
    return "vmdk";
  if (n >= 8 && memcmp(head, "conectix", 8) == 0)
    return "vpc";
  if (n >= 8 && memcmp(head, "vhdxfile", 8) == 0)
    return "vhdx";
  if (n >= 0x44 && le32(head + 0x40) == 0xBEDA107F)
    return "vdi";
  if (tail && memcmp(tail, "conectix", 8) == 0 &&
      be32(tail + VHD_TYPE_OFFSET) == VHD_FIXED)
    return "vpc";
  return NULL;
}

const char *disk_compression(const unsigned char *head, size_t n)
{
  static const struct {
    const char *magic;
    size_t len;
    const char *what;
  } kinds[] = {
      {"\x1f\x8b", 2, "a gzip-compressed file: unpack it first (gunzip)"},
      {"\xfd" "7zXZ\x00", 6, "an xz-compressed file: unpack it first (unxz)"},
      {"\x28\xb5\x2f\xfd", 4,
       "a zstd-compressed file: unpack it first (unzstd)"},
      {"BZh", 3, "a bzip2-compressed file: unpack it first (bunzip2)"},
      {"PK\x03\x04", 4, "a zip archive: unpack it first (unzip)"},
  };
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (n >= kinds[i].len && memcmp(head, kinds[i].magic, kinds[i].len) == 0)
      return kinds[i].what;
  return NULL;
}

const char *disk_format_label(const char *fmt)
{
  static const char *const labels[][2] = {
      {"qcow2", "qcow2"}, {"raw", "raw"},   {"vmdk", "VMDK"},
      {"vpc", "VHD"},     {"vhdx", "VHDX"}, {"vdi", "VDI"},
  };
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (strcmp(fmt, labels[i][0]) == 0)
      return labels[i][1];
  return fmt;
}

const char *disk_format_from_name(const char *name)
{
  static const char *const names[][2] = {
      {"raw", "raw"},   {"qcow2", "qcow2"}, {"vmdk", "vmdk"},
      {"vhd", "vpc"},   {"vpc", "vpc"},     {"vhdx", "vhdx"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i][0]) == 0)
      return names[i][1];
  return NULL;
}

/* The VHD footer: a copy at the start of a dynamic VHD, the original in
 * the last 512 bytes of every VHD. */
static bool vhd_footer(int fd, uint64_t base, uint64_t size,
                       unsigned char f[512])
{
  if (pread(fd, f, 512, (off_t)base) == 512 && memcmp(f, "conectix", 8) == 0)
    return true;
  return size >= 512 && size != UINT64_MAX &&
         pread(fd, f, 512, (off_t)(base + size - 512)) == 512 &&
         memcmp(f, "conectix", 8) == 0;
}

uint64_t vhd_current_size(int fd, uint64_t base, uint64_t size)
{
  unsigned char f[512];
  if (!vhd_footer(fd, base, size, f))
    return 0;
  return (uint64_t)be32(f + VHD_CURRENT_SIZE) << 32 |
         be32(f + VHD_CURRENT_SIZE + 4);
}

static int vhd_type(int fd, uint64_t base, uint64_t size)
{
  unsigned char f[512];
  if (pread(fd, f, sizeof f, (off_t)base) == (ssize_t)sizeof f &&
      memcmp(f, "conectix", 8) == 0)
    return (int)be32(f + VHD_TYPE_OFFSET);
  if (size >= 512 &&
      pread(fd, f, sizeof f, (off_t)(base + size - 512)) == (ssize_t)sizeof f &&
      memcmp(f, "conectix", 8) == 0)
    return (int)be32(f + VHD_TYPE_OFFSET);
  return -1;
}

/* VHDX: the region table at 192 KiB locates the metadata region, whose
 * table holds the File Parameters item; its bit 1 is HasParent. */
static const unsigned char VHDX_METADATA_REGION[16] = {
    0x06, 0xA2, 0x7C, 0x8B, 0x90, 0x47, 0x9A, 0x4B,
    0xB8, 0xFE, 0x57, 0x5F, 0x05, 0x0F, 0x88, 0x6E};
static const unsigned char VHDX_FILE_PARAMETERS[16] = {
    0x37, 0x67, 0xA1, 0xCA, 0x36, 0xFA, 0x43, 0x4D,
    0xB3, 0xB6, 0x33, 0xF0, 0xAA, 0x44, 0xE7, 0x6B};
#define VHDX_REGION_TABLE (192 * 1024)
#define VHDX_HAS_PARENT 0x2

static int vhdx_has_parent(int fd, uint64_t base)
{
  unsigned char rt[64 * 1024];
  if (pread(fd, rt, sizeof rt, (off_t)(base + VHDX_REGION_TABLE)) != (ssize_t)sizeof rt ||
      memcmp(rt, "regi", 4))
    return -1;
  uint32_t count = le32(rt + 8);
  for (uint32_t i = 0; i < count && 16 + 32 * (i + 1) <= sizeof rt; i++) {
    const unsigned char *e = rt + 16 + 32 * i;
    if (memcmp(e, VHDX_METADATA_REGION, 16))
      continue;
    uint64_t off = le64(e + 16);
    unsigned char mt[64 * 1024];
    if (pread(fd, mt, sizeof mt, (off_t)(base + off)) != (ssize_t)sizeof mt ||
        memcmp(mt, "metadata", 8))
      return -1;
    uint16_t entries = mt[10] | mt[11] << 8;
    for (uint32_t j = 0; j < entries && 32 + 32 * (j + 1) <= sizeof mt; j++) {
      const unsigned char *m = mt + 32 + 32 * j;
      if (memcmp(m, VHDX_FILE_PARAMETERS, 16))
        continue;
      unsigned char p[8];
      if (pread(fd, p, sizeof p, (off_t)(base + off + le32(m + 16))) != 8)
        return -1;
      return (le32(p + 4) & VHDX_HAS_PARENT) != 0;
    }
  }
  return -1;
}

const char *disk_format_differencing(int fd, uint64_t base, uint64_t size,
                                     const char *fmt)
{
  if (strcmp(fmt, "vpc") == 0 && vhd_type(fd, base, size) == VHD_DIFFERENCING)
    return "a differencing VHD (it holds only the changes to a parent disk; "
           "merge it into its parent first)";
  if (strcmp(fmt, "vhdx") == 0 && vhdx_has_parent(fd, base) == 1)
    return "a differencing VHDX (it holds only the changes to a parent disk; "
           "merge it into its parent first)";
  return NULL;
}
