/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation that cannot fail: on out-of-memory the process aborts with a
 * message, so callers need no NULL checks. */
#ifndef V2V_ALLOC_H
#define V2V_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

#endif
