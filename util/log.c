/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/log.h"

#include <stdarg.h>
#include <stdio.h>

int log_verbosity = 1;
static char last_error[512];

const char *log_last_error(void) { return last_error[0] ? last_error : NULL; }

__attribute__((format(printf, 2, 0))) static void
emit(const char *prefix, const char *fmt, va_list ap)
{
  fputs(prefix, stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

void info(const char *fmt, ...)
{
  if (log_verbosity < 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  emit("v2v-fixup: ", fmt, ap);
  va_end(ap);
}

void debug(const char *fmt, ...)
{
  if (log_verbosity < 2)
    return;
  va_list ap;
  va_start(ap, fmt);
  emit("v2v-fixup: debug: ", fmt, ap);
  va_end(ap);
}

void warn(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  emit("v2v-fixup: warning: ", fmt, ap);
  va_end(ap);
}

void error_msg(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  fprintf(stderr, "v2v-fixup: error: %s\n", last_error);
}
