/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Starting and stopping the one appliance of a run. */
#include "v2v/appliance.h"

#include <sched.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "v2v/interrupt.h"
#include "v2v/log.h"
#include "v2v/strlist.h"

#define MIN_MEMSIZE_MIB 512

void appliance_size(long host_cpus, long long host_avail_mib,
                    long long memsize_env_mib, long vcpus_env,
                    int default_mib, int *smp, int *memsize_mib)
{
  *smp = host_cpus >= 2 ? 2 : 1;
  if (vcpus_env > 0)
    *smp = (int)(host_cpus > 0 && vcpus_env > host_cpus ? host_cpus
                                                          : vcpus_env);
  if (memsize_env_mib > 0) {
    *memsize_mib = (int)memsize_env_mib;
    return;
  }
  long long mib = default_mib;
  /* qemu allocates lazily, but a host that could not back the appliance's
   * page cache would swap or kill it halfway through a fix. */
  if (host_avail_mib > 0 && mib > host_avail_mib / 2)
    mib = host_avail_mib / 2;
  *memsize_mib = (int)(mib < MIN_MEMSIZE_MIB ? MIN_MEMSIZE_MIB : mib);
}

/* MemAvailable of /proc/meminfo in MiB; 0 if unknown. */
static long long host_available_mib(void)
{
  FILE *f = fopen("/proc/meminfo", "r");
  char line[256];
  long long kib = 0;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "MemAvailable: %lld kB", &kib) == 1)
      break;
  if (f)
    fclose(f);
  return kib / 1024;
}

/* A positive number from the environment; 0 if unset or not one. */
static long long env_number(const char *name)
{
  const char *v = getenv(name);
  char *end;
  long long n = v ? strtoll(v, &end, 10) : 0;
  return v && *v && *end == '\0' && n > 0 ? n : 0;
}

/* The CPUs this process may run on (a cpuset or taskset limits them),
 * which qemu's threads inherit. */
static long usable_cpus(void)
{
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    return CPU_COUNT(&set);
  return sysconf(_SC_NPROCESSORS_ONLN);
}

static guestfs_h *new_handle(struct appliance *a,
                             const struct appliance_drive *drives, size_t n,
                             int verbosity, bool force_tcg)
{
  guestfs_h *g = guestfs_create();
  if (!g) {
    error_msg("cannot create a libguestfs handle");
    return NULL;
  }
  guestfs_set_error_handler(g, NULL, NULL); /* we print our own line */
  if (verbosity > 2)
    guestfs_set_trace(g, 1);
  if (force_tcg) {
    char *settings[] = {"force_tcg", NULL};
    guestfs_set_backend_settings(g, settings);
  }
  appliance_size(usable_cpus(), host_available_mib(),
                 env_number("LIBGUESTFS_MEMSIZE"), env_number("V2V_FIXUP_VCPUS"),
                 guestfs_get_memsize(g), &a->smp, &a->memsize_mib);
  guestfs_set_smp(g, a->smp);
  guestfs_set_memsize(g, a->memsize_mib);
  for (size_t i = 0; i < n; i++) {
    const struct appliance_drive *d = &drives[i];
    if (guestfs_add_drive_opts(g, d->file, GUESTFS_ADD_DRIVE_OPTS_FORMAT,
                               d->format, GUESTFS_ADD_DRIVE_OPTS_READONLY,
                               d->readonly ? 1 : 0, -1) == -1) {
      error_msg("cannot add %s: %s", d->shown, guestfs_last_error(g));
      guestfs_close(g);
      return NULL;
    }
  }
  return g;
}

static bool tcg_forced(void)
{
  const char *env = getenv("LIBGUESTFS_BACKEND_SETTINGS");
  return env && strstr(env, "force_tcg");
}

static enum result launch(struct appliance *a,
                          const struct appliance_drive *drives, size_t n,
                          int verbosity)
{
  a->g = new_handle(a, drives, n, verbosity, false);
  if (!a->g)
    return RESULT_ERROR;
  a->launches++;
  debug("appliance: %d vCPUs, %d MiB, %zu drives", a->smp, a->memsize_mib, n);
  if (guestfs_launch(a->g) == 0)
    return RESULT_OK;
  if (tcg_forced() || access("/dev/kvm", R_OK | W_OK) == -1) {
    error_msg("cannot start the appliance: %s", guestfs_last_error(a->g));
    return RESULT_ERROR;
  }
  guestfs_close(a->g);
  info("the appliance failed under KVM; retrying with software emulation");
  a->g = new_handle(a, drives, n, verbosity, true);
  if (!a->g)
    return RESULT_ERROR;
  a->launches++;
  if (guestfs_launch(a->g) == -1) {
    error_msg("cannot start the appliance: %s", guestfs_last_error(a->g));
    return RESULT_ERROR;
  }
  return RESULT_OK;
}

enum result appliance_launch(struct appliance *a,
                             const struct appliance_drive *drives, size_t n,
                             int verbosity)
{
  phase("launch", "starting the appliance");
  if (launch(a, drives, n, verbosity) == RESULT_ERROR)
    return RESULT_ERROR;
  int pid = guestfs_get_pid(a->g);
  interrupt_watch_appliance(pid > 0 ? pid : 0);
  return interrupt_signal() ? RESULT_ERROR : RESULT_OK;
}

char *const *appliance_roots(struct appliance *a)
{
  if (!a->inspected) {
    a->roots = guestfs_inspect_os(a->g);
    a->inspected = true;
  }
  return a->roots;
}

enum result appliance_shutdown(struct appliance *a)
{
  if (!a->g)
    return RESULT_OK;
  int r = guestfs_shutdown(a->g);
  if (r == -1)
    error_msg("the appliance did not shut down cleanly: %s",
              guestfs_last_error(a->g));
  appliance_close(a);
  return r == 0 ? RESULT_OK : RESULT_ERROR;
}

void appliance_close(struct appliance *a)
{
  if (a->g)
    guestfs_close(a->g);
  a->g = NULL;
  interrupt_watch_appliance(0);
  strv_free(a->roots);
  a->roots = NULL;
  a->inspected = false;
}
