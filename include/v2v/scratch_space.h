/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Free space where a run writes before the appliance starts: the scratch
 * dir (overlay, unpacked disks) and libguestfs's appliance cache. Short of
 * either, qemu or supermin fail late and obscurely (or hang), so the run
 * stops first and names the directory. */
#ifndef V2V_SCRATCH_SPACE_H
#define V2V_SCRATCH_SPACE_H

#include <stdint.h>

#include "v2v/result.h"

/* The overlay of a fix rarely passes a few hundred MB (hives, drivers,
 * rebuilt initramfs images). */
#define SCRATCH_OVERLAY_BYTES (256ULL << 20)
/* What supermin needs to build the appliance when it is not cached. */
#define APPLIANCE_CACHE_BYTES (1ULL << 30)

/* Checks that SCRATCH (the TMPDIR) has NEED bytes free and that the
 * appliance cache (LIBGUESTFS_CACHEDIR, else TMPDIR, else /var/tmp)
 * holds a built appliance or has room for one; both needs add up when
 * they are on one filesystem. RESULT_ERROR with one line naming the
 * directory, what is free and what is needed. */
MUST_CHECK enum result scratch_space_check(const char *scratch, uint64_t need);

#endif
