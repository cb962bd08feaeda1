/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/fstab.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/alloc.h"

/* fstab's octal escapes: \040 space, \011 tab, \134 backslash. */
static char *unescaped(const char *field)
{
  char *out = xstrdup(field), *w = out;
  for (const char *r = field; *r; r++) {
    if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
        r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
      *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
      r += 3;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
  return out;
}

static bool word_in(const char *word, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strcmp(word, list[i]) == 0)
      return true;
  return false;
}

/* Whether OPTIONS (comma-separated) holds OPT. */
static bool has_option(const char *options, const char *opt)
{
  size_t n = strlen(opt);
  for (const char *p = options; p; p = strchr(p, ',')) {
    p += *p == ',';
    if (strncmp(p, opt, n) == 0 && (p[n] == ',' || p[n] == '\0'))
      return true;
  }
  return false;
}

void fstab_parse(const char *text, struct fstab_entry **out, size_t *n)
{
  static const char *const skipped[] = {
      "swap",  "none",  "proc",  "sysfs", "tmpfs", "devpts", "devtmpfs",
      "nfs",   "nfs4",  "cifs",  "smbfs", "sshfs", "fuse",   "glusterfs",
      "cgroup", "cgroup2", "securityfs", "debugfs", "hugetlbfs", "mqueue",
      "binfmt_misc", "autofs", "iso9660", "udf", NULL};
  *out = NULL;
  *n = 0;
  char *copy = xstrdup(text);
  for (char *line = copy, *next; line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    char *f[4] = {0}, *save = NULL;
    size_t k = 0;
    for (char *w = strtok_r(line, " \t\r", &save); w && k < 4;
         w = strtok_r(NULL, " \t\r", &save))
      f[k++] = w;
    if (k < 3 || f[0][0] == '#' || f[1][0] != '/' || !strcmp(f[1], "/") ||
        word_in(f[2], skipped) || strncmp(f[2], "fuse.", 5) == 0 ||
        (k > 3 && (has_option(f[3], "bind") || has_option(f[3], "rbind"))))
      continue;
    *out = xrealloc(*out, (*n + 1) * sizeof **out);
    (*out)[(*n)++] = (struct fstab_entry){
        .spec = unescaped(f[0]), .mountpoint = unescaped(f[1]),
        .fstype = xstrdup(f[2])};
  }
  free(copy);
}

void fstab_free(struct fstab_entry *e, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(e[i].spec);
    free(e[i].mountpoint);
    free(e[i].fstype);
  }
  free(e);
}

int disk_index_of_letters(const char *letters, size_t len)
{
  if (!len || len > 3)
    return -1;
  int index = 0;
  for (size_t i = 0; i < len; i++) {
    if (letters[i] < 'a' || letters[i] > 'z')
      return -1;
    index = index * 26 + (letters[i] - 'a' + 1);
  }
  return index - 1;
}

/* /dev/{xvd,sd,vd,hd}<letters><digits>: disk index and partition. */
static bool device_name(const char *spec, int *disk, int *part)
{
  static const char *const kinds[] = {"/dev/xvd", "/dev/sd", "/dev/vd",
                                      "/dev/hd", NULL};
  for (size_t i = 0; kinds[i]; i++) {
    size_t k = strlen(kinds[i]);
    if (strncmp(spec, kinds[i], k) != 0)
      continue;
    const char *name = spec + k;
    size_t letters = strspn(name, "abcdefghijklmnopqrstuvwxyz");
    size_t digits = strspn(name + letters, "0123456789");
    if (!letters || name[letters + digits] != '\0')
      return false;
    *disk = disk_index_of_letters(name, letters);
    *part = digits ? atoi(name + letters) : 0;
    return *disk >= 0;
  }
  return false;
}

/* "/dev/mapper/vg--root-lv_home" -> "/dev/vg-root/lv_home" ('-' doubled
 * inside names, single between VG and LV). Malloc'ed, or NULL. */
static char *mapper_to_lv(const char *spec)
{
  const char *name = spec + strlen("/dev/mapper/");
  char *out = xasprintf("/dev/%s", name), *w = out + 5;
  bool split = false;
  for (const char *r = name; *r; r++) {
    if (r[0] == '-' && r[1] == '-') {
      *w++ = '-';
      r++;
    } else if (r[0] == '-' && !split) {
      *w++ = '/';
      split = true;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
  if (!split) {
    free(out);
    return NULL;
  }
  return out;
}

/* VALUE of SPEC as KEY=value (quotes stripped) or /dev/disk/by-DIR/value;
 * malloc'ed, or NULL. */
static char *tagged(const char *spec, const char *key, const char *dir)
{
  size_t k = strlen(key);
  if (strncasecmp(spec, key, k) == 0 && spec[k] == '=') {
    const char *v = spec + k + 1;
    size_t len = strlen(v);
    if (len >= 2 && (v[0] == '"' || v[0] == '\'') && v[len - 1] == v[0])
      return strndup(v + 1, len - 2);
    return xstrdup(v);
  }
  char *prefix = xasprintf("/dev/disk/%s/", dir);
  size_t p = strlen(prefix);
  char *r = strncmp(spec, prefix, p) == 0 ? unescaped(spec + p) : NULL;
  free(prefix);
  /* udev writes by-label names with \x20 escapes. */
  for (char *x = r ? strstr(r, "\\x") : NULL; x; x = strstr(x + 1, "\\x")) {
    char hex[3] = {x[2], x[2] ? x[3] : 0, 0};
    char *end;
    long c = strtol(hex, &end, 16);
    if (end != hex + 2)
      continue;
    *x = (char)c;
    memmove(x + 1, x + 4, strlen(x + 4) + 1);
  }
  return r;
}

const char *fstab_resolve(const char *spec, const struct guest_fs *fs,
                          size_t n)
{
  static const char *const tags[][2] = {{"UUID", "by-uuid"},
                                        {"LABEL", "by-label"},
                                        {"PARTUUID", "by-partuuid"}};
  for (size_t t = 0; t < 3; t++) {
    char *v = tagged(spec, tags[t][0], tags[t][1]);
    if (!v)
      continue;
    const char *found = NULL;
    for (size_t i = 0; i < n && !found; i++) {
      const char *have = t == 0 ? fs[i].uuid : t == 1 ? fs[i].label
                                                      : fs[i].partuuid;
      if (have && (t == 1 ? strcmp(have, v) : strcasecmp(have, v)) == 0)
        found = fs[i].device;
    }
    free(v);
    return found;
  }
  int disk, part;
  if (device_name(spec, &disk, &part)) {
    for (size_t i = 0; i < n; i++)
      if (fs[i].disk == disk && fs[i].part == part)
        return fs[i].device;
    return NULL;
  }
  char *lv = strncmp(spec, "/dev/mapper/", 12) == 0 ? mapper_to_lv(spec)
                                                     : xstrdup(spec);
  const char *found = NULL;
  for (size_t i = 0; lv && i < n && !found; i++)
    if (fs[i].disk < 0 && strcmp(fs[i].device, lv) == 0)
      found = fs[i].device;
  free(lv);
  return found;
}
