/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The hive layer on a copy of data/minimal.hive. */
#include <hivex.h>

#include "check.h"
#include "v2v/hive.h"
#include "v2v/strlist.h"

static void test_typed_values(void)
{
  char *file = check_hive_copy("typed.hive");
  REQUIRE(file != NULL);
  hive *h = hive_open(file, true);
  REQUIRE(h != NULL);
  CHECK(!hive_is_dirty(h));
  hive_node_h root = hive_root(h);
  CHECK(hive_lookup(h, root, "ControlSet001\\Services\\xenbus") == 0);

  hive_node_h svc = hive_ensure(h, root, "ControlSet001\\Services\\xenbus");
  CHECK(svc != 0);
  CHECK(hive_is_dirty(h));
  /* Windows compares key names case-insensitively, and so must we. */
  CHECK(hive_lookup(h, root, "controlset001\\SERVICES\\XenBus") == svc);
  CHECK(hive_ensure(h, root, "CONTROLSET001\\services\\XENBUS") == svc);

  CHECK(hive_set_dword(h, svc, "Start", 0) == 0);
  CHECK(hive_set_string(h, svc, "ImagePath", REGT_EXPAND_SZ,
                        "system32\\DRIVERS\\xenbus.sys") == 0);
  CHECK(hive_set_string(h, svc, "DisplayName", REGT_SZ, "Xen Bus \xc3\xa9") == 0);
  char *deps[] = {"xenfilt", "scsifilt", NULL};
  CHECK(hive_set_multi(h, svc, "DependOnService", deps) == 0);
  CHECK(hive_set_qword(h, svc, "Big", 0x1122334455667788ULL) == 0);
  unsigned char blob[] = {1, 2, 3, 0, 5};
  CHECK(hive_set_raw(h, svc, "Blob", REGT_BINARY, blob, sizeof blob) == 0);

  uint32_t v = 99;
  CHECK(hive_get_dword(h, svc, "start", &v) == 0 && v == 0);
  CHECK(hive_get_dword(h, svc, "ImagePath", &v) == -1); /* wrong type */
  char *s = hive_get_string(h, svc, "imagepath");
  CHECK_STR(s, "system32\\DRIVERS\\xenbus.sys");
  free(s);
  s = hive_get_string(h, svc, "DisplayName");
  CHECK_STR(s, "Xen Bus \xc3\xa9");
  free(s);
  char **m = hive_get_multi(h, svc, "DependOnService");
  CHECK(m && m[0] && m[1] && !m[2]);
  CHECK_STR(m ? m[1] : NULL, "scsifilt");
  strv_free(m);
  CHECK(hive_get_multi(h, svc, "Missing") == NULL);

  /* Deleting one value keeps every other value, type and bytes. */
  CHECK(hive_delete_value(h, svc, "DEPENDONSERVICE") == 0);
  CHECK(hive_delete_value(h, svc, "DependOnService") == 1);
  CHECK(!hive_has_value(h, svc, "DependOnService"));
  uint32_t type;
  void *data;
  size_t len;
  CHECK(hive_get_raw(h, svc, "Blob", &type, &data, &len) == 0);
  CHECK(type == REGT_BINARY && len == sizeof blob && !memcmp(data, blob, len));
  free(data);
  CHECK(hive_get_raw(h, svc, "Big", &type, &data, &len) == 0);
  CHECK(type == REGT_QWORD && len == 8 && ((unsigned char *)data)[0] == 0x88);
  free(data);
  CHECK(hive_get_raw(h, svc, "ImagePath", &type, &data, &len) == 0);
  CHECK(type == REGT_EXPAND_SZ);
  free(data);

  char *path = hive_node_path(h, svc);
  CHECK_STR(path, "ControlSet001\\Services\\xenbus");
  free(path);

  /* Committed edits survive a reopen. */
  CHECK(hive_commit(h, file) == 0);
  CHECK(!hive_is_dirty(h));
  hive_close(h);
  h = hive_open(file, false);
  REQUIRE(h != NULL);
  svc = hive_lookup(h, hive_root(h), "ControlSet001\\Services\\xenbus");
  CHECK(hive_get_dword(h, svc, "Start", &v) == 0 && v == 0);
  char **names = hive_value_names(h, svc);
  size_t n = 0;
  while (names[n])
    n++;
  CHECK(n == 5); /* Start ImagePath DisplayName Big Blob */
  strv_free(names);
  hive_close(h);

  h = hive_open(file, true);
  REQUIRE(h != NULL);
  hive_node_h services = hive_lookup(h, hive_root(h), "ControlSet001\\Services");
  CHECK(hive_delete_key(h, hive_lookup(h, services, "xenbus")) == 0);
  CHECK(hive_lookup(h, services, "xenbus") == 0);
  hive_close(h);
  free(file);
}

