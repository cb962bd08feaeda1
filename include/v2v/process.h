/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host programs run with their output in a log file. */
#ifndef V2V_PROCESS_H
#define V2V_PROCESS_H

#include <stdbool.h>

#include "v2v/result.h"

/* Runs ARGV, its output going to LOG; 0 if it exited 0. */
MUST_CHECK int run_command(char *const argv[], const char *log);
/* The same, with the command's stdout on our stderr when SHOW_STDOUT. */
MUST_CHECK int run_command_shown(char *const argv[], const char *log,
                                 bool show_stdout);
/* The last non-empty line of LOG ("no message" if none), for a one-line
 * error. */
char *command_last_line(const char *log);
/* run_command, and on failure "WHAT failed: <last line of LOG>". */
MUST_CHECK int run_qemu_img(char *const argv[], const char *log,
                            const char *what);

#endif
