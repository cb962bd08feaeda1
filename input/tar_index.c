/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tar reader that only records names, offsets and sizes. */
#include "v2v/tar_index.h"

#include <stdlib.h>
#include <string.h>

#include "v2v/strlist.h"

#define BLOCK 512

/* Header fields (POSIX ustar). */
enum { H_NAME = 0, H_SIZE = 124, H_CHKSUM = 148, H_TYPE = 156,
       H_MAGIC = 257, H_PREFIX = 345 };

bool tar_header_magic(const unsigned char *b, size_t n)
{
  return n >= BLOCK && memcmp(b + H_MAGIC, "ustar", 5) == 0;
}

static uint64_t octal(const unsigned char *p, size_t n)
{
  /* GNU base-256 for sizes of 8 GiB and more: high bit set. */
  if (p[0] & 0x80) {
    uint64_t v = p[0] & 0x7f;
    for (size_t i = 1; i < n; i++)
      v = v << 8 | p[i];
    return v;
  }
  uint64_t v = 0;
  size_t i = 0;
  while (i < n && p[i] == ' ')
    i++;
  for (; i < n && p[i] >= '0' && p[i] <= '7'; i++)
    v = v * 8 + (uint64_t)(p[i] - '0');
  return v;
}

static bool checksum_ok(const unsigned char *h)
{
  unsigned sum = 0;
  for (int i = 0; i < BLOCK; i++)
    sum += (i >= H_CHKSUM && i < H_CHKSUM + 8) ? ' ' : h[i];
  return sum == octal(h + H_CHKSUM, 8);
}

static bool all_zero(const unsigned char *h)
{
  for (int i = 0; i < BLOCK; i++)
    if (h[i])
      return false;
  return true;
}

static char *field(const unsigned char *p, size_t n)
{
  return strndup((const char *)p, strnlen((const char *)p, n));
}

/* What a pax extended header ('x') says about the next member. */
struct pax {
  char *path;      /* path=, or NULL */
  bool has_size;   /* size= (members of 8 GiB and more) */
  uint64_t size;
  bool sparse;     /* GNU.sparse.* records: a sparse member */
};

/* Parses the "LEN key=value\n" records of a pax header of N bytes (DATA is
 * NUL-terminated at N). Every length is checked against what is left, so
 * no record can point outside the header or make the walk go back. */
static void pax_parse(const char *data, size_t n, struct pax *out)
{
  size_t i = 0;
  while (i < n) {
    char *end;
    unsigned long long len = strtoull(data + i, &end, 10);
    size_t digits = (size_t)(end - (data + i));
    /* LEN counts the whole record: digits, space, key=value, newline. */
    if (digits == 0 || *end != ' ' || len > n - i || len < digits + 3 ||
        data[i + len - 1] != '\n')
      return;
    const char *kv = end + 1;
    size_t kvlen = (size_t)(data + i + len - 1 - kv); /* without newline */
    if (kvlen > 5 && strncmp(kv, "path=", 5) == 0) {
      free(out->path);
      out->path = strndup(kv + 5, kvlen - 5);
    } else if (kvlen > 5 && strncmp(kv, "size=", 5) == 0) {
      char *num = strndup(kv + 5, kvlen - 5), *e;
      unsigned long long v = strtoull(num, &e, 10);
      out->has_size = *e == '\0' && e != num;
      out->size = v;
      free(num);
    } else if (kvlen > 11 && strncmp(kv, "GNU.sparse.", 11) == 0) {
      out->sparse = true;
    }
    i += (size_t)len;
  }
}

static void pax_clear(struct pax *p)
{
  free(p->path);
  memset(p, 0, sizeof *p);
}

static char *read_data(tar_read_fn rd, void *ctx, uint64_t off, uint64_t size)
{
  if (size > 1 << 20)
    return NULL;
  char *buf = xcalloc(1, size + 1);
  if (rd(ctx, off, buf, size)) {
    free(buf);
    return NULL;
  }
  return buf;
}

