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
#include "v2v/vmdk_descriptor.h"

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

static char *descriptor_refs(const struct vmdk_descriptor *d, const char *dir,
                             const char *self)
{
  for (size_t i = 0; i < d->nextents; i++) {
    const char *file = d->extents[i].file;
    if (file && !(self && strcmp(file, self) == 0) && !extent_ok(file, dir))
      return xasprintf("a VMDK whose descriptor names the extent file "
                       "\"%s\"%s", file,
                       dir ? ", not a plain file beside it"
                           : ": a package must hold self-contained disks");
  }
  /* A disk given on its own may belong to a VMware folder, whose .vmx
   * reads the chain within the folder. */
  const char *or_vmx = dir ? ", or the VM's .vmx" : "";
  if (d->parent_hint)
    return xasprintf("a VMDK snapshot whose parent is %s: qemu would read "
                     "that file too; give the flattened disk%s",
                     d->parent_hint, or_vmx);
  if (d->has_parent)
    return xasprintf("a VMDK snapshot (it has a parent disk): give the "
                     "flattened disk%s", or_vmx);
  return NULL;
}

/* A text descriptor, or a sparse extent (KDMV) with an embedded one. */
static char *vmdk_refs(int fd, uint64_t base, uint64_t size, const char *dir)
{
  if (size < 44)
    return NULL; /* too short to be opened: qemu says so */
  bool sparse;
  uint64_t capacity;
  const char *bad = NULL;
  char *text = vmdk_descriptor_read(fd, base, size, &sparse, &capacity, &bad);
  if (!text)
    return xstrdup(bad);
  struct vmdk_descriptor d;
  char *why = NULL;
  if (vmdk_descriptor_parse(text, &d, &why) == RESULT_OK) {
    /* An embedded descriptor names the file itself, which qemu ignores;
     * its own grains hold the data: no extent file at all. */
    const char *self = sparse && d.nextents ? d.extents[0].file : NULL;
    if (self && (strchr(self, '/') || strchr(self, ':')))
      why = xasprintf("a VMDK whose descriptor names the extent file "
                      "\"%s\"", self);
    else
      why = descriptor_refs(&d, sparse ? NULL : dir, self);
    vmdk_descriptor_free(&d);
  }
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
