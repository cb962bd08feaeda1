/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MBR and GPT parsing from the first sectors, and the PE machine type. */
#include "check.h"
#include "v2v/bcd.h"
#include "v2v/partition_table.h"
#include "v2v/pe.h"

static void put32(uint8_t *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xFF;
}

static void put64(uint8_t *p, uint64_t v)
{
  put32(p, (uint32_t)v);
  put32(p + 4, (uint32_t)(v >> 32));
}

static void mbr_entry(uint8_t *b, int i, uint8_t type, bool active,
                      uint32_t start, uint32_t count)
{
  uint8_t *e = b + 0x1BE + 16 * i;
  e[0] = active ? 0x80 : 0;
  e[4] = type;
  put32(e + 8, start);
  put32(e + 12, count);
}

static void free_disk(struct disk *d)
{
  for (size_t i = 0; i < d->nparts; i++) {
    free(d->parts[i].device);
    free(d->parts[i].fstype);
  }
  free(d->parts);
  memset(d, 0, sizeof *d);
}

static void test_mbr(void)
{
  static uint8_t b[PT_HEAD_BYTES];
  memset(b, 0, sizeof b);
  CHECK(partition_table_parse(b, sizeof b, "/dev/sda", &(struct disk){0}) == -1);
  CHECK(partition_table_extent(b, sizeof b) == 0);
  put32(b + 0x1B8, 0x5EED2008);
  b[510] = 0x55, b[511] = 0xAA;
  mbr_entry(b, 0, 0x07, true, 2048, 49152);
  mbr_entry(b, 1, 0x07, false, 51200, 210944);
  struct disk d = {0};
  CHECK(partition_table_parse(b, sizeof b, "/dev/sda", &d) == 0);
  CHECK(d.style == PART_MBR && d.mbr_signature == 0x5EED2008 && d.nparts == 2);
  CHECK(d.parts[0].bootable && !d.parts[1].bootable);
  CHECK(d.parts[1].start == 26214400 && d.parts[1].size == 108003328ULL);
  CHECK(d.parts[1].mbr_type == 7 && d.parts[1].num == 2);
  CHECK_STR(d.parts[1].device, "/dev/sda2");
  CHECK(partition_table_extent(b, sizeof b) == 134217728ULL);
  free_disk(&d);

  mbr_entry(b, 2, 0x0F, false, 262144, 2048); /* extended: ask the appliance */
  CHECK(partition_table_parse(b, sizeof b, "/dev/sda", &d) == 1);
  free_disk(&d);
}

static void test_gpt(void)
{
  static uint8_t b[PT_HEAD_BYTES];
  memset(b, 0, sizeof b);
  b[510] = 0x55, b[511] = 0xAA;
  mbr_entry(b, 0, 0xEE, false, 1, 262143);
  uint8_t *h = b + 512;
  memcpy(h, "EFI PART", 8);
  put64(h + 32, 262143); /* backup header LBA */
  CHECK(guid_parse("5EED2019-0B5C-4D3A-9E1F-7A6B5C4D3E2F", h + 56) == 0);
  put64(h + 72, 2);
  put32(h + 80, 128);
  put32(h + 84, 128);
  uint8_t *e = b + 1024;
  CHECK(guid_parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", e) == 0);
  CHECK(guid_parse("5EED2019-E5F0-4A1B-8C2D-000000000001", e + 16) == 0);
  put64(e + 32, 2048);
  put64(e + 40, 67583);
  e += 2 * 128; /* slot 2 empty: the next partition is number 3 */
  CHECK(guid_parse("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", e) == 0);
  CHECK(guid_parse("5EED2019-D47A-4F16-A3C5-000000000003", e + 16) == 0);
  put64(e + 32, 100352);
  put64(e + 40, 260095);
  struct disk d = {0};
  CHECK(partition_table_parse(b, sizeof b, "/dev/sda", &d) == 0);
  CHECK(d.style == PART_GPT && d.nparts == 2);
  CHECK_STR(d.gpt_guid, "5EED2019-0B5C-4D3A-9E1F-7A6B5C4D3E2F");
  CHECK(d.parts[0].num == 1 && d.parts[1].num == 3);
  CHECK_STR(d.parts[0].gpt_type, "C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
  CHECK_STR(d.parts[1].gpt_guid, "5EED2019-D47A-4F16-A3C5-000000000003");
  CHECK(d.parts[1].start == 100352ULL * 512 &&
        d.parts[1].size == (260095ULL - 100352 + 1) * 512);
  CHECK_STR(d.parts[1].device, "/dev/sda3");
  CHECK(partition_table_extent(b, sizeof b) == 262144ULL * 512);
  free_disk(&d);
}

static void test_pe(void)
{
  uint8_t b[512] = {'M', 'Z'};
  b[0x3C] = 0x80;
  memcpy(b + 0x80, "PE\0\0", 4);
  b[0x84] = 0x64, b[0x85] = 0x86;
  CHECK_STR(pe_arch(b, sizeof b), "x86_64");
  b[0x84] = 0x4C, b[0x85] = 0x01;
  CHECK_STR(pe_arch(b, sizeof b), "i386");
  b[0x84] = 0x00;
  CHECK(pe_arch(b, sizeof b) == NULL);
  b[0x3C] = 0xFF, b[0x3D] = 0xFF; /* e_lfanew past the buffer */
  CHECK(pe_arch(b, sizeof b) == NULL);
  CHECK(pe_arch("MZ", 2) == NULL);
}

int main(void)
{
  test_mbr();
  test_gpt();
  test_pe();
  return check_report("partition-table");
}
