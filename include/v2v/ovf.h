/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An OVF descriptor: what the exporting hypervisor said about the virtual
 * machine. Parsed from a buffer with no network and no entities, so it is
 * a pure function, unit-tested (tests/unit/test_ovf.c). */
#ifndef V2V_OVF_H
#define V2V_OVF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/guest.h"
#include "v2v/result.h"
#include "v2v/strlist.h"

struct ovf_disk {
  char *id;           /* DiskSection ovf:diskId */
  char *href;         /* the file it is in, relative to the .ovf */
  uint64_t capacity;  /* virtual size in bytes (0 if not given) */
  uint64_t file_size; /* References ovf:size (0 if not given) */
  bool gzip;          /* ovf:compression="gzip" */
  uint64_t chunk_size; /* ovf:chunkSize: the file is split into
                          HREF.000000000, HREF.000000001... (0: not) */
  char *format;       /* ovf:format URI, or NULL */
  char *controller;   /* what the source attached it to: "lsilogic",
                         "lsisas1068", "pvscsi", "buslogic", "scsi" (model
                         not said), "sata", "ide", "nvme"; NULL unknown */
  int bus, unit;      /* that controller's number and the disk's unit on
                         it; -1 when not said */
};

struct ovf_nic {
  char *network;      /* rasd:Connection */
  char *model;        /* rasd:ResourceSubType, e.g. E1000, VmxNet3 */
  char *mac;          /* rasd:Address, or NULL */
};

struct ovf {
  const char *flavour;    /* "xenserver", "vmware", "virtualbox", "ovf" */
  char *name;
  int vcpus;              /* 0 if not given */
  int cores_per_socket;   /* vmw:CoresPerSocket, cpuid.coresPerSocket; 0
                             if not given */
  uint64_t memory_mib;    /* 0 if not given */
  enum firmware firmware; /* FW_UNKNOWN if not given */
  struct ovf_disk *disks; /* in the order the hardware attaches them */
  size_t ndisks;
  struct ovf_nic *nics;
  size_t nnics;
  char *mislabeled_encoding; /* the encoding the XML declaration claims
                                when the bytes are UTF-8 (XenCenter), or
                                NULL */
  char *os_id;            /* VMware's guest OS id (vmw:osType, guestOS), or
                             NULL */
  char *nvram;            /* the file of the VM's firmware variables
                             (ExtraConfig or .vmx nvram), never read */
  strlist ignored;        /* devices and settings not carried over */
  strlist warnings;       /* doubts about the input, said once it is open */
};

/* Parses LEN bytes of an OVF descriptor; VM picks one machine of a
 * VirtualSystemCollection (by Name or id), which is refused without it. Returns 0, or -1 with *WHY set to
 * a one-line reason (malloc'ed): not XML, not an OVF envelope, a DOCTYPE
 * (DTDs and entities are refused outright), a disk without its file. */
MUST_CHECK enum result ovf_parse(const char *buf, size_t len, const char *vm,
                                 struct ovf *out, char **why);
void ovf_free(struct ovf *o);

/* "byte * 2^20", "MegaBytes", "GB"... -> the unit in bytes; 0 if unknown. */
uint64_t ovf_units(const char *units);

#endif
