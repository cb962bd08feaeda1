/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/hive.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/strlist.h"

struct hive {
  hive_h *h;
  char *file;
  bool dirty;
  const char *corrupt; /* why a walk gave up on it (static text), or NULL */
};

/* Windows refuses keys nested deeper than 512; a deeper parent chain can
 * only be a loop in a damaged or crafted hive. */
#define HIVE_MAX_DEPTH 512

hive *hive_open(const char *file, bool writable)
{
  hive_h *hh = hivex_open(file, writable ? HIVEX_OPEN_WRITE : 0);
  if (!hh)
    return NULL;
  hive *h = xcalloc(1, sizeof *h);
  h->h = hh;
  h->file = xstrdup(file);
  return h;
}

void hive_close(hive *h)
{
  if (!h)
    return;
  hivex_close(h->h);
  free(h->file);
  free(h);
}

enum result hive_commit(hive *h, const char *file)
{
  if (hivex_commit(h->h, file, 0) == -1)
    return RESULT_ERROR;
  h->dirty = false;
  return RESULT_OK;
}

bool hive_is_dirty(const hive *h) { return h->dirty; }
const char *hive_corruption(const hive *h) { return h->corrupt; }
const char *hive_filename(const hive *h) { return h->file; }
hive_node_h hive_root(hive *h) { return hivex_root(h->h); }

/* Walks PATH; with CREATE, adds missing keys. */
static hive_node_h walk(hive *h, hive_node_h node, const char *path,
                        bool create)
{
  char *copy = xstrdup(path), *save = NULL;
  for (char *part = strtok_r(copy, "\\", &save); part && node;
       part = strtok_r(NULL, "\\", &save)) {
    errno = 0;
    hive_node_h child = hivex_node_get_child(h->h, node, part);
    if (!child && create && errno == 0) {
      child = hivex_node_add_child(h->h, node, part);
      if (child)
        h->dirty = true;
    }
    node = child;
  }
  free(copy);
  return node;
}

hive_node_h hive_lookup(hive *h, hive_node_h from, const char *path)
{
  return walk(h, from, path, false);
}

hive_node_h hive_ensure(hive *h, hive_node_h from, const char *path)
{
  return walk(h, from, path, true);
}

char *hive_node_name(hive *h, hive_node_h node)
{
  char *name = hivex_node_name(h->h, node);
  if (name)
    return name;
  h->corrupt = "a key name cannot be read";
  return xstrdup("");
}

char *hive_node_path(hive *h, hive_node_h node)
{
  hive_node_h root = hivex_root(h->h);
  char *path = xstrdup("");
  for (int depth = 0; node && node != root; depth++) {
    char *name = hivex_node_name(h->h, node);
    if (!name || depth == HIVE_MAX_DEPTH) {
      h->corrupt = name ? "a key's parents loop or nest deeper than 512"
                        : "a key name cannot be read";
      free(name);
      free(path);
      return NULL;
    }
    char *joined = *path ? xasprintf("%s\\%s", name, path) : xstrdup(name);
    free(name);
    free(path);
    path = joined;
    node = hivex_node_parent(h->h, node);
  }
  return path;
}

hive_node_h *hive_children(hive *h, hive_node_h node)
{
  hive_node_h *c = hivex_node_children(h->h, node);
  return c ? c : xcalloc(1, sizeof *c);
}

char **hive_value_names(hive *h, hive_node_h node)
{
  strlist names = {0};
  hive_value_h *vals = hivex_node_values(h->h, node);
  for (size_t i = 0; vals && vals[i]; i++) {
    char *name = hivex_value_key(h->h, vals[i]);
    if (name)
      strlist_take(&names, name);
    else /* a damaged value: skipped, the others still listed */
      h->corrupt = "a value name cannot be read";
  }
  free(vals);
  if (!names.v)
    return xcalloc(1, sizeof(char *));
  return names.v;
}

static hive_value_h find_value(hive *h, hive_node_h node, const char *name)
{
  if (!node)
    return 0;
  return hivex_node_get_value(h->h, node, name);
}

bool hive_has_value(hive *h, hive_node_h node, const char *name)
{
  return find_value(h, node, name) != 0;
}

int hive_get_raw(hive *h, hive_node_h node, const char *name, uint32_t *type,
                 void **data, size_t *len)
{
  hive_value_h v = find_value(h, node, name);
  if (!v)
    return -1;
  hive_type t;
  size_t l;
  char *d = hivex_value_value(h->h, v, &t, &l);
  if (!d)
    return -1;
  *type = (uint32_t)t;
  *data = d;
  *len = l;
  return 0;
}

