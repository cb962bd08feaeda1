/* The shape of one run:
 *   check the image -> overlay + one appliance launch -> inspect ->
 *   every fix-up plans -> apply (hives on the host, files in the appliance)
 *   -> re-inspect and re-plan to verify -> commit the overlay (or -o) ->
 *   report.
 * Data flows one way; nothing touches the image before the commit. */
#include "v2v/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "v2v/apply.h"
#include "v2v/fixup.h"
#include "v2v/image.h"
#include "v2v/inspect.h"
#include "v2v/libvirt_xml.h"
#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/report.h"
#include "v2v/session.h"

struct outcome {
  int code;
  const char *result;
  char *message;
};

static struct outcome done(int code, const char *result, char *message)
{
  return (struct outcome){code, result, message};
}

/* Warnings come from inspection and from planning: each is said once, on
 * stderr and in the report. */
static void flush_warnings(struct session *s, struct report *rep,
                           size_t *said)
{
  for (; *said < s->guest.warnings.n; (*said)++) {
    warn("%s", s->guest.warnings.v[*said]);
    report_warning(rep, s->guest.warnings.v[*said]);
  }
}

static int plan_all(struct session *s, struct change_list *plan)
{
  for (int i = 0; all_fixups[i]; i++) {
    const struct fixup *f = all_fixups[i];
    if (!f->applies(&s->guest))
      continue;
    debug("planning %s", f->name);
    if (f->plan(s, plan) == -1)
      return -1;
  }
  return 0;
}

/* After applying, the guest read back from the overlay must need nothing:
 * that is both the verification and the promise that a second run is a
 * no-op. */
static int verify(struct session *s)
{
  if (strcmp(s->guest.os_type, "windows") == 0 &&
      inspect_windows_rescan(s) == -1)
    return -1;
  if (strcmp(s->guest.os_type, "linux") == 0 && inspect_linux_rescan(s) == -1)
    return -1;
  struct change_list again = {0};
  int r = plan_all(s, &again);
  if (r == 0 && again.n) {
    char *first = change_describe(&again.v[0]);
    error_msg("verification failed: %zu changes still needed after applying "
              "the plan, first: %s (%s)", again.n, first, again.v[0].why);
    free(first);
    r = -1;
  }
  change_list_free(&again);
  return r;
}

/* The fixed guest as new files (-o), and the domain that boots them. */
static int write_output(struct session *s, struct report *rep, bool changed)
{
  const struct options *o = s->opts;
  /* Other formats are inputs only: their fixed copy is qcow2. */
  const char *fmt = o->output_format ? o->output_format
                    : strcmp(s->image_format, "raw") == 0 ? "raw"
                                                          : "qcow2";
  info("writing %s (%s)", o->output_file, fmt);
  if (overlay_convert(s, o->output_file, fmt, !changed) == -1)
    return -1;
  strlist outputs = {0};
  for (size_t i = 0; i <= s->more_overlays.n; i++)
    strlist_take(&outputs, output_disk_name(o->output_file, i));
  int r = 0;
  if (o->libvirt_xml) {
    struct domain_spec d;
    domain_spec_from_session(s, &outputs, fmt, &d);
    info("writing the libvirt domain %s", o->libvirt_xml);
    r = domain_xml_write(&d, o->libvirt_xml);
    domain_spec_free(&d);
  }
  if (r == 0)
    report_output(rep, &outputs, fmt, o->libvirt_xml);
  strlist_free(&outputs);
  return r;
}

static int write_result(struct session *s, struct report *rep, bool changed)
{
  if (session_shutdown(s) == -1)
    return -1;
  const struct options *o = s->opts;
  if (o->output_file)
    return write_output(s, rep, changed);
  info("writing the changes into %s", o->image);
  return overlay_commit(s);
}

/* Files of a package that no manifest digest covers are used, said once. */
static void warn_unverified(const struct package *p, struct report *rep)
{
  for (size_t i = 0; i <= p->ndisks; i++) {
    const char *file = i < p->ndisks ? p->disks[i].href : p->descriptor;
    char *msg = NULL;
    if (!p->manifest && i == 0)
      msg = xasprintf("%s has no manifest: its files are not verified",
                      p->shown);
    else if (p->manifest && !strlist_contains_ci(&p->verified, file))
      msg = xasprintf("%s: %s is not in the manifest %s: not verified",
                      p->shown, file, p->manifest);
    if (msg) {
      warn("%s", msg);
      report_warning(rep, msg);
      free(msg);
    }
  }
}

/* A disk image, or an OVF package whose manifest is verified and whose
 * disks are located: either way, before anything starts. */
static int check_input(struct session *s)
{
  if (!package_is_package(s->opts->image))
    return image_check(s->opts, &s->image_format);
  s->package = xcalloc(1, sizeof *s->package);
  if (package_open(s->opts, s->package) == -1)
    return -1;
  s->image_format = s->package->disks[0].format;
  return 0;
}