static int compare_names(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add(struct tar_index *t, char *name, uint64_t off, uint64_t size)
{
  char *n = name;
  while (strncmp(n, "./", 2) == 0)
    n += 2;
  t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
  t->v[t->n++] = (struct tar_member){xstrdup(n), off, size};
  free(name);
}

/* Two members of one name make a package ambiguous: which is the disk? */
static char *duplicate_name(const struct tar_index *t)
{
  char **names = xcalloc(t->n + 1, sizeof *names);
  for (size_t i = 0; i < t->n; i++)
    names[i] = t->v[i].name;
  if (t->n > 1)
    qsort(names, t->n, sizeof *names, compare_names);
  char *dup = NULL;
  for (size_t i = 1; i < t->n && !dup; i++)
    if (strcmp(names[i - 1], names[i]) == 0)
      dup = xstrdup(names[i]);
  free(names);
  return dup;
}

enum result tar_index_build(tar_read_fn rd, void *ctx, uint64_t total,
                            struct tar_index *out, char **why)
{
  memset(out, 0, sizeof *out);
  *why = NULL;
  char *long_name = NULL; /* from a GNU 'L' header before */
  struct pax pax = {0};   /* from a pax 'x' header before */
  uint64_t off = 0;
  unsigned char h[BLOCK];
  while (off + BLOCK <= total && !*why) {
    if (rd(ctx, off, h, BLOCK)) {
      *why = xasprintf("cannot read the tar header at byte %llu",
                       (unsigned long long)off);
      break;
    }
    if (all_zero(h)) /* end of archive */
      break;
    if (!checksum_ok(h)) {
      *why = xasprintf("bad tar header checksum at byte %llu",
                       (unsigned long long)off);
      break;
    }
    char type = (char)h[H_TYPE];
    bool member = type == '0' || type == '\0' || type == '7';
    uint64_t size = member && pax.has_size ? pax.size : octal(h + H_SIZE, 12);
    uint64_t data = off + BLOCK;
    if (size > total - data) {
      *why = xasprintf("tar member at byte %llu runs past the end of the "
                       "file (truncated?)", (unsigned long long)off);
      break;
    }
    if (type == 'L' || type == 'x') {
      char *d = read_data(rd, ctx, data, size);
      if (type == 'L') {
        free(long_name);
        long_name = d ? xstrdup(d) : NULL;
      } else if (d) {
        pax_parse(d, size, &pax);
      }
      free(d);
    } else if (member || type == 'S') {
      char *name = pax.path ? xstrdup(pax.path) : long_name;
      if (pax.path)
        free(long_name);
      long_name = NULL;
      if (!name) {
        char *base = field(h + H_NAME, 100);
        char *prefix = tar_header_magic(h, BLOCK) ? field(h + H_PREFIX, 155)
                                                  : xstrdup("");
        name = *prefix ? xasprintf("%s/%s", prefix, base) : xstrdup(base);
        free(base);
        free(prefix);
      }
      /* Its bytes are not stored in order: it cannot be read in place. */
      if (type == 'S' || pax.sparse)
        *why = xasprintf("member %s is stored as a sparse file: unpack the "
                         "archive with tar and give the .ovf instead", name);
      add(out, name, data, size);
      pax_clear(&pax);
    } else {
      free(long_name); /* directories, links: not disks */
      long_name = NULL;
      pax_clear(&pax);
    }
    off = data + (size + BLOCK - 1) / BLOCK * BLOCK;
  }
  free(long_name);
  pax_clear(&pax);
  char *dup = *why ? NULL : duplicate_name(out);
  if (dup) {
    *why = xasprintf("it holds two members named %s: ambiguous", dup);
    free(dup);
  }
  if (!*why && out->n == 0)
    *why = xstrdup("not a tar archive, or an empty one");
  if (*why) {
    tar_index_free(out);
    return RESULT_ERROR;
  }
  return RESULT_OK;
}

const struct tar_member *tar_index_find(const struct tar_index *t,
                                        const char *name)
{
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->v[i].name, name) == 0)
      return &t->v[i];
  return NULL;
}

void tar_index_free(struct tar_index *t)
{
  for (size_t i = 0; i < t->n; i++)
    free(t->v[i].name);
  free(t->v);
  memset(t, 0, sizeof *t);
}
