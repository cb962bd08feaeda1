/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/change.h"

#include <stdlib.h>
#include <string.h>

#include "v2v/byteorder.h"
#include "v2v/hive.h"

static struct change *add(struct change_list *l, enum change_op op,
                          const char *fixup, const char *why)
{
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->v = xrealloc(l->v, l->cap * sizeof *l->v);
  }
  struct change *c = &l->v[l->n++];
  memset(c, 0, sizeof *c);
  c->op = op;
  c->fixup = fixup;
  c->why = xstrdup(why);
  return c;
}

static struct change *add_reg(struct change_list *l, enum change_op op,
                              const char *fixup, enum hive_id h,
                              const char *key, const char *value,
                              const char *why)
{
  struct change *c = add(l, op, fixup, why);
  c->hive = h;
  c->key = xstrdup(key);
  c->value = value ? xstrdup(value) : NULL;
  return c;
}

void change_set_raw(struct change_list *l, const char *fixup, enum hive_id h,
                    const char *key, const char *value, uint32_t type,
                    const void *data, size_t len, const char *why)
{
  struct change *c = add_reg(l, CHG_SET_VALUE, fixup, h, key, value, why);
  c->type = type;
  c->len = len;
  c->data = xcalloc(1, len);
  memcpy(c->data, data, len);
}

void change_set_dword(struct change_list *l, const char *fixup, enum hive_id h,
                      const char *key, const char *value, uint32_t v,
                      const char *why)
{
  unsigned char b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
  change_set_raw(l, fixup, h, key, value, REGT_DWORD, b, 4, why);
}

void change_set_multi(struct change_list *l, const char *fixup, enum hive_id h,
                      const char *key, const char *value, char *const *items,
                      const char *why)
{
  size_t len;
  char *data = reg_encode_multi(items, &len);
  change_set_raw(l, fixup, h, key, value, REGT_MULTI_SZ, data, len, why);
  free(data);
}

void change_delete_value(struct change_list *l, const char *fixup,
                         enum hive_id h, const char *key, const char *value,
                         const char *why)
{
  add_reg(l, CHG_DELETE_VALUE, fixup, h, key, value, why);
}

void change_delete_key(struct change_list *l, const char *fixup,
                       enum hive_id h, const char *key, const char *why)
{
  add_reg(l, CHG_DELETE_KEY, fixup, h, key, NULL, why);
}

void change_delete_path(struct change_list *l, const char *fixup,
                        enum change_op op, const char *path, const char *why)
{
  add(l, op, fixup, why)->path = xstrdup(path);
}

void change_write_file(struct change_list *l, const char *fixup,
                       const char *path, const void *data, size_t len,
                       const char *why)
{
  struct change *c = add(l, CHG_WRITE_FILE, fixup, why);
  c->path = xstrdup(path);
  c->len = len;
  c->data = xcalloc(1, len);
  memcpy(c->data, data, len);
}

void change_copy_file(struct change_list *l, const char *fixup,
                      const char *source, const char *path, const char *why)
{
  struct change *c = add(l, CHG_COPY_FILE, fixup, why);
  c->source = xstrdup(source);
  c->path = xstrdup(path);
}

void change_symlink(struct change_list *l, const char *fixup,
                    const char *target, const char *path, const char *why)
{
  struct change *c = add(l, CHG_SYMLINK, fixup, why);
  c->source = xstrdup(target);
  c->path = xstrdup(path);
}

void change_run_command(struct change_list *l, const char *fixup,
                        const char *command, const char *why)
{
  add(l, CHG_RUN_COMMAND, fixup, why)->value = xstrdup(command);
}

const struct change *change_list_last_write(const struct change_list *l,
                                            const char *path)
{
  for (size_t i = l->n; i-- > 0;) {
    const struct change *c = &l->v[i];
    if ((c->op == CHG_WRITE_FILE || c->op == CHG_COPY_FILE ||
         c->op == CHG_SYMLINK || c->op == CHG_DELETE_FILE) &&
        strcmp(c->path, path) == 0)
      return c;
  }
  return NULL;
}

bool change_is_registry(const struct change *c)
{
  return c->op == CHG_SET_VALUE || c->op == CHG_DELETE_VALUE ||
         c->op == CHG_DELETE_KEY;
}

/* The new value in a form a person can check against regedit. */
static char *describe_data(const struct change *c)
{
  const unsigned char *d = c->data;
  switch (c->type) {
  case REGT_DWORD:
    if (c->len >= 4)
      return xasprintf("DWORD %u", le32(d));
    break;
  case REGT_SZ:
  case REGT_EXPAND_SZ: {
    char *s = reg_decode_utf16(c->data, c->len);
    char *r = xasprintf("%s \"%s\"", c->type == REGT_SZ ? "SZ" : "EXPAND_SZ",
                        s);
    free(s);
    return r;
  }
  case REGT_MULTI_SZ: {
    char **items = reg_decode_multi(c->data, c->len);
    char *list = strv_join(items, ", ", "\"");
    char *r = xasprintf("MULTI_SZ [%s]", list);
    free(list);
    strv_free(items);
    return r;
  }
  default:
    break;
  }
  return xasprintf("type %u, %zu bytes", c->type, c->len);
}

char *change_describe(const struct change *c)
{
  const char *hv = hive_id_name(c->hive);
  switch (c->op) {
  case CHG_SET_VALUE: {
    char *data = describe_data(c);
    char *r = xasprintf("%s\\%s: set %s = %s", hv, c->key,
                        *c->value ? c->value : "(default)", data);
    free(data);
    return r;
  }
  case CHG_DELETE_VALUE:
    return xasprintf("%s\\%s: delete value %s", hv, c->key, c->value);
  case CHG_DELETE_KEY:
    return xasprintf("%s\\%s: delete key", hv, c->key);
  case CHG_DELETE_FILE:
    return xasprintf("%s: delete file", c->path);
  case CHG_DELETE_TREE:
    return xasprintf("%s: delete folder", c->path);
  case CHG_WRITE_FILE:
    return xasprintf("%s: write file (%zu bytes)", c->path, c->len);
  case CHG_COPY_FILE:
    return xasprintf("%s: copy from %s", c->path, c->source);
  case CHG_SYMLINK:
    return xasprintf("%s: symbolic link to %s", c->path, c->source);
  case CHG_RUN_COMMAND:
    return xasprintf("run in the guest: %s", c->value);
  }
  return xstrdup("?");
}

void change_list_free(struct change_list *l)
{
  for (size_t i = 0; i < l->n; i++) {
    struct change *c = &l->v[i];
    free(c->key);
    free(c->value);
    free(c->data);
    free(c->path);
    free(c->source);
    free(c->why);
  }
  free(l->v);
  memset(l, 0, sizeof *l);
}
