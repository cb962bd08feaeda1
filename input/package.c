/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OVF packages on the host: manifest, descriptor, disks. Nothing is
 * extracted but gzip-compressed disks; an .ova member is read in place. */
#include "v2v/package.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "v2v/disk_format.h"
#include "v2v/disk_refs.h"
#include "v2v/disk_spec.h"
#include "v2v/log.h"
#include "v2v/manifest.h"
#include "v2v/tar_index.h"
#include "v2v/vmx_folder.h"

#define DESCRIPTOR_MAX (16 << 20)
#define PROBE_BYTES (64 * 1024)

/* One file of the package: a member of the .ova or a file in the folder. */
struct member {
  int fd;
  uint64_t offset, size;
  char *path; /* absolute path of the file holding it */
};

struct reader {
  struct package *p;
  int fd;                /* the .ova, or -1 */
  struct tar_index tar;
  char *dir;             /* folder of the .ovf */
  char *prefix;          /* in an .ova, the descriptor's folder ("" or
                            "name/"): what its hrefs are relative to */
  const char *vm;        /* --vm: one machine of a collection */
};

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

bool package_is_package(const char *path)
{
  if (ends_with(path, ".ova") || ends_with(path, ".ovf") ||
      ends_with(path, ".xva") || ends_with(path, ".vmx"))
    return true;
  unsigned char h[512];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  bool tar = fd >= 0 && pread(fd, h, sizeof h, 0) == (ssize_t)sizeof h &&
             tar_header_magic(h, sizeof h);
  if (fd >= 0)
    close(fd);
  return tar;
}

static int read_fd(void *ctx, uint64_t off, void *buf, size_t n)
{
  return pread(*(int *)ctx, buf, n, (off_t)off) == (ssize_t)n ? 0 : -1;
}

/* Names in the package must stay inside it. */
static bool safe_name(const char *name)
{
  if (!*name || name[0] == '/')
    return false;
  for (const char *p = name; p; p = strchr(p, '/')) {
    p += *p == '/';
    if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
      return false;
  }
  return true;
}

/* Finds NAME in the package; fd stays owned by the reader for .ova.
 * -1 if it is not there, -2 (message printed) if it is a link out of the
 * package's folder. */
static int find_member(struct reader *r, const char *name, struct member *m)
{
  memset(m, 0, sizeof *m);
  if (!safe_name(name))
    return -1;
  if (r->fd >= 0) {
    const struct tar_member *t = tar_index_find(&r->tar, name);
    if (!t)
      return -1;
    *m = (struct member){r->fd, t->offset, t->size, xstrdup(r->p->path)};
    return 0;
  }
  /* A link may point anywhere: what it resolves to must still be in the
   * package's folder (r->dir is a real path). */
  char *named = xasprintf("%s/%s", r->dir, name);
  m->path = realpath(named, NULL);
  size_t dl = strlen(r->dir);
  bool inside = m->path && strncmp(m->path, r->dir, dl) == 0 &&
                m->path[dl] == '/';
  if (m->path && !inside)
    error_msg("%s: %s is a link to %s, outside the package folder",
              r->p->shown, name, m->path);
  free(named);
  if (!inside) {
    int r_ = m->path ? -2 : -1;
    free(m->path);
    m->path = NULL;
    m->fd = -1;
    return r_;
  }
  struct stat st;
  m->fd = open(m->path, O_RDONLY | O_CLOEXEC);
  if (m->fd == -1 || fstat(m->fd, &st) == -1 || !S_ISREG(st.st_mode)) {
    if (m->fd >= 0)
      close(m->fd);
    free(m->path);
    m->path = NULL;
    return -1;
  }
  m->size = (uint64_t)st.st_size;
  return 0;
}

static void member_done(struct reader *r, struct member *m)
{
  if (m->fd >= 0 && m->fd != r->fd)
    close(m->fd);
  free(m->path);
  m->path = NULL;
}

/* NAME as the descriptor or a manifest names it: relative to the
 * descriptor's folder. */
static int find_relative(struct reader *r, const char *name, struct member *m)
{
  char *full = xasprintf("%s%s", r->prefix ? r->prefix : "", name);
  int found = safe_name(name) ? find_member(r, full, m) : -1;
  free(full);
  return found;
}