int hive_get_dword(hive *h, hive_node_h node, const char *name, uint32_t *out)
{
  uint32_t type;
  void *data;
  size_t len;
  if (hive_get_raw(h, node, name, &type, &data, &len) == -1)
    return -1;
  int ok = type == REGT_DWORD && len >= 4;
  if (ok)
    memcpy(out, data, 4); /* hives are little-endian, as is x86 */
  free(data);
  return ok ? 0 : -1;
}

char *reg_decode_utf16(const void *data, size_t len)
{
  const unsigned char *p = data;
  size_t units = len / 2;
  /* 3 bytes per unit is enough: a surrogate pair is 2 units, 4 bytes. */
  char *out = xcalloc(units * 3 + 1, 1), *o = out;
  for (size_t i = 0; i < units; i++) {
    uint32_t c = p[2 * i] | (p[2 * i + 1] << 8);
    if (c == 0)
      break;
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < units) {
      uint32_t lo = p[2 * i + 2] | (p[2 * i + 3] << 8);
      if (lo >= 0xDC00 && lo < 0xE000) {
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
        i++;
      }
    }
    if (c < 0x80) {
      *o++ = (char)c;
    } else if (c < 0x800) {
      *o++ = (char)(0xC0 | (c >> 6));
      *o++ = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *o++ = (char)(0xE0 | (c >> 12));
      *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
      *o++ = (char)(0x80 | (c & 0x3F));
    } else {
      *o++ = (char)(0xF0 | (c >> 18));
      *o++ = (char)(0x80 | ((c >> 12) & 0x3F));
      *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
      *o++ = (char)(0x80 | (c & 0x3F));
    }
  }
  *o = '\0';
  return out;
}

char *hive_get_string(hive *h, hive_node_h node, const char *name)
{
  uint32_t type;
  void *data;
  size_t len;
  if (hive_get_raw(h, node, name, &type, &data, &len) == -1)
    return NULL;
  char *s = NULL;
  if (type == REGT_SZ || type == REGT_EXPAND_SZ)
    s = reg_decode_utf16(data, len);
  free(data);
  return s;
}

char **reg_decode_multi(const void *data, size_t len)
{
  const unsigned char *p = data;
  strlist items = {0};
  size_t i = 0;
  while (i + 1 < len) {
    size_t start = i;
    while (i + 1 < len && (p[i] | p[i + 1]))
      i += 2;
    if (i == start)
      break; /* the empty string that ends the list */
    strlist_take(&items, reg_decode_utf16(p + start, i - start));
    i += 2;
  }
  return items.v ? items.v : xcalloc(1, sizeof(char *));
}

char **hive_get_multi(hive *h, hive_node_h node, const char *name)
{
  uint32_t type;
  void *data;
  size_t len;
  if (hive_get_raw(h, node, name, &type, &data, &len) == -1)
    return NULL;
  char **items;
  if (type == REGT_MULTI_SZ) {
    items = reg_decode_multi(data, len);
  } else {
    items = xcalloc(2, sizeof(char *));
    char *one = type == REGT_SZ || type == REGT_EXPAND_SZ
                    ? reg_decode_utf16(data, len)
                    : NULL;
    if (one && *one)
      items[0] = one;
    else
      free(one);
  }
  free(data);
  return items;
}

/* UTF-8 to UTF-16LE, appended to BUF at *LEN (BUF has room: 4 bytes per
 * input byte is always enough). */
static void put_utf16(unsigned char *buf, size_t *len, const char *utf8)
{
  const unsigned char *s = (const unsigned char *)utf8;
  while (*s) {
    uint32_t c;
    if (*s < 0x80) {
      c = *s++;
    } else if ((*s & 0xE0) == 0xC0 && s[1]) {
      c = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
      s += 2;
    } else if ((*s & 0xF0) == 0xE0 && s[1] && s[2]) {
      c = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
      s += 3;
    } else if ((*s & 0xF8) == 0xF0 && s[1] && s[2] && s[3]) {
      c = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
          ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
      s += 4;
    } else {
      c = 0xFFFD; /* invalid byte: replacement character */
      s++;
    }
    if (c >= 0x10000) {
      c -= 0x10000;
      uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
      buf[(*len)++] = hi & 0xFF;
      buf[(*len)++] = (unsigned char)(hi >> 8);
      buf[(*len)++] = lo & 0xFF;
      buf[(*len)++] = (unsigned char)(lo >> 8);
    } else {
      buf[(*len)++] = c & 0xFF;
      buf[(*len)++] = (unsigned char)(c >> 8);
    }
  }
}

