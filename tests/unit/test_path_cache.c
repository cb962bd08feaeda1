/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Path resolution from cached listings, against a fake guest tree: the
 * answers guestfs_case_sensitive_path + guestfs_exists give, one listing
 * per directory. */
#include "check.h"
#include "v2v/path_cache.h"

/* Directory -> "name type" entries in readdir order. */
static const struct {
  const char *dir;
  const char *entries[6];
} tree[] = {
    {"/", {"c d", "boot d", NULL}},
    {"/c", {"WINDOWS d", "pagefile.sys r", "link l", "odd u", NULL}},
    {"/c/WINDOWS", {"system32 d", "win.ini r", "Fonts d", "FONTS d", NULL}},
    {"/c/WINDOWS/system32", {"Config d", "cmd.exe r", NULL}},
    {"/c/WINDOWS/system32/Config", {"SYSTEM r", "software r", NULL}},
    {"/c/WINDOWS/Fonts", {NULL}},
};

static int listed;

static int fake_list(void *ctx, const char *dir, struct dir_listing *out)
{
  (void)ctx;
  listed++;
  for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++) {
    if (strcmp(tree[i].dir, dir) != 0)
      continue;
    for (int j = 0; tree[i].entries[j]; j++) {
      char name[64];
      char type;
      sscanf(tree[i].entries[j], "%63s %c", name, &type);
      dir_listing_add(out, name, type);
    }
    return 0;
  }
  return -1; /* "unreadable" */
}

static struct path_cache cache = {.list = fake_list};

/* The lookup's answer and, when found, the real path ("" otherwise). */
static enum path_lookup look(const char *path, const char *want_real)
{
  char *real = NULL;
  enum path_lookup r = path_cache_lookup(&cache, path, &real);
  CHECK_STR(real ? real : "", want_real);
  free(real);
  return r;
}

int main(void)
{
  /* Each element in the guest's case, whatever case is asked. */
  CHECK(look("/c/windows/System32/config/system",
             "/c/WINDOWS/system32/Config/SYSTEM") == PATH_FOUND);
  CHECK(listed == 5);
  /* Cached: the same and sibling paths cost no listing. */
  CHECK(look("/C/WINDOWS/SYSTEM32/CONFIG/SOFTWARE",
             "/c/WINDOWS/system32/Config/software") == PATH_FOUND);
  CHECK(look("/c/Windows/System32/cmd.exe", "/c/WINDOWS/system32/cmd.exe") ==
        PATH_FOUND);
  CHECK(listed == 5);
  /* Directories, the root, doubled and trailing slashes. */
  CHECK(look("/c/windows/system32", "/c/WINDOWS/system32") == PATH_FOUND);
  CHECK(look("/", "/") == PATH_FOUND);
  CHECK(look("//c//windows/", "/c/WINDOWS") == PATH_FOUND);
  /* Case variants: the first in readdir order wins, even over an exact
   * match later on (what the appliance does). */
  CHECK(look("/c/windows/FONTS", "/c/WINDOWS/Fonts") == PATH_FOUND);
  /* Missing last element, missing parent, a file used as a directory, a
   * file with a trailing slash: absent. */
  CHECK(look("/c/windows/system32/config/SAM", "") == PATH_ABSENT);
  CHECK(look("/c/windows/system33/config/SYSTEM", "") == PATH_ABSENT);
  CHECK(look("/c/windows/win.ini/x", "") == PATH_ABSENT);
  CHECK(look("/c/windows/win.ini/", "") == PATH_ABSENT);
  CHECK(look("/c/windows/win.ini", "/c/WINDOWS/win.ini") == PATH_FOUND);
  /* Symlinks, unknown types, unreadable directories, "." and relative
   * paths: the appliance decides. */
  CHECK(look("/c/link", "") == PATH_UNSURE);
  CHECK(look("/c/link/x", "") == PATH_UNSURE);
  CHECK(look("/c/odd", "") == PATH_UNSURE);
  CHECK(look("/boot/BCD", "") == PATH_UNSURE);
  CHECK(look("/c/./windows", "") == PATH_UNSURE);
  CHECK(look("c/windows", "") == PATH_UNSURE);
  /* Forgetting drops the listings: the next lookup reads them again. */
  int before = listed;
  path_cache_forget(&cache);
  CHECK(cache.n == 0);
  CHECK(look("/c/windows", "/c/WINDOWS") == PATH_FOUND);
  CHECK(listed == before + 2);
  path_cache_forget(&cache);
  return check_report("path_cache");
}
