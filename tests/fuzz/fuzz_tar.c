/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tar index of an OVA: any bytes, read through the callback. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/tar_index.h"

struct buf {
  const uint8_t *p;
  size_t n;
};

static int read_buf(void *ctx, uint64_t off, void *out, size_t n)
{
  const struct buf *b = ctx;
  if (off > b->n || n > b->n - off)
    return -1;
  memcpy(out, b->p + off, n);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct buf b = {data, size};
  struct tar_index t = {0};
  char *why = NULL;
  if (tar_index_build(read_buf, &b, size, &t, &why) == RESULT_OK)
    (void)tar_index_find(&t, "disk1.vmdk");
  tar_index_free(&t);
  free(why);
  return 0;
}
