/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The [Version] section of a driver .inf: enough to tell whose package it
 * is. Windows writes oemN.inf as UTF-16LE as often as ANSI. */
#include "v2v/inf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/hive.h"

static char *to_utf8(const unsigned char *d, size_t len)
{
  if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE)
    return reg_decode_utf16(d + 2, len - 2);
  if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
    d += 3, len -= 3;
  return strndup((const char *)d, len);
}

static char *trim(char *s)
{
  while (isspace((unsigned char)*s))
    s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1]))
    *--e = '\0';
  return s;
}

/* Strips a ; comment that is not inside quotes, then surrounding quotes. */
static char *clean_value(char *v)
{
  int quoted = 0;
  for (char *p = v; *p; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (*p == ';' && !quoted) {
      *p = '\0';
      break;
    }
  }
  v = trim(v);
  size_t n = strlen(v);
  if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
    v[n - 1] = '\0';
    v++;
  }
  return v;
}

struct kv {
  char *section, *key, *value;
};

/* Looks up KEY in SECTION (case-insensitive); a key with a decoration such
 * as CatalogFile.NTamd64 matches its base name. */
static const char *find(struct kv *kvs, size_t n, const char *section,
                        const char *key)
{
  size_t klen = strlen(key);
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(kvs[i].section, section) == 0 &&
        strncasecmp(kvs[i].key, key, klen) == 0 &&
        (kvs[i].key[klen] == '\0' || kvs[i].key[klen] == '.'))
      return kvs[i].value;
  return NULL;
}

static char *resolve(struct kv *kvs, size_t n, const char *v)
{
  if (!v)
    return NULL;
  size_t len = strlen(v);
  if (len > 2 && v[0] == '%' && v[len - 1] == '%') {
    char *token = strndup(v + 1, len - 2);
    const char *s = find(kvs, n, "Strings", token);
    free(token);
    if (s)
      return xstrdup(s);
  }
  return xstrdup(v);
}

struct kvs {
  struct kv *v;
  size_t n, cap;
};

static void kvs_free(struct kvs *k)
{
  for (size_t i = 0; i < k->n; i++) {
    free(k->v[i].section);
    free(k->v[i].key);
    free(k->v[i].value);
  }
  free(k->v);
}

static struct kvs parse(const void *data, size_t len)
{
  char *text = to_utf8(data, len);
  struct kvs k = {0};
  char *section = xstrdup("");
  char *save = NULL;
  for (char *line = strtok_r(text, "\r\n", &save); line;
       line = strtok_r(NULL, "\r\n", &save)) {
    line = trim(line);
    if (*line == '[') {
      char *end = strchr(line, ']');
      if (end) {
        *end = '\0';
        free(section);
        section = xstrdup(trim(line + 1));
      }
      continue;
    }
    char *eq = strchr(line, '=');
    if (!eq || *line == ';')
      continue;
    *eq = '\0';
    if (k.n == k.cap) {
      k.cap = k.cap ? k.cap * 2 : 32;
      k.v = xrealloc(k.v, k.cap * sizeof *k.v);
    }
    k.v[k.n++] = (struct kv){xstrdup(section), xstrdup(clean_value(line)),
                             xstrdup(clean_value(eq + 1))};
  }
  free(section);
  free(text);
  return k;
}

void inf_parse_version(const void *data, size_t len, struct driver_package *p)
{
  struct kvs k = parse(data, len);
  p->provider = resolve(k.v, k.n, find(k.v, k.n, "Version", "Provider"));
  p->catalog = resolve(k.v, k.n, find(k.v, k.n, "Version", "CatalogFile"));
  p->class_name = resolve(k.v, k.n, find(k.v, k.n, "Version", "Class"));
  p->driver_ver = resolve(k.v, k.n, find(k.v, k.n, "Version", "DriverVer"));
  kvs_free(&k);
}

char *inf_get(const void *data, size_t len, const char *section,
              const char *key)
{
  struct kvs k = parse(data, len);
  char *v = resolve(k.v, k.n, find(k.v, k.n, section, key));
  kvs_free(&k);
  return v;
}

/* Device lines are "desc = install[, hwid...]": the hardware IDs are the
 * comma-separated fields after the first. */
int inf_find_device(const void *data, size_t len, const char *hwid,
                    char **install, char **desc, char **mfg)
{
  struct kvs k = parse(data, len);
  int r = -1;
  *mfg = NULL;
  for (size_t i = 0; i < k.n && !*mfg; i++)
    if (strcasecmp(k.v[i].section, "Manufacturer") == 0)
      *mfg = xstrdup(k.v[i].key);
  for (size_t i = 0; i < k.n && r == -1; i++) {
    char *copy = xstrdup(k.v[i].value), *save = NULL;
    char *first = strtok_r(copy, ",", &save);
    for (char *f = first ? strtok_r(NULL, ",", &save) : NULL; f;
         f = strtok_r(NULL, ",", &save)) {
      if (strcasecmp(trim(f), hwid) == 0) {
        *install = xstrdup(trim(first));
        *desc = xstrdup(k.v[i].key);
        r = 0;
        break;
      }
    }
    free(copy);
  }
  if (r == -1) {
    free(*mfg);
    *mfg = NULL;
  }
  kvs_free(&k);
  return r;
}

strlist inf_device_ids(const void *data, size_t len, const char *hwid)
{
  struct kvs k = parse(data, len);
  strlist ids = {0};
  for (size_t i = 0; i < k.n && !ids.n; i++) {
    char *copy = xstrdup(k.v[i].value), *save = NULL;
    char *first = strtok_r(copy, ",", &save);
    for (char *f = first ? strtok_r(NULL, ",", &save) : NULL; f;
         f = strtok_r(NULL, ",", &save))
      strlist_add(&ids, trim(f));
    if (!strlist_contains_ci(&ids, hwid))
      strlist_free(&ids);
    free(copy);
  }
  kvs_free(&k);
  return ids;
}
