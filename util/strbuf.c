/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/strbuf.h"

#include <string.h>

#include "v2v/strlist.h"

void strbuf_add(struct strbuf *b, const char *s, size_t n)
{
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->p = xrealloc(b->p, b->cap);
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void strbuf_adds(struct strbuf *b, const char *s)
{
  strbuf_add(b, s, strlen(s));
}

char *strbuf_finish(struct strbuf *b) { return b->p ? b->p : xstrdup(""); }
