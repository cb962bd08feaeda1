/* The qcow2 overlay that makes a run transactional: the appliance writes
 * only to the overlay, whose backing file is the user's image; the image
 * changes only in overlay_commit(), after every fix-up succeeded. */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "v2v/image.h"
#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/session.h"

int run_command_shown(char *const argv[], const char *log, bool show_stdout)
{
  pid_t pid = fork();
  if (pid == -1)
    return -1;
  if (pid == 0) {
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      dup2(show_stdout ? STDERR_FILENO : fd, 1);
      dup2(fd, 2);
    }
    execvp(argv[0], argv);
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) == -1)
    ;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int run_command(char *const argv[], const char *log)
{
  return run_command_shown(argv, log, false);
}

/* The last line qemu-img wrote, for a one-line error. */
static char *last_line(const char *log)
{
  FILE *f = fopen(log, "r");
  char line[512] = "", buf[512];
  while (f && fgets(buf, sizeof buf, f))
    if (buf[0] != '\n')
      memcpy(line, buf, sizeof line);
  if (f)
    fclose(f);
  line[strcspn(line, "\n")] = '\0';
  return xstrdup(line[0] ? line : "no message");
}

static int qemu_img(struct session *s, char *const argv[], const char *what)
{
  char *log = xasprintf("%s/qemu-img.log", s->tmpdir);
  int r = run_command(argv, log);
  if (r == -1) {
    char *why = last_line(log);
    error_msg("%s failed: %s", what, why);
    free(why);
  }
  free(log);
  return r;
}

static int create_one(struct session *s, const char *backing, const char *fmt,
                      const char *overlay)
{
  char *argv[] = {"qemu-img", "create", "-q", "-f", "qcow2", "-F",
                  (char *)fmt, "-b", (char *)backing, (char *)overlay, NULL};
  return qemu_img(s, argv, "creating the overlay");
}

int overlay_create(struct session *s)
{
  s->overlay = xasprintf("%s/overlay.qcow2", s->tmpdir);
  if (!s->package) {
    char *backing = realpath(s->opts->image, NULL);
    if (!backing) {
      error_msg("cannot resolve the path of %s", s->opts->image);
      return -1;
    }
    int r = create_one(s, backing, s->image_format, s->overlay);
    free(backing);
    return r;
  }
  /* A package's disks: each its own overlay, the boot disk first. */
  for (size_t i = 0; i < s->package->ndisks; i++) {
    char *backing = package_backing(s->package, i);
    char *overlay = i == 0 ? xstrdup(s->overlay)
                           : xasprintf("%s/overlay-%zu.qcow2", s->tmpdir, i + 1);
    int r = create_one(s, backing, s->package->disks[i].format, overlay);
    free(backing);
    if (i > 0)
      strlist_take(&s->more_overlays, overlay);
    else
      free(overlay);
    if (r == -1)
      return -1;
  }
  return 0;
}

/* Signals that would cut a commit or a rename in half wait until it is
 * done: the image is either as it was or fully fixed. */
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

int overlay_commit(struct session *s)
{
  note_overlay_size(s);
  sigset_t old;
  block_signals(&old);
  char *argv[] = {"qemu-img", "commit", "-q", s->overlay, NULL};
  int r = qemu_img(s, argv, "writing the changes into the image");
  sigprocmask(SIG_SETMASK, &old, NULL);
  return r;
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

/* A terminal shows qemu-img's progress bar (its stdout) unless -q; the
 * messages still go to the log for the one-line error. */
static int convert_one(struct session *s, const char *src, const char *src_fmt,
                       const char *file, const char *tmp, const char *format)
{
  bool progress = s->opts->verbosity > 0 && isatty(STDERR_FILENO);
  char *argv[] = {"qemu-img", "convert", progress ? "-p" : "-q", "-f",
                  (char *)src_fmt, "-O", (char *)format, (char *)src,
                  (char *)tmp, NULL};
  char *log = xasprintf("%s/qemu-img.log", s->tmpdir);
  int r = run_command_shown(argv, log, progress);
  if (r == -1) {
    char *why = last_line(log);
    error_msg("writing the output image %s failed: %s", file, why);
    free(why);
  }
  free(log);
  return r;
}

/* Every disk is written under a partial name first; they get their names
 * together once all are complete, so a failure leaves no output at all.
 * PRISTINE (nothing was changed) copies the input itself: the overlay may
 * hold what mounting the guest's filesystems wrote (NTFS metadata). */
/* What the overlay of disk I is backed by: the image or package disk. */
static char *disk_source(struct session *s, size_t i)
{
  if (s->package)
    return package_backing(s->package, i);
  char *path = realpath(s->opts->image, NULL);
  return path ? path : xstrdup(s->opts->image);
}

int overlay_convert(struct session *s, const char *file, const char *format,
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
    char *src = pristine ? disk_source(s, i)
                : xstrdup(i == 0 ? s->overlay : s->more_overlays.v[i - 1]);
    const char *src_fmt = !pristine ? "qcow2"
                          : s->package ? s->package->disks[i].format
                                       : s->image_format;
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
