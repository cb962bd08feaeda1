/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guest files through the appliance, with what a session may remember of
 * them: one listing per directory (for the case of paths) and the size
 * and digest of files it compares. Every appliance call is a round trip
 * (~30 ms under TCG, ~200 ms for a download), so the answers are kept
 * until the guest or its mounts change: whatever writes to the guest or
 * mounts, unmounts or creates a mount point calls guest_files_changed(). */
#ifndef V2V_GUEST_FILES_H
#define V2V_GUEST_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/path_cache.h"

struct session;

struct file_fact {
  char *path;
  bool stated, regular;  /* lstat done; a regular file */
  int64_t size;
  bool hashed;
  char *sha256;          /* hex; NULL if it could not be read */
};

struct file_facts {
  struct file_fact *v;
  size_t n;
};

/* Translates an appliance path's case to what exists; NULL if absent. */
char *guest_real_path(struct session *s, const char *path);
/* The same for a path that may not exist yet (a file to write): the part
 * that exists gets its real case, the rest is kept as given. */
char *guest_path_resolve(struct session *s, const char *path);

/* Forgets listings and what is known of guest files. The virtio-win
 * source (under MNT_VIRTIO) is read-only once prepared: kept. */
void guest_files_changed(struct session *s);
void guest_files_free(struct session *s);

/* Stats NAMES (existing entries of DIR; names with a '/' are skipped) in
 * one call, ahead of guest_same_bytes or guest_file_size on them. */
void guest_stat_names(struct session *s, const char *dir, char *const *names,
                      size_t n);
/* Whether files A and B have the same bytes: different sizes say no at
 * once, else their SHA-256 digests decide. False if either cannot be
 * read. */
bool guest_same_bytes(struct session *s, const char *a, const char *b);
/* guestfs_filesize (the size of what PATH leads to; -1 on error), from
 * what is known of PATH when it is a regular file. */
int64_t guest_file_size(struct session *s, const char *path);
/* SHA-256 (hex) of PATH as the appliance reads it, owned; NULL on error. */
char *guest_sha256(struct session *s, const char *path);

/* The whole of PATH, NUL-terminated (LEN excludes the NUL); NULL on error
 * with guestfs_last_error set. Small files are read inline (pread), which
 * costs a tenth of guestfs_read_file's download; one call when
 * guest_stat_names gave PATH's size already, else two. */
char *guest_read_file(struct session *s, const char *path, size_t *len);
/* Whether PATH is a regular file, its symbolic links followed (as the
 * guest would open it). */
bool guest_is_file(struct session *s, const char *path);
/* PATH's text if it is such a file, else NULL. */
char *guest_read_text(struct session *s, const char *path);

#endif
