/* SPDX-License-Identifier: GPL-2.0-or-later */
/* file_diff: the ranges found, written over the old bytes, give the new
 * file exactly; and a hive edited through the hive layer differs from
 * what it was in a few blocks, not throughout (what makes writing a hive
 * back as ranges worth it). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "v2v/alloc.h"
#include "v2v/file_diff.h"
#include "v2v/hive.h"

#define MiB (1024 * 1024)

static char *tmp_file(const char *name)
{
  return xasprintf("%s/%s", check_env("V2V_TEST_TMP"), name);
}

static void write_file(const char *path, const unsigned char *data, size_t n)
{
  FILE *f = fopen(path, "wb");
  REQUIRE(f && fwrite(data, 1, n, f) == n);
  fclose(f);
}

static unsigned char *read_file(const char *path, size_t *n)
{
  FILE *f = fopen(path, "rb");
  REQUIRE(f != NULL);
  fseek(f, 0, SEEK_END);
  *n = (size_t)ftell(f);
  rewind(f);
  unsigned char *d = xcalloc(1, *n + 1);
  REQUIRE(fread(d, 1, *n, f) == *n);
  fclose(f);
  return d;
}

/* OLD patched with NEW's bytes in R, cut to R's new size: must be NEW. */
static void check_patch_gives(const char *old_path, const char *new_path,
                              const struct byte_ranges *r)
{
  char *patched = tmp_file("diff_patched");
  size_t n;
  unsigned char *d = read_file(old_path, &n);
  write_file(patched, d, n);
  free(d);
  int in = open(new_path, O_RDONLY), out = open(patched, O_WRONLY);
  REQUIRE(in >= 0 && out >= 0);
  for (size_t i = 0; i < r->n; i++) {
    unsigned char *buf = xcalloc(1, r->v[i].length);
    REQUIRE(pread(in, buf, r->v[i].length, (off_t)r->v[i].offset) ==
            (ssize_t)r->v[i].length);
    REQUIRE(pwrite(out, buf, r->v[i].length, (off_t)r->v[i].offset) ==
            (ssize_t)r->v[i].length);
    free(buf);
  }
  REQUIRE(ftruncate(out, (off_t)r->new_size) == 0);
  close(in);
  close(out);
  size_t a, b;
  unsigned char *x = read_file(patched, &a), *y = read_file(new_path, &b);
  CHECK(a == b && memcmp(x, y, a) == 0);
  free(x);
  free(y);
  free(patched);
}

static void synthetic_files(void)
{
  char *old_path = tmp_file("diff_old"), *new_path = tmp_file("diff_new");
  size_t old_n = 3 * MiB + 100, new_n = 3 * MiB + 5100;
  unsigned char *old = xcalloc(1, new_n), *new = xcalloc(1, new_n);
  for (size_t i = 0; i < new_n; i++)
    old[i] = new[i] = (unsigned char)(i * 7 + i / 4096);
  write_file(old_path, old, old_n);
  new[10] ^= 1;          /* block 0 */
  new[5000] ^= 1;        /* block 1: joined with block 0 */
  new[MiB + 7] ^= 1;     /* block 256 */
  write_file(new_path, new, new_n); /* and 5000 bytes more at the end */

  struct byte_ranges r;
  REQUIRE(file_diff(old_path, new_path, 4096, 0, &r) == RESULT_OK);
  CHECK(r.old_size == old_n && r.new_size == new_n);
  REQUIRE(r.n == 3);
  CHECK(r.v[0].offset == 0 && r.v[0].length == 8192);
  CHECK(r.v[1].offset == MiB && r.v[1].length == 4096);
  /* The last old block holds 100 bytes: from there on all is new. */
  CHECK(r.v[2].offset == 3 * MiB && r.v[2].length == 5100);
  CHECK(byte_ranges_total(&r) == 8192 + 4096 + 5100);
  check_patch_gives(old_path, new_path, &r);
  byte_ranges_free(&r);

  /* A gap as large as the distance joins the first two. */
  REQUIRE(file_diff(old_path, new_path, 4096, MiB, &r) == RESULT_OK);
  CHECK(r.n == 2 && r.v[0].offset == 0 && r.v[0].length == MiB + 4096);
  check_patch_gives(old_path, new_path, &r);
  byte_ranges_free(&r);

  /* A shorter new file: its changed blocks, and the size to cut to. */
  REQUIRE(file_diff(new_path, old_path, 4096, 0, &r) == RESULT_OK);
  CHECK(r.new_size == old_n && r.old_size == new_n);
  check_patch_gives(new_path, old_path, &r);
  byte_ranges_free(&r);

  /* The same bytes: nothing to write. */
  REQUIRE(file_diff(old_path, old_path, 4096, 0, &r) == RESULT_OK);
  CHECK(r.n == 0 && r.new_size == old_n);
  byte_ranges_free(&r);

  char *missing = tmp_file("diff_missing");
  unlink(missing);
  CHECK(file_diff(old_path, missing, 4096, 0, &r) == RESULT_ERROR);
  CHECK(file_diff(missing, old_path, 4096, 0, &r) == RESULT_ERROR);
  free(missing);
  free(old);
  free(new);
  free(old_path);
  free(new_path);
}

/* A hive of some size, then one value set and one key added: the
 * committed file differs in a few blocks. */
static void edited_hive(void)
{
  char *base = check_hive_copy("diff_hive");
  char *edited = tmp_file("diff_hive_edited");
  hive *h = hive_open(base, true);
  REQUIRE(h != NULL);
  /* (60 parents: hivex reallocates a subkey list on every insertion.) */
  for (int i = 0; i < 3000; i++) {
    char *key = xasprintf("Classes\\Set%02d\\{%08d-0000-0000-0000-000000000000}"
                          "\\InprocServer32", i % 60, i);
    hive_node_h n = hive_ensure(h, hive_root(h), key);
    REQUIRE(n && hive_set_string(h, n, "", REGT_EXPAND_SZ,
                                 "%SystemRoot%\\system32\\stub.dll") == 0);
    free(key);
  }
  REQUIRE(hive_commit(h, base) == RESULT_OK);
  hive_close(h);

  h = hive_open(base, true);
  REQUIRE(h != NULL);
  hive_node_h cv = hive_ensure(h, hive_root(h),
                               "Microsoft\\Windows\\CurrentVersion");
  REQUIRE(cv && hive_set_string(h, cv, "DevicePath", REGT_EXPAND_SZ,
                                "%SystemRoot%\\inf;C:\\Drivers") == 0);
  hive_node_h c = hive_lookup(h, hive_root(h),
                              "Classes\\Set00\\{00001500-0000-0000-0000-"
                              "000000000000}");
  REQUIRE(c && hive_ensure(h, c, "ProgID") != 0);
  REQUIRE(hive_commit(h, edited) == RESULT_OK);
  hive_close(h);

  struct byte_ranges r;
  REQUIRE(file_diff(base, edited, 4096, 0, &r) == RESULT_OK);
  CHECK(r.n >= 1);
  CHECK(r.new_size >= 500 * 1024);
  /* What an edit touches: the header, a few cells in place, new cells at
   * the end; a tenth of the file at most. */
  CHECK(byte_ranges_total(&r) * 10 < r.new_size);
  check_patch_gives(base, edited, &r);
  byte_ranges_free(&r);
  free(base);
  free(edited);
}

int main(void)
{
  synthetic_files();
  edited_hive();
  return check_report("file_diff");
}
