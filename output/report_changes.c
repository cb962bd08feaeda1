/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report's "plan": every change, with registry values as structured
 * data, the one they replace (read from the hives before anything is
 * applied) and the one they set, so that a reader can check or undo each
 * without parsing descriptions. */
#include "v2v/report_changes.h"

#include <stdio.h>
#include <stdlib.h>

#include "v2v/alloc.h"
#include "v2v/byteorder.h"
#include "v2v/strlist.h"

static const char *reg_type_name(uint32_t type)
{
  static const char *const names[] = {
      "REG_NONE",          "REG_SZ",
      "REG_EXPAND_SZ",     "REG_BINARY",
      "REG_DWORD",         "REG_DWORD_BIG_ENDIAN",
      "REG_LINK",          "REG_MULTI_SZ",
      "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTOR",
      "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD"};
  return type < sizeof names / sizeof names[0] ? names[type] : NULL;
}

static json_object *hex_json(const unsigned char *d, size_t len)
{
  char *hex = xcalloc(1, len * 2 + 1);
  for (size_t i = 0; i < len; i++)
    snprintf(hex + 2 * i, 3, "%02x", d[i]);
  json_object *j = json_object_new_string(hex);
  free(hex);
  return j;
}

static json_object *multi_json(const void *data, size_t len)
{
  json_object *a = json_object_new_array();
  char **items = reg_decode_multi(data, len);
  for (size_t i = 0; items[i]; i++)
    json_object_array_add(a, json_object_new_string(items[i]));
  strv_free(items);
  return a;
}

json_object *reg_value_json(uint32_t type, const void *data, size_t len)
{
  const unsigned char *d = data;
  json_object *o = json_object_new_object();
  const char *name = reg_type_name(type);
  json_object_object_add(o, "type", name ? json_object_new_string(name)
                                         : json_object_new_int64(type));
  json_object *v;
  if (type == REGT_DWORD && len == 4)
    v = json_object_new_int64(le32(d));
  else if (type == REGT_QWORD && len == 8 && le64(d) <= INT64_MAX)
    v = json_object_new_int64((int64_t)le64(d));
  else if (type == REGT_SZ || type == REGT_EXPAND_SZ) {
    char *s = reg_decode_utf16(data, len);
    v = json_object_new_string(s);
    free(s);
  } else if (type == REGT_MULTI_SZ)
    v = multi_json(data, len);
  else
    v = hex_json(d, len); /* binary, a size that is off, a QWORD past int64 */
  json_object_object_add(o, "data", v);
  return o;
}

/* What the registry holds where C changes it, before the plan: the value,
 * or for a key the counts below it; null when nothing is there. */
static json_object *before_json(hive *h, const struct change *c)
{
  hive_node_h node = h ? hive_lookup(h, hive_root(h), c->key) : 0;
  if (!node)
    return json_object_new_null();
  if (c->op == CHG_DELETE_KEY) {
    json_object *o = json_object_new_object();
    hive_node_h *kids = hive_children(h, node);
    char **names = hive_value_names(h, node);
    size_t nk = 0, nv = 0;
    while (kids[nk])
      nk++;
    while (names && names[nv])
      nv++;
    json_object_object_add(o, "subkeys", json_object_new_int64((int64_t)nk));
    json_object_object_add(o, "values", json_object_new_int64((int64_t)nv));
    free(kids);
    strv_free(names);
    return o;
  }
  uint32_t type;
  void *data;
  size_t len;
  if (hive_get_raw(h, node, c->value, &type, &data, &len) == -1)
    return json_object_new_null();
  json_object *o = reg_value_json(type, data, len);
  free(data);
  return o;
}

json_object *report_changes_json(const struct change_list *plan,
                                 hive *const hives[HIVE_COUNT])
{
  static const char *const ops[] = {"set-value", "delete-value", "delete-key",
                                    "delete-file", "delete-folder",
                                    "write-file", "copy-file", "symlink",
                                    "run-command"};
  json_object *a = json_object_new_array();
  for (size_t i = 0; i < plan->n; i++) {
    const struct change *c = &plan->v[i];
    json_object *jc = json_object_new_object();
    json_object_object_add(jc, "fixup", json_object_new_string(c->fixup));
    json_object_object_add(jc, "op", json_object_new_string(ops[c->op]));
    if (c->key) {
      json_object_object_add(jc, "hive",
                             json_object_new_string(hive_id_name(c->hive)));
      json_object_object_add(jc, "key", json_object_new_string(c->key));
    }
    if (c->value)
      json_object_object_add(jc, c->op == CHG_RUN_COMMAND ? "command" : "value",
                             json_object_new_string(c->value));
    if (change_is_registry(c))
      json_object_object_add(jc, "old",
                             before_json(hives ? hives[c->hive] : NULL, c));
    if (c->op == CHG_SET_VALUE)
      json_object_object_add(jc, "new", reg_value_json(c->type, c->data, c->len));
    if (c->op == CHG_WRITE_FILE)
      json_object_object_add(jc, "bytes", json_object_new_int64((int64_t)c->len));
    if (c->path)
      json_object_object_add(jc, "path", json_object_new_string(c->path));
    if (c->source)
      json_object_object_add(jc, "source", json_object_new_string(c->source));
    char *d = change_describe(c);
    json_object_object_add(jc, "description", json_object_new_string(d));
    free(d);
    /* never NULL: the change builders copy it with xstrdup */
    json_object_object_add(jc, "why", json_object_new_string(c->why));
    json_object_array_add(a, jc);
  }
  return a;
}
