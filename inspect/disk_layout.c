/* The partition table as the BCD and MountedDevices see it: MBR signature
 * or GPT disk GUID, and each partition's byte offset and GUID. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/inspect.h"
#include "v2v/log.h"
#include "v2v/session.h"

static void upper_copy(char dst[40], const char *src)
{
  size_t i = 0;
  for (; src && src[i] && i < 39; i++)
    dst[i] = (char)toupper((unsigned char)src[i]);
  dst[i] = '\0';
}

int inspect_disk_layout(struct session *s, const char *device,
                        struct disk *d)
{
  guestfs_h *g = s->g;
  memset(d, 0, sizeof *d);
  d->device = xstrdup(device);
  int64_t size = guestfs_blockdev_getsize64(g, device);
  d->size = size > 0 ? (uint64_t)size : 0;

  char *type = guestfs_part_get_parttype(g, device);
  if (!type)
    return 0; /* no partition table: a bare filesystem or nothing */
  d->style = strcmp(type, "gpt") == 0     ? PART_GPT
             : strcmp(type, "msdos") == 0 ? PART_MBR
                                          : PART_NONE;
  free(type);

  if (d->style == PART_MBR) {
    size_t n;
    char *sig = guestfs_pread_device(g, device, 4, 440, &n);
    if (sig && n == 4) {
      const unsigned char *b = (const unsigned char *)sig;
      d->mbr_signature = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
    }
    free(sig);
  } else if (d->style == PART_GPT) {
    char *guid = guestfs_part_get_disk_guid(g, device);
    upper_copy(d->gpt_guid, guid);
    free(guid);
  }

  struct guestfs_partition_list *pl = guestfs_part_list(g, device);
  if (!pl) {
    error_msg("cannot read the partition table of %s: %s", s->opts->image,
              guestfs_last_error(g));
    return -1;
  }
  d->parts = xcalloc(pl->len, sizeof *d->parts);
  for (uint32_t i = 0; i < pl->len; i++) {
    struct partition *p = &d->parts[d->nparts++];
    p->num = pl->val[i].part_num;
    p->start = (uint64_t)pl->val[i].part_start;
    p->size = (uint64_t)pl->val[i].part_size;
    p->device = xasprintf("%s%d", device, p->num);
    p->mbr_type = -1;
    char *fs = guestfs_vfs_type(g, p->device);
    p->fstype = fs ? fs : xstrdup("");
    if (d->style == PART_MBR) {
      p->mbr_type = guestfs_part_get_mbr_id(g, device, p->num);
      p->bootable = guestfs_part_get_bootable(g, device, p->num) == 1;
    } else {
      char *t = guestfs_part_get_gpt_type(g, device, p->num);
      char *u = guestfs_part_get_gpt_guid(g, device, p->num);
      upper_copy(p->gpt_type, t);
      upper_copy(p->gpt_guid, u);
      free(t);
      free(u);
    }
  }
  guestfs_free_partition_list(pl);
  return 0;
}
