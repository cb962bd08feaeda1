/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The [Version] section of a driver .inf: enough to tell whose package it
 * is. Windows writes oemN.inf as UTF-16LE as often as ANSI. */
#include "v2v/inf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/hive.h"
#include "v2v/strbuf.h"

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

/* A backslash as the last character of a line (trailing blanks aside)
 * continues it on the next: Xen's INFs split long device lines so. */
static void join_continuations(char *text)
{
  char *w = text;
  for (char *r = text; *r;) {
    if (*r == '\\') {
      char *e = r + 1;
      while (*e == ' ' || *e == '\t')
        e++;
      if (*e == '\r' || *e == '\n') {
        if (*e == '\r' && e[1] == '\n')
          e++;
        r = e + 1;
        continue;
      }
    }
    *w++ = *r++;
  }
  *w = '\0';
}

static struct kvs parse(const void *data, size_t len)
{
  char *text = to_utf8(data, len);
  join_continuations(text);
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
    if (*line == ';' || !*line)
      continue;
    if (k.n == k.cap) {
      k.cap = k.cap ? k.cap * 2 : 32;
      k.v = xrealloc(k.v, k.cap * sizeof *k.v);
    }
    /* "key = value", or a line of its own such as an AddReg entry
     * (HKR, "Parameters", "BusType", 0x00010001, 1): key "" then. */
    char *eq = strchr(line, '=');
    char *quote = strchr(line, '"');
    if (eq && (!quote || eq < quote)) {
      *eq = '\0';
      k.v[k.n++] = (struct kv){xstrdup(section), xstrdup(clean_value(line)),
                               xstrdup(clean_value(eq + 1))};
    } else {
      char *v = clean_value(line);
      if (!*v)
        continue;
      k.v[k.n++] = (struct kv){xstrdup(section), xstrdup(""), xstrdup(v)};
    }
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

/* The first of SECTION, SECTION.NT, SECTION.NTamd64... (then SUFFIX) that
 * the file has, or NULL. */
static char *decorated(const struct kvs *k, const char *section,
                       const char *suffix)
{
  static const char *const decorations[] = {"", ".NT", ".NTamd64", ".NTx86",
                                            ".NTarm64", NULL};
  for (int d = 0; decorations[d]; d++) {
    char *name = xasprintf("%s%s%s", section, decorations[d], suffix);
    for (size_t i = 0; i < k->n; i++)
      if (strcasecmp(k->v[i].section, name) == 0)
        return name;
    free(name);
  }
  return NULL;
}

/* The comma-separated fields of a line, quotes removed, %tokens% of
 * [Strings] resolved and %% made %. */
static strlist fields(const struct kvs *k, const char *line)
{
  strlist out = {0};
  struct strbuf b = {0};
  bool quoted = false;
  for (const char *p = line;; p++) {
    if (*p == '"') {
      quoted = !quoted;
      continue;
    }
    if (*p == '\0' || (*p == ',' && !quoted)) {
      char *f = strbuf_finish(&b);
      char *t = trim(f);
      char *r = resolve(k->v, k->n, t);
      struct strbuf u = {0};
      for (const char *c = r; *c; c++) {
        strbuf_add(&u, c, 1);
        if (c[0] == '%' && c[1] == '%')
          c++;
      }
      strlist_take(&out, strbuf_finish(&u));
      free(r);
      free(f);
      b = (struct strbuf){0};
      if (!*p)
        break;
      continue;
    }
    strbuf_add(&b, p, 1);
  }
  return out;
}

/* FLG_ADDREG_* (setupapi.h) to a registry type; 0 for a key only. */
#define ADDREG_BINVALUETYPE 0x00000001
#define ADDREG_KEYONLY 0x00000010
#define ADDREG_TYPE_MULTI_SZ 0x00010000
#define ADDREG_TYPE_EXPAND_SZ 0x00020000
#define ADDREG_TYPE_DWORD 0x00010001

static void add_entry(struct inf_reg **v, size_t *n, const strlist *f)
{
  const char *subkey = f->n > 1 ? f->v[1] : "";
  const char *name = f->n > 2 ? f->v[2] : NULL;
  unsigned long flags = f->n > 3 && *f->v[3] ? strtoul(f->v[3], NULL, 0) : 0;
  struct inf_reg r = {.subkey = xstrdup(subkey)};
  if ((flags & ADDREG_KEYONLY) || !name) {
    r.type = 0;
  } else if ((flags & ADDREG_TYPE_DWORD) == ADDREG_TYPE_DWORD) {
    uint32_t d = f->n > 4 ? (uint32_t)strtoul(f->v[4], NULL, 0) : 0;
    r.type = 4;
    r.len = 4;
    r.data = xcalloc(1, 4);
    memcpy(r.data, &d, 4); /* little-endian hosts only, as the hives */
  } else if (flags & ADDREG_TYPE_MULTI_SZ) {
    r.type = 7;
    r.data = (unsigned char *)reg_encode_multi(f->n > 4 ? f->v + 4 : NULL,
                                               &r.len);
  } else if (flags & ADDREG_BINVALUETYPE) {
    r.type = 3;
    r.data = xcalloc(f->n, 1);
    for (size_t i = 4; i < f->n; i++)
      r.data[r.len++] = (unsigned char)strtoul(f->v[i], NULL, 16);
  } else {
    r.type = (flags & ADDREG_TYPE_EXPAND_SZ) ? 2 : 1;
    r.data = (unsigned char *)reg_encode_sz(f->n > 4 ? f->v[4] : "", &r.len);
  }
  r.name = name && r.type ? xstrdup(name) : NULL;
  *v = xrealloc(*v, (*n + 1) * sizeof **v);
  (*v)[(*n)++] = r;
}

size_t inf_addreg(const void *data, size_t len, const char *section,
                  struct inf_reg **out)
{
  struct kvs k = parse(data, len);
  *out = NULL;
  size_t n = 0;
  char *sec = decorated(&k, section, "");
  for (size_t i = 0; sec && i < k.n; i++) {
    if (strcasecmp(k.v[i].section, sec) || strcasecmp(k.v[i].key, "AddReg"))
      continue;
    strlist lists = fields(&k, k.v[i].value);
    for (size_t j = 0; j < lists.n; j++)
      for (size_t e = 0; e < k.n; e++) {
        if (strcasecmp(k.v[e].section, lists.v[j]) || *k.v[e].key)
          continue;
        strlist f = fields(&k, k.v[e].value);
        if (f.n && strcasecmp(f.v[0], "HKR") == 0) /* relative entries only */
          add_entry(out, &n, &f);
        strlist_free(&f);
      }
    strlist_free(&lists);
  }
  free(sec);
  kvs_free(&k);
  return n;
}

void inf_reg_free(struct inf_reg *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(v[i].subkey);
    free(v[i].name);
    free(v[i].data);
  }
  free(v);
}

char *inf_decorated(const void *data, size_t len, const char *section,
                    const char *suffix)
{
  struct kvs k = parse(data, len);
  char *r = decorated(&k, section, suffix);
  kvs_free(&k);
  return r;
}

int inf_service_sections(const void *data, size_t len, const char *install,
                         const char *service, char **service_inst,
                         char **eventlog_inst)
{
  struct kvs k = parse(data, len);
  *service_inst = *eventlog_inst = NULL;
  char *sec = decorated(&k, install, ".Services");
  for (size_t i = 0; sec && i < k.n && !*service_inst; i++) {
    if (strcasecmp(k.v[i].section, sec) ||
        strcasecmp(k.v[i].key, "AddService"))
      continue;
    strlist f = fields(&k, k.v[i].value);
    /* AddService = name, flags, service-install[, event-log-install] */
    if (f.n >= 3 && strcasecmp(f.v[0], service) == 0) {
      *service_inst = xstrdup(f.v[2]);
      if (f.n >= 4 && *f.v[3])
        *eventlog_inst = xstrdup(f.v[3]);
    }
    strlist_free(&f);
  }
  free(sec);
  kvs_free(&k);
  return *service_inst ? 0 : -1;
}
