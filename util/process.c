/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Running host programs (qemu-img, the fixture tools) with their output
 * in a log file, and reading that log back for a one-line error. */
#include "v2v/process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "v2v/alloc.h"
#include "v2v/interrupt.h"
#include "v2v/log.h"

int run_command_shown(char *const argv[], const char *log, bool show_stdout)
{
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == -1)
    return -1;
  if (pid == 0) {
    /* A qemu-img left running after we are killed outright would go on
     * writing with nobody to report it: it dies with us. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
      _exit(127);
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      dup2(show_stdout ? STDERR_FILENO : fd, 1);
      dup2(fd, 2);
    }
    execvp(argv[0], argv);
    _exit(127);
  }
  interrupt_watch_child(pid);
  int status = 0;
  pid_t got;
  while ((got = waitpid(pid, &status, 0)) == -1 && errno == EINTR)
    ; /* only an interrupted wait is retried: ECHILD means no child */
  interrupt_watch_child(0);
  return got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int run_command(char *const argv[], const char *log)
{
  return run_command_shown(argv, log, false);
}

/* The last line qemu-img wrote, for a one-line error. */
char *command_last_line(const char *log)
{
  FILE *f = fopen(log, "r");
  char line[512] = "", buf[512];
  while (f && fgets(buf, sizeof buf, f))
    if (buf[0] != '\n')
      memcpy(line, buf, sizeof line);
  if (f)
    fclose(f);
  line[strcspn(line, "\n")] = '\0';
  return xstrdup(line[0] ? line : "no message");
}

int run_qemu_img(char *const argv[], const char *log, const char *what)
{
  int r = run_command(argv, log);
  if (r == -1) {
    char *why = command_last_line(log);
    error_msg("%s failed: %s", what, why);
    free(why);
  }
  return r;
}
