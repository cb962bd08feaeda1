/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host copies of the guest's hives (see include/v2v/hive_copy.h). */
#include "v2v/hive_copy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/log.h"
#include "v2v/manifest.h"
#include "v2v/session.h"

/* Ranges are found in 4 KiB blocks (the hive's own unit) and joined when
 * closer than a qcow2 cluster (64 KiB), which the overlay copies whole
 * anyway. One pwrite or pread carries at most 2 MiB (a protocol message
 * is 4 MiB). Past MAX_RANGES round trips, one upload is cheaper. */
#define BLOCK 4096
#define JOIN_GAP 65536
#define IO_MAX (2 * 1024 * 1024)
#define MAX_RANGES 256

static char *host_path(const struct session *s, enum hive_id id)
{
  return xasprintf("%s/%s", s->tmpdir, hive_id_name(id));
}

static void forget_write(struct hive_write *w)
{
  byte_ranges_free(&w->ranges);
  memset(w, 0, sizeof *w);
}

/* GUEST_PATH whole into HOST, 2 MiB a call: under TCG about a fifth
 * faster than guestfs_download's stream of small chunks. */
static int fetch(struct session *s, const char *guest_path, const char *host)
{
  int64_t size = guest_file_size(s, guest_path);
  int fd = size < 0 ? -1 : open(host, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                                0600);
  if (fd < 0)
    return -1;
  int r = 0;
  for (int64_t off = 0; r == 0 && off < size;) {
    size_t want = size - off < IO_MAX ? (size_t)(size - off) : IO_MAX, got = 0;
    char *d = guestfs_pread(s->g, guest_path, (int)want, off, &got);
    if (!d || got == 0 || write(fd, d, got) != (ssize_t)got)
      r = -1;
    off += (int64_t)got;
    free(d);
  }
  if (close(fd) == -1)
    r = -1;
  return r;
}

static hive *download(struct session *s, enum hive_id id,
                      const char *guest_path)
{
  char *host = host_path(s, id);
  hive *h = NULL;
  if (fetch(s, guest_path, host) == -1) {
    const char *why = guestfs_last_error(s->g);
    strlist_addf(&s->guest.warnings, "cannot read %s: %s", guest_path,
                 why ? why : strerror(errno));
  } else if (!(h = hive_open(host, true)))
    strlist_addf(&s->guest.warnings, "%s is not a readable registry hive",
                 guest_path);
  free(host);
  if (h) {
    free(s->hive_paths[id]);
    s->hive_paths[id] = xstrdup(guest_path);
    forget_write(&s->hive_writes[id]);
  }
  return h;
}

/* The whole file: the appliance's SHA-256 against the host copy's. */
static bool same_digest(struct session *s, const char *host,
                        const char *guest_path)
{
  int fd = open(host, O_RDONLY | O_CLOEXEC);
  struct stat st;
  char ours[129];
  bool same = false;
  if (fd >= 0 && fstat(fd, &st) == 0 &&
      manifest_digest("SHA256", fd, 0, (uint64_t)st.st_size, ours) == 0) {
    char *theirs = guest_sha256(s, guest_path);
    same = theirs && strcmp(theirs, ours) == 0;
    free(theirs);
  }
  if (fd >= 0)
    close(fd);
  return same;
}

/* What was written, read back: the size and every written range. */
static bool same_ranges(struct session *s, const char *host,
                        const char *guest_path, const struct byte_ranges *r)
{
  if (guest_file_size(s, guest_path) != (int64_t)r->new_size)
    return false;
  int fd = open(host, O_RDONLY | O_CLOEXEC);
  char *ours = xcalloc(1, IO_MAX);
  bool same = fd >= 0;
  for (size_t i = 0; same && i < r->n; i++)
    for (uint64_t off = r->v[i].offset, end = off + r->v[i].length;
         same && off < end;) {
      size_t want = end - off < IO_MAX ? (size_t)(end - off) : IO_MAX, got = 0;
      char *theirs = guestfs_pread(s->g, guest_path, (int)want, (int64_t)off,
                                   &got);
      same = theirs && got == want &&
             pread(fd, ours, want, (off_t)off) == (ssize_t)want &&
             memcmp(ours, theirs, want) == 0;
      free(theirs);
      off += want;
    }
  free(ours);
  if (fd >= 0)
    close(fd);
  return same;
}

/* Whether the host copy of hive ID holds exactly what GUEST_PATH holds
 * now in the overlay. */
