/* Starting and ending a run's resources: scratch dir, overlay, appliance. */
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "v2v/image.h"
#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/session.h"

/* For the signal handler: what to remove and stop if the run is killed. */
static char *scratch_dir;
static volatile pid_t appliance_pid;

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void remove_scratch(void)
{
  if (scratch_dir)
    nftw(scratch_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void on_signal(int sig)
{
  /* The image is only a backing file until the commit, which blocks these
   * signals: dropping the scratch dir is all the cleanup there is. */
  if (appliance_pid > 0)
    kill(appliance_pid, SIGTERM);
  remove_scratch();
  signal(sig, SIG_DFL);
  raise(sig);
}

static guestfs_h *new_handle(struct session *s, bool force_tcg)
{
  guestfs_h *g = guestfs_create();
  if (!g)
    return NULL;
  guestfs_set_error_handler(g, NULL, NULL); /* we print our own line */
  if (s->opts->verbosity > 2)
    guestfs_set_trace(g, 1);
  if (force_tcg) {
    char *settings[] = {"force_tcg", NULL};
    guestfs_set_backend_settings(g, settings);
  }
  if (guestfs_add_drive_opts(g, s->overlay, GUESTFS_ADD_DRIVE_OPTS_FORMAT,
                             "qcow2", -1) == -1) {
    error_msg("cannot add %s: %s", s->opts->image, guestfs_last_error(g));
    guestfs_close(g);
    return NULL;
  }
  for (size_t i = 0; i < s->more_overlays.n; i++)
    if (guestfs_add_drive_opts(g, s->more_overlays.v[i],
                               GUESTFS_ADD_DRIVE_OPTS_FORMAT, "qcow2",
                               -1) == -1) {
      error_msg("cannot add disk %zu of %s: %s", i + 2, s->opts->image,
                guestfs_last_error(g));
      guestfs_close(g);
      return NULL;
    }
  /* Added after the guest disks, so the boot disk stays the first device
   * and the ISO the last. */
  if (s->virtio.iso &&
      guestfs_add_drive_opts(g, s->virtio.path, GUESTFS_ADD_DRIVE_OPTS_FORMAT,
                             "raw", GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                             -1) == -1) {
    error_msg("cannot add the virtio-win ISO %s: %s", s->virtio.path,
              guestfs_last_error(g));
    guestfs_close(g);
    return NULL;
  }
  return g;
}

static bool tcg_forced(void)
{
  const char *env = getenv("LIBGUESTFS_BACKEND_SETTINGS");
  return env && strstr(env, "force_tcg");
}

static int launch(struct session *s)
{
  info("starting the appliance");
  s->g = new_handle(s, false);
  if (!s->g)
    return -1;
  s->launches++;
  if (guestfs_launch(s->g) == 0)
    return 0;
  if (tcg_forced() || access("/dev/kvm", R_OK | W_OK) == -1) {
    error_msg("cannot start the appliance: %s", guestfs_last_error(s->g));
    return -1;
  }
  guestfs_close(s->g);
  info("the appliance failed under KVM; retrying with software emulation");
  s->g = new_handle(s, true);
  if (!s->g)
    return -1;
  s->launches++;
  if (guestfs_launch(s->g) == -1) {
    error_msg("cannot start the appliance: %s", guestfs_last_error(s->g));
    return -1;
  }
  return 0;
}

static int launch_and_note(struct session *s)
{
  if (launch(s) == -1)
    return -1;
  int pid = guestfs_get_pid(s->g);
  appliance_pid = pid > 0 ? pid : 0;
  return 0;
}

int session_open(struct session *s)
{
  const char *base = getenv("TMPDIR");
  char *tmpl = xasprintf("%s/v2v-fixup.XXXXXX", base && *base ? base : "/tmp");
  if (!mkdtemp(tmpl)) {
    error_msg("cannot create a scratch directory in %s: %s",
              base && *base ? base : "/tmp", strerror(errno));
    free(tmpl);
    return -1;
  }
  s->tmpdir = scratch_dir = tmpl;
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGHUP, on_signal);
  if (s->package && package_unpack(s->package, s->tmpdir) == -1)
    return -1;
  if (overlay_create(s) == -1)
    return -1;
  return launch_and_note(s);
}

int session_shutdown(struct session *s)
{
  if (!s->g)
    return 0;
  int r = guestfs_shutdown(s->g);
  if (r == -1)
    error_msg("the appliance did not shut down cleanly: %s",
              guestfs_last_error(s->g));
  guestfs_close(s->g);
  s->g = NULL;
  appliance_pid = 0;
  return r;
}

void session_close(struct session *s)
{
  if (s->g)
    guestfs_close(s->g);
  s->g = NULL;
  appliance_pid = 0;
  for (int i = 0; i < HIVE_COUNT; i++) {
    hive_close(s->hives[i]);
    free(s->hive_paths[i]);
  }
  guest_free(&s->guest);
  guest_files_free(s);
  virtio_source_free(&s->virtio);
  remove_scratch();
  scratch_dir = NULL;
  free(s->tmpdir);
  free(s->overlay);
  strlist_free(&s->more_overlays);
  if (s->package)
    package_free(s->package);
  free(s->package);
  memset(s, 0, sizeof *s);
}
