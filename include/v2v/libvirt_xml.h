/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --libvirt-xml: a libvirt domain for the fixed guest. The spec is filled
 * from the OVF, the flags and the inspection (domain_spec_from_session);
 * the XML is built from the spec alone, a pure function unit-tested in
 * tests/unit/test_libvirt_xml.c. */
#ifndef V2V_LIBVIRT_XML_H
#define V2V_LIBVIRT_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "v2v/guest.h"
#include "v2v/strlist.h"
#include "v2v/result.h"

#define DEFAULT_VCPUS 2
#define DEFAULT_MEMORY_MIB 4096

struct domain_spec {
  char *name;
  int vcpus;
  int cores_per_socket;    /* the source's topology; 0: libvirt's default */
  long long memory_mib;
  const char *arch;        /* "x86_64" or "i686" */
  const char *machine;     /* "q35" or "pc" */
  bool uefi;
  bool windows;            /* RTC in local time */
  const char *disk_bus;    /* "virtio", "scsi" (virtio-scsi), "sata", "ide" */
  const char *disk_format; /* of the output files */
  strlist disks;           /* absolute paths, boot disk first */
  const char *nic_model;   /* "virtio" or "e1000" */
  size_t nics;             /* at least one */
  strlist macs;            /* per NIC, "" when none is kept */
  strlist nic_sources;     /* per NIC, "network:NAME" or "bridge:NAME" */
  strlist disk_buses;      /* --keep-devices: per disk, "sata", "ide",
                              "scsi:MODEL" (lsilogic, lsisas1068, vmpvscsi)
                              or disk_bus; empty: disk_bus for all */
  strlist nic_models;      /* --keep-devices: per NIC; empty: nic_model */
  strlist warnings;        /* devices not kept as the source had them */
};

/* Disk I's bus ("virtio", "scsi", "sata", "ide") and, for "scsi", its
 * controller's model in *MODEL ("virtio-scsi" unless kept). */
const char *domain_disk_bus(const struct domain_spec *d, size_t i,
                            const char **model);
/* NIC I's model. */
const char *domain_nic_model(const struct domain_spec *d, size_t i);

/* Where a NIC on the source's network OVF_NETWORK (NULL if unknown) goes:
 * the first map ("network:FROM=TO", "bridge:=TO") whose FROM is that name,
 * else the first without FROM, else "network:default". Malloc'ed. */
char *nic_source_for(const strlist *maps, const char *ovf_network);

struct session;

/* Everything the domain needs, from what the run knows. OUTPUTS are the
 * output disks (boot first), FORMAT theirs. */
void domain_spec_from_session(const struct session *s, const strlist *outputs,
                              const char *format, struct domain_spec *d);
/* "pc" for Windows before 8 / Server 2012 (6.2), else "q35". */
const char *machine_for_guest(const struct guest *g);

/* The domain XML, malloc'ed. */
char *domain_xml(const struct domain_spec *d);
/* Writes it to FILE (atomically); 0 or -1 after an error line. */
MUST_CHECK enum result domain_xml_write(const struct domain_spec *d,
                                        const char *file);
void domain_spec_free(struct domain_spec *d);

#endif
