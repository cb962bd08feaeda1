/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A growable, NULL-terminated list of owned strings. */
#ifndef V2V_STRLIST_H
#define V2V_STRLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "v2v/alloc.h"

typedef struct strlist {
  char **v;     /* always NULL-terminated once anything was added */
  size_t n;
  size_t cap;
} strlist;

void strlist_add(strlist *l, const char *s);
void strlist_addf(strlist *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Takes ownership of s. */
void strlist_take(strlist *l, char *s);
bool strlist_contains_ci(const strlist *l, const char *s);
void strlist_free(strlist *l);
/* Frees a NULL-terminated array as returned by hivex and friends. */
void strv_free(char **v);

/* "a,b" with SEP between items, each wrapped in QUOTE ("" for none). */
char *strv_join(char *const *v, const char *sep, const char *quote);

#endif
