/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: the contract users and pipelines rely on. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/disk_format.h"
#include "v2v/guest_args.h"
#include "v2v/strbuf.h"
#include "v2v/log.h"
#include "v2v/cli.h"

static void usage(FILE *f)
{
  fputs(
      "Usage: v2v-fixup [OPTIONS] IMAGE...\n"
      "Fix a Windows guest converted from XenServer / XCP-ng or VMware so that\n"
      "it boots on KVM: remove the Xen PV drivers or VMware Tools' drivers from\n"
      "the registry and the driver store, repair the boot configuration, inject\n"
      "the virtio drivers, and schedule first-boot tasks (the tools' MSIs\n"
      "uninstalled, static IPs re-applied). For a Linux guest: device names,\n"
      "console, Xen agents and open-vm-tools, module aliases and the initramfs\n"
      "(rebuilt with virtio by the guest's own tools).\n"
      "IMAGE (raw or qcow2) is changed in place, all at once, only if every\n"
      "fix-up succeeds; use -o to leave it untouched. IMAGE may also be a\n"
      "VMDK, VHD or VHDX disk, an .ova package, an .ovf file, an .xva export or\n"
      "a VMware .vmx in its VM's folder: those need -o.\n"
      "Several IMAGEs are several guests, fixed one after another in one\n"
      "appliance, each on its own (one failing leaves the others' results).\n"
      "With several guests, %n in -o, --report, --libvirt-xml and --name stands\n"
      "for each guest's name (its file name without the extension).\n"
      "\n"
      "      --guests FILE        more guests, one a line; an indented line is\n"
      "                           one more disk of the guest above\n"
      "      --disk FILE          one more disk of the (one) guest; repeatable\n"
      "  -n, --dry-run            inspect and print the plan; change nothing\n"
      "      --inspect            print what the guest is (no plan, no change)\n"
      "      --json               the report (JSON) on standard output instead of\n"
      "                           the human summary (same as --report -)\n"
      "      --report FILE        write a JSON report: inspection, plan, every\n"
      "                           change, warnings (FILE - : standard output)\n"
      "  -o, --output FILE        write the fixed guest to FILE, leave IMAGE as is\n"
      "                           (several guests: a name with %n)\n"
      "  -O, --output-format FMT  format of --output: qcow2, raw, vmdk, vhdx or\n"
      "                           vhd (default: from FILE's extension, else\n"
      "                           qcow2)\n"
      "      --force              let --output replace an existing file\n"
      "  -f, --format FMT         format of IMAGE: raw, qcow2, vmdk, vhd or vhdx\n"
      "                           (default: detected; raw if no format is found)\n"
      "      --vm NAME            the virtual machine to take from an OVF that\n"
      "                           describes several (a VirtualSystemCollection)\n"
      "      --network [FROM=]NET the libvirt network for the NICs on the OVF's\n"
      "                           network FROM (all NICs without FROM=);\n"
      "                           repeatable (default: network 'default')\n"
      "      --bridge [FROM=]BR   the same, with a host bridge\n"
      "      --name NAME          the libvirt domain's name (default: the OVF's,\n"
      "                           else the guest's hostname)\n"
      "      --libvirt-xml FILE   write a libvirt domain for the fixed guest\n"
      "                           (needs -o)\n"
      "      --keep-devices       the domain keeps the source's disk controllers\n"
      "                           (LSI Logic, SATA, IDE) and NIC models (e1000,\n"
      "                           vmxnet3), as a .vmx or VMware OVF names them,\n"
      "                           for a guest that must boot before its virtio\n"
      "                           drivers are in use (default: virtio)\n"
      "      --vcpus N            vCPUs in --libvirt-xml when the OVF has none\n"
      "                           (default 2)\n"
      "      --memory MIB         memory in --libvirt-xml when the OVF has none\n"
      "                           (default 4096)\n"
      "      --virtio-win PATH    virtio-win directory or ISO (default:\n"
      "                           $VIRTIO_WIN, then /usr/share/virtio-win)\n"
      "      --block-driver DRV   boot storage driver: virtio-blk (viostor,\n"
      "                           the default) or virtio-scsi (vioscsi);\n"
      "                           Linux disks become /dev/vdX or /dev/sdX\n"
      "      --lift-device-restrictions  turn off Group Policy device-install\n"
      "                           restrictions that would block the virtio\n"
      "                           devices (else such a guest is refused)\n"
      "      --no-virtio          inject no virtio drivers (the guest then needs\n"
      "                           IDE/SATA disks on KVM)\n"
      "  -v, --verbose            say more (twice: trace the appliance)\n"
      "  -q, --quiet              print warnings and errors only\n"
      "      --machine-readable   every message on stderr as one JSON object a\n"
      "                           line (type, phase, elapsed, message); no\n"
      "                           progress bars, nothing on stdout but --json\n"
      "      --version            print the version\n"
      "  -h, --help               print this help\n"
      "\n"
      "Exit status: 0 fixed or nothing to do; 1 error; 2 usage error;\n"
      "3 the guest cannot be fixed offline (hibernated, BitLocker, dynamic disk,\n"
      "unsupported system, or no virtio driver for it in the virtio-win source).\n"
      "See v2v-fixup(1).\n",
      f);
}

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("v2v-fixup: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs(" (see v2v-fixup --help)\n", stderr);
  va_end(ap);
  return -1;
}