static bool host_copy_current(struct session *s, enum hive_id id,
                              const char *guest_path)
{
  if (!s->hive_paths[id] || strcmp(s->hive_paths[id], guest_path) != 0)
    return false;
  const struct hive_write *w = &s->hive_writes[id];
  if (w->overwritten)
    return false;
  if (!w->written) /* nothing wrote it since it was read */
    return true;
  char *host = host_path(s, id);
  bool same = w->whole ? same_digest(s, host, guest_path)
                       : same_ranges(s, host, guest_path, &w->ranges);
  free(host);
  return same;
}

hive *hive_copy_read(struct session *s, enum hive_id id,
                     const char *guest_path)
{
  hive *open = s->hives[id];
  s->hives[id] = NULL;
  if (!host_copy_current(s, id, guest_path)) {
    hive_close(open);
    return download(s, id, guest_path);
  }
  debug("%s: the same bytes as the host copy: not downloaded again",
        guest_path);
  /* Committed, the open hive is byte for byte the host copy. */
  if (open && !hive_is_dirty(open))
    return open;
  hive_close(open);
  char *host = host_path(s, id);
  hive *h = hive_open(host, true);
  free(host);
  if (!h)
    strlist_addf(&s->guest.warnings, "%s is not a readable registry hive",
                 guest_path);
  return h;
}

/* LEN bytes of FD at OFF into GUEST_PATH at OFF, a message at a time. */
static int write_range(struct session *s, const char *guest_path, int fd,
                       uint64_t off, uint64_t len, char *buf)
{
  while (len) {
    size_t n = len < IO_MAX ? (size_t)len : IO_MAX;
    if (pread(fd, buf, n, (off_t)off) != (ssize_t)n)
      return -1;
    for (size_t done = 0; done < n;) {
      int w = guestfs_pwrite(s->g, guest_path, buf + done, n - done,
                             (int64_t)(off + done));
      if (w <= 0)
        return -1;
      done += (size_t)w;
    }
    off += n;
    len -= n;
  }
  return 0;
}

static int write_ranges(struct session *s, const char *fresh,
                        const char *guest_path, const struct byte_ranges *r)
{
  int fd = open(fresh, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  char *buf = xcalloc(1, IO_MAX);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->n; i++)
    rc = write_range(s, guest_path, fd, r->v[i].offset, r->v[i].length, buf);
  if (rc == 0 && r->new_size < r->old_size)
    rc = guestfs_truncate_size(s->g, guest_path, (int64_t)r->new_size);
  free(buf);
  close(fd);
  return rc;
}

enum result hive_copy_write(struct session *s, enum hive_id id)
{
  const char *guest_path = s->hive_paths[id];
  struct hive_write *w = &s->hive_writes[id];
  char *host = host_path(s, id), *fresh = xasprintf("%s.new", host);
  forget_write(w);
  int r = -1;
  if (hive_commit(s->hives[id], fresh) == RESULT_ERROR ||
      file_diff(host, fresh, BLOCK, JOIN_GAP, &w->ranges) == RESULT_ERROR) {
    error_msg("cannot write the %s hive to %s: %s", hive_id_name(id), fresh,
              strerror(errno));
    goto out;
  }
  w->whole = w->ranges.n > MAX_RANGES;
  r = w->whole ? guestfs_upload(s->g, fresh, guest_path)
               : write_ranges(s, fresh, guest_path, &w->ranges);
  if (r == -1) {
    const char *why = guestfs_last_error(s->g);
    error_msg("cannot write the %s hive back to %s: %s", hive_id_name(id),
              guest_path, why ? why : strerror(errno));
    goto out;
  }
  debug("wrote %s: %zu ranges differ, %llu of %llu bytes%s", guest_path,
        w->ranges.n, (unsigned long long)byte_ranges_total(&w->ranges),
        (unsigned long long)w->ranges.new_size,
        w->whole ? ": uploaded whole" : "");
  /* The host copy is what the guest holds now. */
  if (rename(fresh, host) == -1) {
    error_msg("cannot rename %s: %s", fresh, strerror(errno));
    r = -1;
  }
  w->written = r == 0;
out:
  unlink(fresh);
  free(fresh);
  free(host);
  return r == 0 ? RESULT_OK : RESULT_ERROR;
}

void hive_copy_note_file_write(struct session *s, const char *path)
{
  for (int i = 0; i < HIVE_COUNT; i++)
    if (s->hive_paths[i] && strcasecmp(s->hive_paths[i], path) == 0)
      s->hive_writes[i].overwritten = true;
}

void hive_copy_close_all(struct session *s)
{
  for (int i = 0; i < HIVE_COUNT; i++) {
    hive_close(s->hives[i]);
    s->hives[i] = NULL;
    free(s->hive_paths[i]);
    s->hive_paths[i] = NULL;
    forget_write(&s->hive_writes[i]);
  }
}
