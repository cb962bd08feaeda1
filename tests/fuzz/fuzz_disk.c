/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What is read from a disk's first bytes on the host: the format magic,
 * the differencing check (through a memfd), the partition table and its
 * extent. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "v2v/disk_format.h"
#include "v2v/partition_table.h"

static void free_disk(struct disk *d)
{
  for (size_t i = 0; i < d->nparts; i++) {
    free(d->parts[i].device);
    free(d->parts[i].fstype);
  }
  free(d->parts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *tail = size >= 512 ? data + size - 512 : NULL;
  const char *fmt = disk_format_probe(data, size, tail);
  int fd = memfd_create("fuzz-disk", 0);
  if (fd >= 0 && write(fd, data, size) == (ssize_t)size) {
    (void)disk_format_differencing(fd, 0, size, fmt ? fmt : "vpc");
    (void)disk_format_differencing(fd, 0, size, "vhdx");
  }
  if (fd >= 0)
    close(fd);
  struct disk d = {0};
  (void)!partition_table_parse(data, size, "/dev/sda", &d);
  free_disk(&d);
  (void)partition_table_extent(data, size);
  return 0;
}
