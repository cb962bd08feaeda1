/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Resolving a Windows path's case from listings cached per directory. */
#include "v2v/path_cache.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/strlist.h"

void dir_listing_add(struct dir_listing *l, const char *name, char type)
{
  l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
  l->v[l->n++] = (struct dir_entry){xstrdup(name), type};
}

void dir_listing_free(struct dir_listing *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i].name);
  free(l->v);
  free(l->dir);
  memset(l, 0, sizeof *l);
}

void path_cache_forget(struct path_cache *c)
{
  for (size_t i = 0; i < c->n; i++)
    dir_listing_free(&c->dirs[i]);
  free(c->dirs);
  c->dirs = NULL;
  c->n = 0;
}

/* The listing of DIR, read once; NULL if it cannot be read (not cached,
 * so that the appliance is asked and gives its own answer). */
static const struct dir_listing *listing(struct path_cache *c, const char *dir)
{
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->dirs[i].dir, dir) == 0)
      return &c->dirs[i];
  struct dir_listing l = {0};
  if (c->list(c->ctx, dir, &l) == -1) {
    dir_listing_free(&l);
    return NULL;
  }
  l.dir = xstrdup(dir);
  c->dirs = xrealloc(c->dirs, (c->n + 1) * sizeof *c->dirs);
  c->dirs[c->n] = l;
  return &c->dirs[c->n++];
}

/* ASCII only, as the appliance compares (OCaml String.lowercase_ascii):
 * independent of the locale. */
static bool same_ignoring_case(const char *a, const char *b, size_t blen)
{
  size_t i = 0;
  for (; i < blen && a[i]; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (char)(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return i == blen && a[i] == '\0';
}

static const struct dir_entry *find(const struct dir_listing *l,
                                    const char *name, size_t len)
{
  for (size_t i = 0; i < l->n; i++)
    if (same_ignoring_case(l->v[i].name, name, len))
      return &l->v[i];
  return NULL;
}

/* Types that are certainly not a directory nor a link to one. */
static bool plain_type(char t)
{
  return t && strchr("bcfrs", t);
}

enum path_lookup path_cache_lookup(struct path_cache *c, const char *path,
                                   char **real)
{
  *real = NULL;
  if (path[0] != '/')
    return PATH_UNSURE;
  char *cur = xstrdup("/");
  enum path_lookup r = PATH_FOUND;
  for (const char *p = path; *p && r == PATH_FOUND;) {
    while (*p == '/')
      p++;
    size_t len = strcspn(p, "/");
    if (len == 0)
      break;
    /* "dir/" must be a directory, as for the appliance. */
    bool last = p[len] == '\0';
    if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.')) {
      r = PATH_UNSURE; /* the appliance refuses these: let it say so */
      break;
    }
    const struct dir_listing *l = listing(c, cur);
    const struct dir_entry *e = l ? find(l, p, len) : NULL;
    if (!l)
      r = PATH_UNSURE;
    else if (!e)
      r = PATH_ABSENT;
    else if (e->type != 'd' && !plain_type(e->type))
      r = PATH_UNSURE; /* a symlink: where it leads is the appliance's */
    else if (!last && e->type != 'd')
      r = PATH_ABSENT;
    else {
      char *t = xasprintf("%s%s%s", cur, strcmp(cur, "/") ? "/" : "",
                          e->name);
      free(cur);
      cur = t;
    }
    p += len;
  }
  if (r == PATH_FOUND)
    *real = cur;
  else
    free(cur);
  return r;
}
