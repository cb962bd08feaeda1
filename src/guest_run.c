/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The steps of one guest of a run: include/v2v/guest_run.h. Data flows
 * one way: nothing touches the user's files before guest_run_write. */
#include "v2v/guest_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "v2v/apply.h"
#include "v2v/commit_journal.h"
#include "v2v/fixup.h"
#include "v2v/guest_args.h"
#include "v2v/guest_output.h"
#include "v2v/image_check.h"
#include "v2v/inspect.h"
#include "v2v/interrupt.h"
#include "v2v/linux_inspect.h"
#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/print.h"
#include "v2v/virtio_source.h"
#include "v2v/vmx.h"

/* The guest ends here. An error's message is the error line just said. */
static struct outcome end(int code, const char *result, char *message)
{
  if (!message && code == EXIT_ERROR && log_last_error())
    message = xstrdup(log_last_error());
  return (struct outcome){true, code, result, message};
}

static const struct outcome go_on = {0};

/* Warnings come from inspection (in the guest description) and from
 * planning (the fix-ups' own output): each is said once, on stderr and in
 * the report. */
static void flush_warnings(const strlist *warnings, struct report *rep,
                           size_t *said)
{
  for (; *said < warnings->n; (*said)++) {
    warn("%s", warnings->v[*said]);
    report_warning(rep, warnings->v[*said]);
  }
}

/* Whether stdout is for a person: not when it carries the report (--json,
 * --report -) or a pipeline reads the messages (--machine-readable). */
static bool human_stdout(const struct options *o)
{
  return !o->machine_readable && (!o->report_file || strcmp(o->report_file, "-"));
}

/* With several guests, what stdout says of each starts with its name. */
static void stdout_heading(const struct options *o)
{
  if (o->nguests > 1)
    printf("== %s\n", o->image);
}

static enum result plan_all(struct session *s, struct change_list *plan,
                            strlist *warnings)
{
  for (int i = 0; all_fixups[i]; i++) {
    const struct fixup *f = all_fixups[i];
    if (!f->applies(&s->guest))
      continue;
    debug("planning %s", f->name);
    if (f->plan(s, plan, warnings) == RESULT_ERROR)
      return RESULT_ERROR;
  }
  return RESULT_OK;
}

/* After applying, the guest read back from the overlay must need nothing:
 * that is both the verification and the promise that a second run is a
 * no-op. */
static enum result verify(struct session *s)
{
  if (strcmp(s->guest.os_type, "windows") == 0 &&
      inspect_windows_rescan(s) == RESULT_ERROR)
    return RESULT_ERROR;
  if (strcmp(s->guest.os_type, "linux") == 0 && inspect_linux_rescan(s) == RESULT_ERROR)
    return RESULT_ERROR;
  struct change_list again = {0};
  strlist warnings = {0}; /* said when the plan was made */
  enum result r = plan_all(s, &again, &warnings);
  strlist_free(&warnings);
  if (r == RESULT_OK && again.n) {
    char *first = change_describe(&again.v[0]);
    error_msg("verification failed: %zu changes still needed after applying "
              "the plan, first: %s (%s)", again.n, first, again.v[0].why);
    free(first);
    r = RESULT_ERROR;
  }
  change_list_free(&again);
  return r;
}

static void say_warning(struct report *rep, const char *msg)
{
  warn("%s", msg);
  report_warning(rep, msg);
}

/* Files of a package that no manifest digest covers are used, said once;
 * then what the machine description's reader doubted. */
static void warn_input(const struct package *p, struct report *rep)
{
  for (size_t i = 0; i < p->ovf.warnings.n; i++) {
    char *msg = xasprintf("%s: %s", p->shown, p->ovf.warnings.v[i]);
    say_warning(rep, msg);
    free(msg);
  }
  /* An XVA's chunks are each checked against their own digest; a VMware
   * folder has no manifest. */
  if (p->xva || p->vmx)
    return;
  for (size_t i = 0; i <= p->ndisks; i++) {
    const char *slash = strrchr(p->descriptor, '/');
    const struct package_disk *d = i < p->ndisks ? &p->disks[i] : NULL;
    const char *file = d && d->nparts ? d->parts[0].name
                       : d            ? d->href
                       : slash        ? slash + 1
                                      : p->descriptor;
    char *msg = NULL;
    const char *mf = p->manifests.n ? p->manifests.v[0] : NULL;
    if (!mf && i == 0)
      msg = xasprintf("%s has no manifest: its files are not verified",
                      p->shown);
    else if (mf && !strlist_contains_ci(&p->verified, file))
      msg = xasprintf("%s: %s is not in the manifest %s: not verified",
                      p->shown, file, mf);
    if (msg)
      say_warning(rep, msg);
    free(msg);
  }
}