static struct outcome run(struct session *s, struct report *rep,
                          struct change_list *plan)
{
  const struct options *o = s->opts;
  if (check_input(s) == -1)
    return done(EXIT_ERROR, "error", NULL);
  report_input(rep, s);
  if (s->package)
    warn_unverified(s->package, rep);
  if (virtio_source_locate(o, &s->virtio) == -1)
    return done(EXIT_ERROR, "error", NULL);
  if (session_open(s) == -1 || inspect_guest(s) == -1)
    return done(EXIT_ERROR, "error", NULL);

  struct guest *g = &s->guest;
  size_t warned = 0;
  report_guest(rep, g);
  flush_warnings(s, rep, &warned);
  if (g->refusals.n) {
    for (size_t i = 0; i < g->refusals.n; i++)
      error_msg("cannot fix %s offline: %s", o->image, g->refusals.v[i]);
    return done(EXIT_UNFIXABLE, "refused", xstrdup(g->refusals.v[0]));
  }
  if (o->mode == MODE_INSPECT) {
    print_guest(stdout, g);
    return done(EXIT_OK, "inspected", NULL);
  }
  if (strcmp(g->os_type, "windows") && strcmp(g->os_type, "linux")) {
    error_msg("%s holds a %s guest (%s): only Windows and Linux guests are "
              "supported", o->image, g->os_type, g->product_name);
    return done(EXIT_UNFIXABLE, "refused", xstrdup("unsupported guest type"));
  }

  /* Before any plan: a guest the source has no storage driver for is
   * refused with the image untouched. */
  switch (virtio_source_prepare(s)) {
  case -1: return done(EXIT_ERROR, "error", NULL);
  case 1: return done(EXIT_UNFIXABLE, "refused", xstrdup(log_last_error()));
  }
  if (!o->no_virtio && !s->virtio.path && !strcmp(g->os_type, "windows")) {
    const char *msg = "no virtio-win found ($VIRTIO_WIN, /usr/share/virtio-win):"
                      " no virtio drivers injected; use --virtio-win PATH";
    warn("%s", msg);
    report_warning(rep, msg);
  }
  report_virtio(rep, s);

  int planned = plan_all(s, plan);
  flush_warnings(s, rep, &warned);
  if (planned == -1)
    return done(EXIT_ERROR, "error", NULL);
  report_plan(rep, plan);
  if (log_verbosity > 0)
    print_plan(stdout, plan);
  if (o->mode == MODE_DRY_RUN)
    return done(EXIT_OK, "dry-run", NULL);

  if (plan->n) {
    info("applying %zu changes", plan->n);
    if (apply_changes(s, plan) == -1 || verify(s) == -1)
      return done(EXIT_ERROR, "error", NULL);
  } else if (!o->output_file) {
    info("%s needs nothing: left as it was", o->image);
    return done(EXIT_OK, "nothing-to-do", NULL);
  }
  if (write_result(s, rep, plan->n > 0) == -1)
    return done(EXIT_ERROR, "error", NULL);
  report_applied(rep, plan);
  info("done: %zu changes", plan->n);
  return done(EXIT_OK, plan->n ? "fixed" : "nothing-to-do", NULL);
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int pipeline_run(const struct options *o)
{
  double start = now();
  struct session s = {.opts = o};
  struct report *rep = report_new(o);
  struct change_list plan = {0};
  struct outcome out = run(&s, rep, &plan);
  struct rusage self; /* this process only: qemu is a child, not counted */
  getrusage(RUSAGE_SELF, &self);
  report_run(rep, s.launches, now() - start, self.ru_maxrss, s.overlay_bytes);
  debug("%d appliance launch(es), %.1f s, peak RSS %ld KiB, overlay %lld bytes",
        s.launches, now() - start, self.ru_maxrss, s.overlay_bytes);
  /* Every reason the guest was refused, at the top of the report. */
  strlist refusals = {0};
  for (size_t i = 0; out.code == EXIT_UNFIXABLE && i < s.guest.refusals.n; i++)
    strlist_add(&refusals, s.guest.refusals.v[i]);
  if (out.code == EXIT_UNFIXABLE && !refusals.n && out.message)
    strlist_add(&refusals, out.message);
  report_refusals(rep, &refusals);
  strlist_free(&refusals);
  session_close(&s);
  report_result(rep, out.result, out.code,
                out.message ? out.message : log_last_error());
  if (o->report_file && report_write(rep, o->report_file) == -1 &&
      out.code == EXIT_OK)
    out.code = EXIT_ERROR;
  report_free(rep);
  change_list_free(&plan);
  free(out.message);
  return out.code;
}
