/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Starting and ending a run's resources: scratch dir, overlay, appliance. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "v2v/interrupt.h"
#include "v2v/overlay.h"
#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/scratch_space.h"
#include "v2v/session.h"

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void remove_scratch(const char *dir)
{
  if (dir)
    nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
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
  phase("launch", "starting the appliance");
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
  interrupt_watch_appliance(pid > 0 ? pid : 0);
  return interrupt_signal() ? -1 : 0;
}

/* What the scratch dir must hold: the overlay's growth (hives, drivers,
 * rebuilt initramfs images), the unpacked gzip disks and assembled XVA
 * disks (at most their size: they are sparse). */
static uint64_t scratch_need(const struct session *s)
{
  uint64_t need = SCRATCH_OVERLAY_BYTES;
  /* unpack_limit is 0 for a disk read in place. */
  for (size_t i = 0; s->package && i < s->package->ndisks; i++)
    need += s->package->disks[i].unpack_limit;
  return need;
}

enum result session_open(struct session *s)
{
  const char *env = getenv("TMPDIR");
  const char *base = env && *env ? env : "/tmp";
  if (scratch_space_check(base, scratch_need(s)) == RESULT_ERROR)
    return RESULT_ERROR;
  char *tmpl = xasprintf("%s/v2v-fixup.XXXXXX", base);
  if (!mkdtemp(tmpl)) {
    error_msg("cannot create a scratch directory in %s: %s", base,
              strerror(errno));
    free(tmpl);
    return RESULT_ERROR;
  }
  s->tmpdir = tmpl;
  if (s->package && package_unpack(s->package, s->tmpdir) == -1)
    return RESULT_ERROR;
  if (overlay_create(s) == -1)
    return RESULT_ERROR;
  return launch_and_note(s);
}

enum result session_shutdown(struct session *s)
{
  if (!s->g)
    return RESULT_OK;
  int r = guestfs_shutdown(s->g);
  if (r == -1)
    error_msg("the appliance did not shut down cleanly: %s",
              guestfs_last_error(s->g));
  guestfs_close(s->g);
  s->g = NULL;
  interrupt_watch_appliance(0);
  return r == 0 ? RESULT_OK : RESULT_ERROR;
}

void session_close(struct session *s)
{
  if (s->g)
    guestfs_close(s->g);
  s->g = NULL;
  interrupt_watch_appliance(0);
  hive_copy_close_all(s);
  guest_free(&s->guest);
  guest_files_free(s);
  virtio_source_free(&s->virtio);
  /* Kept when a failed commit left the image half-written: the overlay
   * there is what completes it (output/commit.c). */
  if (!s->keep_scratch)
    remove_scratch(s->tmpdir);
  free(s->tmpdir);
  free(s->overlay);
  strlist_free(&s->more_overlays);
  if (s->package)
    package_free(s->package);
  free(s->package);
  memset(s, 0, sizeof *s);
}
