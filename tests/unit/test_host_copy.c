/* SPDX-License-Identifier: GPL-2.0-or-later */
/* host_copy_tree: a driver folder staged on the host as it is, files,
 * subfolders and links alike. */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "v2v/host_copy.h"

static void put(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static char *slurp(const char *path)
{
  static char buf[256];
  FILE *f = fopen(path, "r");
  if (!f)
    return NULL;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return buf;
}

int main(void)
{
  const char *tmp = check_env("V2V_TEST_TMP");
  char src[512], dst[512], p[600];
  snprintf(src, sizeof src, "%s/host_copy_src", tmp ? tmp : "/tmp");
  snprintf(dst, sizeof dst, "%s/host_copy_dst/virtio/viostor/2k8R2/amd64",
           tmp ? tmp : "/tmp");
  snprintf(p, sizeof p, "rm -rf '%s' '%s/host_copy_dst'", src,
           tmp ? tmp : "/tmp");
  CHECK(system(p) == 0);
  CHECK(mkdir(src, 0755) == 0);
  snprintf(p, sizeof p, "%s/viostor.sys", src);
  put(p, "MZ driver");
  snprintf(p, sizeof p, "%s/sub", src);
  CHECK(mkdir(p, 0755) == 0);
  snprintf(p, sizeof p, "%s/sub/readme.txt", src);
  put(p, "inner");
  snprintf(p, sizeof p, "%s/link", src);
  CHECK(symlink("viostor.sys", p) == 0);

  /* Parents are created; contents, subfolders and links come along. */
  CHECK(host_copy_tree(src, dst) == 0);
  snprintf(p, sizeof p, "%s/viostor.sys", dst);
  CHECK_STR(slurp(p), "MZ driver");
  snprintf(p, sizeof p, "%s/sub/readme.txt", dst);
  CHECK_STR(slurp(p), "inner");
  snprintf(p, sizeof p, "%s/link", dst);
  char target[64] = "";
  ssize_t n = readlink(p, target, sizeof target - 1);
  target[n > 0 ? n : 0] = '\0';
  CHECK_STR(target, "viostor.sys");

  /* A missing source fails with errno set. */
  snprintf(p, sizeof p, "%s/none", src);
  errno = 0;
  CHECK(host_copy_tree(p, dst) == -1 && errno == ENOENT);
  return check_report("host_copy");
}
