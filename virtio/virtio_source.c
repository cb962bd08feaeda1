/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The virtio-win source: a directory or an ISO on the host. The ISO is
 * read by the run's one appliance (a second, read-only drive), never
 * mounted on the host; a directory's fitting folders are uploaded to the
 * appliance, so both are read the same way from there. */
#include "v2v/virtio_source.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "v2v/datafile.h"
#include "v2v/host_copy.h"
#include "v2v/inf.h"
#include "v2v/log.h"
#include "v2v/session.h"
#include "v2v/virtio_folders.h"

static bool is_dir(const char *p)
{
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int use_path(struct virtio_source *v, const char *path)
{
  char *iso = xasprintf("%s/virtio-win.iso", path);
  char *probe = xasprintf("%s/viostor", path);
  /* Distributions ship the ISO in a directory of that name. */
  if (is_dir(path) && is_file(iso) && !is_dir(probe)) {
    v->path = iso;
    v->iso = true;
  } else {
    v->path = xstrdup(path);
    v->iso = is_file(path);
    free(iso);
  }
  free(probe);
  return 0;
}

enum result virtio_source_locate(const struct options *o, struct virtio_source *v)
{
  memset(v, 0, sizeof *v);
  if (o->no_virtio)
    return RESULT_OK;
  const char *env = getenv("VIRTIO_WIN");
  const char *named = o->virtio_win ? o->virtio_win : env && *env ? env : NULL;
  if (named) {
    if (!is_dir(named) && !is_file(named)) {
      error_msg("virtio-win source %s: no such directory or ISO%s", named,
                o->virtio_win ? "" : " (from $VIRTIO_WIN)");
      return RESULT_ERROR;
    }
    return use_path(v, named);
  }
  if (is_dir("/usr/share/virtio-win"))
    return use_path(v, "/usr/share/virtio-win");
  return RESULT_OK;
}

/* The entry of DIR named NAME in any case, or NULL. */
static char *host_child_ci(const char *dir, const char *name)
{
  DIR *d = opendir(dir);
  char *r = NULL;
  for (struct dirent *e; d && !r && (e = readdir(d));)
    if (strcasecmp(e->d_name, name) == 0)
      r = xasprintf("%s/%s", dir, e->d_name);
  if (d)
    closedir(d);
  return r;
}

/* Uploads <Driver>/<os>/<arch> for every driver, fitting os and arch:
 * staged on the host under the scratch dir, then one transfer (each is a
 * round trip of ~0.3 s under TCG). */
static int upload_dir(struct session *s, const strlist *rows)
{
  struct virtio_source *v = &s->virtio;
  char *stage = xasprintf("%s/%s", s->tmpdir, &MNT_VIRTIO[1]);
  bool any = false;
  for (size_t i = 0; i < rows->n; i++) {
    char folder[128];
    if (sscanf(rows->v[i], "%127s", folder) != 1)
      continue;
    char *drv = host_child_ci(v->path, folder);
    for (size_t o = 0; drv && o < v->os.n; o++) {
      char *os = host_child_ci(drv, v->os.v[o]);
      for (size_t a = 0; os && a < v->arch.n; a++) {
        char *arch = host_child_ci(os, v->arch.v[a]);
        if (!arch || !is_dir(arch)) {
          free(arch);
          continue;
        }
        char *dest = xasprintf("%s%s%s", stage, os + strlen(v->path),
                               arch + strlen(os));
        int r = host_copy_tree(arch, dest);
        if (r == -1)
          error_msg("cannot stage %s in %s: %s", arch, dest, strerror(errno));
        any = true;
        free(dest);
        free(arch);
        if (r == -1) {
          free(os);
          free(drv);
          free(stage);
          return -1;
        }
      }
      free(os);
    }
    free(drv);
  }
  /* The stage is named like the mount point: it lands on it. */
  int r = any ? guestfs_copy_in(s->g, stage, "/") : 0;
  if (r == -1)
    error_msg("cannot copy %s into the appliance: %s", v->path,
              guestfs_last_error(s->g));
  free(stage);
  return r;
}

static int mount_source(struct session *s, const strlist *rows)
{
  struct virtio_source *v = &s->virtio;
  if (guestfs_mkmountpoint(s->g, MNT_VIRTIO) == -1) {
    error_msg("appliance: %s", guestfs_last_error(s->g));
    return -1;
  }
  if (!v->iso)
    return upload_dir(s, rows);
  /* The guest disk is the first drive; the ISO the last. */
  char **devs = guestfs_list_devices(s->g);
  size_t n = 0;
  while (devs && devs[n])
    n++;
  int r = n < 2 ? -1
                : guestfs_mount_vfs(s->g, "ro", "iso9660", devs[n - 1],
                                    MNT_VIRTIO);
  if (r == -1)
    error_msg("cannot read the virtio-win ISO %s: %s", v->path,
              n < 2 ? "not attached" : guestfs_last_error(s->g));
  strv_free(devs);
  return r;
}

static bool under(const char *entry, const char *prefix, size_t plen)
{
  return strncasecmp(entry, prefix, plen) == 0 && entry[plen] &&
         !strchr(entry + plen, '/');
}

static bool has_suffix_ci(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* The driver FOLDER/NAME in the first fitting os/arch folder of the tree
 * listing ALL (relative paths, from guestfs_find). */
static int find_driver(struct session *s, char **all, const char *folder,
                       const char *name)
{
  struct virtio_source *v = &s->virtio;
  for (size_t o = 0; o < v->os.n; o++) {
    for (size_t a = 0; a < v->arch.n; a++) {
      char *prefix = xasprintf("%s/%s/%s/", folder, v->os.v[o], v->arch.v[a]);
      size_t plen = strlen(prefix);
      char *inf = xasprintf("%s%s.inf", prefix, name);
      const char *hit = NULL;
      for (size_t i = 0; all[i] && !hit; i++)
        if (strcasecmp(all[i], inf) == 0)
          hit = all[i];
      free(inf);
      if (!hit) {
        free(prefix);
        continue;
      }
      v->drivers = xrealloc(v->drivers, (v->n + 1) * sizeof *v->drivers);
      struct virtio_driver *d = &v->drivers[v->n++];
      memset(d, 0, sizeof *d);
      d->folder = xstrdup(folder);
      d->name = xstrdup(name);
      d->os_folder = xstrdup(v->os.v[o]);
      d->arch_folder = xstrdup(v->arch.v[a]);
      d->dir = xasprintf("%s/%.*s", v->root, (int)plen - 1, hit);
      d->inf_file = xstrdup(hit + plen);
      for (size_t i = 0; all[i]; i++) {
        if (!under(all[i], prefix, plen) || has_suffix_ci(all[i], ".pdb"))
          continue;
        bool is_parent = false;
        size_t len = strlen(all[i]);
        for (size_t j = 0; all[j] && !is_parent; j++)
          is_parent = strncmp(all[j], all[i], len) == 0 && all[j][len] == '/';
        if (!is_parent)
          strlist_add(&d->files, all[i] + plen);
      }
      free(prefix);
      char *path = xasprintf("%s/%s", d->dir, d->inf_file);
      d->inf = guest_read_file(s, path, &d->inf_len);
      free(path);
      if (!d->inf) {
        error_msg("cannot read %s/%s from %s: %s", d->dir, d->inf_file,
                  v->path, guestfs_last_error(s->g));
        return -1;
      }
      inf_parse_version(d->inf, d->inf_len, &d->info);
      return 0;
    }
  }
  return 0;
}

static char *looked_for(const struct virtio_source *v, const char *folder)
{
  char *os = xstrdup(""), *arch = xstrdup("");
  for (size_t i = 0; i < v->os.n; i++) {
    char *t = xasprintf("%s%s%s", os, i ? "," : "", v->os.v[i]);
    free(os);
    os = t;
  }
  for (size_t i = 0; i < v->arch.n; i++) {
    char *t = xasprintf("%s%s%s", arch, i ? "," : "", v->arch.v[i]);
    free(arch);
    arch = t;
  }
  char *r = xasprintf("%s/{%s}/{%s}", folder, os, arch);
  free(os);
  free(arch);
  return r;
}

enum result virtio_source_prepare(struct session *s)
{
  struct virtio_source *v = &s->virtio;
  const struct guest *g = &s->guest;
  if (!v->path || strcmp(g->os_type, "windows") != 0)
    return RESULT_OK;
  v->os = virtio_os_folders(data_virtio_win_folders, g->major, g->minor,
                            g->product_variant, g->build);
  v->arch = virtio_arch_folders(data_virtio_win_folders, g->arch);
  strlist rows = datafile_section(data_virtio_win_folders, "drivers");
  enum result r = RESULT_OK;
  const char *boot = s->opts->block_driver;
  const char *boot_folder = boot;
  if (v->os.n && v->arch.n) {
    r = mount_source(s, &rows) == 0 ? RESULT_OK : RESULT_ERROR;
    guest_files_changed(s); /* a mount point and files in the appliance */
    v->root = xstrdup(MNT_VIRTIO);
    char **all = r == RESULT_OK ? guestfs_find(s->g, MNT_VIRTIO) : NULL;
    if (r == RESULT_OK && !all) {
      error_msg("cannot list %s: %s", v->path, guestfs_last_error(s->g));
      r = RESULT_ERROR;
    }
    /* This libguestfs returns "/viostor/..."; the documented form has no
     * leading slash. Accept both. */
    for (size_t i = 0; all && all[i]; i++)
      if (all[i][0] == '/')
        memmove(all[i], all[i] + 1, strlen(all[i]));
    for (size_t i = 0; r == RESULT_OK && i < rows.n; i++) {
      char folder[128], name[128];
      if (sscanf(rows.v[i], "%127s %127s", folder, name) != 2)
        continue;
      if (strcasecmp(name, boot) == 0)
        boot_folder = rows.v[i]; /* the row starts with the folder */
      r = find_driver(s, all, folder, name) == 0 ? RESULT_OK : RESULT_ERROR;
    }
    strv_free(all);
  }
  if (r == RESULT_OK && !virtio_source_driver(v, boot)) {
    char folder[128] = "";
    sscanf(boot_folder, "%127s", folder);
    char *where = looked_for(v, folder);
    error_msg("%s has no %s driver for %s %d.%d %s build %d %s: looked for "
              "%s (use --no-virtio to go on without virtio drivers)",
              v->path, boot, g->product_name, g->major, g->minor,
              g->product_variant, g->build, g->arch, where);
    free(where);
    r = RESULT_REFUSED;
  }
  strlist_free(&rows);
  return r;
}

const struct virtio_driver *virtio_source_driver(const struct virtio_source *v,
                                                 const char *name)
{
  for (size_t i = 0; i < v->n; i++)
    if (strcasecmp(v->drivers[i].name, name) == 0)
      return &v->drivers[i];
  return NULL;
}

void virtio_source_free(struct virtio_source *v)
{
  for (size_t i = 0; i < v->n; i++) {
    struct virtio_driver *d = &v->drivers[i];
    free(d->folder), free(d->name), free(d->os_folder), free(d->arch_folder);
    free(d->dir), free(d->inf_file), free(d->inf);
    strlist_free(&d->files);
    free(d->info.provider), free(d->info.catalog), free(d->info.class_name),
        free(d->info.driver_ver);
  }
  free(v->drivers);
  free(v->path);
  free(v->root);
  strlist_free(&v->os);
  strlist_free(&v->arch);
  memset(v, 0, sizeof *v);
}