/* Disk images (the boot disk and --disk ones), or an OVF package whose
 * manifest is verified and whose disks are located: either way, before
 * anything starts. */
static enum result check_input(struct session *s)
{
  const struct options *o = s->opts;
  if (!package_is_package(o->image)) {
    enum result r = image_check(o, o->image, &s->image_format);
    s->more_formats = xcalloc(o->more_disks.n + 1, sizeof *s->more_formats);
    for (size_t i = 0; r != RESULT_ERROR && i < o->more_disks.n; i++) {
      enum result more = image_check(o, o->more_disks.v[i], &s->more_formats[i]);
      if (more != RESULT_OK)
        r = more;
    }
    return r;
  }
  if (o->more_disks.n) {
    error_msg("%s is a package, which names its own disks: --disk %s is not "
              "for it", o->image, o->more_disks.v[0]);
    return RESULT_ERROR;
  }
  s->package = xcalloc(1, sizeof *s->package);
  enum result r = package_open(o, s->package);
  if (r == RESULT_OK)
    s->image_format = s->package->disks[0].format;
  return r;
}

/* VMware names the guest OS the VM was set up for; a disk holding
 * another kind of system is worth a word (the disks may be another VM's). */
static void check_os_hint(const struct package *p, const struct guest *g,
                          struct report *rep)
{
  if (!vmware_guest_disagrees(p->ovf.os_id, g->os_type))
    return;
  char *msg = xasprintf("%s describes a %s guest (%s), but its disks hold %s "
                        "(%s)", p->shown, vmware_guest_family(p->ovf.os_id),
                        p->ovf.os_id, g->os_type,
                        g->product_name ? g->product_name : "?");
  say_warning(rep, msg);
  free(msg);
}

/* A signal stopped the step that was running (interrupt.h): say what state
 * the user's files are in. Once the changes are written, the run is done
 * whatever came after. */
static struct outcome interrupted(const struct session *s, struct outcome out)
{
  int sig = interrupt_signal();
  if (!sig)
    return out;
  const struct options *o = s->opts;
  if (s->committed) {
    info("%s came while the changes were being written; they were written "
         "in full first", strsignal(sig));
    return out;
  }
  char *state = s->keep_scratch
                    ? xasprintf("%s may be half-written: run v2v-fixup on it "
                                "again to complete the changes", o->image)
                : o->output_file
                    ? xasprintf("%s is unchanged and no output was written",
                                o->image)
                    : xasprintf("%s is unchanged", o->image);
  error_msg("interrupted (%s): %s", strsignal(sig), state);
  free(out.message);
  return end(interrupt_exit_code(), "interrupted", state);
}

/* -o must be a new file (or --force), and never the input itself. */
static enum result check_output(const struct options *o)
{
  struct stat in, out;
  if (!o->output_file || stat(o->output_file, &out) == -1)
    return RESULT_OK;
  if (stat(o->image, &in) == 0 && in.st_dev == out.st_dev &&
      in.st_ino == out.st_ino) {
    error_msg("%s is the input itself: drop -o to fix it in place",
              o->output_file);
    return RESULT_ERROR;
  }
  if (!o->force) {
    error_msg("%s exists: refusing to overwrite it (use --force)",
              o->output_file);
    return RESULT_ERROR;
  }
  return RESULT_OK;
}


/* Before the image is read: -o is new, the files are ours, and a commit
 * an earlier run was cut off in is completed (or the run refused). */
static enum result claim_files(struct guest_run *r)
{
  const struct options *o = &r->opts;
  if (check_output(o) == RESULT_ERROR ||
      image_lock_take(o, &r->lock) == RESULT_ERROR)
    return RESULT_ERROR;
  for (size_t i = 0; i <= o->more_disks.n; i++)
    if (commit_journal_resume(o, i ? o->more_disks.v[i - 1] : o->image) ==
        RESULT_ERROR)
      return RESULT_ERROR;
  return RESULT_OK;
}

