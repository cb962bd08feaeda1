/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/scratch_space.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "v2v/alloc.h"
#include "v2v/log.h"

static const char *cache_dir(void)
{
  const char *dirs[] = {getenv("LIBGUESTFS_CACHEDIR"), getenv("TMPDIR")};
  for (size_t i = 0; i < 2; i++)
    if (dirs[i] && *dirs[i])
      return dirs[i];
  return "/var/tmp";
}

/* libguestfs keeps a built appliance in CACHE/.guestfs-UID/appliance.d. */
static bool appliance_cached(const char *cache)
{
  char *root = xasprintf("%s/.guestfs-%ld/appliance.d/root", cache,
                         (long)geteuid());
  struct stat st;
  bool cached = stat(root, &st) == 0 && st.st_size > 0;
  free(root);
  return cached;
}

static enum result check_one(const char *dir, uint64_t need, const char *what)
{
  struct statvfs v;
  if (statvfs(dir, &v) == -1) {
    error_msg("cannot use %s for %s: %s", dir, what, strerror(errno));
    return RESULT_ERROR;
  }
  uint64_t free_bytes = (uint64_t)v.f_bavail * v.f_frsize;
  if (free_bytes >= need)
    return RESULT_OK;
  error_msg("not enough free space in %s for %s: %.1f MiB free, about %llu "
            "MiB needed (set TMPDIR%s to a larger directory)", dir, what,
            free_bytes / 1048576.0, (unsigned long long)(need >> 20),
            strcmp(what, "the appliance cache") == 0 ? " or LIBGUESTFS_CACHEDIR"
                                                     : "");
  return RESULT_ERROR;
}

enum result scratch_space_check(const char *scratch, uint64_t need)
{
  const char *cache = cache_dir();
  uint64_t cache_need = appliance_cached(cache) ? 0 : APPLIANCE_CACHE_BYTES;
  struct stat a, b;
  bool same = stat(scratch, &a) == 0 && stat(cache, &b) == 0 &&
              a.st_dev == b.st_dev;
  if (same && cache_need)
    return check_one(scratch, need + cache_need,
                     "the overlay and the appliance cache");
  if (check_one(scratch, need, "the overlay") == RESULT_ERROR)
    return RESULT_ERROR;
  return cache_need ? check_one(cache, cache_need, "the appliance cache")
                    : RESULT_OK;
}
