/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host-side parts of package input: tar index, manifest, format probe. */
#include <fcntl.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "v2v/disk_format.h"
#include "v2v/manifest.h"
#include "v2v/tar_index.h"

/* An archive built in memory, block by block. */
struct archive {
  unsigned char buf[64 * 512];
  size_t len;
};

static void header(struct archive *a, const char *name, char type, size_t size,
                   const char *prefix)
{
  unsigned char *h = a->buf + a->len;
  memset(h, 0, 512);
  memcpy(h, name, strnlen(name, 100));
  memcpy(h + 100, "0000644", 7);
  snprintf((char *)h + 124, 12, "%011o", (unsigned)size & 07777777777);
  h[156] = (unsigned char)type;
  memcpy(h + 257, "ustar\0" "00", 8);
  if (prefix)
    memcpy(h + 345, prefix, strlen(prefix));
  memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (int i = 0; i < 512; i++)
    sum += h[i];
  snprintf((char *)h + 148, 8, "%06o", sum);
  a->len += 512;
}

static void data(struct archive *a, const char *bytes, size_t n)
{
  memset(a->buf + a->len, 0, (n + 511) / 512 * 512);
  memcpy(a->buf + a->len, bytes, n);
  a->len += (n + 511) / 512 * 512;
}

static void member(struct archive *a, const char *name, const char *bytes)
{
  header(a, name, '0', strlen(bytes), NULL);
  data(a, bytes, strlen(bytes));
}

/* A pax extended header holding RECORDS, for the member after it. */
static void pax(struct archive *a, const char *records)
{
  header(a, "PaxHeader", 'x', strlen(records), NULL);
  data(a, records, strlen(records));
}

static void end(struct archive *a)
{
  memset(a->buf + a->len, 0, 1024);
  a->len += 1024;
}

static int read_mem(void *ctx, uint64_t off, void *buf, size_t n)
{
  struct archive *a = ctx;
  if (off + n > a->len)
    return -1;
  memcpy(buf, a->buf + off, n);
  return 0;
}

static void test_tar_index(void)
{
  static struct archive a;
  a.len = 0;
  member(&a, "disk1.vmdk", "KDMV....");      /* the descriptor is not first */
  header(&a, "dir/", '5', 0, NULL);          /* directories are skipped */
  member(&a, "./guest.ovf", "<Envelope/>");  /* "./" is dropped */
  const char *longname = "a-very-long-member-name-that-does-not-fit-in-the-"
                         "hundred-bytes-of-a-ustar-name-field-0123456789.vmdk";
  header(&a, "././@LongLink", 'L', strlen(longname) + 1, NULL);
  data(&a, longname, strlen(longname) + 1);
  member(&a, "ignored-name", "long");
  const char *pax = "28 path=disks/pax-named.vhd\n";
  header(&a, "PaxHeader", 'x', strlen(pax), NULL);
  data(&a, pax, strlen(pax));
  member(&a, "short", "pax");
  header(&a, "split.mf", '0', 3, "pre/fix");
  data(&a, "abc", 3);
  end(&a);

  struct tar_index t;
  char *why = NULL;
  CHECK(tar_header_magic(a.buf, a.len));
  CHECK(tar_index_build(read_mem, &a, a.len, &t, &why) == 0);
  CHECK(t.n == 5);
  const struct tar_member *m = tar_index_find(&t, "guest.ovf");
  CHECK(m && m->offset == 512 * 4 && m->size == 11);
  m = tar_index_find(&t, "disk1.vmdk");
  CHECK(m && m->offset == 512 && m->size == 8 &&
        memcmp(a.buf + m->offset, "KDMV", 4) == 0);
  m = tar_index_find(&t, longname);
  CHECK(m && m->size == 4 && memcmp(a.buf + m->offset, "long", 4) == 0);
  CHECK(tar_index_find(&t, "ignored-name") == NULL);
  m = tar_index_find(&t, "disks/pax-named.vhd");
  CHECK(m && memcmp(a.buf + m->offset, "pax", 3) == 0);
  CHECK(tar_index_find(&t, "pre/fix/split.mf") != NULL);
  tar_index_free(&t);

  /* A flipped byte in a header: its checksum no longer adds up. */
  a.buf[512 * 2 + 10] ^= 1;
  CHECK(tar_index_build(read_mem, &a, a.len, &t, &why) == -1);
  CHECK(why && strstr(why, "checksum"));
  free(why);
  a.buf[512 * 2 + 10] ^= 1;

  /* Cut inside the first member's data. */
  CHECK(tar_index_build(read_mem, &a, 516, &t, &why) == -1);
  CHECK(why && strstr(why, "past the end"));
  free(why);

  const char text[600] = "not a tar file at all";
  CHECK(!tar_header_magic((const unsigned char *)text, sizeof text));
}

