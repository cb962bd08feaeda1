/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: -o's format from -O, else from the file's extension,
 * else qcow2; the options a run needs together. */
#include <getopt.h>
#include <string.h>

#include "check.h"
#include "v2v/cli.h"
#include "v2v/guest_args.h"

/* What the previous parse of O allocated is freed first (each test frees
 * its last). */
static int parse(struct options *o, int argc, char **argv)
{
  static struct options *parsed;
  if (parsed == o)
    options_free(o);
  memset(o, 0, sizeof *o);
  parsed = o;
  optind = 1;
  return parse_options(argc, argv, o);
}

static void test_output_format(void)
{
  struct options o;
  const char *cases[][2] = {{"out.raw", "raw"},   {"out.IMG", "raw"},
                            {"out.qcow2", "qcow2"}, {"out.vmdk", "vmdk"},
                            {"out.vhd", "vpc"},   {"out.vhdx", "vhdx"},
                            {"out", "qcow2"},     {"out.disk", "qcow2"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *argv[] = {"v2v-fixup", "-o", (char *)cases[i][0], "in.img", NULL};
    REQUIRE(parse(&o, 4, argv) == 0);
    CHECK_STR(o.output_format, cases[i][1]);
  }
  char *argv[] = {"v2v-fixup", "-o", "out.raw", "-O", "vhd", "in.img", NULL};
  REQUIRE(parse(&o, 6, argv) == 0);
  CHECK_STR(o.output_format, "vpc"); /* -O wins over the extension */
  char *bad[] = {"v2v-fixup", "-o", "out", "-O", "vdi", "in.img", NULL};
  CHECK(parse(&o, 6, bad) == -1);
  char *force[] = {"v2v-fixup", "--force", "--vm", "db",
                   "--lift-device-restrictions", "-o", "o", "in.ova", NULL};
  REQUIRE(parse(&o, 8, force) == 0);
  CHECK(o.force && o.lift_device_restrictions);
  CHECK_STR(o.vm_name, "db");
  char *f[] = {"v2v-fixup", "-f", "vhd", "-n", "in.vhd", NULL};
  REQUIRE(parse(&o, 5, f) == 0);
  CHECK_STR(o.input_format, "vpc"); /* qemu-img's -f */
  char *nets[] = {"v2v-fixup", "--network", "lan", "--bridge", "Pool 0=br0",
                  "-o", "x", "in.ova", NULL};
  REQUIRE(parse(&o, 8, nets) == 0);
  CHECK(o.nic_maps.n == 2);
  if (o.nic_maps.n == 2) {
    CHECK_STR(o.nic_maps.v[0], "network:=lan");
    CHECK_STR(o.nic_maps.v[1], "bridge:Pool 0=br0");
  }
  char *json[] = {"v2v-fixup", "--inspect", "--json", "in.img", NULL};
  REQUIRE(parse(&o, 4, json) == 0);
  CHECK(o.mode == MODE_INSPECT && o.report_file && !strcmp(o.report_file, "-"));
  CHECK(!o.machine_readable);
  char *mr[] = {"v2v-fixup", "-q", "--machine-readable", "in.img", NULL};
  REQUIRE(parse(&o, 4, mr) == 0);
  CHECK(o.machine_readable && o.verbosity == 0);
  char *badnet[] = {"v2v-fixup", "--network", "=x", "in.ova", NULL};
  CHECK(parse(&o, 4, badnet) == -1);
  char *keep[] = {"v2v-fixup", "--keep-devices", "-o", "x.qcow2", "vm.vmx",
                  NULL};
  REQUIRE(parse(&o, 5, keep) == 0);
  CHECK(o.keep_devices);
  char *plain[] = {"v2v-fixup", "-o", "x.qcow2", "vm.vmx", NULL};
  REQUIRE(parse(&o, 4, plain) == 0);
  CHECK(!o.keep_devices);
  /* It describes the output's devices: not without -o. */
  char *no_o[] = {"v2v-fixup", "--keep-devices", "vm.vmx", NULL};
  CHECK(parse(&o, 3, no_o) == -1);
  options_free(&o);
}

/* Several guests: each with its own disks and its own output names. */
static void test_guests(void)
{
  struct options o;
  char *three[] = {"v2v-fixup", "-o", "/out/%n.qcow2", "--report",
                   "/out/%n.json", "--libvirt-xml", "/out/%n.xml", "--name",
                   "kvm-%n", "/vm/web01.img", "/vm/db.qcow2", "x/app", NULL};
  REQUIRE(parse(&o, 12, three) == 0);
  REQUIRE(o.nguests == 3);
  CHECK_STR(o.image, "/vm/web01.img");
  struct options g;
  options_for_guest(&o, 1, &g);
  CHECK_STR(g.image, "/vm/db.qcow2");
  CHECK_STR(g.output_file, "/out/db.qcow2");
  CHECK_STR(g.report_file, "/out/db.json");
  CHECK_STR(g.libvirt_xml, "/out/db.xml");
  CHECK_STR(g.domain_name, "kvm-db");
  CHECK_STR(g.output_format, "qcow2");
  options_for_guest_free(&g);
  options_for_guest(&o, 2, &g);
  CHECK_STR(g.output_file, "/out/app.qcow2");
  options_for_guest_free(&g);
  options_free(&o);

  /* Each name must say which guest it is for. */
  char *no_n[] = {"v2v-fixup", "-o", "/out/x.qcow2", "a.img", "b.img", NULL};
  CHECK(parse(&o, 5, no_n) == -1);
  options_free(&o);
  char *json[] = {"v2v-fixup", "--json", "-n", "a.img", "b.img", NULL};
  CHECK(parse(&o, 5, json) == 0); /* reports one after another on stdout */
  options_free(&o);
  char *same[] = {"v2v-fixup", "-o", "%n.qcow2", "a/x.img", "b/x.raw", NULL};
  CHECK(parse(&o, 5, same) == -1); /* both would write x.qcow2 */
  options_free(&o);
  char *vm[] = {"v2v-fixup", "--vm", "db", "-n", "a.ova", "b.ova", NULL};
  CHECK(parse(&o, 6, vm) == -1);
  options_free(&o);
  char *disk[] = {"v2v-fixup", "--disk", "data.img", "a.img", "b.img", NULL};
  CHECK(parse(&o, 5, disk) == -1); /* whose disk? */
  options_free(&o);
  char *one[] = {"v2v-fixup", "--disk", "d1.img", "--disk", "d2.img",
                 "a.img", NULL};
  REQUIRE(parse(&o, 6, one) == 0);
  REQUIRE(o.nguests == 1 && o.guests[0].more_disks.n == 2);
  CHECK_STR(o.guests[0].more_disks.v[1], "d2.img");
  options_for_guest(&o, 0, &g);
  CHECK(g.more_disks.n == 2);
  options_for_guest_free(&g);
  options_free(&o);
}

static void test_guest_list(void)
{
  struct guest_arg *guests = NULL;
  size_t n = 0;
  char *why = NULL;
  const char *text = "# the Xen pool, exported\n"
                     "/exports/web 01.img  \n"
                     "\n"
                     "/exports/db.qcow2\n"
                     "  /exports/db-data.qcow2\n"
                     "\t/exports/db-logs.raw\r\n"
                     "/exports/app.ova";
  REQUIRE(guest_list_parse(text, &guests, &n, &why) == RESULT_OK);
  REQUIRE(n == 3);
  CHECK_STR(guests[0].image, "/exports/web 01.img"); /* spaces inside stay */
  CHECK(guests[0].more_disks.n == 0);
  CHECK_STR(guests[1].image, "/exports/db.qcow2");
  REQUIRE(guests[1].more_disks.n == 2);
  CHECK_STR(guests[1].more_disks.v[0], "/exports/db-data.qcow2");
  CHECK_STR(guests[1].more_disks.v[1], "/exports/db-logs.raw");
  CHECK_STR(guests[2].image, "/exports/app.ova");
  guest_args_free(guests, n);
  guests = NULL;
  n = 0;
  CHECK(guest_list_parse("  orphan.img\nguest.img\n", &guests, &n, &why) ==
        RESULT_ERROR);
  CHECK(why && strstr(why, "line 1"));
  free(why);
  guest_args_free(guests, n);

  CHECK_STR_OWNED(guest_name("/vm/web01.img"), "web01");
  CHECK_STR_OWNED(guest_name("export.tar.gz"), "export.tar");
  CHECK_STR_OWNED(guest_name("noext"), "noext");
  CHECK_STR_OWNED(guest_name("/a.b/.hidden"), ".hidden");
  CHECK_STR_OWNED(guest_template_fill("/o/%n-%%n.%n", "db"), "/o/db-%n.db");
  CHECK(guest_template_named("%n.qcow2"));
  CHECK(!guest_template_named("100%%n.qcow2"));
  CHECK(!guest_template_named("x%"));
}

int main(void)
{
  test_output_format();
  test_guests();
  test_guest_list();
  return check_report("cli");
}