static char *read_member(const struct member *m)
{
  if (m->size > DESCRIPTOR_MAX)
    return NULL;
  char *buf = xcalloc(1, m->size + 1);
  if (pread(m->fd, buf, m->size, (off_t)m->offset) != (ssize_t)m->size) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* The package's files ending in .mf (any case), beside the descriptor:
 * each is checked (one for the package, or one per disk as some
 * exporters write them). The one named after the descriptor comes first. */
static void find_manifests(struct reader *r)
{
  struct package *p = r->p;
  size_t stem = strlen(p->descriptor) - 4;
  char *own = xasprintf("%.*s.mf", (int)stem, p->descriptor);
  strlist names = {0};
  if (r->fd >= 0) {
    size_t pl = strlen(r->prefix);
    for (size_t i = 0; i < r->tar.n; i++) {
      const char *n = r->tar.v[i].name;
      if (strncmp(n, r->prefix, pl) == 0 && !strchr(n + pl, '/') &&
          ends_with(n, ".mf"))
        strlist_add(&names, n + pl);
    }
  } else {
    DIR *d = opendir(r->dir);
    for (struct dirent *e; d && (e = readdir(d));)
      if (e->d_name[0] != '.' && ends_with(e->d_name, ".mf"))
        strlist_add(&names, e->d_name);
    if (d)
      closedir(d);
  }
  const char *own_base = strrchr(own, '/') ? strrchr(own, '/') + 1 : own;
  for (size_t i = 0; i < names.n; i++)
    if (strcasecmp(names.v[i], own_base) == 0)
      strlist_add(&p->manifests, names.v[i]);
  for (size_t i = 0; i < names.n; i++)
    if (strcasecmp(names.v[i], own_base) != 0)
      strlist_add(&p->manifests, names.v[i]);
  strlist_free(&names);
  free(own);
}

/* The descriptor: the .ovf named, or the one .ovf in the archive (at its
 * top or in one folder). */
static int find_descriptor(struct reader *r)
{
  struct package *p = r->p;
  r->prefix = xstrdup("");
  if (r->fd < 0) {
    const char *slash = strrchr(p->path, '/');
    p->descriptor = xstrdup(slash ? slash + 1 : p->path);
  } else {
    size_t found = 0;
    for (size_t i = 0; i < r->tar.n; i++) {
      const char *n = r->tar.v[i].name;
      const char *slash = strchr(n, '/');
      if (!ends_with(n, ".ovf") || (slash && strchr(slash + 1, '/')))
        continue;
      if (found++ == 0) {
        p->descriptor = xstrdup(n);
        free(r->prefix);
        r->prefix = slash ? strndup(n, (size_t)(slash - n + 1)) : xstrdup("");
      }
    }
    if (!p->descriptor) {
      error_msg("%s holds no .ovf descriptor", p->shown);
      return -1;
    }
    if (found > 1) {
      error_msg("%s holds %zu .ovf descriptors: unpack it and give the one "
                "to use", p->shown, found);
      return -1;
    }
  }
  find_manifests(r);
  return 0;
}

/* Every digest a manifest lists must match, before anything else is read:
 * a tampered or damaged package is refused naming the file. */
static int verify_one_manifest(struct reader *r, const char *name)
{
  struct package *p = r->p;
  struct member m;
  int found = find_relative(r, name, &m);
  if (found != 0)
    return -1; /* a link out of the folder: said */
  char *text = read_member(&m);
  member_done(r, &m);
  struct manifest mf;
  char *why = NULL;
  if (!text || manifest_parse(text, strlen(text), &mf, &why) == -1) {
    error_msg("%s: manifest %s: %s", p->shown, name,
              why ? why : "cannot be read");
    free(why);
    free(text);
    return -1;
  }
  free(text);
  int rc = 0;
  for (size_t i = 0; i < mf.n && rc == 0; i++) {
    const struct manifest_entry *e = &mf.v[i];
    char hex[129];
    found = find_relative(r, e->file, &m);
    if (found != 0) {
      if (found == -1)
        error_msg("%s: the manifest %s lists %s, which is not in the package",
                  p->shown, name, e->file);
      rc = -1;
    } else {
      debug("checking the %s digest of %s", e->algo, e->file);
      if (manifest_digest(e->algo, m.fd, m.offset, m.size, hex) == -1) {
        error_msg("%s: cannot read %s to check its digest", p->shown, e->file);
        rc = -1;
      } else if (strcmp(hex, e->hex)) {
        error_msg("%s: %s does not match its %s digest in %s (damaged or "
                  "altered)", p->shown, e->file, e->algo, name);
        rc = -1;
      } else {
        strlist_add(&p->verified, e->file);
      }
      member_done(r, &m);
    }
  }
  p->manifest_entries += (int)mf.n;
  manifest_free(&mf);
  return rc;
}

static int verify_manifest(struct reader *r)
{
  for (size_t i = 0; i < r->p->manifests.n; i++)
    if (verify_one_manifest(r, r->p->manifests.v[i]) == -1)
      return -1;
  return 0;
}

static int parse_descriptor(struct reader *r)
{
  struct package *p = r->p;
  struct member m;
  if (find_member(r, p->descriptor, &m) == -1) {
    error_msg("cannot read %s", p->shown);
    return -1;
  }
  char *text = read_member(&m);
  member_done(r, &m);
  char *why = NULL;
  if (!text) {
    error_msg("%s: the descriptor %s is unreadable or too large", p->shown,
              p->descriptor);
    return -1;
  }
  int rc = ovf_parse(text, m.size, r->vm, &p->ovf, &why);
  free(text);
  if (rc == -1) {
    error_msg("%s: %s %s", p->shown, p->descriptor, why);
    free(why);
    return -1;
  }
  if (p->ovf.mislabeled_encoding)
    warn("%s: %s declares encoding \"%s\" but its bytes are UTF-8 (as "
         "XenCenter writes it): read as UTF-8", p->shown, p->descriptor,
         p->ovf.mislabeled_encoding);
  if (p->ovf.ndisks == 0) {
    error_msg("%s: %s describes no disk", p->shown, p->descriptor);
    return -1;
  }
  return 0;
}

/* The first bytes of a gzip stream, for the format probe. */
static size_t gunzip_head(const struct member *m, unsigned char *out, size_t n)
{
  z_stream z = {0};
  if (inflateInit2(&z, 15 + 16) != Z_OK)
    return 0;
  unsigned char in[16384];
  uint64_t off = 0;
  z.next_out = out;
  z.avail_out = (uInt)n;
  int zr = Z_OK;
  while (z.avail_out && zr == Z_OK && off < m->size) {
    size_t want = m->size - off < sizeof in ? (size_t)(m->size - off) : sizeof in;
    ssize_t got = pread(m->fd, in, want, (off_t)(m->offset + off));
    if (got <= 0)
      break;
    off += (uint64_t)got;
    z.next_in = in;
    z.avail_in = (uInt)got;
    zr = inflate(&z, Z_NO_FLUSH);
  }
  size_t have = n - z.avail_out;
  inflateEnd(&z);
  return have;
}

/* The references of a gzip disk, from its first inflated bytes (held in a
 * memory file, as disk_external_refs reads a file). */
static char *head_refs(const unsigned char *head, size_t n, const char *fmt)
{
  int fd = memfd_create("v2v-disk-head", MFD_CLOEXEC);
  char *why = NULL;
  if (fd >= 0 && write(fd, head, n) == (ssize_t)n)
    why = disk_external_refs(fd, 0, n, fmt, NULL);
  if (fd >= 0)
    close(fd);
  return why;
}

/* ovftool splits a large disk file into HREF.000000000, HREF.000000001...
 * of chunkSize bytes each (the last shorter): they are joined into the
 * scratch dir before the run, as a gzip disk is unpacked. */
static int find_parts(struct reader *r, const struct ovf_disk *od,
                      struct package_disk *d)
{
  for (unsigned i = 0; i < 100000; i++) {
    char *name = xasprintf("%s.%09u", od->href, i);
    struct member m;
    int found = find_relative(r, name, &m);
    if (found == -2) {
      free(name);
      return -1;
    }
    if (found == -1) {
      free(name);
      break;
    }
    d->parts = xrealloc(d->parts, (d->nparts + 1) * sizeof *d->parts);
    d->parts[d->nparts++] =
        (struct package_part){name, xstrdup(m.path), m.offset, m.size};
    d->unpack_limit += m.size;
    member_done(r, &m);
  }
  if (!d->nparts) {
    error_msg("%s: disk file %s is split (chunkSize) but %s.000000000 is not "
              "in the package", r->p->shown, od->href, od->href);
    return -1;
  }
  return 0;
}

static int locate_disks(struct reader *r)
{
  struct package *p = r->p;
  p->disks = xcalloc(p->ovf.ndisks, sizeof *p->disks);
  for (size_t i = 0; i < p->ovf.ndisks; i++) {
    const struct ovf_disk *od = &p->ovf.disks[i];
    struct package_disk *d = &p->disks[p->ndisks++];
    struct member m;
    d->href = xstrdup(od->href);
    d->gzip = od->gzip;
    if (d->gzip && !od->capacity) {
      error_msg("%s: the gzip-compressed disk %s has no declared capacity: "
                "its unpacked size cannot be bounded", p->shown, od->href);
      return -1;
    }
    /* An image file is at most its capacity plus its metadata. */
    d->unpack_limit = d->gzip ? od->capacity + od->capacity / 8 + (64 << 20)
                              : 0;
    if (od->chunk_size && find_parts(r, od, d) == -1)
      return -1;
    int found = find_relative(r, d->nparts ? d->parts[0].name : od->href, &m);
    if (found != 0) {
      if (found == -1)
        error_msg("%s: disk file %s named by %s is not in the package",
                  p->shown, od->href, p->descriptor);
      return -1;
    }
    d->file = xstrdup(m.path);
    d->offset = m.offset;
    d->size = m.size;
    unsigned char *head = xcalloc(1, PROBE_BYTES);
    size_t n = d->gzip ? gunzip_head(&m, head, PROBE_BYTES)
               : pread(m.fd, head, PROBE_BYTES, (off_t)m.offset) > 0
                   ? (size_t)(m.size < PROBE_BYTES ? m.size : PROBE_BYTES)
                   : 0;
    const char *fmt = disk_format_probe(head, n, NULL);
    d->format = fmt ? fmt : "raw";
    /* A package's disks must be self-contained: no backing file, data
     * file, extent or parent, inside the package or out. */
    char *outside = NULL;
    if (d->gzip || d->nparts)
      outside = head_refs(head, n, d->format);
    else
      outside = disk_external_refs(m.fd, m.offset, m.size, d->format, NULL);
    free(head);
    const char *diff = d->gzip || d->nparts
                           ? NULL
                           : disk_format_differencing(m.fd, m.offset, m.size,
                                                      d->format);
    member_done(r, &m);
    if (n == 0) {
      error_msg("%s: disk file %s is empty or not valid %s", p->shown, d->href,
                d->gzip ? "gzip" : "data");
      return -1;
    }
    if (!disk_format_from_name(d->format)) {
      error_msg("%s: disk file %s is a %s image; this version reads raw, "
                "qcow2, vmdk, vhd and vhdx", p->shown, d->href,
                disk_format_label(d->format));
      return -1;
    }
    if (diff || outside) {
      error_msg("%s: disk file %s is %s", p->shown, d->href,
                diff ? diff : outside);
      free(outside);
      return -1;
    }
  }
  return 0;
}

/* An XVA: ova.xml is the descriptor; each disk is a set of chunks, whose
 * digests are checked as package_unpack() assembles them. */
static int open_xva(struct reader *r)
{
  struct package *p = r->p;
  p->xva = true;
  p->descriptor = xstrdup("ova.xml");
  const struct tar_member *t = &r->tar.v[0];
  struct member m = {r->fd, t->offset, t->size, NULL};
  char *text = read_member(&m);
  char *why = NULL;
  if (!text || xva_parse(text, t->size, &p->ovf, &why) == RESULT_ERROR) {
    error_msg("%s: %s", p->shown, why ? why : "ova.xml is unreadable or too "
                                              "large");
    free(why);
    free(text);
    return -1;
  }
  free(text);
  if (p->ovf.ndisks > 64) {
    error_msg("%s: the VM has %zu disks; at most 64 are supported", p->shown,
              p->ovf.ndisks);
    return -1;
  }
  p->disks = xcalloc(p->ovf.ndisks, sizeof *p->disks);
  for (size_t i = 0; i < p->ovf.ndisks; i++) {
    struct package_disk *d = &p->disks[p->ndisks++];
    d->href = xstrdup(p->ovf.disks[i].href);
    d->file = xstrdup(p->path);
    d->format = "raw";
    d->unpack_limit = p->ovf.disks[i].capacity;
    if (xva_chunks(&r->tar, d->href, &d->chunks, &d->nchunks, &why) ==
        RESULT_ERROR) {
      error_msg("%s: %s", p->shown, why);
      free(why);
      return -1;
    }
  }
  return 0;
}

enum result package_open(const struct options *o, struct package *p)
{
  memset(p, 0, sizeof *p);
  const char *kind = ends_with(o->image, ".vmx") ? "a VMware .vmx"
                                                 : "an OVF package";
  /* A package is never rewritten: its fixed guest is a new image. */
  if (o->mode == MODE_FIX && !o->output_file) {
    error_msg("%s is %s, which is not fixed in place: use -o FILE (qcow2 "
              "unless its extension or -O says otherwise)", o->image, kind);
    return RESULT_ERROR;
  }
  if (o->input_format) {
    error_msg("%s is %s: --format is for a single disk image (the package "
              "names its disks' formats)", o->image, kind);
    return RESULT_ERROR;
  }
  p->shown = o->image;
  p->path = realpath(o->image, NULL);
  if (!p->path) {
    error_msg("%s: %s", o->image, strerror(errno));
    return RESULT_ERROR;
  }
  struct reader r = {.p = p, .fd = -1, .vm = o->vm_name};
  char *copy = xstrdup(p->path);
  r.dir = xstrdup(dirname(copy));
  free(copy);
  int rc = -1;
  if (ends_with(p->path, ".vmx")) {
    enum result vr = vmx_folder_open(p, r.dir);
    free(r.dir);
    return vr;
  }
  if (!ends_with(p->path, ".ovf")) {
    p->ova = true;
    struct stat st;
    char *why = NULL;
    r.fd = open(p->path, O_RDONLY | O_CLOEXEC);
    if (r.fd == -1 || fstat(r.fd, &st) == -1) {
      error_msg("%s: %s", o->image, strerror(errno));
      goto out;
    }
    unsigned char head[8] = {0};
    ssize_t got = pread(r.fd, head, sizeof head, 0);
    const char *packed = got > 0 ? disk_compression(head, (size_t)got) : NULL;
    if (packed) {
      error_msg("%s is %s, then give the .ova or .xva", o->image, packed);
      goto out;
    }
    if (tar_index_build(read_fd, &r.fd, (uint64_t)st.st_size, &r.tar,
                        &why) == -1) {
      error_msg("%s is not a valid OVA: %s", o->image, why);
      free(why);
      goto out;
    }
  }
  if (p->ova && xva_is_xva(&r.tar)) {
    if (open_xva(&r) == -1)
      goto out;
  } else if (find_descriptor(&r) == -1 || verify_manifest(&r) == -1 ||
             parse_descriptor(&r) == -1 || locate_disks(&r) == -1) {
    goto out;
  }
  rc = 0;
out:
  if (r.fd >= 0)
    close(r.fd);
  tar_index_free(&r.tar);
  free(r.dir);
  free(r.prefix);
  return rc;
}

/* Inflates the disk D into the new file DST: 0, -1 on a read, inflate or
 * write error, -2 when it inflates past D's unpack limit. */
static int gunzip_to(const struct package_disk *d, const char *dst)
{
  int in = open(d->file, O_RDONLY | O_CLOEXEC);
  int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  z_stream z = {0};
  int rc = in >= 0 && out >= 0 && inflateInit2(&z, 15 + 16) == Z_OK ? 0 : -1;
  static unsigned char ibuf[1 << 16], obuf[1 << 18];
  uint64_t off = 0, written = 0;
  int zr = Z_OK;
  while (rc == 0 && zr != Z_STREAM_END) {
    if (z.avail_in == 0) {
      size_t want = d->size - off < sizeof ibuf ? (size_t)(d->size - off)
                                                : sizeof ibuf;
      ssize_t got = want ? pread(in, ibuf, want, (off_t)(d->offset + off)) : 0;
      if (got <= 0) {
        rc = -1; /* ended before the gzip stream did */
        break;
      }
      off += (uint64_t)got;
      z.next_in = ibuf;
      z.avail_in = (uInt)got;
    }
    z.next_out = obuf;
    z.avail_out = sizeof obuf;
    zr = inflate(&z, Z_NO_FLUSH);
    if (zr != Z_OK && zr != Z_STREAM_END)
      rc = -1;
    size_t have = sizeof obuf - z.avail_out;
    written += have;
    if (written > d->unpack_limit) {
      rc = -2; /* a gzip bomb, or a capacity that lies */
      break;
    }
    if (rc == 0 && have && write(out, obuf, have) != (ssize_t)have)
      rc = -1;
  }
  inflateEnd(&z);
  if (out >= 0 && close(out) == -1)
    rc = -1;
  if (in >= 0)
    close(in);
  return rc;
}

/* Assembles XVA disk D into DIR, checking every chunk. */
static enum result assemble(struct package *p, struct package_disk *d,
                            size_t i, const char *dir)
{
  d->unpacked = xasprintf("%s/disk%zu.raw", dir, i + 1);
  info("assembling %s from %zu chunks", d->href, d->nchunks);
  int fd = open(d->file, O_RDONLY | O_CLOEXEC);
  char *why = NULL;
  enum result r = fd >= 0 ? xva_assemble(fd, d->chunks, d->nchunks,
                                         d->unpack_limit, d->unpacked, &why)
                          : RESULT_ERROR;
  if (fd >= 0)
    close(fd);
  if (r == RESULT_ERROR)
    error_msg("%s: disk %s: %s", p->shown, d->href,
              why ? why : "cannot read the archive");
  free(why);
  return r;
}

/* Joins the parts of split disk D into DIR. */
static enum result join_parts(struct package *p, struct package_disk *d,
                              size_t i, const char *dir)
{
  d->unpacked = xasprintf("%s/disk%zu.%s", dir, i + 1, d->format);
  info("joining the %zu parts of %s", d->nparts, d->href);
  int out = open(d->unpacked, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  static unsigned char buf[1 << 20];
  enum result r = out >= 0 ? RESULT_OK : RESULT_ERROR;
  for (size_t k = 0; k < d->nparts && r == RESULT_OK; k++) {
    int in = open(d->parts[k].file, O_RDONLY | O_CLOEXEC);
    for (uint64_t done = 0; in >= 0 && r == RESULT_OK &&
                            done < d->parts[k].size;) {
      size_t want = d->parts[k].size - done < sizeof buf
                        ? (size_t)(d->parts[k].size - done)
                        : sizeof buf;
      ssize_t got = pread(in, buf, want, (off_t)(d->parts[k].offset + done));
      if (got <= 0 || write(out, buf, (size_t)got) != got)
        r = RESULT_ERROR;
      done += got > 0 ? (uint64_t)got : 0;
    }
    if (in < 0)
      r = RESULT_ERROR;
    else
      close(in);
  }
  if (out >= 0 && close(out) == -1)
    r = RESULT_ERROR;
  if (r == RESULT_ERROR)
    error_msg("%s: cannot join the parts of %s (unreadable, or no space in "
              "%s)", p->shown, d->href, dir);
  return r;
}

enum result package_unpack(struct package *p, const char *dir)
{
  for (size_t i = 0; i < p->ndisks; i++) {
    struct package_disk *d = &p->disks[i];
    if (d->chunks && assemble(p, d, i, dir) == RESULT_ERROR)
      return RESULT_ERROR;
    if (d->nparts && join_parts(p, d, i, dir) == RESULT_ERROR)
      return RESULT_ERROR;
    if (!d->gzip)
      continue;
    d->unpacked = xasprintf("%s/disk%zu.%s", dir, i + 1, d->format);
    info("unpacking %s", d->href);
    int r = gunzip_to(d, d->unpacked);
    if (r == -2) {
      error_msg("%s: the gzip-compressed disk %s inflates to more than "
                "%llu MiB, well past the capacity its descriptor declares: "
                "refused", p->shown, d->href,
                (unsigned long long)(d->unpack_limit >> 20));
      unlink(d->unpacked);
      return RESULT_ERROR;
    }
    if (r == -1) {
      error_msg("%s: cannot unpack the gzip-compressed disk %s (damaged, or "
                "no space in %s)", p->shown, d->href, dir);
      unlink(d->unpacked);
      return RESULT_ERROR;
    }
  }
  return RESULT_OK;
}

char *package_backing(const struct package *p, size_t i)
{
  const struct package_disk *d = &p->disks[i];
  if (d->chain.n)
    return qemu_chain_spec(&d->chain, d->format);
  if (d->unpacked)
    return qemu_disk_spec(d->unpacked, d->format, 0, 0);
  if (!p->ova)
    return qemu_disk_spec(d->file, d->format, 0, 0);
  return qemu_disk_spec(d->file, d->format, d->offset, d->size);
}

void package_free(struct package *p)
{
  for (size_t i = 0; i < p->ndisks; i++) {
    free(p->disks[i].href);
    free(p->disks[i].file);
    if (p->disks[i].unpacked)
      unlink(p->disks[i].unpacked);
    free(p->disks[i].unpacked);
    free(p->disks[i].chunks);
    for (size_t k = 0; k < p->disks[i].nparts; k++) {
      free(p->disks[i].parts[k].name);
      free(p->disks[i].parts[k].file);
    }
    free(p->disks[i].parts);
    strlist_free(&p->disks[i].chain);
  }
  free(p->disks);
  strlist_free(&p->verified);
  strlist_free(&p->manifests);
  ovf_free(&p->ovf);
  free(p->path);
  free(p->descriptor);
  memset(p, 0, sizeof *p);
}
