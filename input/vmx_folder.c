/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A VMware VM's folder, read strictly within itself (doc/vmx.md). */
#include "v2v/vmx_folder.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/log.h"
#include "v2v/vmdk_descriptor.h"
#include "v2v/vmx.h"

/* What a disk's files are checked against. */
struct folder {
  struct package *p;
  const char *dir; /* real path */
  int dirfd;
};

static bool ends_with_ci(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* NAMED as the .vmx or a descriptor writes it, as a plain name in the
 * folder: a plain name as it is; an absolute path only if it is in the
 * folder itself. NULL with *WHY otherwise: relative paths with '/' or
 * "..", and absolute paths elsewhere, are never followed. */
static char *plain_name(const struct folder *f, const char *named,
                        char **why)
{
  if (!*named || !strcmp(named, ".") || !strcmp(named, "..")) {
    *why = xasprintf("\"%s\" is no file name", named);
    return NULL;
  }
  if (!strchr(named, '/'))
    return xstrdup(named);
  const char *base = strrchr(named, '/') + 1;
  if (named[0] == '/' && *base && strcmp(base, ".") && strcmp(base, "..")) {
    char *parent = strndup(named, (size_t)(base - named));
    char *real = realpath(parent, NULL);
    bool here = real && !strcmp(real, f->dir);
    free(real);
    free(parent);
    if (here)
      return xstrdup(base);
  }
  *why = xasprintf("\"%s\" is outside the VM's folder: only files beside the "
                   ".vmx are read (copy it there and name it plainly)", named);
  return NULL;
}

/* A plain file of the folder, never a link: open, or -1 with *WHY. */
static int open_in_folder(const struct folder *f, const char *name,
                          struct stat *st, char **why)
{
  int fd = openat(f->dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1 || fstat(fd, st) == -1 || !S_ISREG(st->st_mode)) {
    int e = errno;
    if (fd >= 0)
      close(fd);
    *why = fd >= 0 ? xasprintf("%s is not a regular file", name)
           : e == ELOOP ? xasprintf("%s is a link: only plain files of the "
                                    "VM's folder are read", name)
           : e == ENOENT ? xasprintf("%s is not in the VM's folder", name)
                         : xasprintf("cannot read %s: %s", name, strerror(e));
    return -1;
  }
  return fd;
}

static const char *const readable_types[] = {
    "monolithicFlat", "monolithicSparse", "streamOptimized",
    "twoGbMaxExtentFlat", "twoGbMaxExtentSparse", "vmfs", "vmfsSparse",
    "seSparse", NULL};

/* Why descriptor D of NAME cannot be read by qemu from this folder alone,
 * or NULL. SPARSE: D is embedded in a sparse extent, whose own grains
 * hold the data (its extent line names itself). */
static char *check_descriptor(const struct folder *f, const char *name,
                              const struct vmdk_descriptor *d, bool sparse)
{
  const char *ct = d->create_type;
  if (ct && (!strcasecmp(ct, "vmfsRawDeviceMap") ||
             !strcasecmp(ct, "vmfsPassthroughRawDeviceMap") ||
             !strcasecmp(ct, "fullDevice") ||
             !strcasecmp(ct, "partitionedDevice")))
    return xasprintf("%s maps a raw device (createType %s): its data is on "
                     "a LUN or host disk, not in the VM's folder", name, ct);
  bool known = false;
  for (int i = 0; ct && readable_types[i]; i++)
    known |= !strcmp(ct, readable_types[i]);
  if (!sparse && !known)
    return xasprintf("%s is a VMDK of createType \"%s\", which qemu does "
                     "not read", name, ct ? ct : "(none)");
  for (size_t i = 0; i < d->nextents; i++) {
    const struct vmdk_extent *e = &d->extents[i];
    if (!strcmp(e->type, "ZERO"))
      continue;
    if (!vmdk_extent_is_file(e->type))
      return xasprintf("%s has a %s extent (a raw device mapping or a kind "
                       "qemu does not read)", name, e->type);
    if (sparse && i == 0)
      continue; /* itself */
    char *why = NULL;
    if (!e->file || strchr(e->file, '/') || strchr(e->file, ':') ||
        e->file[0] == '.')
      return xasprintf("%s names the extent file \"%s\", not a plain file "
                       "beside it", name, e->file ? e->file : "");
    if (sparse)
      return xasprintf("%s is a sparse VMDK whose descriptor names a second "
                       "extent, \"%s\"", name, e->file);
    struct stat st;
    if (fstatat(f->dirfd, e->file, &st, AT_SYMLINK_NOFOLLOW) == -1)
      why = xasprintf("%s names the extent file %s, which is not in the VM's "
                      "folder", name, e->file);
    else if (!S_ISREG(st.st_mode))
      why = xasprintf("%s names the extent file %s, which is %s", name,
                      e->file, S_ISLNK(st.st_mode) ? "a link" : "no file");
    if (why)
      return why;
  }
  return NULL;
}

/* The descriptor of NAME (open as FD, SIZE bytes), parsed and checked. */
static enum result read_descriptor(const struct folder *f, const char *name,
                                   int fd, uint64_t size,
                                   struct vmdk_descriptor *d,
                                   uint64_t *capacity, char **why)
{
  char head[21] = {0};
  if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head ||
      (memcmp(head, "KDMV", 4) && memcmp(head, "# Disk DescriptorFile", 21))) {
    *why = xasprintf("%s is not a VMDK (no descriptor, no sparse header)",
                     name);
    return RESULT_ERROR;
  }
  bool sparse;
  const char *bad = NULL;
  char *text = vmdk_descriptor_read(fd, 0, size, &sparse, capacity, &bad);
  if (!text) {
    *why = xasprintf("%s is %s", name, bad);
    return RESULT_ERROR;
  }
  char *perr = NULL;
  enum result r = vmdk_descriptor_parse(text, d, &perr);
  free(text);
  if (r == RESULT_ERROR) {
    *why = xasprintf("%s is %s", name, perr);
    free(perr);
    return RESULT_ERROR;
  }
  if (!sparse)
    *capacity = d->capacity;
  *why = check_descriptor(f, name, d, sparse);
  if (*why)
    vmdk_descriptor_free(d);
  return *why ? RESULT_ERROR : RESULT_OK;
}