/* An archive of one pax header holding RECORDS and a descriptor: the bad
 * records are ignored, the descriptor indexed. */
static bool pax_ignored(const char *records)
{
  static struct archive a;
  a.len = 0;
  pax(&a, records);
  member(&a, "guest.ovf", "<Envelope/>");
  end(&a);
  struct tar_index t;
  char *why = NULL;
  bool ok = tar_index_build(read_mem, &a, a.len, &t, &why) == RESULT_OK &&
            t.n == 1 && tar_index_find(&t, "guest.ovf") != NULL;
  if (ok)
    tar_index_free(&t);
  free(why);
  return ok;
}

/* Whether indexing A is refused with a reason containing WANT. */
static bool refused_with(struct archive *a, const char *want)
{
  struct tar_index t;
  char *why = NULL;
  end(a);
  bool r = tar_index_build(read_mem, a, a->len, &t, &why) == RESULT_ERROR &&
           why && strstr(why, want);
  free(why);
  return r;
}

/* Crafted archives: a pax record length that would wrap the walk (it
 * used to loop for ever), two members of one name, a sparse member, and
 * the pax size= record of a member over 8 GiB. */
static void test_tar_hostile(void)
{
  static struct archive a;
  CHECK(pax_ignored("18446744073709551615 path=x\n"));
  /* A record shorter than its own length field, and one with no newline. */
  CHECK(pax_ignored("2 path=x\n5 abc"));

  a.len = 0;
  member(&a, "guest.ovf", "<Envelope/>");
  member(&a, "disk1.vmdk", "KDMV");
  member(&a, "./disk1.vmdk", "KDMV-other");
  CHECK(refused_with(&a, "two members named disk1.vmdk"));
  a.len = 0;
  member(&a, "guest.ovf", "<Envelope/>");
  header(&a, "disk1.vmdk", 'S', 4, NULL);
  data(&a, "KDMV", 4);
  CHECK(refused_with(&a, "disk1.vmdk is stored as a sparse file"));
  a.len = 0;
  pax(&a, "22 GNU.sparse.major=1\n22 GNU.sparse.minor=0\n");
  member(&a, "disk2.vmdk", "KDMV");
  CHECK(refused_with(&a, "disk2.vmdk is stored as a sparse file"));

  /* size= overrides the header's (which cannot hold 8 GiB in octal):
   * here it names the real 5 bytes while the header says 0. */
  a.len = 0;
  pax(&a, "10 size=5\n");
  header(&a, "disk.raw", '0', 0, NULL);
  data(&a, "12345", 5);
  member(&a, "guest.ovf", "<Envelope/>");
  end(&a);
  struct tar_index t;
  char *why = NULL;
  CHECK(tar_index_build(read_mem, &a, a.len, &t, &why) == RESULT_OK);
  const struct tar_member *m = tar_index_find(&t, "disk.raw");
  CHECK(m && m->size == 5);
  CHECK(tar_index_find(&t, "guest.ovf") != NULL);
  tar_index_free(&t);
}

static void test_manifest_spellings(void)
{
  const char *mf =
      "SHA256 (My Disk.vmdk) = 8472e0a2b704ad0d144d906cb50fd19998028f72970804080025ab1a92e0ec5b\n"
      "sha1(vm.ovf)= B6DE5892EF0F36D49154897683D30EF797774057\n";
  struct manifest m;
  char *why = NULL;
  REQUIRE(manifest_parse(mf, strlen(mf), &m, &why) == RESULT_OK);
  CHECK(m.n == 2);
  if (m.n == 2) {
    CHECK_STR(m.v[0].algo, "SHA256");
    CHECK_STR(m.v[0].file, "My Disk.vmdk");
    CHECK_STR(m.v[1].algo, "SHA1");
    CHECK_STR(m.v[1].file, "vm.ovf");
    CHECK_STR(m.v[1].hex, "b6de5892ef0f36d49154897683d30ef797774057");
  }
  manifest_free(&m);
}

