/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding the files a disk image refers to (doc/disk-formats.md). */
#include "v2v/disk_refs.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/alloc.h"
#include "v2v/byteorder.h"

/* An embedded VMDK descriptor is a few sectors; a text descriptor file a
 * few kB. Anything larger is not read. */
#define VMDK_DESCRIPTOR_MAX (1 << 20)
#define QCOW2_INCOMPAT_DATA_FILE (1u << 2)

static char *read_at(int fd, uint64_t base, uint64_t off, uint64_t n)
{
  char *buf = xcalloc(1, n + 1);
  if (pread(fd, buf, n, (off_t)(base + off)) != (ssize_t)n) {
    free(buf);
    return NULL;
  }
  return buf;
}

char *qcow2_backing_name(int fd)
{
  unsigned char h[20];
  if (pread(fd, h, sizeof h, 0) != (ssize_t)sizeof h ||
      memcmp(h, "QFI\xfb", 4) != 0)
    return NULL;
  uint64_t off = be64(h + 8);
  uint32_t len = be32(h + 16);
  if (!off || !len || len > 65535)
    return NULL;
  return read_at(fd, 0, off, len);
}

/* qcow2 header: backing_file_offset at 8, version at 4, and from version 3
 * the incompatible features at 72, whose bit 2 is an external data file. */
static char *qcow2_refs(int fd, uint64_t base, uint64_t size)
{
  unsigned char h[80];
  if (size < sizeof h || pread(fd, h, sizeof h, (off_t)base) != (ssize_t)sizeof h)
    return NULL; /* too short to be opened: qemu says so */
  uint64_t backing = be64(h + 8);
  uint32_t backing_len = be32(h + 16);
  if (backing) {
    char *name = backing_len && backing_len <= 1023 && backing < size &&
                         backing_len <= size - backing
                     ? read_at(fd, base, backing, backing_len)
                     : NULL;
    char *why = xasprintf("a qcow2 image with a backing file (%s): qemu would "
                          "read that file too; flatten it first (qemu-img "
                          "convert -O qcow2)", name ? name : "unnamed");
    free(name);
    return why;
  }
  if (be32(h + 4) >= 3 && (be64(h + 72) & QCOW2_INCOMPAT_DATA_FILE))
    return xstrdup("a qcow2 image whose data lives in an external data file: "
                   "qemu would read and write that file; convert it first "
                   "(qemu-img convert -O qcow2)");
  return NULL;
}

/* The quoted file name of an extent line ("RW 2048 FLAT "x.vmdk" 0"), or
 * NULL for lines that are no extent or have no file (ZERO). */
static char *extent_file(const char *line)
{
  static const char *const access[] = {"RW ", "RDONLY ", "NOACCESS ", NULL};
  bool extent = false;
  for (int i = 0; access[i] && !extent; i++)
    extent = strncmp(line, access[i], strlen(access[i])) == 0;
  const char *q = extent ? strchr(line, '"') : NULL;
  const char *e = q ? strchr(q + 1, '"') : NULL;
  return e ? strndup(q + 1, (size_t)(e - q - 1)) : NULL;
}

/* An extent may be a plain name of a regular file in DIR. */
static bool extent_ok(const char *name, const char *dir)
{
  if (!dir || !*name || strchr(name, '/') || name[0] == '.' ||
      strchr(name, ':'))
    return false;
  char *path = xasprintf("%s/%s", dir, name);
  struct stat st;
  bool ok = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
  free(path);
  return ok;
}

char *vmdk_descriptor_refs(const char *text, const char *dir,
                           const char *self)
{
  char *bad_extent = NULL, *hint = NULL;
  bool parent = false;
  const char *line = text;
  while (line && *line && !bad_extent) {
    const char *nl = strchr(line, '\n');
    char *l = nl ? strndup(line, (size_t)(nl - line)) : xstrdup(line);
    l[strcspn(l, "\r")] = '\0';
    const char *t = l + strspn(l, " \t");
    char *file = extent_file(t);
    if (file && !(self && strcmp(file, self) == 0) && !extent_ok(file, dir))
      bad_extent = xstrdup(file);
    else if (!hint && strncmp(t, "parentFileNameHint", 18) == 0)
      hint = xstrdup(t + 18 + strspn(t + 18, " =\""));
    else if (strncmp(t, "parentCID", 9) == 0)
      parent |= !strstr(t, "ffffffff") && !strstr(t, "FFFFFFFF");
    free(file);
    free(l);
    line = nl ? nl + 1 : NULL;
  }
  char *why = NULL;
  if (hint)
    hint[strcspn(hint, "\"")] = '\0';
  if (bad_extent)
    why = xasprintf("a VMDK whose descriptor names the extent file \"%s\"%s",
                    bad_extent, dir ? ", not a plain file beside it"
                                    : ": a package must hold self-contained "
                                      "disks");
  else if (hint)
    why = xasprintf("a VMDK snapshot whose parent is %s: qemu would read that "
                    "file too; give the flattened disk", hint);
  else if (parent)
    why = xstrdup("a VMDK snapshot (it has a parent disk): give the "
                  "flattened disk");
  free(bad_extent);
  free(hint);
  return why;
}

/* A sparse VMDK (KDMV) may embed a descriptor: its offset and size in
 * sectors are little-endian u64 at 28 and 36 of the header. */
static char *vmdk_refs(int fd, uint64_t base, uint64_t size, const char *dir)
{
  unsigned char h[44];
  if (size < sizeof h || pread(fd, h, sizeof h, (off_t)base) != (ssize_t)sizeof h)
    return NULL;
  uint64_t off = 0, len = 0;
  if (memcmp(h, "KDMV", 4) == 0) {
    off = le64(h + 28) * 512;
    len = le64(h + 36) * 512;
    dir = NULL; /* its own grains hold the data: no extent file at all */
  } else {
    len = size; /* a text descriptor file */
  }
  if (len == 0)
    return NULL;
  if (len > VMDK_DESCRIPTOR_MAX || off > size || len > size - off)
    return xstrdup("a VMDK whose descriptor is too large or lies outside "
                   "the file");
  char *text = read_at(fd, base, off, len);
  if (!text)
    return xstrdup("a VMDK whose descriptor cannot be read");
  /* An embedded descriptor names the file itself; qemu ignores that. */
  char *self = NULL;
  if (!dir) {
    for (const char *l = text; l && *l && !self; l = strchr(l, '\n')) {
      l += *l == '\n';
      self = extent_file(l + strspn(l, " \t"));
    }
    if (self && (strchr(self, '/') || strchr(self, ':'))) {
      char *why = xasprintf("a VMDK whose descriptor names the extent file "
                            "\"%s\"", self);
      free(self);
      free(text);
      return why;
    }
  }
  char *why = vmdk_descriptor_refs(text, dir, self);
  free(self);
  free(text);
  return why;
}

char *disk_external_refs(int fd, uint64_t base, uint64_t size,
                         const char *fmt, const char *dir)
{
  if (strcmp(fmt, "qcow2") == 0)
    return qcow2_refs(fd, base, size);
  if (strcmp(fmt, "vmdk") == 0)
    return vmdk_refs(fd, base, size, dir);
  /* VHD and VHDX parents are differencing disks (disk_format.h); raw
   * refers to nothing. */
  return NULL;
}
