/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host tree copies (see include/v2v/host_copy.h). */
#include "v2v/host_copy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/strlist.h"

static int mkdir_parents(const char *dir)
{
  char *p = xstrdup(dir);
  int r = 0;
  for (char *s = strchr(p + 1, '/'); s && r == 0; s = strchr(s + 1, '/')) {
    *s = '\0';
    if (mkdir(p, 0755) == -1 && errno != EEXIST)
      r = -1;
    *s = '/';
  }
  if (r == 0 && mkdir(p, 0755) == -1 && errno != EEXIST)
    r = -1;
  free(p);
  return r;
}

static int copy_file(const char *src, const char *dst, mode_t mode)
{
  if (link(src, dst) == 0)
    return 0;
  int in = open(src, O_RDONLY), out = -1, r = -1;
  if (in >= 0)
    out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode & 0777);
  if (out >= 0) {
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
      if (write(out, buf, (size_t)n) != n) {
        n = -1;
        break;
      }
    r = n == 0 ? 0 : -1;
  }
  int saved = errno;
  if (in >= 0)
    close(in);
  if (out >= 0 && close(out) == -1 && r == 0)
    return -1;
  errno = saved;
  return r;
}

static int copy_entry(const char *src, const char *dst)
{
  struct stat st;
  if (lstat(src, &st) == -1)
    return -1;
  if (S_ISREG(st.st_mode))
    return copy_file(src, dst, st.st_mode);
  if (S_ISDIR(st.st_mode))
    return host_copy_tree(src, dst);
  if (S_ISLNK(st.st_mode)) {
    char target[PATH_MAX];
    ssize_t n = readlink(src, target, sizeof target - 1);
    if (n < 0)
      return -1;
    target[n] = '\0';
    return symlink(target, dst);
  }
  return 0; /* devices, sockets: nothing a driver folder needs */
}

enum result host_copy_tree(const char *src, const char *dst)
{
  DIR *d = opendir(src);
  if (!d || mkdir_parents(dst) == -1) {
    int saved = errno;
    if (d)
      closedir(d);
    errno = saved;
    return RESULT_ERROR;
  }
  int r = 0;
  for (struct dirent *e; r == 0 && (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    char *from = xasprintf("%s/%s", src, e->d_name);
    char *to = xasprintf("%s/%s", dst, e->d_name);
    r = copy_entry(from, to);
    free(from);
    free(to);
  }
  int saved = errno;
  closedir(d);
  errno = saved;
  return r;
}
