/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: the options of one run, parsed and checked. A run
 * fixes one guest or several in one appliance; each guest gets its own
 * copy of the options (guest_args.h). */
#ifndef V2V_CLI_H
#define V2V_CLI_H

#include <stdbool.h>

#include "v2v/strlist.h"

#include "v2v/result.h"

enum run_mode { MODE_FIX, MODE_DRY_RUN, MODE_INSPECT };

/* One guest named on the command line or in a --guests list. */
struct guest_arg {
  char *image;        /* its boot disk: a disk image, or a package */
  strlist more_disks; /* its other disks (--disk, indented list lines) */
};

struct options {
  /* The guest these options are for (one copy per guest); its other
   * disks. */
  const char *image;
  strlist more_disks;
  enum run_mode mode;
  const char *report_file;
  const char *output_file;
  const char *output_format;  /* qemu driver of -o: -O, else from the
                                 file's extension, else qcow2 */
  bool force;                 /* --force: -o may replace a file */
  int verbosity;
  bool machine_readable;      /* --machine-readable: JSON lines on stderr */
  const char *virtio_win;     /* --virtio-win; NULL = the default search */
  bool no_virtio;             /* --no-virtio: inject nothing */
  bool lift_device_restrictions; /* --lift-device-restrictions */
  const char *block_driver;   /* "viostor" or "vioscsi" */
  const char *input_format;   /* --format, as a qemu driver; NULL = detect */
  const char *libvirt_xml;    /* --libvirt-xml FILE */
  const char *vm_name;        /* --vm NAME: one VM of an OVF collection */
  const char *domain_name;    /* --name: the libvirt domain's name */
  bool keep_devices;          /* --keep-devices: the source's controllers
                                 and NIC models in the domain */
  strlist nic_maps;           /* --network/--bridge: "network:FROM=TO",
                                 "bridge:TO" (FROM empty: every NIC) */
  int vcpus;                  /* --vcpus; 0 = from the OVF or the default */
  long long memory_mib;       /* --memory; 0 = from the OVF or the default */
  /* Every guest of the run, in order. -o, --report, --libvirt-xml and
   * --name above are templates where %n stands for a guest's name. */
  struct guest_arg *guests;
  size_t nguests;
  strlist owned;              /* strings the fields above point into */
};

/* Returns -1 after printing a usage error, 1 when --help/--version was
 * handled, 0 to go on. */
MUST_CHECK int parse_options(int argc, char **argv, struct options *o);
void options_free(struct options *o);

#endif