/* The chain of NAME: its descriptor, then each parent down to the base,
 * as absolute paths into CHAIN. */
static enum result resolve_chain(const struct folder *f, const char *named,
                                 strlist *chain, uint64_t *capacity,
                                 uint64_t *top_size, char **why)
{
  char *name = plain_name(f, named, why);
  struct { dev_t dev; ino_t ino; } seen[VMX_MAX_CHAIN];
  bool want_cid = false;
  uint32_t cid = 0;
  char *child = NULL;
  enum result r = name ? RESULT_OK : RESULT_ERROR;
  for (size_t depth = 0; r == RESULT_OK && name; depth++) {
    struct stat st;
    struct vmdk_descriptor d;
    uint64_t cap = 0;
    int fd = depth < VMX_MAX_CHAIN ? open_in_folder(f, name, &st, why) : -1;
    if (depth == VMX_MAX_CHAIN)
      *why = xasprintf("its snapshot chain is longer than %d files",
                       VMX_MAX_CHAIN);
    for (size_t i = 0; fd >= 0 && i < depth; i++)
      if (seen[i].dev == st.st_dev && seen[i].ino == st.st_ino) {
        *why = xasprintf("its snapshot chain loops: %s names %s as its "
                         "parent, which is already in the chain", child,
                         name);
        close(fd);
        fd = -1;
      }
    if (fd >= 0) {
      seen[depth].dev = st.st_dev, seen[depth].ino = st.st_ino;
      r = read_descriptor(f, name, fd, (uint64_t)st.st_size, &d, &cap, why);
      close(fd);
    } else {
      r = RESULT_ERROR;
    }
    if (r == RESULT_OK && want_cid && (!d.has_cid || d.cid != cid)) {
      *why = xasprintf("its snapshot chain is broken: %s expects its parent "
                       "%s to have CID %08x, which has %s (the parent changed "
                       "after the snapshot)", child, name, cid,
                       d.has_cid ? "another" : "none");
      vmdk_descriptor_free(&d);
      r = RESULT_ERROR;
    }
    if (r == RESULT_ERROR)
      break;
    if (depth == 0) {
      *capacity = cap;
      *top_size = (uint64_t)st.st_size;
    }
    strlist_take(chain, xasprintf("%s/%s", f->dir, name));
    free(child);
    child = name;
    name = NULL;
    /* A parent is named by parentCID (ffffffff: none) and found by
     * parentFileNameHint; a stale hint without parentCID is not read. */
    if (d.has_parent && !d.parent_hint) {
      *why = xasprintf("%s is a snapshot that does not name its parent "
                       "(no parentFileNameHint)", child);
      r = RESULT_ERROR;
    } else if (d.has_parent) {
      want_cid = true;
      cid = d.parent_cid;
      char *pwhy = NULL;
      name = plain_name(f, d.parent_hint, &pwhy);
      if (!name) {
        *why = xasprintf("the parent of the snapshot %s, %s", child, pwhy);
        free(pwhy);
        r = RESULT_ERROR;
      }
    }
    vmdk_descriptor_free(&d);
  }
  free(name);
  free(child);
  return r;
}

