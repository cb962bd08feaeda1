/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die_oom(void)
{
  fputs("v2v-fixup: out of memory\n", stderr);
  abort();
}

void *xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    die_oom();
  return p;
}

void *xrealloc(void *p, size_t size)
{
  p = realloc(p, size ? size : 1);
  if (!p)
    die_oom();
  return p;
}

char *xstrdup(const char *s)
{
  char *d = strdup(s ? s : "");
  if (!d)
    die_oom();
  return d;
}

char *xvasprintf(const char *fmt, va_list ap)
{
  char *s;
  if (vasprintf(&s, fmt, ap) < 0)
    die_oom();
  return s;
}

char *xasprintf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *s = xvasprintf(fmt, ap);
  va_end(ap);
  return s;
}
