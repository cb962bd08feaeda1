/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report's plan: registry changes carry the value they replace, read
 * from the hive as it was planned on, and the value they set. */
#include <json.h>

#include "check.h"
#include "v2v/change.h"
#include "v2v/hive.h"
#include "v2v/report_changes.h"

static const char *str_at(json_object *o, const char *path)
{
  /* "a.b.c": nested members; NULL when one is missing */
  char buf[128];
  snprintf(buf, sizeof buf, "%s", path);
  json_object *cur = o;
  for (char *save, *part = strtok_r(buf, ".", &save); part;
       part = strtok_r(NULL, ".", &save))
    if (!cur || !json_object_object_get_ex(cur, part, &cur))
      return NULL;
  return cur ? json_object_get_string(cur) : NULL;
}

static void test_old_and_new(void)
{
  char *file = check_hive_copy("report.hive");
  REQUIRE(file != NULL);
  hive *h = hive_open(file, true);
  REQUIRE(h != NULL);
  hive_node_h svc = hive_ensure(h, hive_root(h), "ControlSet001\\Services\\xenbus");
  REQUIRE(svc != 0);
  char *deps[] = {"xenfilt", "scsifilt", NULL};
  CHECK(hive_set_dword(h, svc, "Start", 0) == 0);
  CHECK(hive_set_multi(h, svc, "DependOnService", deps) == 0);
  CHECK(hive_ensure(h, svc, "Parameters") != 0);
  CHECK(hive_ensure(h, svc, "Enum") != 0);

  struct change_list plan = {0};
  change_set_dword(&plan, "xen-removal", HIVE_SYSTEM,
                   "ControlSet001\\Services\\xenbus", "Start", 4, "disable");
  change_set_raw(&plan, "virtio", HIVE_SYSTEM,
                 "ControlSet001\\Services\\viostor", "Group", REGT_SZ,
                 "S\0C\0S\0I\0 \0m\0i\0n\0i\0p\0o\0r\0t\0\0\0", 28, "add");
  change_delete_value(&plan, "xen-removal", HIVE_SYSTEM,
                      "ControlSet001\\Services\\xenbus", "DependOnService",
                      "drop");
  change_delete_key(&plan, "xen-removal", HIVE_SYSTEM,
                    "ControlSet001\\Services\\xenbus", "remove");
  change_delete_key(&plan, "xen-removal", HIVE_SYSTEM,
                    "ControlSet001\\Services\\absent", "remove");
  change_write_file(&plan, "firstboot", "/Windows/x.cmd", "abc", 3, "script");

  hive *hives[HIVE_COUNT] = {[HIVE_SYSTEM] = h};
  json_object *a = report_changes_json(&plan, hives);
  REQUIRE(json_object_array_length(a) == 6);

  json_object *start = json_object_array_get_idx(a, 0);
  CHECK_STR(str_at(start, "op"), "set-value");
  CHECK_STR(str_at(start, "old.type"), "REG_DWORD");
  CHECK_STR(str_at(start, "old.data"), "0");
  CHECK_STR(str_at(start, "new.type"), "REG_DWORD");
  CHECK_STR(str_at(start, "new.data"), "4");
  json_object *d = NULL;
  CHECK(json_object_object_get_ex(start, "new", &d) &&
        json_object_object_get_ex(d, "data", &d) &&
        json_object_is_type(d, json_type_int));

  json_object *group = json_object_array_get_idx(a, 1);
  json_object *old = (json_object *)1;
  CHECK(json_object_object_get_ex(group, "old", &old) && old == NULL);
  CHECK_STR(str_at(group, "new.type"), "REG_SZ");
  CHECK_STR(str_at(group, "new.data"), "SCSI miniport");

  json_object *dep = json_object_array_get_idx(a, 2);
  CHECK_STR(str_at(dep, "old.type"), "REG_MULTI_SZ");
  json_object *items = NULL;
  CHECK(json_object_object_get_ex(dep, "old", &items) &&
        json_object_object_get_ex(items, "data", &items) &&
        json_object_is_type(items, json_type_array) &&
        json_object_array_length(items) == 2);
  CHECK_STR(json_object_get_string(json_object_array_get_idx(items, 1)),
            "scsifilt");
  CHECK(!json_object_object_get_ex(dep, "new", NULL));

  json_object *key = json_object_array_get_idx(a, 3);
  CHECK_STR(str_at(key, "old.subkeys"), "2");
  CHECK_STR(str_at(key, "old.values"), "2");
  json_object *gone = (json_object *)1;
  CHECK(json_object_object_get_ex(json_object_array_get_idx(a, 4), "old",
                                  &gone) && gone == NULL);

  json_object *w = json_object_array_get_idx(a, 5);
  CHECK(!json_object_object_get_ex(w, "old", NULL));
  CHECK_STR(str_at(w, "bytes"), "3");
  CHECK_STR(str_at(w, "path"), "/Windows/x.cmd");

  /* Without hives (a run that has none) the old values are null. */
  json_object *bare = report_changes_json(&plan, NULL);
  old = (json_object *)1;
  CHECK(json_object_object_get_ex(json_object_array_get_idx(bare, 0), "old",
                                  &old) && old == NULL);
  json_object_put(bare);
  json_object_put(a);
  change_list_free(&plan);
  hive_close(h);
  free(file);
}

static void test_value_types(void)
{
  unsigned char q[8] = {0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11};
  json_object *o = reg_value_json(REGT_QWORD, q, 8);
  CHECK_STR(str_at(o, "data"), "1234605616436508552");
  json_object_put(o);
  unsigned char bin[] = {0xde, 0xad, 0x00, 0x01};
  o = reg_value_json(REGT_BINARY, bin, 4);
  CHECK_STR(str_at(o, "type"), "REG_BINARY");
  CHECK_STR(str_at(o, "data"), "dead0001");
  json_object_put(o);
  /* A DWORD of the wrong size is shown as bytes, not misread. */
  o = reg_value_json(REGT_DWORD, bin, 3);
  CHECK_STR(str_at(o, "data"), "dead00");
  json_object_put(o);
  o = reg_value_json(0x12345, bin, 1);
  CHECK_STR(str_at(o, "type"), "74565");
  json_object_put(o);
}

/* The description a person reads and the data a program reads say the
 * same list. */
static void test_multi_described(void)
{
  struct change_list plan = {0};
  char *filters[] = {"acmefw", "PartMgr", NULL};
  change_set_multi(&plan, "xen-removal", HIVE_SYSTEM, "ControlSet001\\Control",
                   "UpperFilters", filters, "drop XENFILT");
  char *d = change_describe(&plan.v[0]);
  CHECK_STR(d, "SYSTEM\\ControlSet001\\Control: set UpperFilters = "
               "MULTI_SZ [\"acmefw\", \"PartMgr\"]");
  free(d);
  json_object *a = report_changes_json(&plan, NULL);
  json_object *data = NULL;
  CHECK(json_object_object_get_ex(json_object_array_get_idx(a, 0), "new", &data) &&
        json_object_object_get_ex(data, "data", &data) &&
        json_object_array_length(data) == 2);
  CHECK_STR(json_object_get_string(json_object_array_get_idx(data, 1)), "PartMgr");
  json_object_put(a);
  change_list_free(&plan);
}

int main(void)
{
  test_multi_described();
  test_old_and_new();
  test_value_types();
  return check_report("report-changes");
}
