/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages to the user. Errors are one line naming the thing; progress goes
 * to stderr unless --quiet; debug detail only with --verbose. */
#ifndef V2V_LOG_H
#define V2V_LOG_H

/* Exit codes of the command (the documented contract). */
enum {
  EXIT_OK = 0,
  EXIT_ERROR = 1,
  EXIT_USAGE = 2,
  EXIT_UNFIXABLE = 3, /* guest cannot be fixed offline */
};

extern int log_verbosity; /* 0 quiet, 1 normal, 2 verbose */

void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The last error_msg() text, for the report; NULL if none. */
const char *log_last_error(void);

#endif