static void test_encodings(void)
{
  size_t len;
  char *e = reg_encode_sz("A\xc3\xa9", &len);
  CHECK(len == 6 && e[0] == 'A' && (unsigned char)e[2] == 0xE9 && !e[4] && !e[5]);
  char *d = reg_decode_utf16(e, len);
  CHECK_STR(d, "A\xc3\xa9");
  free(d);
  free(e);
  /* U+1F600 needs a surrogate pair. */
  e = reg_encode_sz("\xf0\x9f\x98\x80", &len);
  CHECK(len == 6);
  d = reg_decode_utf16(e, len);
  CHECK_STR(d, "\xf0\x9f\x98\x80");
  free(d);
  free(e);
  char *items[] = {"a", "bc", NULL};
  e = reg_encode_multi(items, &len);
  CHECK(len == 2 * (2 + 3) + 2); /* "a\0" "bc\0" "\0" in UTF-16 */
  free(e);
  char *empty[] = {NULL};
  e = reg_encode_multi(empty, &len);
  CHECK(len == 2);
  free(e);
}

static void test_strv_without(void)
{
  char *list[] = {"XENFILT", "PartMgr", "scsifilt", NULL};
  char *drop[] = {"xenfilt", "scsifilt", NULL};
  bool removed;
  char **rest = strv_without_ci(list, drop, &removed);
  CHECK(removed);
  CHECK(rest[0] && !rest[1]);
  CHECK_STR(rest[0], "PartMgr");
  strv_free(rest);
  char *keep[] = {"volsnap", NULL};
  rest = strv_without_ci(keep, drop, &removed);
  CHECK(!removed && rest[0] && !rest[1]);
  strv_free(rest);
}

/* hivex node handles are file offsets; an nk record's parent field sits
 * 20 bytes in (after the cell size, "nk", flags, timestamp and a spare
 * word) and counts from the first hive bin at 0x1000. A vk record's name
 * length sits 6 bytes in. */
#define NK_PARENT 20
#define VK_NAME_LEN 6
#define HBIN_START 0x1000

static void test_damaged(void)
{
  char *file = check_hive_copy("damaged.hive");
  hive *h = hive_open(file, true);
  REQUIRE(h != NULL);
  hive_node_h b = hive_ensure(h, hive_root(h), "A\\B");
  REQUIRE(b != 0);
  CHECK(hive_set_dword(h, b, "one", 1) == 0);
  CHECK(hive_set_dword(h, b, "two", 2) == 0);
  CHECK(hive_set_dword(h, b, "three", 3) == 0);
  CHECK(hive_commit(h, NULL) == RESULT_OK);
  hive_close(h);

  /* Find the handles, then damage: B's parent is B, and the second
   * value's name runs past its cell. */
  hive_h *hx = hivex_open(file, 0);
  REQUIRE(hx != NULL);
  hive_node_h a = hivex_node_get_child(hx, hivex_root(hx), "A");
  b = hivex_node_get_child(hx, a, "B");
  hive_value_h *vals = hivex_node_values(hx, b);
  REQUIRE(b != 0 && vals && vals[0] && vals[1] && vals[2]);
  hive_value_h bad = vals[1];
  free(vals);
  hivex_close(hx);
  check_patch_le(file, (long)b + NK_PARENT, (uint32_t)(b - HBIN_START), 4);
  check_patch_le(file, (long)bad + VK_NAME_LEN, 0x7FFF, 2);

  h = hive_open(file, false);
  REQUIRE(h != NULL);
  b = hive_lookup(h, hive_root(h), "A\\B");
  REQUIRE(b != 0);
  CHECK(hive_corruption(h) == NULL);
  /* The loop ends at the depth limit: no path, the hive marked. */
  CHECK(hive_node_path(h, b) == NULL);
  CHECK(hive_corruption(h) != NULL);
  /* The unreadable name is skipped, not the end of the list. */
  char **names = hive_value_names(h, b);
  CHECK(names[0] && names[1] && !names[2]);
  CHECK(names[0] && strcmp(names[0], "one") == 0);
  CHECK(names[1] && strcmp(names[1], "three") == 0);
  strv_free(names);
  hive_close(h);
  free(file);
}

int main(void)
{
  test_typed_values();
  test_encodings();
  test_strv_without();
  test_damaged();
  return check_report("hive");
}
