/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The hive layer: a registry hive file on the host, edited with libhivex.
 *
 * Pure file operations, no appliance: a hive is downloaded from the guest,
 * opened here, edited, and uploaded back only when hive_is_dirty() says so.
 * Paths are backslash-separated, relative to the node given (usually the
 * root), and matched case-insensitively like Windows does. */
#ifndef V2V_HIVE_H
#define V2V_HIVE_H

#include <hivex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/result.h"

/* Registry value types (winnt.h numbers). */
enum {
  REGT_NONE = 0,
  REGT_SZ = 1,
  REGT_EXPAND_SZ = 2,
  REGT_BINARY = 3,
  REGT_DWORD = 4,
  REGT_MULTI_SZ = 7,
  REGT_QWORD = 11,
};

typedef struct hive hive;

/* Opens FILE; writable hives can be edited and committed. NULL on error
 * with errno set (hivex's own reason). */
hive *hive_open(const char *file, bool writable);
void hive_close(hive *h);
/* Writes the edited hive to FILE (may be the file it was opened from). */
MUST_CHECK enum result hive_commit(hive *h, const char *file);
bool hive_is_dirty(const hive *h);
const char *hive_filename(const hive *h);

hive_node_h hive_root(hive *h);
/* 0 when any component is missing. An empty path is FROM itself. */
hive_node_h hive_lookup(hive *h, hive_node_h from, const char *path);
/* Creates missing components; 0 on error. */
hive_node_h hive_ensure(hive *h, hive_node_h from, const char *path);
/* "" (and the hive marked corrupt) when the name cannot be read. */
char *hive_node_name(hive *h, hive_node_h node);
/* Backslash path from the root (no leading backslash); "" for the root.
 * NULL, with the hive marked corrupt, when the parent chain loops or is
 * deeper than Windows allows, or a name cannot be read. */
char *hive_node_path(hive *h, hive_node_h node);
/* 0-terminated array (free() it); never NULL. */
hive_node_h *hive_children(hive *h, hive_node_h node);
/* Names of the values of NODE, NULL-terminated (strv_free); a value
 * whose name cannot be read is left out and the hive marked corrupt. */
char **hive_value_names(hive *h, hive_node_h node);
/* Why a walk found the hive damaged (static text), or NULL: inspection
 * refuses to plan on such a hive. */
const char *hive_corruption(const hive *h);

bool hive_has_value(hive *h, hive_node_h node, const char *name);
/* 0 on success; -1 if absent or not a DWORD. */
int hive_get_dword(hive *h, hive_node_h node, const char *name, uint32_t *out);
/* SZ or EXPAND_SZ as UTF-8; NULL if absent or another type. */
char *hive_get_string(hive *h, hive_node_h node, const char *name);
/* MULTI_SZ as a NULL-terminated UTF-8 array (an SZ is read as a one-item
 * list, as Windows tolerates); NULL if absent. */
char **hive_get_multi(hive *h, hive_node_h node, const char *name);
/* Raw bytes and type; 0 on success, -1 if absent. *data is malloc'd. */
int hive_get_raw(hive *h, hive_node_h node, const char *name, uint32_t *type,
                 void **data, size_t *len);

/* Setters replace or add one value and keep the node's other values. */
MUST_CHECK int hive_set_raw(hive *h, hive_node_h node, const char *name,
                            uint32_t type, const void *data, size_t len);
MUST_CHECK int hive_set_dword(hive *h, hive_node_h node, const char *name,
                              uint32_t v);
MUST_CHECK int hive_set_qword(hive *h, hive_node_h node, const char *name,
                              uint64_t v);
/* TYPE is REGT_SZ or REGT_EXPAND_SZ. */
MUST_CHECK int hive_set_string(hive *h, hive_node_h node, const char *name,
                               uint32_t type, const char *utf8);
MUST_CHECK int hive_set_multi(hive *h, hive_node_h node, const char *name,
                              char *const *items);
/* 0 deleted, 1 was not there, -1 error. */
MUST_CHECK int hive_delete_value(hive *h, hive_node_h node, const char *name);
/* Deletes NODE and everything below it. */
MUST_CHECK int hive_delete_key(hive *h, hive_node_h node);

/* Registry string encodings (UTF-16LE with the trailing NULs Windows
 * writes). Returned buffers are malloc'd. */
char *reg_encode_sz(const char *utf8, size_t *len);
char *reg_encode_multi(char *const *items, size_t *len);
/* Decodes UTF-16LE (stops at the first NUL) to UTF-8. */
char *reg_decode_utf16(const void *data, size_t len);
/* The items of MULTI_SZ data, up to the empty string that ends it;
 * NULL-terminated (strv_free), never NULL. */
char **reg_decode_multi(const void *data, size_t len);

/* Returns a new list: V without the items equal (case-insensitively) to any
 * of NAMES. *removed tells whether anything went. */
char **strv_without_ci(char *const *v, char *const *names, bool *removed);

#endif
