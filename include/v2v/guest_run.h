/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One guest's way through a run (src/pipeline.c strings the guests
 * together around the one appliance): checked and prepared on the host,
 * fixed and verified in the appliance, written once the appliance is
 * stopped, then reported. A step that fails ends that guest alone, its
 * image as it was. */
#ifndef V2V_GUEST_RUN_H
#define V2V_GUEST_RUN_H

#include <stdbool.h>

#include "v2v/change.h"
#include "v2v/cli.h"
#include "v2v/image_lock.h"
#include "v2v/report.h"
#include "v2v/session.h"

/* How a guest ended, or that it goes on (ended false). */
struct outcome {
  bool ended;
  int code;           /* exit status of the guest */
  const char *result; /* the report's result */
  char *message;      /* malloc'ed, or NULL */
};

struct guest_run {
  struct options opts; /* this guest's */
  struct session s;
  struct report *rep;
  struct change_list plan;
  struct image_lock lock;
  struct outcome out;
  bool write_pending;  /* fixed and verified; the write comes after the
                          appliance stops */
};

/* Guest INDEX of ALL's guests, with its options and an empty report. */
void guest_run_init(struct guest_run *r, const struct options *all,
                    size_t index);
/* Host side, before the launch: output and locks, an interrupted commit,
 * the input checked (or package opened), the virtio-win source located,
 * the overlays made. */
void guest_run_prepare(struct guest_run *r);
/* Whether the guest goes on to the next step. */
bool guest_run_ready(const struct guest_run *r);
/* In the appliance: inspect, plan, apply, verify. */
void guest_run_fix(struct guest_run *r);
/* After the appliance stopped: commit the overlays or write -o and the
 * domain. */
void guest_run_write(struct guest_run *r);
/* Ends a guest that could not go on because the run could not (the
 * appliance failed, a signal): an error, MESSAGE (or the last error line)
 * says why. */
void guest_run_fail(struct guest_run *r, const char *message);
/* The report written, resources released; returns the exit status. */
int guest_run_finish(struct guest_run *r, const struct appliance *a,
                     size_t nguests, double seconds);

#endif
