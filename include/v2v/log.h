/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages to the user, all on stderr. Errors are one line naming the
 * thing; phases and progress unless --quiet; debug detail only with
 * --verbose. On a terminal each line carries the seconds since the start;
 * --machine-readable makes every line a JSON object. */
#ifndef V2V_LOG_H
#define V2V_LOG_H

#include <stdbool.h>

/* Exit codes of the command (the documented contract). */
enum {
  EXIT_OK = 0,
  EXIT_ERROR = 1,
  EXIT_USAGE = 2,
  EXIT_UNFIXABLE = 3, /* guest cannot be fixed offline */
};

enum log_style {
  LOG_AUTO,     /* LOG_TERMINAL when stderr is a terminal, else LOG_PLAIN */
  LOG_PLAIN,    /* "v2v-fixup: message" */
  LOG_TERMINAL, /* "[  12.3s] v2v-fixup: message" */
  LOG_MACHINE,  /* {"type":"phase","phase":"launch","elapsed":12.3,...} */
};

extern int log_verbosity; /* 0 quiet, 1 normal, 2 verbose */

/* Starts the clock of the elapsed times. */
void log_start(enum log_style style);
/* Progress bars (qemu-img -p) are for a person at a terminal. */
bool log_on_terminal(void);
double log_elapsed(void);

/* A step of the run: "launch", "inspect", "plan", "apply",
 * "verify", "write", "done" (the names are part of the contract). */
void phase(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The last error_msg() text, for the report; NULL if none. */
const char *log_last_error(void);
/* Messages from now on are about guest NAME of several (NULL: one guest,
 * no name shown); the last error is forgotten. */
void log_set_guest(const char *name);

#endif
