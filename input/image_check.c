/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host-side checks of IMAGE, before the appliance starts: cheap, and they
 * give a precise message where qemu would give a vague one. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/disk_format.h"
#include "v2v/disk_refs.h"
#include "v2v/image_check.h"
#include "v2v/log.h"
#include "v2v/partition_table.h"
#include "v2v/refusals.h"

#define SECTOR 512

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
  disk_free(&d);
  return r;
}

/* What other files the image would make qemu open; its VMDK extents may be
 * files beside it. */
static char *external_refs(const char *image, int fd, uint64_t size,
                           const char *fmt)
{
  char *path = realpath(image, NULL);
  char *dir = path ? xstrdup(dirname(path)) : xstrdup(".");
  char *why = disk_external_refs(fd, 0, size, fmt, dir);
  free(dir);
  free(path);
  return why;
}

enum result image_check(const struct options *o, const char *image,
                        const char **format)
{
  struct stat st;
  if (stat(image, &st) == -1) {
    error_msg("%s: %s", image, strerror(errno));
    return RESULT_ERROR;
  }
  if (S_ISDIR(st.st_mode)) {
    error_msg("%s is a directory, not a disk image", image);
    return RESULT_ERROR;
  }
  if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
    error_msg("%s is not a regular file or block device", image);
    return RESULT_ERROR;
  }
  int fd = open(image, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    error_msg("cannot read %s: %s", image, strerror(errno));
    return RESULT_ERROR;
  }
  unsigned char head[PT_HEAD_BYTES];
  ssize_t n = pread(fd, head, sizeof head, 0);
  if (n < 0) {
    close(fd);
    error_msg("cannot read %s: %s", image, strerror(errno));
    return RESULT_ERROR;
  }
  uint64_t size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : UINT64_MAX;
  unsigned char tail[512];
  bool have_tail = size != UINT64_MAX && size >= sizeof tail &&
                   pread(fd, tail, sizeof tail, (off_t)(size - sizeof tail)) ==
                       (ssize_t)sizeof tail;
  const char *probed =
      n > 0 ? disk_format_probe(head, (size_t)n, have_tail ? tail : NULL) : NULL;
  const char *fmt = o->input_format ? o->input_format : probed ? probed : "raw";
  const char *diff = disk_format_differencing(fd, 0, size, fmt);
  char *outside = n > 0 ? external_refs(image, fd, size, fmt) : NULL;
  int refused = 0;
  if (n > 0 && strcmp(fmt, "raw") == 0)
    refused = check_refusals(image, fd, head, (size_t)n);
  close(fd);
  if (n == 0) {
    error_msg("%s is empty, not a disk image", image);
    return RESULT_ERROR;
  }
  if (!disk_format_from_name(fmt)) {
    error_msg("%s is a %s image; this version reads raw, qcow2, vmdk, vhd and "
              "vhdx (convert it first: qemu-img convert -O qcow2)", image,
              disk_format_label(fmt));
    return RESULT_ERROR;
  }
  if (diff || outside) {
    error_msg("%s is %s", image, diff ? diff : outside);
    free(outside);
    return RESULT_ERROR;
  }
  *format = fmt;
  if (o->input_format && probed && strcmp(probed, o->input_format))
    warn("%s looks like a %s image, but --format says %s: reading it as %s",
         image, disk_format_label(probed), disk_format_label(o->input_format),
         disk_format_label(o->input_format));
  if (strcmp(fmt, "raw") == 0) {
    const char *packed = disk_compression(head, (size_t)n);
    if (packed) {
      error_msg("%s is %s", image, packed);
      return RESULT_ERROR;
    }
    if (!looks_like_disk(head, (size_t)n)) {
      error_msg("%s is not a disk image: no partition table or filesystem "
                "found", image);
      return RESULT_ERROR;
    }
    if (check_truncation(image, head, (size_t)n, size) == -1)
      return RESULT_ERROR;
    if (refused)
      return RESULT_REFUSED;
  }
  /* qemu writes other formats, but a fix in place would rewrite a file
   * other tools made; -o converts instead. */
  if (o->mode == MODE_FIX && !o->output_file && strcmp(fmt, "raw") &&
      strcmp(fmt, "qcow2")) {
    error_msg("%s is a %s image, which is not fixed in place: use -o FILE "
              "(qcow2 unless its extension or -O says otherwise)", image,
              disk_format_label(fmt));
    return RESULT_ERROR;
  }

  /* Fixing in place writes to IMAGE: honour a file the user made
   * read-only, even when running as root. */
  if (o->mode == MODE_FIX && !o->output_file &&
      (access(image, W_OK) == -1 || !(st.st_mode & 0222))) {
    error_msg("%s is read-only: use -o FILE to write the fixed guest "
              "elsewhere, or --dry-run to see the plan", image);
    return RESULT_ERROR;
  }
  return RESULT_OK;
}
