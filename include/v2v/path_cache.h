/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Case-insensitive path resolution from cached directory listings: the
 * answer guestfs_case_sensitive_path + guestfs_exists would give, for one
 * listing per directory instead of two appliance calls per path. Pure:
 * the listings come from a callback (the appliance in a run, a table in
 * the unit test). */
#ifndef V2V_PATH_CACHE_H
#define V2V_PATH_CACHE_H

#include <stddef.h>

/* One directory entry; TYPE is guestfs_readdir's ftyp ('d' directory,
 * 'r' regular, 'l' symlink, 'u' unknown, ...). */
struct dir_entry {
  char *name;
  char type;
};

/* The entries of one directory in readdir order, "." and ".." left out. */
struct dir_listing {
  char *dir;
  struct dir_entry *v;
  size_t n;
};

/* Fills OUT->v and OUT->n for DIR; -1 if DIR cannot be listed. */
typedef int (*dir_lister)(void *ctx, const char *dir, struct dir_listing *out);

struct path_cache {
  dir_lister list;
  void *ctx;
  struct dir_listing *dirs;
  size_t n;
};

enum path_lookup {
  PATH_ABSENT,  /* some element is missing, or a non-directory has children */
  PATH_FOUND,   /* exists; *real is its path in the case the guest has it */
  PATH_UNSURE,  /* a symlink, an unknown type or an unreadable directory on
                   the way: ask the appliance */
};

/* Resolves absolute PATH element by element: the first entry in readdir
 * order that equals the element ignoring ASCII case, as
 * guestfs_case_sensitive_path does. *REAL is set (owned) only when found. */
enum path_lookup path_cache_lookup(struct path_cache *c, const char *path,
                                   char **real);
/* Drops every listing: the guest or the mounts changed. */
void path_cache_forget(struct path_cache *c);

void dir_listing_add(struct dir_listing *l, const char *name, char type);
void dir_listing_free(struct dir_listing *l);

#endif
