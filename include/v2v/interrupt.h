/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SIGINT, SIGTERM and SIGHUP during a run. The handler only records the
 * signal and stops what is running for us (the appliance, a qemu-img
 * child), which makes the current step fail; the main flow then cleans up
 * and says what state the image is in. A second signal ends the process
 * at once. */
#ifndef V2V_INTERRUPT_H
#define V2V_INTERRUPT_H

#include <stdbool.h>
#include <sys/types.h>

void interrupt_install(void);
/* The signal received, or 0. */
int interrupt_signal(void);
/* The exit status for it: 128 + the signal number. */
int interrupt_exit_code(void);
/* Processes the handler stops (0: none): the appliance's qemu and a host
 * program we are waiting for. */
void interrupt_watch_appliance(pid_t pid);
void interrupt_watch_child(pid_t pid);

#endif
