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
#include "v2v/log.h"
#include "v2v/cli.h"

static void usage(FILE *f)
{
  fputs(
      "Usage: v2v-fixup [OPTIONS] IMAGE\n"
      "Fix a Windows guest converted from XenServer / XCP-ng so that it boots on\n"
      "KVM: remove the Xen PV drivers from the registry and the driver store,\n"
      "repair the boot configuration, inject the virtio drivers, and schedule\n"
      "first-boot tasks. For a Linux guest: device names, console, Xen agents\n"
      "and the initramfs (rebuilt with virtio by the guest's own tools).\n"
      "IMAGE (raw or qcow2) is changed in place, all at once, only if every\n"
      "fix-up succeeds; use -o to leave it untouched. IMAGE may also be a\n"
      "VMDK, VHD or VHDX disk, an .ova package, an .ovf file, an .xva export or\n"
      "a VMware .vmx in its VM's folder: those need -o.\n"
      "\n"
      "  -n, --dry-run            inspect and print the plan; change nothing\n"
      "      --inspect            print what the guest is (no plan, no change)\n"
      "      --json               the report (JSON) on standard output instead of\n"
      "                           the human summary (same as --report -)\n"
      "      --report FILE        write a JSON report: inspection, plan, every\n"
      "                           change, warnings (FILE - : standard output)\n"
      "  -o, --output FILE        write the fixed guest to FILE, leave IMAGE as is\n"
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

int parse_options(int argc, char **argv, struct options *o)
{
  enum { OPT_INSPECT = 256, OPT_REPORT, OPT_VERSION, OPT_VIRTIO_WIN,
         OPT_NO_VIRTIO, OPT_BLOCK_DRIVER, OPT_FORMAT, OPT_LIBVIRT_XML,
         OPT_VCPUS, OPT_MEMORY, OPT_VM, OPT_LIFT, OPT_FORCE, OPT_NETWORK,
         OPT_BRIDGE, OPT_JSON, OPT_NAME, OPT_MACHINE, OPT_KEEP_DEVICES };
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
      {"version", no_argument, NULL, OPT_VERSION},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  memset(o, 0, sizeof *o);
  o->verbosity = 1;
  o->block_driver = "viostor";
  bool dry_run = false, inspect = false;
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
    case 'h': usage(stdout); return 1;
    case OPT_VERSION: printf("v2v-fixup %s\n", V2V_VERSION); return 1;
    case ':':
      return usage_error("option '%s' needs an argument", argv[optind - 1]);
    default:
      return usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind == argc)
    return usage_error("%s", "no IMAGE given");
  if (argc - optind > 1)
    return usage_error("one IMAGE only; '%s' is one too many", argv[optind + 1]);
  o->image = argv[optind];
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
  return 0;
}
