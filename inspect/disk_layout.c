/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The partition table as the BCD and MountedDevices see it: MBR signature
 * or GPT disk GUID, and each partition's byte offset and GUID. Parsed here
 * from one read of the first sectors (the appliance's partitioning tools
 * cost seconds per call under emulation). */
#include "v2v/disk_layout.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/log.h"
#include "v2v/partition_probe.h"
#include "v2v/partition_table.h"
#include "v2v/session.h"

/* The slow path, for tables with logical partitions. */
static int layout_from_appliance(struct session *s, const char *device,
                                 struct disk *d)
{
  guestfs_h *g = s->g;
  struct guestfs_partition_list *pl = guestfs_part_list(g, device);
  if (!pl) {
    error_msg("cannot read the partition table of %s: %s", s->opts->image,
              guestfs_last_error(g));
    return -1;
  }
  for (size_t i = 0; i < d->nparts; i++) {
    free(d->parts[i].device);
    free(d->parts[i].fstype);
  }
  d->nparts = 0;
  d->parts = xcalloc(pl->len, sizeof *d->parts);
  for (uint32_t i = 0; i < pl->len; i++) {
    struct partition *p = &d->parts[d->nparts++];
    p->num = pl->val[i].part_num;
    p->start = (uint64_t)pl->val[i].part_start;
    p->size = (uint64_t)pl->val[i].part_size;
    p->device = xasprintf("%s%d", device, p->num);
    p->fstype = xstrdup("");
    p->mbr_type = guestfs_part_get_mbr_id(g, device, p->num);
    p->bootable = guestfs_part_get_bootable(g, device, p->num) == 1;
  }
  guestfs_free_partition_list(pl);
  return 0;
}

/* Each partition's first sector, read once (the refusals look at it
 * too), and its filesystem type: NTFS and FAT from that sector, anything
 * else from the appliance's blkid (a process per call there). An MSR is
 * not read at all. */
static void probe_partitions(struct session *s, struct disk *d)
{
  for (size_t i = 0; i < d->nparts; i++) {
    struct partition *p = &d->parts[i];
    if (partition_never_formatted(p))
      continue;
    size_t n = 0;
    char *head = guestfs_pread_device(s->g, p->device, BOOT_HEAD_BYTES, 0, &n);
    p->boot_len = head && n <= BOOT_HEAD_BYTES ? n : 0;
    memcpy(p->boot, head ? head : "", p->boot_len);
    free(head);
    const char *known = fstype_from_boot_sector(p->boot, p->boot_len);
    char *fs = known ? xstrdup(known) : guestfs_vfs_type(s->g, p->device);
    if (fs) {
      free(p->fstype);
      p->fstype = fs;
    }
  }
}

enum result inspect_disk_layout(struct session *s, const char *device,
                                const char *overlay, struct disk *d)
{
  memset(d, 0, sizeof *d);
  d->device = xstrdup(device);
  /* From the overlay on the host: the appliance's blockdev is a process
   * per call under emulation. */
  int64_t size = guestfs_disk_virtual_size(s->g, overlay);
  d->size = size > 0 ? (uint64_t)size : 0;

  size_t n = 0;
  char *head = guestfs_pread_device(s->g, device, PT_HEAD_BYTES, 0, &n);
  if (!head) {
    error_msg("cannot read %s: %s", s->opts->image, guestfs_last_error(s->g));
    return RESULT_ERROR;
  }
  int r = partition_table_parse((const uint8_t *)head, n, device, d);
  free(head);
  if (r == -1)
    return RESULT_OK; /* no partition table: a bare filesystem or nothing */
  if (r == 1 && layout_from_appliance(s, device, d) == -1)
    return RESULT_ERROR;
  probe_partitions(s, d);
  return RESULT_OK;
}