static int parse_count(const char *s, long long min, long long max,
                       long long *out)
{
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end || v < min || v > max)
    return -1;
  *out = v;
  return 0;
}

/* The format FILE's extension names, else qcow2. */
static const char *output_format_of(const char *file)
{
  static const char *const ext[][2] = {
      {".qcow2", "qcow2"}, {".raw", "raw"}, {".img", "raw"},
      {".vmdk", "vmdk"},   {".vhdx", "vhdx"}, {".vhd", "vpc"}};
  size_t n = strlen(file);
  for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
    size_t m = strlen(ext[i][0]);
    if (n > m && strcasecmp(file + n - m, ext[i][0]) == 0)
      return ext[i][1];
  }
  return "qcow2";
}

static int read_guest_list(const char *file, struct options *o)
{
  FILE *f = fopen(file, "r");
  if (!f)
    return usage_error("cannot read the guest list %s: %s", file,
                       strerror(errno));
  struct strbuf b = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    strbuf_add(&b, chunk, n);
  bool bad = ferror(f);
  fclose(f);
  char *text = strbuf_finish(&b), *why = NULL;
  int r = 0;
  if (bad)
    r = usage_error("cannot read the guest list %s", file);
  else if (strlen(text) != b.n)
    r = usage_error("the guest list %s is not text", file);
  else if (guest_list_parse(text, &o->guests, &o->nguests, &why) ==
           RESULT_ERROR)
    r = usage_error("guest list %s: %s", file, why);
  free(why);
  free(text);
  return r;
}

/* At least one guest, none twice, --disk only for one guest. */
static int check_guests(struct options *o, strlist *disks)
{
  if (!o->nguests)
    return usage_error("%s", "no IMAGE given");
  if (disks->n && o->nguests > 1)
    return usage_error("%s", "--disk adds a disk to the one guest given; "
                             "with several guests, list each guest's disks "
                             "with --guests FILE (indented lines)");
  for (size_t i = 0; i < disks->n; i++)
    strlist_add(&o->guests[0].more_disks, disks->v[i]);
  strlist seen = {0};
  int r = 0;
  for (size_t i = 0; i < o->nguests && r == 0; i++) {
    const struct guest_arg *a = &o->guests[i];
    for (size_t d = 0; d <= a->more_disks.n && r == 0; d++) {
      const char *file = d ? a->more_disks.v[d - 1] : a->image;
      char *real = realpath(file, NULL);
      if (real && strlist_contains_ci(&seen, real))
        r = usage_error("%s is named twice: a disk belongs to one guest, "
                        "once", file);
      if (real)
        strlist_take(&seen, real);
    }
  }
  strlist_free(&seen);
  return r;
}

/* With several guests, each writes its own files: the names hold %n and
 * no two guests share one. */
