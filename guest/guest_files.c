/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guest files through the appliance, remembered for as long as the guest
 * stays as it is (see include/v2v/guest_files.h). */
#include "v2v/guest_files.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "v2v/log.h"
#include "v2v/session.h"

/* Larger files are hashed in the appliance: a pread must fit one
 * protocol message (4 MiB). */
#define INLINE_READ_MAX (2 * 1024 * 1024)

static int list_dir(void *ctx, const char *dir, struct dir_listing *out)
{
  struct session *s = ctx;
  struct guestfs_dirent_list *l = guestfs_readdir(s->g, dir);
  if (!l)
    return -1;
  for (uint32_t i = 0; i < l->len; i++)
    if (strcmp(l->val[i].name, ".") && strcmp(l->val[i].name, ".."))
      dir_listing_add(out, l->val[i].name, l->val[i].ftyp);
  guestfs_free_dirent_list(l);
  return 0;
}

char *guest_real_path(struct session *s, const char *path)
{
  if (!s->paths.list) {
    s->paths.list = list_dir;
    s->paths.ctx = s;
  }
  char *real = NULL;
  switch (path_cache_lookup(&s->paths, path, &real)) {
  case PATH_FOUND:
    return real;
  case PATH_ABSENT:
    return NULL;
  case PATH_UNSURE:
    break;
  }
  real = guestfs_case_sensitive_path(s->g, path);
  if (real && guestfs_exists(s->g, real) > 0)
    return real;
  free(real);
  return NULL;
}

char *guest_path_resolve(struct session *s, const char *path)
{
  char *real = guest_real_path(s, path);
  if (real)
    return real;
  const char *slash = strrchr(path, '/');
  if (!slash || slash == path)
    return xstrdup(path);
  char *parent = xasprintf("%.*s", (int)(slash - path), path);
  char *rp = guest_path_resolve(s, parent);
  char *r = xasprintf("%s%s", rp, slash);
  free(rp);
  free(parent);
  return r;
}

static bool is_source(const char *path)
{
  size_t n = strlen(MNT_VIRTIO);
  return strncmp(path, MNT_VIRTIO, n) == 0 && path[n] == '/';
}

static void fact_free(struct file_fact *f)
{
  free(f->path);
  free(f->sha256);
}

void guest_files_changed(struct session *s)
{
  path_cache_forget(&s->paths);
  size_t kept = 0;
  for (size_t i = 0; i < s->facts.n; i++) {
    if (is_source(s->facts.v[i].path))
      s->facts.v[kept++] = s->facts.v[i];
    else
      fact_free(&s->facts.v[i]);
  }
  s->facts.n = kept;
}

void guest_files_free(struct session *s)
{
  path_cache_forget(&s->paths);
  for (size_t i = 0; i < s->facts.n; i++)
    fact_free(&s->facts.v[i]);
  free(s->facts.v);
  memset(&s->facts, 0, sizeof s->facts);
}

/* The entry for PATH if there is one. */
static struct file_fact *known(struct session *s, const char *path)
{
  for (size_t i = 0; i < s->facts.n; i++)
    if (strcmp(s->facts.v[i].path, path) == 0)
      return &s->facts.v[i];
  return NULL;
}

/* The entry for PATH, made empty if new. Valid until the next call. */
static struct file_fact *fact(struct session *s, const char *path)
{
  struct file_fact *f = known(s, path);
  if (f)
    return f;
  s->facts.v = xrealloc(s->facts.v, (s->facts.n + 1) * sizeof *s->facts.v);
  f = &s->facts.v[s->facts.n++];
  memset(f, 0, sizeof *f);
  f->path = xstrdup(path);
  return f;
}

static void note_stat(struct file_fact *f, const struct guestfs_statns *st)
{
  f->stated = true;
  f->regular = st->st_ino != -1 && S_ISREG(st->st_mode);
  f->size = st->st_size;
}

