/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: -o's format from -O, else from the file's extension,
 * else qcow2; the options a run needs together. */
#include <getopt.h>
#include <string.h>

#include "check.h"
#include "v2v/cli.h"

static int parse(struct options *o, int argc, char **argv)
{
  memset(o, 0, sizeof *o);
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
  strlist_free(&o.nic_maps);
  char *json[] = {"v2v-fixup", "--inspect", "--json", "in.img", NULL};
  REQUIRE(parse(&o, 4, json) == 0);
  CHECK(o.mode == MODE_INSPECT && o.report_file && !strcmp(o.report_file, "-"));
  CHECK(!o.machine_readable);
  char *mr[] = {"v2v-fixup", "-q", "--machine-readable", "in.img", NULL};
  REQUIRE(parse(&o, 4, mr) == 0);
  CHECK(o.machine_readable && o.verbosity == 0);
  char *badnet[] = {"v2v-fixup", "--network", "=x", "in.ova", NULL};
  CHECK(parse(&o, 4, badnet) == -1);
  strlist_free(&o.nic_maps);
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
}

int main(void)
{
  test_output_format();
  return check_report("cli");
}
