/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/commit_journal.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "v2v/alloc.h"
#include "v2v/disk_refs.h"
#include "v2v/disk_spec.h"
#include "v2v/log.h"
#include "v2v/process.h"

char *commit_journal_path(const char *image)
{
  return xasprintf("%s.v2v-commit", image);
}

enum result commit_journal_write(const char *image, const char *overlay,
                                 const char *format)
{
  char *path = commit_journal_path(image);
  char *tmp = xasprintf("%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  bool ok = f && fprintf(f, "overlay=%s\nformat=%s\n", overlay, format) > 0 &&
            fflush(f) == 0 && fsync(fileno(f)) == 0;
  if (f && fclose(f) != 0)
    ok = false;
  ok = ok && rename(tmp, path) == 0;
  if (!ok) {
    error_msg("cannot write the commit journal %s: %s (the image is "
              "unchanged)", path, strerror(errno));
    unlink(tmp);
  }
  free(tmp);
  free(path);
  return ok ? RESULT_OK : RESULT_ERROR;
}

void commit_journal_remove(const char *image)
{
  char *path = commit_journal_path(image);
  unlink(path);
  free(path);
}

/* "key=value" of the journal's text, or NULL. */
static char *journal_get(const char *text, const char *key)
{
  size_t n = strlen(key);
  for (const char *l = text; l && *l; l = strchr(l, '\n')) {
    l += *l == '\n';
    if (strncmp(l, key, n) == 0 && l[n] == '=')
      return strndup(l + n + 1, strcspn(l + n + 1, "\n"));
  }
  return NULL;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

/* Whether DIR still holds an overlay (another disk's commit to complete). */
static bool holds_overlay(const char *dir)
{
  DIR *d = opendir(dir);
  bool found = false;
  for (struct dirent *e; d && !found && (e = readdir(d));)
    found = strncmp(e->d_name, "overlay", 7) == 0 &&
            strstr(e->d_name, ".qcow2");
  if (d)
    closedir(d);
  return found;
}

/* The overlay's own scratch dir goes with the last overlay in it, if it is
 * one of ours. */
static void remove_overlay(const char *overlay)
{
  unlink(overlay);
  char *copy = xstrdup(overlay);
  char *dir = dirname(copy);
  const char *base = strrchr(dir, '/');
  if (base && strncmp(base + 1, "v2v-fixup.", 10) == 0 && !holds_overlay(dir))
    nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
  free(copy);
}

static enum result complete(const char *image, const char *journal,
                            const char *overlay, const char *format)
{
  int fd = open(overlay, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    error_msg("an earlier run was cut off while writing its changes into %s, "
              "and the overlay that completes them (%s) is gone: the image "
              "may be half-written; restore it from a copy, then remove %s",
              image, overlay, journal);
    return RESULT_ERROR;
  }
  char *backing = qcow2_backing_name(fd);
  close(fd);
  char *real = realpath(image, NULL);
  char *want = real ? qemu_disk_spec(real, format, 0, 0) : NULL;
  bool ours = backing && want && strcmp(backing, want) == 0;
  free(backing);
  free(want);
  free(real);
  if (!ours) {
    error_msg("%s names the overlay %s, which is not backed by %s: refused "
              "(remove the journal if it is stale)", journal, overlay, image);
    return RESULT_ERROR;
  }
  info("an earlier run was cut off while writing its changes into %s: "
       "completing them from %s", image, overlay);
  char *log = xasprintf("%s.log", journal);
  char *argv[] = {"qemu-img", "commit", "-q", (char *)overlay, NULL};
  enum result r = run_qemu_img(argv, log, "completing the interrupted commit")
                      == 0 ? RESULT_OK : RESULT_ERROR;
  unlink(log);
  free(log);
  if (r == RESULT_OK) {
    remove_overlay(overlay);
    commit_journal_remove(image);
  }
  return r;
}

enum result commit_journal_resume(const struct options *o, const char *image)
{
  char *journal = commit_journal_path(image);
  FILE *f = fopen(journal, "r");
  if (!f) {
    free(journal);
    return RESULT_OK;
  }
  char text[8192];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  char *overlay = journal_get(text, "overlay");
  char *format = journal_get(text, "format");
  enum result r = RESULT_ERROR;
  if (!overlay || !format)
    error_msg("%s is not a v2v-fixup commit journal: refused (remove it if "
              "it is stale)", journal);
  else if (o->mode != MODE_FIX || o->output_file)
    error_msg("an earlier run was cut off while writing its changes into %s "
              "(journal %s): fix it in place (v2v-fixup %s) to complete them "
              "first", image, journal, o->image);
  else
    r = complete(image, journal, overlay, format);
  free(overlay);
  free(format);
  free(journal);
  return r;
}
