/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing the fixed guest out: the overlay committed into the image (in
 * place), or converted to new files (-o). The only code that writes the
 * user's files. */
#include "v2v/commit.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/commit_journal.h"
#include "v2v/disk_spec.h"
#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/process.h"
#include "v2v/session.h"

/* A person at a terminal sees qemu-img's progress bar (its stdout, put on
 * our stderr); its messages still go to the log for the one-line error. */
static bool show_progress(const struct session *s)
{
  return s->opts->verbosity > 0 && log_on_terminal();
}

/* qemu-img ARGV (its argv[2] the -p/-q slot, filled here); on failure
 * "writing WHAT failed: <qemu-img's last line>". */
static int qemu_img_writing(struct session *s, char **argv, const char *what)
{
  bool progress = show_progress(s);
  argv[2] = progress ? "-p" : "-q";
  char *log = xasprintf("%s/qemu-img.log", s->tmpdir);
  int r = run_command_shown(argv, log, progress);
  if (r == -1) {
    char *why = command_last_line(log);
    error_msg("writing %s failed: %s", what, why);
    free(why);
  }
  free(log);
  return r;
}

/* SIGINT, SIGTERM and SIGHUP wait until a commit or the renames are done,
 * so that Ctrl-C does not cut them in half. SIGKILL cannot be held off. */
static void block_signals(sigset_t *old)
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigprocmask(SIG_BLOCK, &set, old);
}

/* What the commit can write at most: the overlay's allocated size. */
static void note_overlay_size(struct session *s)
{
  struct stat st;
  if (stat(s->overlay, &st) == 0)
    s->overlay_bytes = (long long)st.st_blocks * 512;
}

/* Disk I of a guest given as images: its file and format. */
static const char *disk_file(const struct session *s, size_t i)
{
  return i ? s->opts->more_disks.v[i - 1] : s->opts->image;
}

static const char *disk_format(const struct session *s, size_t i)
{
  return i ? s->more_formats[i - 1] : s->image_format;
}

static const char *overlay_of(const struct session *s, size_t i)
{
  return i ? s->more_overlays.v[i - 1] : s->overlay;
}

enum result overlay_commit(struct session *s)
{
  note_overlay_size(s);
  size_t n = 1 + s->more_overlays.n;
  /* Every journal first: a run killed between two disks' commits leaves
   * the next run a journal for each disk not yet complete. */
  for (size_t i = 0; i < n; i++)
    if (commit_journal_write(disk_file(s, i), overlay_of(s, i),
                             disk_format(s, i)) == RESULT_ERROR) {
      for (size_t j = 0; j < i; j++)
        commit_journal_remove(disk_file(s, j));
      return RESULT_ERROR;
    }
  int r = 0;
  size_t i = 0;
  for (; i < n && r == 0; i++) {
    const char *image = disk_file(s, i);
    sigset_t old;
    block_signals(&old);
    char *argv[] = {"qemu-img", "commit", NULL, (char *)overlay_of(s, i), NULL};
    char *what = xasprintf("the changes into %s", image);
    r = qemu_img_writing(s, argv, what);
    free(what);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (r == 0)
      commit_journal_remove(image);
  }
  if (r == 0)
    return RESULT_OK;
  /* Part of the changes may be in the images: the overlays stay, and the
   * journals send the next run to them. */
  s->keep_scratch = true;
  error_msg("%s may be half-written: its changes are kept in %s; run "
            "v2v-fixup on %s again to complete them", disk_file(s, i - 1),
            overlay_of(s, i - 1), s->opts->image);
  return RESULT_ERROR;
}

char *output_disk_name(const char *file, size_t i)
{
  if (i == 0)
    return xstrdup(file);
  const char *slash = strrchr(file, '/');
  const char *dot = strrchr(slash ? slash + 1 : file, '.');
  if (!dot || dot == (slash ? slash + 1 : file))
    return xasprintf("%s-disk%zu", file, i + 1);
  return xasprintf("%.*s-disk%zu%s", (int)(dot - file), file, i + 1, dot);
}

static int convert_one(struct session *s, const char *src, const char *src_fmt,
                       const char *file, const char *tmp, const char *format)
{
  char *argv[] = {"qemu-img", "convert", NULL, "-f", (char *)src_fmt, "-O",
                  (char *)format, (char *)src, (char *)tmp, NULL};
  char *what = xasprintf("the output image %s", file);
  int r = qemu_img_writing(s, argv, what);
  free(what);
  return r;
}

/* What the overlay of disk I is backed by: the image or package disk,
 * named to qemu as the overlay names it (format fixed, no backing). */
static char *disk_source(struct session *s, size_t i)
{
  if (s->package)
    return package_backing(s->package, i);
  char *path = realpath(disk_file(s, i), NULL);
  char *spec = qemu_disk_spec(path ? path : disk_file(s, i),
                              disk_format(s, i), 0, 0);
  free(path);
  return spec;
}

/* Every disk is written under a partial name first; they get their names
 * together once all are complete, so a failure leaves no output at all.
 * PRISTINE (nothing was changed) copies the input itself: the overlay may
 * hold what mounting the guest's filesystems wrote (NTFS metadata). */
enum result overlay_convert(struct session *s, const char *file, const char *format,
                            bool pristine)
{
  note_overlay_size(s);
  size_t n = s->more_overlays.n + 1;
  strlist names = {0}, tmps = {0};
  int r = 0;
  for (size_t i = 0; i < n; i++) {
    strlist_take(&names, output_disk_name(file, i));
    strlist_take(&tmps, xasprintf("%s.v2v-partial", names.v[i]));
  }
  for (size_t i = 0; i < n && r == 0; i++) {
    char *src = pristine ? disk_source(s, i) : xstrdup(overlay_of(s, i));
    const char *src_fmt = !pristine ? "qcow2"
                          : s->package ? s->package->disks[i].format
                                       : disk_format(s, i);
    if (n > 1)
      info("disk %zu of %zu: %s", i + 1, n, names.v[i]);
    r = convert_one(s, src, src_fmt, names.v[i], tmps.v[i], format);
    free(src);
  }
  if (r == 0) {
    sigset_t old;
    block_signals(&old);
    for (size_t i = 0; i < n && r == 0; i++)
      if (rename(tmps.v[i], names.v[i]) == -1) {
        error_msg("cannot rename %s to %s", tmps.v[i], names.v[i]);
        r = -1;
        for (size_t j = 0; j < i; j++) /* all or nothing */
          unlink(names.v[j]);
      }
    sigprocmask(SIG_SETMASK, &old, NULL);
  }
  for (size_t i = 0; i < n; i++)
    unlink(tmps.v[i]);
  strlist_free(&names);
  strlist_free(&tmps);
  return r;
}
