/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The appliance's vCPUs and memory: two vCPUs where the host has them,
 * V2V_FIXUP_VCPUS and LIBGUESTFS_MEMSIZE win, memory capped by what the
 * host has available. */
#include "check.h"
#include "v2v/appliance.h"

static void size(long cpus, long long avail, long long mem_env,
                 long vcpus_env, int *smp, int *mib)
{
  appliance_size(cpus, avail, mem_env, vcpus_env, 1280, smp, mib);
}

int main(void)
{
  int smp, mib;
  size(1, 24000, 0, 0, &smp, &mib);
  CHECK(smp == 1 && mib == 1280);
  size(2, 24000, 0, 0, &smp, &mib);
  CHECK(smp == 2 && mib == 1280);
  size(64, 24000, 0, 0, &smp, &mib); /* more would not help */
  CHECK(smp == 2);
  /* The operator's vCPUs, never more than the CPUs the run may use. */
  size(8, 24000, 0, 1, &smp, &mib);
  CHECK(smp == 1);
  size(8, 24000, 0, 4, &smp, &mib);
  CHECK(smp == 4);
  size(2, 24000, 0, 6, &smp, &mib);
  CHECK(smp == 2);
  /* Memory: half of what is available at most, 512 MiB at least. */
  size(2, 2000, 0, 0, &smp, &mib);
  CHECK(mib == 1000);
  size(2, 600, 0, 0, &smp, &mib);
  CHECK(mib == 512);
  size(2, 0, 0, 0, &smp, &mib); /* unknown: the default */
  CHECK(mib == 1280);
  size(2, 2000, 3000, 0, &smp, &mib); /* LIBGUESTFS_MEMSIZE wins */
  CHECK(mib == 3000);
  return check_report("appliance_size");
}
