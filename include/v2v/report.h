/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The run's record: the JSON report (--report). */
#ifndef V2V_REPORT_H
#define V2V_REPORT_H

#include "v2v/change.h"
#include "v2v/guest.h"
#include "v2v/hive.h"
#include "v2v/cli.h"
#include "v2v/strlist.h"
#include "v2v/result.h"

struct report;

struct report *report_new(const struct options *o);
void report_guest(struct report *r, const struct guest *g);
/* The plan, each registry change with the value it replaces, read from
 * HIVES (as planned on: before apply). */
void report_plan(struct report *r, const struct change_list *plan,
                 hive *const hives[HIVE_COUNT]);
/* Marks the plan as carried out: its changes are now in the image or the
 * output ("applied": true; false until then). */
void report_applied(struct report *r);
struct session;
/* The virtio-win source and the drivers taken from it (name, version,
 * folder, role). */
void report_virtio(struct report *r, const struct session *s);
/* What was read: the disks (format, where in the package) and, for an OVF
 * package, its descriptor and manifest. */
void report_input(struct report *r, const struct session *s);
/* What was written: the output disks, their format, the domain XML. */
void report_output(struct report *r, const strlist *disks, const char *format,
                   const char *libvirt_xml);
struct target_hints;
/* How to run the output on OpenStack, Proxmox, virt-install. */
void report_targets(struct report *r, const struct target_hints *h);
/* Why the guest cannot be fixed offline (empty unless refused). */
void report_refusals(struct report *r, const strlist *why);
void report_warning(struct report *r, const char *msg);
/* RESULT: fixed, nothing-to-do, dry-run, inspected, refused, error. */
void report_result(struct report *r, const char *result, int exit_code,
                   const char *message);
/* Resources of the run, for benchmarks. */
struct run_stats {
  int launches;           /* appliance launches of the whole run */
  double seconds;         /* wall time of the whole run */
  long peak_rss_kib;      /* the tool's own peak memory (qemu aside) */
  long long overlay_bytes; /* this guest's overlay at commit time */
  size_t guests;          /* guests that shared the run */
  int vcpus, memory_mib;  /* the appliance's */
};
void report_run(struct report *r, const struct run_stats *st);
MUST_CHECK enum result report_write(struct report *r, const char *file);
void report_free(struct report *r);

#endif