void guest_stat_names(struct session *s, const char *dir, char *const *names,
                      size_t n)
{
  char **v = xcalloc(n + 1, sizeof *v);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (strchr(names[i], '/'))
      continue; /* not an entry of DIR: stated on its own when needed */
    char *path = xasprintf("%s/%s", dir, names[i]);
    if (!fact(s, path)->stated)
      v[k++] = xstrdup(names[i]);
    free(path);
  }
  struct guestfs_statns_list *l = k ? guestfs_lstatnslist(s->g, dir, v) : NULL;
  for (size_t i = 0; l && i < l->len && i < k; i++) {
    char *path = xasprintf("%s/%s", dir, v[i]);
    note_stat(fact(s, path), &l->val[i]);
    free(path);
  }
  if (l)
    guestfs_free_statns_list(l);
  strv_free(v);
}

static struct file_fact *stated(struct session *s, const char *path)
{
  struct file_fact *f = fact(s, path);
  if (!f->stated) {
    struct guestfs_statns *st = guestfs_lstatns(s->g, path);
    f->stated = true;
    if (st) {
      note_stat(f, st);
      guestfs_free_statns(st);
    }
  }
  return f;
}

static char *hex_sha256(const void *data, size_t len)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL))
    return NULL;
  char *hex = xcalloc(2 * n + 1, 1);
  for (unsigned i = 0; i < n; i++)
    sprintf(hex + 2 * i, "%02x", md[i]);
  return hex;
}

/* A regular file of SIZE bytes read whole in one call, or NULL. Asking
 * one byte more than the size proves the end was reached. */
static char *read_inline(struct session *s, const char *path, int64_t size)
{
  if (size <= 0 || size > INLINE_READ_MAX)
    return NULL;
  size_t n = 0;
  char *data = guestfs_pread(s->g, path, (int)size + 1, 0, &n);
  if (data && n == (size_t)size)
    return data;
  free(data);
  return NULL;
}

static char *digest_of(struct session *s, const struct file_fact *f)
{
  char *data = f->regular ? read_inline(s, f->path, f->size) : NULL;
  if (data) {
    char *hex = hex_sha256(data, (size_t)f->size);
    free(data);
    return hex;
  }
  if (f->regular && f->size == 0)
    return hex_sha256("", 0);
  return guestfs_checksum(s->g, "sha256", f->path);
}

char *guest_sha256(struct session *s, const char *path)
{
  struct file_fact *f = stated(s, path);
  if (!f->hashed) {
    f->sha256 = digest_of(s, f); /* no other fact is made meanwhile */
    f->hashed = true;
  }
  return f->sha256 ? xstrdup(f->sha256) : NULL;
}

int64_t guest_file_size(struct session *s, const char *path)
{
  const struct file_fact *f = stated(s, path);
  return f->regular ? f->size : guestfs_filesize(s->g, path);
}

bool guest_same_bytes(struct session *s, const char *a, const char *b)
{
  const struct file_fact *fa = stated(s, a);
  bool ra = fa->regular;
  int64_t sa = fa->size;
  const struct file_fact *fb = stated(s, b);
  if (ra && fb->regular && sa != fb->size)
    return false;
  char *da = guest_sha256(s, a);
  char *db = da ? guest_sha256(s, b) : NULL;
  bool same = da && db && strcmp(da, db) == 0;
  free(da);
  free(db);
  return same;
}

char *guest_read_file(struct session *s, const char *path, size_t *len)
{
  /* The size from a listing's lstat when there was one (guest_stat_names),
   * else asked. */
  const struct file_fact *f = known(s, path);
  int64_t size = f && f->stated && f->regular ? f->size
                                              : guestfs_filesize(s->g, path);
  char *data = read_inline(s, path, size);
  if (data) {
    data = xrealloc(data, (size_t)size + 1);
    data[size] = '\0';
    *len = (size_t)size;
    return data;
  }
  /* Empty, large or odd (a directory, a file that changed): as before. */
  data = guestfs_read_file(s->g, path, len);
  if (data) {
    data = xrealloc(data, *len + 1);
    data[*len] = '\0';
  }
  return data;
}

bool guest_is_file(struct session *s, const char *path)
{
  return guestfs_is_file_opts(s->g, path, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS,
                              1, -1) > 0;
}

char *guest_read_text(struct session *s, const char *path)
{
  size_t len;
  return guest_is_file(s, path) ? guest_read_file(s, path, &len) : NULL;
}
