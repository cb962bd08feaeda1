/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A change to the guest, as planned by a fix-up and carried out by the one
 * executor. Plans are data: --dry-run prints them, the report records them,
 * and a second run that plans nothing proves the guest is fixed. */
#ifndef V2V_CHANGE_H
#define V2V_CHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/guest.h"

enum change_op {
  CHG_SET_VALUE,    /* hive key\value := type/data (creates the key) */
  CHG_DELETE_VALUE, /* hive key\value */
  CHG_DELETE_KEY,   /* hive key and everything below */
  CHG_DELETE_FILE,  /* path */
  CHG_DELETE_TREE,  /* path, a directory */
  CHG_WRITE_FILE,   /* path := data (parent folders are created) */
  CHG_COPY_FILE,    /* source (appliance path) -> path */
  CHG_SYMLINK,      /* path := symbolic link to source */
  CHG_RUN_COMMAND,  /* value: a shell command run in the guest (chrooted
                       into the guest's root), after the file changes
                       planned before it */
};

struct change {
  enum change_op op;
  const char *fixup;   /* name of the fix-up that planned it (static) */
  enum hive_id hive;
  char *key;
  char *value;
  uint32_t type;
  void *data;
  size_t len;
  char *path;
  char *source;        /* CHG_COPY_FILE; CHG_SYMLINK: the link's target */
  char *why;           /* one line: what this undoes or adds */
};

struct change_list {
  struct change *v;
  size_t n, cap;
};

/* Builders: copy their arguments. */
void change_set_dword(struct change_list *l, const char *fixup, enum hive_id h,
                      const char *key, const char *value, uint32_t v,
                      const char *why);
void change_set_multi(struct change_list *l, const char *fixup, enum hive_id h,
                      const char *key, const char *value, char *const *items,
                      const char *why);
void change_set_raw(struct change_list *l, const char *fixup, enum hive_id h,
                    const char *key, const char *value, uint32_t type,
                    const void *data, size_t len, const char *why);
void change_delete_value(struct change_list *l, const char *fixup,
                         enum hive_id h, const char *key, const char *value,
                         const char *why);
void change_delete_key(struct change_list *l, const char *fixup,
                       enum hive_id h, const char *key, const char *why);
void change_delete_path(struct change_list *l, const char *fixup,
                        enum change_op op, const char *path, const char *why);
void change_write_file(struct change_list *l, const char *fixup,
                       const char *path, const void *data, size_t len,
                       const char *why);
void change_copy_file(struct change_list *l, const char *fixup,
                      const char *source, const char *path, const char *why);
void change_symlink(struct change_list *l, const char *fixup,
                    const char *target, const char *path, const char *why);
void change_run_command(struct change_list *l, const char *fixup,
                        const char *command, const char *why);
/* The last planned change that writes PATH (write, copy or symlink), or
 * NULL: a fix-up editing a file another one already edits starts from that
 * planned content. */
const struct change *change_list_last_write(const struct change_list *l,
                                            const char *path);
/* Registry changes are made on the host hives; the rest in the guest. */
bool change_is_registry(const struct change *c);

/* "SYSTEM\ControlSet001\Services\xenbus: set Start = DWORD 4" */
char *change_describe(const struct change *c);
void change_list_free(struct change_list *l);

#endif
