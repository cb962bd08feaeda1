/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A growable string being built piece by piece; always NUL-terminated once
 * anything was added. Start with struct strbuf b = {0}. */
#ifndef V2V_STRBUF_H
#define V2V_STRBUF_H

#include <stddef.h>

struct strbuf {
  char *p;
  size_t n, cap;
};

/* Appends the N bytes at S. */
void strbuf_add(struct strbuf *b, const char *s, size_t n);
/* Appends the string S. */
void strbuf_adds(struct strbuf *b, const char *s);
/* The built string, owned by the caller: "" if nothing was added. */
char *strbuf_finish(struct strbuf *b);

#endif