/* A suspended VM's saved state, a running VM's locks and memory file: one
 * listing of the folder. */
static enum result scan_folder(const struct folder *f)
{
  struct package *p = f->p;
  DIR *d = fdopendir(dup(f->dirfd));
  enum result r = RESULT_OK;
  bool locks = false, memory = false;
  for (struct dirent *e; d && r == RESULT_OK && (e = readdir(d));) {
    const char *n = e->d_name;
    if (ends_with_ci(n, ".vmss")) {
      error_msg("cannot fix %s offline: the VM's folder holds %s, the saved "
                "state of a suspended VM: its disks are not consistent "
                "without it; resume and shut the VM down first", p->shown, n);
      r = RESULT_REFUSED;
    }
    locks |= ends_with_ci(n, ".lck");
    memory |= ends_with_ci(n, ".vmem");
    if (ends_with_ci(n, ".vmsd") || ends_with_ci(n, ".vmsn"))
      strlist_addf(&p->ovf.ignored, "%s: snapshot %s, not read", n,
                   ends_with_ci(n, ".vmsd") ? "list" : "state");
  }
  if (d)
    closedir(d);
  if (locks || memory)
    strlist_addf(&p->ovf.warnings, "the VM's folder holds %s: the VM may be "
                 "running on its VMware host, and its disks be changing",
                 locks ? "lock files (.lck)" : "a memory file (.vmem)");
  return r;
}

static enum result locate(struct folder *f)
{
  struct package *p = f->p;
  p->disks = xcalloc(p->ovf.ndisks, sizeof *p->disks);
  for (size_t i = 0; i < p->ovf.ndisks; i++) {
    struct ovf_disk *od = &p->ovf.disks[i];
    struct package_disk *d = &p->disks[p->ndisks++];
    d->href = xstrdup(od->href);
    d->format = "vmdk";
    char *why = NULL;
    if (resolve_chain(f, od->href, &d->chain, &od->capacity, &d->size,
                      &why) == RESULT_ERROR) {
      error_msg("%s: %s: %s", p->shown, od->id, why);
      free(why);
      return RESULT_ERROR;
    }
    d->file = xstrdup(d->chain.v[0]);
    if (d->chain.n > 1)
      strlist_addf(&p->ovf.warnings, "%s runs on a snapshot (%s, %zu files "
                   "down to its base): the disk is read as the VM runs it "
                   "now; the snapshots themselves are not carried over",
                   od->id, od->href, d->chain.n);
  }
  return RESULT_OK;
}

enum result vmx_folder_open(struct package *p, const char *dir)
{
  p->vmx = true;
  const char *slash = strrchr(p->path, '/');
  p->descriptor = xstrdup(slash ? slash + 1 : p->path);
  int fd = open(p->path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd == -1 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
      st.st_size > VMX_MAX_BYTES) {
    error_msg("%s: %s", p->shown, fd == -1 ? strerror(errno)
                                  : S_ISREG(st.st_mode) ? "too large for a .vmx"
                                                        : "not a regular file");
    if (fd >= 0)
      close(fd);
    return RESULT_ERROR;
  }
  char *text = xcalloc(1, (size_t)st.st_size + 1);
  ssize_t got = pread(fd, text, (size_t)st.st_size, 0);
  close(fd);
  char *why = NULL;
  enum result r = got == st.st_size
                      ? vmx_parse(text, (size_t)got, &p->ovf, &why)
                      : RESULT_ERROR;
  free(text);
  if (r == RESULT_REFUSED)
    error_msg("cannot fix %s offline: %s", p->shown, why);
  else if (r == RESULT_ERROR)
    error_msg("%s: %s", p->shown, why ? why : "cannot be read");
  free(why);
  if (r != RESULT_OK)
    return r;
  struct folder f = {p, dir, open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (f.dirfd == -1) {
    error_msg("%s: cannot read its folder %s: %s", p->shown, dir,
              strerror(errno));
    return RESULT_ERROR;
  }
  r = scan_folder(&f);
  if (r == RESULT_OK)
    r = locate(&f);
  close(f.dirfd);
  if (r == RESULT_OK && p->ovf.nvram)
    strlist_addf(p->ovf.firmware == FW_UEFI ? &p->ovf.warnings
                                            : &p->ovf.ignored,
                 "%s, the VM's %s, is not carried over", p->ovf.nvram,
                 p->ovf.firmware == FW_UEFI
                     ? "UEFI variables (boot entries, Secure Boot keys)"
                     : "BIOS settings");
  return r;
}