static struct outcome prepare(struct guest_run *r)
{
  struct session *s = &r->s;
  const struct options *o = s->opts;
  if (claim_files(r) == RESULT_ERROR)
    return end(EXIT_ERROR, "error", NULL);
  /* No phase line here: a bad input's error must be the only line. */
  switch (check_input(s)) {
  case RESULT_OK: break;
  case RESULT_ERROR: return end(EXIT_ERROR, "error", NULL);
  /* BitLocker or a dynamic disk seen on the host, a suspended VMware VM:
   * no launch needed. */
  case RESULT_REFUSED:
    return end(EXIT_UNFIXABLE, "refused", xstrdup(log_last_error()));
  }
  report_input(r->rep, s);
  if (s->package)
    warn_input(s->package, r->rep);
  if (virtio_source_locate(o, &s->virtio) == RESULT_ERROR ||
      session_prepare(s) == RESULT_ERROR)
    return end(EXIT_ERROR, "error", NULL);
  return go_on;
}

void guest_run_init(struct guest_run *r, const struct options *all,
                    size_t index)
{
  options_for_guest(all, index, &r->opts);
  r->s.opts = &r->opts;
  r->rep = report_new(&r->opts);
  r->lock = (struct image_lock){.image_fd = -1, .output_fd = -1};
}

void guest_run_prepare(struct guest_run *r)
{
  if (!r->out.ended)
    r->out = prepare(r);
}

/* In the appliance: from inspection to a verified fix (or the reason
 * there is none). */
static struct outcome fix(struct guest_run *r)
{
  struct session *s = &r->s;
  const struct options *o = s->opts;
  struct report *rep = r->rep;
  struct change_list *plan = &r->plan;
  phase("inspect", "inspecting the guest");
  if (inspect_guest(s) == RESULT_ERROR)
    return end(EXIT_ERROR, "error", NULL);

  struct guest *g = &s->guest;
  size_t warned = 0;
  report_guest(rep, g);
  flush_warnings(&g->warnings, rep, &warned);
  if (s->package)
    check_os_hint(s->package, g, rep);
  if (g->refusals.n) {
    for (size_t i = 0; i < g->refusals.n; i++)
      error_msg("cannot fix %s offline: %s", o->image, g->refusals.v[i]);
    return end(EXIT_UNFIXABLE, "refused", xstrdup(g->refusals.v[0]));
  }
  if (o->mode == MODE_INSPECT) {
    /* With the report on stdout, that is the whole output. */
    if (human_stdout(o)) {
      stdout_heading(o);
      print_guest(stdout, g);
    }
    return end(EXIT_OK, "inspected", NULL);
  }
  if (strcmp(g->os_type, "windows") && strcmp(g->os_type, "linux")) {
    error_msg("%s holds a %s guest (%s): only Windows and Linux guests are "
              "supported", o->image, g->os_type, g->product_name);
    return end(EXIT_UNFIXABLE, "refused", xstrdup("unsupported guest type"));
  }

  /* Before any plan: a guest the source has no storage driver for is
   * refused with the image untouched. */
  switch (virtio_source_prepare(s)) {
  case RESULT_OK: break;
  case RESULT_ERROR: return end(EXIT_ERROR, "error", NULL);
  case RESULT_REFUSED:
    return end(EXIT_UNFIXABLE, "refused", xstrdup(log_last_error()));
  }
  /* Without the Xen drivers and without virtio, Windows would find no
   * storage driver on KVM: that is only done when asked for. */
  if (!o->no_virtio && !s->virtio.path && !strcmp(g->os_type, "windows")) {
    error_msg("cannot fix %s without a virtio-win source: none given and "
              "none at $VIRTIO_WIN or /usr/share/virtio-win (the guest would "
              "have no storage driver on KVM); use --virtio-win PATH, or "
              "--no-virtio for IDE/SATA disks", o->image);
    return end(EXIT_UNFIXABLE, "refused",
               xstrdup("no virtio-win source for a Windows guest"));
  }
  report_virtio(rep, s);

