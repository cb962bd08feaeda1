/* Host-side checks of IMAGE, before the appliance starts: cheap, and they
 * give a precise message where qemu would give a vague one. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/image.h"
#include "v2v/inspect.h"
#include "v2v/log.h"
#include "v2v/partition_table.h"

#define SECTOR 512

static uint32_t le32(const unsigned char *p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Formats qemu knows by their magic; raw is whatever has none. */
static const char *foreign_format(const unsigned char *b, size_t n)
{
  if (n >= 4 && memcmp(b, "KDMV", 4) == 0)
    return "VMDK";
  if (n >= 8 && memcmp(b, "conectix", 8) == 0)
    return "VHD";
  if (n >= 8 && memcmp(b, "vhdxfile", 8) == 0)
    return "VHDX";
  if (n >= 0x44 && le32(b + 0x40) == 0xBEDA107F)
    return "VDI";
  return NULL;
}

/* Any sign of a disk: a partition table or a bare filesystem. */
static bool looks_like_disk(const unsigned char *b, size_t n)
{
  if (n >= SECTOR && b[510] == 0x55 && b[511] == 0xAA)
    return true;
  if (n >= 0x440 && b[0x438] == 0x53 && b[0x439] == 0xEF)
    return true; /* ext2/3/4 */
  if (n >= 4 && memcmp(b, "XFSB", 4) == 0)
    return true;
  if (n >= 0x220 && memcmp(b + 0x218, "LVM2 001", 8) == 0)
    return true;
  return false;
}

/* Partitions that end past the end of the file mean a cut-off copy. */
static int check_truncation(const char *image, const unsigned char *b,
                            size_t n, uint64_t size)
{
  uint64_t need = partition_table_extent(b, n);
  if (need <= size)
    return 0;
  bool gpt = n >= 2 * SECTOR && memcmp(b + SECTOR, "EFI PART", 8) == 0;
  error_msg("%s is truncated: %s ends at byte %llu but the file has only "
            "%llu bytes", image, gpt ? "the backup GPT header" : "a partition",
            (unsigned long long)need, (unsigned long long)size);
  return -1;
}

/* BitLocker and dynamic disks, read straight from a raw image. */
static int check_refusals(const char *image, int fd, const unsigned char *head,
                          size_t n)
{
  struct disk d = {0};
  int r = 0;
  if (partition_table_parse(head, n, "/dev/sda", &d) >= 0) {
    for (size_t i = 0; i < d.nparts && r == 0; i++) {
      unsigned char boot[11] = {0};
      ssize_t got = pread(fd, boot, sizeof boot, (off_t)d.parts[i].start);
      char *why = partition_refusal(&d.parts[i], boot, got > 0 ? (size_t)got : 0);
      if (why) {
        error_msg("cannot fix %s offline: %s", image, why);
        free(why);
        r = 1;
      }
    }
  }
  for (size_t i = 0; i < d.nparts; i++) {
    free(d.parts[i].device);
    free(d.parts[i].fstype);
  }
  free(d.parts);
  return r;
}

int image_check(const struct options *o, const char **format)
{
  const char *image = o->image;
  struct stat st;
  if (stat(image, &st) == -1) {
    error_msg("%s: %s", image, strerror(errno));
    return -1;
  }
  if (S_ISDIR(st.st_mode)) {
    error_msg("%s is a directory, not a disk image", image);
    return -1;
  }
  if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
    error_msg("%s is not a regular file or block device", image);
    return -1;
  }
  int fd = open(image, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    error_msg("cannot read %s: %s", image, strerror(errno));
    return -1;
  }
  unsigned char head[PT_HEAD_BYTES];
  ssize_t n = pread(fd, head, sizeof head, 0);
  if (n < 0) {
    close(fd);
    error_msg("cannot read %s: %s", image, strerror(errno));
    return -1;
  }
  uint64_t size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : UINT64_MAX;
  int refused = 0;
  if (n > 0 && !foreign_format(head, (size_t)n) && memcmp(head, "QFI\xfb", 4))
    refused = check_refusals(image, fd, head, (size_t)n);
  close(fd);
  if (n == 0) {
    error_msg("%s is empty, not a disk image", image);
    return -1;
  }
  const char *foreign = foreign_format(head, (size_t)n);
  if (foreign) {
    error_msg("%s is a %s image; this version reads raw and qcow2 images "
              "(convert it first: qemu-img convert -O qcow2)", image, foreign);
    return -1;
  }
  if (n >= 4 && memcmp(head, "QFI\xfb", 4) == 0) {
    *format = "qcow2";
  } else {
    *format = "raw";
    if (!looks_like_disk(head, (size_t)n)) {
      error_msg("%s is not a disk image: no partition table or filesystem "
                "found", image);
      return -1;
    }
    if (check_truncation(image, head, (size_t)n, size) == -1)
      return -1;
    if (refused)
      return 1;
  }

  /* Fixing in place writes to IMAGE: honour a file the user made
   * read-only, even when running as root. */
  if (o->mode == MODE_FIX && !o->output_file &&
      (access(image, W_OK) == -1 || !(st.st_mode & 0222))) {
    error_msg("%s is read-only: use -o FILE to write the fixed guest "
              "elsewhere, or --dry-run to see the plan", image);
    return -1;
  }
  return 0;
}
