/* The [Version] section of a driver .inf: enough to tell whose package it
 * is. Windows writes oemN.inf as UTF-16LE as often as ANSI. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/hive.h"
#include "v2v/inspect.h"

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

void inf_parse_version(const void *data, size_t len, struct driver_package *p)
{
  char *text = to_utf8(data, len);
  struct kv *kvs = NULL;
  size_t n = 0, cap = 0;
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
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      kvs = xrealloc(kvs, cap * sizeof *kvs);
    }
    kvs[n++] = (struct kv){xstrdup(section), xstrdup(clean_value(line)),
                           xstrdup(clean_value(eq + 1))};
  }
  p->provider = resolve(kvs, n, find(kvs, n, "Version", "Provider"));
  p->catalog = resolve(kvs, n, find(kvs, n, "Version", "CatalogFile"));
  p->class_name = resolve(kvs, n, find(kvs, n, "Version", "Class"));
  p->driver_ver = resolve(kvs, n, find(kvs, n, "Version", "DriverVer"));
  for (size_t i = 0; i < n; i++) {
    free(kvs[i].section);
    free(kvs[i].key);
    free(kvs[i].value);
  }
  free(kvs);
  free(section);
  free(text);
}
