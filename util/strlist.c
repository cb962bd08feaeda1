/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/strlist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void strlist_take(strlist *l, char *s)
{
  if (l->n + 2 > l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->v = xrealloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = s;
  l->v[l->n] = NULL;
}

void strlist_add(strlist *l, const char *s) { strlist_take(l, xstrdup(s)); }

void strlist_addf(strlist *l, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  strlist_take(l, xvasprintf(fmt, ap));
  va_end(ap);
}

char *strv_join(char *const *v, const char *sep, const char *quote)
{
  char *r = xstrdup("");
  for (size_t i = 0; v && v[i]; i++) {
    char *n = xasprintf("%s%s%s%s%s", r, i ? sep : "", quote, v[i], quote);
    free(r);
    r = n;
  }
  return r;
}

bool strlist_contains_ci(const strlist *l, const char *s)
{
  for (size_t i = 0; i < l->n; i++)
    if (strcasecmp(l->v[i], s) == 0)
      return true;
  return false;
}

void strlist_free(strlist *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}

void strv_free(char **v)
{
  if (!v)
    return;
  for (char **p = v; *p; p++)
    free(*p);
  free(v);
}