  phase("plan", "planning the fix-ups for %s", g->product_name);
  strlist plan_warnings = {0};
  size_t plan_warned = 0;
  enum result planned = plan_all(s, plan, &plan_warnings);
  flush_warnings(&plan_warnings, rep, &plan_warned);
  strlist_free(&plan_warnings);
  if (planned == RESULT_ERROR)
    return end(EXIT_ERROR, "error", NULL);
  report_plan(rep, plan, s->hives);
  /* The whole plan when that is what was asked for (--dry-run, -v); a fix
   * says what each fix-up does, the report has every change. */
  if (log_verbosity > 0 && human_stdout(o)) {
    stdout_heading(o);
    print_plan(stdout, plan, o->mode == MODE_DRY_RUN || log_verbosity > 1);
  }
  if (o->mode == MODE_DRY_RUN)
    return end(EXIT_OK, "dry-run", NULL);

  if (plan->n) {
    phase("apply", "applying %zu changes", plan->n);
    if (apply_changes(s, plan) == RESULT_ERROR)
      return end(EXIT_ERROR, "error", NULL);
    phase("verify", "verifying: the fixed guest, inspected again, must need "
                    "nothing");
    if (verify(s) == RESULT_ERROR)
      return end(EXIT_ERROR, "error", NULL);
  } else if (!o->output_file) {
    info("%s needs nothing: left as it was", o->image);
    return end(EXIT_OK, "nothing-to-do", NULL);
  }
  r->write_pending = true;
  return go_on;
}

void guest_run_fix(struct guest_run *r)
{
  if (!r->out.ended)
    r->out = fix(r);
}

void guest_run_write(struct guest_run *r)
{
  if (r->out.ended || !r->write_pending)
    return;
  r->write_pending = false;
  /* A signal before the first byte is written: nothing is. */
  if (interrupt_signal() ||
      guest_output_write(&r->s, r->rep, r->plan.n > 0) == RESULT_ERROR) {
    r->out = end(EXIT_ERROR, "error", NULL);
    return;
  }
  r->s.committed = true;
  report_applied(r->rep);
  phase("done", "done: %zu changes", r->plan.n);
  r->out = end(EXIT_OK, r->plan.n ? "fixed" : "nothing-to-do", NULL);
}

void guest_run_fail(struct guest_run *r, const char *message)
{
  r->write_pending = false;
  if (!r->out.ended)
    r->out = end(EXIT_ERROR, "error", message ? xstrdup(message) : NULL);
}

bool guest_run_ready(const struct guest_run *r) { return !r->out.ended; }

int guest_run_finish(struct guest_run *r, const struct appliance *a,
                     size_t nguests, double seconds)
{
  struct session *s = &r->s;
  struct report *rep = r->rep;
  const struct options *o = &r->opts;
  if (!r->out.ended) /* every step ends a guest or leaves it pending */
    guest_run_fail(r, "stopped before it was written");
  struct outcome out = interrupted(s, r->out);
  struct rusage self; /* this process only: qemu is a child, not counted */
  getrusage(RUSAGE_SELF, &self);
  struct run_stats stats = {
      .launches = a->launches, .seconds = seconds,
      .peak_rss_kib = self.ru_maxrss, .overlay_bytes = s->overlay_bytes,
      .guests = nguests, .vcpus = a->smp, .memory_mib = a->memsize_mib};
  report_run(rep, &stats);
  debug("%d appliance launch(es), %.1f s, peak RSS %ld KiB, overlay %lld bytes",
        a->launches, seconds, self.ru_maxrss, s->overlay_bytes);
  /* Every reason the guest was refused, at the top of the report. */
  strlist refusals = {0};
  for (size_t i = 0; out.code == EXIT_UNFIXABLE && i < s->guest.refusals.n; i++)
    strlist_add(&refusals, s->guest.refusals.v[i]);
  if (out.code == EXIT_UNFIXABLE && !refusals.n && out.message)
    strlist_add(&refusals, out.message);
  report_refusals(rep, &refusals);
  strlist_free(&refusals);
  session_close(s);
  image_lock_release(&r->lock);
  report_result(rep, out.result, out.code, out.message);
  if (o->report_file && report_write(rep, o->report_file) == RESULT_ERROR &&
      out.code == EXIT_OK)
    out.code = EXIT_ERROR;
  report_free(rep);
  change_list_free(&r->plan);
  free(out.message);
  r->out = (struct outcome){true, out.code, out.result, NULL};
  options_for_guest_free(&r->opts);
  return out.code;
}
