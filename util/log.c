/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/log.h"

#include <json.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int log_verbosity = 1;
static enum log_style style = LOG_PLAIN;
static double started;
static char last_error[512];
static char guest[256]; /* the guest messages are about, in a batch */

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void log_start(enum log_style s)
{
  started = now();
  style = s == LOG_AUTO ? (isatty(STDERR_FILENO) ? LOG_TERMINAL : LOG_PLAIN)
                        : s;
}

bool log_on_terminal(void) { return style == LOG_TERMINAL; }

double log_elapsed(void) { return started ? now() - started : 0.0; }

const char *log_last_error(void) { return last_error[0] ? last_error : NULL; }

void log_set_guest(const char *name)
{
  snprintf(guest, sizeof guest, "%s", name ? name : "");
  last_error[0] = '\0';
}

/* One JSON object a line: what a pipeline parses instead of our prose. */
static void emit_json(const char *type, const char *phase, const char *text)
{
  json_object *o = json_object_new_object();
  json_object_object_add(o, "type", json_object_new_string(type));
  if (phase)
    json_object_object_add(o, "phase", json_object_new_string(phase));
  if (guest[0])
    json_object_object_add(o, "guest", json_object_new_string(guest));
  json_object_object_add(o, "elapsed",
                         json_object_new_double(
                             (double)(long long)(log_elapsed() * 10) / 10));
  json_object_object_add(o, "message", json_object_new_string(text));
  fprintf(stderr, "%s\n",
          json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
  json_object_put(o);
}

static void emit_text(const char *type, const char *phase, const char *prefix,
                      const char *text)
{
  /* What was printed on stdout (the plan, the inspection) comes before
   * the line that follows it in time. */
  fflush(stdout);
  if (style == LOG_MACHINE) {
    emit_json(type, phase, text);
    return;
  }
  if (style == LOG_TERMINAL)
    fprintf(stderr, "[%6.1fs] ", log_elapsed());
  if (guest[0])
    fprintf(stderr, "v2v-fixup: [%s] %s%s\n", guest, prefix, text);
  else
    fprintf(stderr, "v2v-fixup: %s%s\n", prefix, text);
}

__attribute__((format(printf, 4, 0))) static void
emit(const char *type, const char *phase, const char *prefix, const char *fmt,
     va_list ap)
{
  char text[2048];
  vsnprintf(text, sizeof text, fmt, ap);
  emit_text(type, phase, prefix, text);
}

void phase(const char *name, const char *fmt, ...)
{
  if (log_verbosity < 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  emit("phase", name, "", fmt, ap);
  va_end(ap);
}

void info(const char *fmt, ...)
{
  if (log_verbosity < 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  emit("info", NULL, "", fmt, ap);
  va_end(ap);
}

void debug(const char *fmt, ...)
{
  if (log_verbosity < 2)
    return;
  va_list ap;
  va_start(ap, fmt);
  emit("debug", NULL, "debug: ", fmt, ap);
  va_end(ap);
}

void warn(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  emit("warning", NULL, "warning: ", fmt, ap);
  va_end(ap);
}

void error_msg(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  emit_text("error", NULL, "error: ", last_error);
}
