/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Byte ranges where a file differs from an older copy (file_diff.h). */
#include "v2v/file_diff.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/alloc.h"

#define CHUNK (1u << 20)

static void add_range(struct byte_ranges *r, uint64_t off, uint64_t len,
                      uint64_t gap)
{
  if (r->n) {
    struct byte_range *last = &r->v[r->n - 1];
    if (off <= last->offset + last->length + gap) {
      last->length = off + len - last->offset;
      return;
    }
  }
  r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
  r->v[r->n++] = (struct byte_range){off, len};
}

/* LEN bytes, fewer only at the end of the file; -1 on error. */
static ssize_t read_full(int fd, char *buf, size_t len)
{
  size_t done = 0;
  while (done < len) {
    ssize_t n = read(fd, buf + done, len - done);
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1)
      return -1;
    if (n == 0)
      break;
    done += (size_t)n;
  }
  return (ssize_t)done;
}

static enum result compare(int a, int b, uint64_t block, uint64_t gap,
                           struct byte_ranges *out)
{
  char *x = xcalloc(1, CHUNK), *y = xcalloc(1, CHUNK);
  enum result r = RESULT_OK;
  uint64_t pos = 0;
  for (;;) {
    ssize_t nb = read_full(b, y, CHUNK);
    ssize_t na = nb > 0 ? read_full(a, x, CHUNK) : 0;
    if (nb == -1 || na == -1) {
      r = RESULT_ERROR;
      break;
    }
    if (nb == 0)
      break;
    if (na != nb || memcmp(x, y, (size_t)nb) != 0)
      for (size_t o = 0; o < (size_t)nb; o += block) {
        size_t len = (size_t)nb - o < block ? (size_t)nb - o : block;
        bool same = o + len <= (size_t)na && memcmp(x + o, y + o, len) == 0;
        if (!same)
          add_range(out, pos + o, len, gap);
      }
    pos += (uint64_t)nb;
  }
  out->new_size = pos;
  int saved = errno;
  free(x);
  free(y);
  errno = saved;
  return r;
}

enum result file_diff(const char *old_path, const char *new_path,
                      uint64_t block, uint64_t gap, struct byte_ranges *out)
{
  memset(out, 0, sizeof *out);
  int a = open(old_path, O_RDONLY | O_CLOEXEC);
  int b = a == -1 ? -1 : open(new_path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  enum result r = RESULT_ERROR;
  if (b != -1 && fstat(a, &st) == 0) {
    out->old_size = (uint64_t)st.st_size;
    r = compare(a, b, block, gap, out);
  }
  int saved = errno;
  if (a != -1)
    close(a);
  if (b != -1)
    close(b);
  if (r == RESULT_ERROR)
    byte_ranges_free(out);
  errno = saved;
  return r;
}

uint64_t byte_ranges_total(const struct byte_ranges *r)
{
  uint64_t t = 0;
  for (size_t i = 0; i < r->n; i++)
    t += r->v[i].length;
  return t;
}

void byte_ranges_free(struct byte_ranges *r)
{
  free(r->v);
  r->v = NULL;
  r->n = 0;
}