static void test_manifest(void)
{
  const char *mf =
      "SHA256(disk1.vmdk)= 8472E0A2B704AD0D144D906CB50FD19998028F72970804080025AB1A92E0EC5B\r\n"
      "\r\n"
      "SHA1(guest.ovf)=b6de5892ef0f36d49154897683d30ef797774057\r\n";
  struct manifest m;
  char *why = NULL;
  CHECK(manifest_parse(mf, strlen(mf), &m, &why) == 0);
  CHECK(m.n == 2);
  if (m.n == 2) {
    CHECK_STR(m.v[0].algo, "SHA256");
    CHECK_STR(m.v[0].file, "disk1.vmdk");
    CHECK_STR(m.v[0].hex, "8472e0a2b704ad0d144d906cb50fd19998028f72970804080025ab1a92e0ec5b");
    CHECK_STR(m.v[1].algo, "SHA1");
    CHECK_STR(m.v[1].file, "guest.ovf");
  }
  manifest_free(&m);

  const char *md5 = "MD5(a)= d41d8cd98f00b204e9800998ecf8427e\n";
  CHECK(manifest_parse(md5, strlen(md5), &m, &why) == -1);
  CHECK(why && strstr(why, "unknown digest 'MD5'"));
  free(why);
  const char *shortd = "SHA256(a)= abcd\n";
  CHECK(manifest_parse(shortd, strlen(shortd), &m, &why) == -1);
  CHECK(why && strstr(why, "line 1: not a SHA256 digest"));
  free(why);
  const char *junk = "SHA1(a)= da39a3ee5e6b4b0d3255bfef95601890afd80709\nhello\n";
  CHECK(manifest_parse(junk, strlen(junk), &m, &why) == -1);
  CHECK(why && strstr(why, "line 2"));
  free(why);

  /* Digests of a byte range: "abc" inside a larger file. */
  char *path = NULL;
  if (asprintf(&path, "%s/manifest-digest", check_env("V2V_TEST_TMP")) < 0)
    return;
  FILE *f = fopen(path, "w");
  fputs("xxabcyy", f);
  fclose(f);
  int fd = open(path, 0);
  char hex[129];
  CHECK(manifest_digest("SHA256", fd, 2, 3, hex) == 0);
  CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(manifest_digest("SHA1", fd, 2, 3, hex) == 0);
  CHECK_STR(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(manifest_digest("SHA1", fd, 2, 100, hex) == -1); /* past the end */
  close(fd);
  free(path);
}

static void test_probe(void)
{
  unsigned char b[1024] = {0};
  CHECK(disk_format_probe(b, sizeof b, NULL) == NULL); /* raw: no magic */
  memcpy(b, "QFI\xfb", 4);
  CHECK_STR(disk_format_probe(b, sizeof b, NULL), "qcow2");
  memcpy(b, "KDMV", 4);
  CHECK_STR(disk_format_probe(b, sizeof b, NULL), "vmdk");
  memcpy(b, "# Disk DescriptorFile", 21);
  CHECK_STR(disk_format_probe(b, sizeof b, NULL), "vmdk");
  memcpy(b, "conectix", 8);
  CHECK_STR(disk_format_probe(b, sizeof b, NULL), "vpc");
  memcpy(b, "vhdxfile", 8);
  CHECK_STR(disk_format_probe(b, sizeof b, NULL), "vhdx");
  /* A fixed VHD: raw data, the footer only at the end, type 2. */
  unsigned char head[512] = {0}, tail[512] = {0};
  memcpy(tail, "conectix", 8);
  tail[0x3F] = 2;
  CHECK_STR(disk_format_probe(head, sizeof head, tail), "vpc");
  tail[0x3F] = 3; /* only a fixed disk has no copy at the start */
  CHECK(disk_format_probe(head, sizeof head, tail) == NULL);
  CHECK_STR(disk_format_from_name("vhd"), "vpc");
  CHECK(disk_format_from_name("vdi") == NULL);
  CHECK_STR(disk_format_label("vpc"), "VHD");
}

int main(void)
{
  test_tar_index();
  test_tar_hostile();
  test_manifest();
  test_manifest_spellings();
  test_probe();
  return check_report("package");
}