char *reg_encode_sz(const char *utf8, size_t *len)
{
  unsigned char *buf = xcalloc(strlen(utf8) * 4 + 2, 1);
  *len = 0;
  put_utf16(buf, len, utf8);
  *len += 2; /* the NUL, already zero */
  return (char *)buf;
}

char *reg_encode_multi(char *const *items, size_t *len)
{
  size_t cap = 4;
  for (size_t i = 0; items && items[i]; i++)
    cap += strlen(items[i]) * 4 + 2;
  unsigned char *buf = xcalloc(cap, 1);
  *len = 0;
  for (size_t i = 0; items && items[i]; i++) {
    put_utf16(buf, len, items[i]);
    *len += 2;
  }
  *len += 2; /* the empty string that ends the list */
  return (char *)buf;
}

int hive_set_raw(hive *h, hive_node_h node, const char *name, uint32_t type,
                 const void *data, size_t len)
{
  hive_set_value v = {
      .key = (char *)name, .t = type, .len = len, .value = (char *)data};
  if (hivex_node_set_value(h->h, node, &v, 0) == -1)
    return -1;
  h->dirty = true;
  return 0;
}

int hive_set_dword(hive *h, hive_node_h node, const char *name, uint32_t v)
{
  unsigned char b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
  return hive_set_raw(h, node, name, REGT_DWORD, b, 4);
}

int hive_set_qword(hive *h, hive_node_h node, const char *name, uint64_t v)
{
  unsigned char b[8];
  for (int i = 0; i < 8; i++)
    b[i] = (v >> (8 * i)) & 0xFF;
  return hive_set_raw(h, node, name, REGT_QWORD, b, 8);
}

int hive_set_string(hive *h, hive_node_h node, const char *name,
                    uint32_t type, const char *utf8)
{
  size_t len;
  char *data = reg_encode_sz(utf8, &len);
  int r = hive_set_raw(h, node, name, type, data, len);
  free(data);
  return r;
}

int hive_set_multi(hive *h, hive_node_h node, const char *name,
                   char *const *items)
{
  size_t len;
  char *data = reg_encode_multi(items, &len);
  int r = hive_set_raw(h, node, name, REGT_MULTI_SZ, data, len);
  free(data);
  return r;
}

/* hivex has no call to delete one value: rewrite the node's value list
 * without it, keeping every other value's type and bytes. */
int hive_delete_value(hive *h, hive_node_h node, const char *name)
{
  hive_value_h *vals = hivex_node_values(h->h, node);
  if (!vals)
    return -1;
  size_t n = 0;
  while (vals[n])
    n++;
  hive_set_value *keep = xcalloc(n + 1, sizeof *keep);
  size_t kept = 0;
  int found = 0, r = 0;
  for (size_t i = 0; i < n; i++) {
    char *key = hivex_value_key(h->h, vals[i]);
    if (!key) {
      r = -1;
      break;
    }
    if (!found && strcasecmp(key, name) == 0) {
      found = 1;
      free(key);
      continue;
    }
    hive_type t;
    size_t len;
    char *data = hivex_value_value(h->h, vals[i], &t, &len);
    if (!data) {
      free(key);
      r = -1;
      break;
    }
    keep[kept++] = (hive_set_value){.key = key, .t = t, .len = len,
                                    .value = data};
  }
  if (r == 0 && found) {
    r = hivex_node_set_values(h->h, node, kept, keep, 0);
    if (r == 0)
      h->dirty = true;
  }
  for (size_t i = 0; i < kept; i++) {
    free(keep[i].key);
    free(keep[i].value);
  }
  free(keep);
  free(vals);
  if (r == -1)
    return -1;
  return found ? 0 : 1;
}

int hive_delete_key(hive *h, hive_node_h node)
{
  if (hivex_node_delete_child(h->h, node) == -1)
    return -1;
  h->dirty = true;
  return 0;
}

char **strv_without_ci(char *const *v, char *const *names, bool *removed)
{
  strlist out = {0};
  *removed = false;
  for (size_t i = 0; v && v[i]; i++) {
    bool drop = false;
    for (size_t j = 0; names && names[j] && !drop; j++)
      drop = strcasecmp(v[i], names[j]) == 0;
    if (drop)
      *removed = true;
    else
      strlist_add(&out, v[i]);
  }
  return out.v ? out.v : xcalloc(1, sizeof(char *));
}
