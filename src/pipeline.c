/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shape of one run, for one guest or several:
 *   check each guest's input and make its overlays -> one appliance launch
 *   for all -> each guest in turn: inspect -> every fix-up plans -> apply
 *   (hives on the host, files in the appliance) -> re-inspect and re-plan to
 *   verify -> the appliance stopped -> each guest's overlays committed (or
 *   -o written) -> each guest's report.
 * Data flows one way; nothing touches an image before its commit, and a
 * guest that fails leaves its image as it was and the others going. */
#include "v2v/pipeline.h"

#include <stdlib.h>
#include <time.h>

#include "v2v/appliance.h"
#include "v2v/guest_args.h"
#include "v2v/guest_run.h"
#include "v2v/interrupt.h"
#include "v2v/log.h"

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Messages name the guest they are about when there are several. */
static void about(const struct options *all, size_t i)
{
  if (all->nguests < 2) {
    log_set_guest(NULL);
    return;
  }
  char *name = guest_name(all->guests[i].image);
  log_set_guest(name);
  free(name);
}

/* The drives of every guest that is ready, then the virtio-win ISO (the
 * same source for all of them) once, last. */
static struct appliance_drive *drives_of(struct guest_run *runs, size_t n,
                                         size_t *ndrives)
{
  struct appliance_drive *drives = NULL;
  const char *iso = NULL;
  *ndrives = 0;
  for (size_t i = 0; i < n; i++) {
    if (!guest_run_ready(&runs[i]))
      continue;
    runs[i].s.first_drive = *ndrives;
    session_drives(&runs[i].s, &drives, ndrives);
    if (runs[i].s.virtio.iso)
      iso = runs[i].s.virtio.path;
  }
  if (iso) {
    drives = xrealloc(drives, (*ndrives + 1) * sizeof *drives);
    drives[(*ndrives)++] = (struct appliance_drive){
        .file = iso, .format = "raw", .readonly = true, .shown = iso};
  }
  return drives;
}

static void fail_ready(struct guest_run *runs, size_t n, const char *why)
{
  for (size_t i = 0; i < n; i++)
    if (guest_run_ready(&runs[i]) || runs[i].write_pending)
      guest_run_fail(&runs[i], why);
}

/* Whether a guest after I still needs the appliance. */
static bool another_guest(struct guest_run *runs, size_t n, size_t i)
{
  for (size_t j = i + 1; j < n; j++)
    if (guest_run_ready(&runs[j]))
      return true;
  return false;
}

/* Every guest through the one appliance, one after another. */
static void fix_all(const struct options *all, struct guest_run *runs,
                    size_t n, struct appliance *a)
{
  size_t ndrives;
  struct appliance_drive *drives = drives_of(runs, n, &ndrives);
  log_set_guest(NULL); /* the appliance is everyone's */
  if (ndrives &&
      appliance_launch(a, drives, ndrives, all->verbosity) == RESULT_ERROR) {
    fail_ready(runs, n, NULL);
    appliance_close(a);
  }
  free(drives);
  for (size_t i = 0; i < n && a->g; i++) {
    struct guest_run *r = &runs[i];
    if (!guest_run_ready(r))
      continue;
    about(all, i);
    if (interrupt_signal()) {
      guest_run_fail(r, "interrupted before it was fixed");
      continue;
    }
    session_attach(&r->s, a, r->s.first_drive);
    guest_run_fix(r);
    session_release(&r->s, another_guest(runs, n, i));
  }
  log_set_guest(NULL);
  /* Only a stopped appliance has written everything to the overlays. */
  if (a->g && appliance_shutdown(a) == RESULT_ERROR)
    fail_ready(runs, n, "the appliance did not shut down cleanly: nothing "
                        "was written");
  appliance_close(a);
  for (size_t i = 0; i < n; i++)
    session_detach(&runs[i].s);
}

/* 0 when every guest is fine; else the status the failures share, else 1
 * (error); a signal's status above all. */
static int run_status(const int *codes, size_t n)
{
  int status = 0;
  for (size_t i = 0; i < n; i++) {
    if (codes[i] == EXIT_OK)
      continue;
    if (codes[i] > EXIT_UNFIXABLE) /* 128 + N: a signal */
      return codes[i];
    status = status == 0 || status == codes[i] ? codes[i] : EXIT_ERROR;
  }
  return status;
}

static void summary(const struct options *all, const int *codes, size_t n)
{
  size_t failed = 0;
  for (size_t i = 0; i < n; i++) {
    if (codes[i] != EXIT_OK)
      failed++;
    info("%s: %s", all->guests[i].image,
         codes[i] == EXIT_OK         ? "done"
         : codes[i] == EXIT_UNFIXABLE ? "refused (left as it was)"
                                     : "failed (left as it was)");
  }
  info("%zu guests: %zu done, %zu not", n, n - failed, failed);
}

int pipeline_run(const struct options *all)
{
  double start = now();
  interrupt_install();
  size_t n = all->nguests;
  struct guest_run *runs = xcalloc(n, sizeof *runs);
  int *codes = xcalloc(n, sizeof *codes);
  struct appliance a = {0};
  for (size_t i = 0; i < n; i++) {
    about(all, i);
    guest_run_init(&runs[i], all, i);
    if (interrupt_signal())
      guest_run_fail(&runs[i], "interrupted before it was read");
    guest_run_prepare(&runs[i]);
  }
  fix_all(all, runs, n, &a);
  for (size_t i = 0; i < n; i++) {
    about(all, i);
    guest_run_write(&runs[i]);
  }
  for (size_t i = 0; i < n; i++) {
    about(all, i);
    codes[i] = guest_run_finish(&runs[i], &a, n, now() - start);
  }
  log_set_guest(NULL);
  if (n > 1)
    summary(all, codes, n);
  int status = run_status(codes, n);
  free(codes);
  free(runs);
  return status;
}