static int check_templates(struct options *o)
{
  const char *named[][2] = {{"-o", o->output_file},
                            {"--libvirt-xml", o->libvirt_xml},
                            {"--name", o->domain_name},
                            {"--report", o->report_file}};
  if (o->vm_name)
    return usage_error("%s", "--vm picks a machine of one package: not with "
                             "several guests");
  for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
    const char *t = named[i][1];
    if (!t || !strcmp(t, "-") || guest_template_named(t))
      continue;
    return usage_error("with several guests, %s needs %%n in '%s' (each "
                       "guest's name goes there)", named[i][0], t);
  }
  strlist names = {0};
  int r = 0;
  for (size_t i = 0; i < o->nguests && r == 0; i++) {
    char *name = guest_name(o->guests[i].image);
    if (strlist_contains_ci(&names, name))
      r = usage_error("two guests are named '%s' (%%n): rename one image, or "
                      "fix them in separate runs", name);
    strlist_take(&names, name);
  }
  strlist_free(&names);
  return r;
}

int parse_options(int argc, char **argv, struct options *o)
{
  enum { OPT_INSPECT = 256, OPT_REPORT, OPT_VERSION, OPT_VIRTIO_WIN,
         OPT_NO_VIRTIO, OPT_BLOCK_DRIVER, OPT_FORMAT, OPT_LIBVIRT_XML,
         OPT_VCPUS, OPT_MEMORY, OPT_VM, OPT_LIFT, OPT_FORCE, OPT_NETWORK,
         OPT_BRIDGE, OPT_JSON, OPT_NAME, OPT_MACHINE, OPT_KEEP_DEVICES,
         OPT_GUESTS, OPT_DISK };
  static const struct option longopts[] = {
      {"dry-run", no_argument, NULL, 'n'},
      {"inspect", no_argument, NULL, OPT_INSPECT},
      {"report", required_argument, NULL, OPT_REPORT},
      {"output", required_argument, NULL, 'o'},
      {"output-format", required_argument, NULL, 'O'},
      {"virtio-win", required_argument, NULL, OPT_VIRTIO_WIN},
      {"no-virtio", no_argument, NULL, OPT_NO_VIRTIO},
      {"block-driver", required_argument, NULL, OPT_BLOCK_DRIVER},
      {"format", required_argument, NULL, OPT_FORMAT},
      {"libvirt-xml", required_argument, NULL, OPT_LIBVIRT_XML},
      {"vcpus", required_argument, NULL, OPT_VCPUS},
      {"memory", required_argument, NULL, OPT_MEMORY},
      {"vm", required_argument, NULL, OPT_VM},
      {"lift-device-restrictions", no_argument, NULL, OPT_LIFT},
      {"force", no_argument, NULL, OPT_FORCE},
      {"network", required_argument, NULL, OPT_NETWORK},
      {"bridge", required_argument, NULL, OPT_BRIDGE},
      {"json", no_argument, NULL, OPT_JSON},
      {"name", required_argument, NULL, OPT_NAME},
      {"keep-devices", no_argument, NULL, OPT_KEEP_DEVICES},
      {"verbose", no_argument, NULL, 'v'},
      {"quiet", no_argument, NULL, 'q'},
      {"machine-readable", no_argument, NULL, OPT_MACHINE},
      {"guests", required_argument, NULL, OPT_GUESTS},
      {"disk", required_argument, NULL, OPT_DISK},
      {"version", no_argument, NULL, OPT_VERSION},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  memset(o, 0, sizeof *o);
  o->verbosity = 1;
  o->block_driver = "viostor";
  bool dry_run = false, inspect = false;
  const char *list_file = NULL;
  strlist disks = {0};
  opterr = 0;
  int c;
  long long n;
  /* The leading ':' makes a missing value ':', told apart from an
   * unknown option. */
  while ((c = getopt_long(argc, argv, ":no:O:f:vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'n': dry_run = true; break;
    case OPT_INSPECT: inspect = true; break;
    case OPT_REPORT: o->report_file = optarg; break;
    case 'o': o->output_file = optarg; break;
    case 'O':
      o->output_format = disk_format_from_name(optarg);
      if (!o->output_format)
        return usage_error("--output-format must be qcow2, raw, vmdk, vhdx or "
                           "vhd, not '%s'", optarg);
      break;
    case OPT_VIRTIO_WIN: o->virtio_win = optarg; break;
    case OPT_NO_VIRTIO: o->no_virtio = true; break;
    case OPT_BLOCK_DRIVER:
      if (strcmp(optarg, "virtio-blk") == 0)
        o->block_driver = "viostor";
      else if (strcmp(optarg, "virtio-scsi") == 0)
        o->block_driver = "vioscsi";
      else
        return usage_error("--block-driver must be virtio-blk or virtio-scsi, "
                           "not '%s'", optarg);
      break;
    case 'f': /* qemu-img's spelling */
    case OPT_FORMAT:
      o->input_format = disk_format_from_name(optarg);
      if (!o->input_format)
        return usage_error("--format must be raw, qcow2, vmdk, vhd or vhdx, "
                           "not '%s'", optarg);
      break;
    case OPT_LIBVIRT_XML: o->libvirt_xml = optarg; break;
    case OPT_VM: o->vm_name = optarg; break;
    case OPT_LIFT: o->lift_device_restrictions = true; break;
    case OPT_FORCE: o->force = true; break;
    case OPT_JSON: o->report_file = "-"; break;
    case OPT_NAME: o->domain_name = optarg; break;
    case OPT_KEEP_DEVICES: o->keep_devices = true; break;
    case OPT_NETWORK:
    case OPT_BRIDGE: {
      const char *eq = strchr(optarg, '=');
      const char *to = eq ? eq + 1 : optarg;
      if (!*to || (eq && eq == optarg))
        return usage_error("%s needs [FROM=]NAME, not '%s'",
                           c == OPT_NETWORK ? "--network" : "--bridge",
                           optarg);
      strlist_addf(&o->nic_maps, "%s:%s%s",
                   c == OPT_NETWORK ? "network" : "bridge",
                   eq ? "" : "=", optarg);
      break;
    }
    case OPT_VCPUS:
      if (parse_count(optarg, 1, 1024, &n) == -1)
        return usage_error("--vcpus must be a number from 1 to 1024, not '%s'",
                           optarg);
      o->vcpus = (int)n;
      break;
    case OPT_MEMORY:
      if (parse_count(optarg, 64, 16LL << 20, &n) == -1)
        return usage_error("--memory must be MiB from 64 to 16777216, not '%s'",
                           optarg);
      o->memory_mib = n;
      break;
    case 'v': o->verbosity++; break;
    case 'q': o->verbosity = 0; break;
    case OPT_MACHINE: o->machine_readable = true; break;
    case OPT_GUESTS: list_file = optarg; break;
    case OPT_DISK: strlist_add(&disks, optarg); break;
    case 'h': usage(stdout); return 1;
    case OPT_VERSION: printf("v2v-fixup %s\n", V2V_VERSION); return 1;
    case ':':
      return usage_error("option '%s' needs an argument", argv[optind - 1]);
    default:
      return usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  for (int i = optind; i < argc; i++) {
    o->guests = xrealloc(o->guests, (o->nguests + 1) * sizeof *o->guests);
    o->guests[o->nguests++] = (struct guest_arg){.image = xstrdup(argv[i])};
  }
  int r = list_file ? read_guest_list(list_file, o) : 0;
  if (r == 0)
    r = check_guests(o, &disks);
  strlist_free(&disks);
  if (r == -1)
    return -1;
  o->image = o->guests[0].image;
  if (dry_run && inspect)
    return usage_error("%s", "--dry-run and --inspect exclude each other");
  if (o->output_format && !o->output_file)
    return usage_error("%s", "--output-format needs --output");
  if (o->output_file && (dry_run || inspect))
    return usage_error("%s", "--output writes a fixed guest: not with "
                             "--dry-run or --inspect");
  if (o->libvirt_xml && !o->output_file)
    return usage_error("%s", "--libvirt-xml describes the output: it needs "
                             "--output");
  if (o->keep_devices && !o->output_file)
    return usage_error("%s", "--keep-devices describes the output's devices: "
                             "it needs --output");
  if (o->no_virtio && o->virtio_win)
    return usage_error("%s", "--no-virtio and --virtio-win exclude each other");
  o->mode = inspect ? MODE_INSPECT : dry_run ? MODE_DRY_RUN : MODE_FIX;
  if (o->output_file && !o->output_format)
    o->output_format = output_format_of(o->output_file);
  return o->nguests > 1 ? check_templates(o) : 0;
}

void options_free(struct options *o)
{
  guest_args_free(o->guests, o->nguests);
  o->guests = NULL;
  o->nguests = 0;
  strlist_free(&o->nic_maps);
  strlist_free(&o->owned);
  strlist_free(&o->more_disks);
}
