/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/interrupt.h"

#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t received;
static volatile pid_t appliance, child;

/* Only async-signal-safe calls here: kill, _exit. */
static void on_signal(int sig)
{
  if (received)
    _exit(128 + sig);
  received = sig;
  if (appliance > 0)
    kill(appliance, SIGTERM);
  if (child > 0)
    kill(child, SIGTERM);
}

void interrupt_install(void)
{
  struct sigaction sa = {.sa_handler = on_signal};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  /* Started with SIGCHLD ignored, children would be reaped unseen and no
   * exit status could be read. */
  signal(SIGCHLD, SIG_DFL);
}

int interrupt_signal(void) { return received; }
int interrupt_exit_code(void) { return received ? 128 + received : 0; }
void interrupt_watch_appliance(pid_t pid) { appliance = pid; }
void interrupt_watch_child(pid_t pid) { child = pid; }
