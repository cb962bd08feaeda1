/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/apply.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "v2v/hive_copy.h"
#include "v2v/interrupt.h"
#include "v2v/log.h"
#include "v2v/session.h"

/* Test hooks, to prove that a half-applied plan never reaches the image:
 * V2V_TEST_FAIL_AFTER=N fails the run once N writes into the guest (a hive
 * upload or a file change) are done; V2V_TEST_STALL_AFTER=N waits there
 * for a signal (interrupt.h), which then fails the run. */
static int fail_after = -1, stall_after = -1;
static int done_count;

static int count_one(void)
{
  done_count++;
  if (stall_after >= 0 && done_count == stall_after) {
    info("test hook: stalled after %d writes", done_count);
    while (!interrupt_signal())
      pause();
    return -1; /* the signal stops the run here, as it would any step */
  }
  if (fail_after >= 0 && done_count >= fail_after) {
    error_msg("injected failure after %d writes (V2V_TEST_FAIL_AFTER)",
              done_count);
    return -1;
  }
  return 0;
}

static int apply_registry(struct session *s, const struct change *c)
{
  hive *h = s->hives[c->hive];
  if (!h) {
    error_msg("%s: the guest has no %s hive", c->key, hive_id_name(c->hive));
    return -1;
  }
  hive_node_h node = c->op == CHG_SET_VALUE
                         ? hive_ensure(h, hive_root(h), c->key)
                         : hive_lookup(h, hive_root(h), c->key);
  int r = -1;
  if (node) {
    switch (c->op) {
    case CHG_SET_VALUE:
      r = hive_set_raw(h, node, c->value, c->type, c->data, c->len);
      break;
    case CHG_DELETE_VALUE:
      r = hive_delete_value(h, node, c->value) == 0 ? 0 : -1;
      break;
    case CHG_DELETE_KEY:
      r = hive_delete_key(h, node);
      break;
    default:
      break;
    }
  }
  if (r == -1) {
    char *what = change_describe(c);
    error_msg("cannot apply %s", what);
    free(what);
  }
  return r;
}

static int upload_hives(struct session *s)
{
  for (int i = 0; i < HIVE_COUNT; i++) {
    if (!s->hives[i] || !hive_is_dirty(s->hives[i]))
      continue;
    if (hive_copy_write(s, (enum hive_id)i) == RESULT_ERROR ||
        count_one() == -1)
      return -1;
  }
  return 0;
}

static int make_parent(struct session *s, const char *path)
{
  char *dir = xstrdup(path);
  char *slash = strrchr(dir, '/');
  int r = 0;
  if (slash && slash != dir) {
    *slash = '\0';
    r = guestfs_mkdir_p(s->g, dir);
  }
  free(dir);
  return r;
}

/* The guest's own tools, chrooted into its root by libguestfs (which binds
 * /dev, /proc and /sys); their output is kept for --verbose. libguestfs
 * reports only stderr of a failed command: the last lines of the output
 * go there, on one line, so that the error says why. */
static int run_in_guest(struct session *s, const char *command)
{
  char *script = xasprintf(
      "PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C; export PATH LC_ALL; "
      "out=$( { %s ; } 2>&1 ); rc=$?; printf '%%s\\n' \"$out\"; "
      "[ $rc -eq 0 ] || { printf '%%s\\n' \"$out\" | tail -n 3 | "
      "tr '\\n' ' ' >&2; printf '(exit %%s)' $rc >&2; exit $rc; }",
      command);
  time_t t0 = time(NULL);
  char *out = guestfs_sh(s->g, script);
  free(script);
  if (!out)
    return -1;
  debug("%s (%lld s):\n%s", command, (long long)(time(NULL) - t0), out);
  free(out);
  return 0;
}

/* Into a Windows guest the daemon copies the file itself: no cp process
 * (~60 ms each under TCG). NTFS and FAT keep no Unix mode to lose; a
 * Linux guest's copies (backups of files that may be private) keep the
 * source's mode through cp. */
static int copy_file(struct session *s, const char *src, const char *dest)
{
  if (s->guest.os_type && strcmp(s->guest.os_type, "windows") == 0)
    return guestfs_copy_file_to_file(s->g, src, dest, -1);
  return guestfs_cp(s->g, src, dest);
}

/* PATH and everything under it, removed by the daemon's own calls (a
 * listing per folder, then rm and rmdir): rm -rf would be a process,
 * ~0.1 s under TCG, for a driver package folder of a few files. */
static int remove_tree(struct session *s, const char *path)
{
  struct guestfs_dirent_list *l = guestfs_readdir(s->g, path);
  if (!l)
    return -1;
  int r = 0;
  for (uint32_t i = 0; r == 0 && i < l->len; i++) {
    const char *name = l->val[i].name;
    if (!strcmp(name, ".") || !strcmp(name, ".."))
      continue;
    char *child = xasprintf("%s/%s", path, name);
    r = l->val[i].ftyp == 'd' ? remove_tree(s, child) : guestfs_rm(s->g, child);
    free(child);
  }
  guestfs_free_dirent_list(l);
  return r == -1 ? -1 : guestfs_rmdir(s->g, path);
}

static int apply_file(struct session *s, const struct change *c)
{
  int r = -1;
  switch (c->op) {
  case CHG_DELETE_FILE:
    r = guestfs_rm(s->g, c->path);
    break;
  case CHG_DELETE_TREE:
    r = remove_tree(s, c->path);
    break;
  case CHG_WRITE_FILE:
    r = make_parent(s, c->path) == -1
            ? -1
            : guestfs_write(s->g, c->path, c->data, c->len);
    break;
  case CHG_COPY_FILE:
    r = make_parent(s, c->path) == -1
            ? -1
            : copy_file(s, c->source, c->path);
    break;
  case CHG_SYMLINK:
    r = make_parent(s, c->path) == -1
            ? -1
            : guestfs_ln_sf(s->g, c->source, c->path);
    break;
  case CHG_RUN_COMMAND:
    r = run_in_guest(s, c->value);
    break;
  default:
    break;
  }
  if (r == -1) {
    char *what = change_describe(c);
    error_msg("cannot apply %s: %s", what, guestfs_last_error(s->g));
    free(what);
  }
  if (c->path)
    hive_copy_note_file_write(s, c->path);
  return r;
}

enum result apply_registry_changes(struct session *s, const struct change_list *l)
{
  for (size_t i = 0; i < l->n; i++)
    if (change_is_registry(&l->v[i]) && apply_registry(s, &l->v[i]) == -1)
      return RESULT_ERROR;
  return RESULT_OK;
}

static int apply_all(struct session *s, const struct change_list *l)
{
  const char *fail = getenv("V2V_TEST_FAIL_AFTER");
  const char *stall = getenv("V2V_TEST_STALL_AFTER");
  fail_after = fail ? atoi(fail) : -1;
  stall_after = stall ? atoi(stall) : -1;
  done_count = 0;

  if (apply_registry_changes(s, l) == -1 || upload_hives(s) == -1)
    return -1;
  for (size_t i = 0; i < l->n; i++)
    if (!change_is_registry(&l->v[i]) &&
        (apply_file(s, &l->v[i]) == -1 || count_one() == -1))
      return -1;
  return 0;
}

enum result apply_changes(struct session *s, const struct change_list *l)
{
  int r = apply_all(s, l);
  /* Whatever was read of the guest before is stale now, even after a
   * failure half-way. */
  guest_files_changed(s);
  return r;
}
