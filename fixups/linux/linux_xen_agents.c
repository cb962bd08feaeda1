/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Disables the Xen guest agents (xe-guest-utilities' xe-daemon and
 * xe-linux-distribution, ...): on KVM they fail or spin. Disabling is
 * what systemctl disable / update-rc.d remove do: the links go, the
 * package stays for the operator to remove. */
#include <stdlib.h>
#include <string.h>

#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/session.h"

#define NAME "linux-xen-agents"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

static bool named_agent(const char *entry, const strlist *agents,
                        const char **agent)
{
  for (size_t i = 0; i < agents->n; i++) {
    size_t n = strlen(agents->v[i]);
    if (strncmp(entry, agents->v[i], n) == 0 &&
        (strcmp(entry + n, ".service") == 0 || entry[n] == '\0')) {
      *agent = agents->v[i];
      return true;
    }
  }
  return false;
}

/* Every link in DIR (listed) naming an agent, as NAME or SNNname/KNNname
 * when SYSV. */
static void plan_dir(struct session *s, struct change_list *out,
                     const char *dir, bool sysv, const strlist *agents)
{
  /* RHEL's /etc/rcN.d are links to /etc/rc.d/rcN.d. */
  char **names = guestfs_is_dir_opts(s->g, dir, GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS,
                                     1, -1) > 0
                     ? guestfs_ls(s->g, dir)
                     : NULL;
  for (size_t i = 0; names && names[i]; i++) {
    const char *e = names[i], *agent;
    if (sysv) {
      if ((e[0] != 'S' && e[0] != 'K') || strlen(e) < 4)
        continue;
      e += 3;
    }
    if (!named_agent(e, agents, &agent))
      continue;
    char *path = xasprintf("%s/%s", dir, names[i]);
    if (!change_list_last_write(out, path)) {
      char *why = xasprintf("disable Xen guest agent %s (it only works on "
                            "Xen)", agent);
      change_delete_path(out, NAME, CHG_DELETE_FILE, path, why);
      free(why);
    }
    free(path);
  }
  strv_free(names);
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  strlist agents = linux_table("agents");
  strlist wants = linux_wants_dirs(s);
  for (size_t i = 0; i < wants.n; i++)
    plan_dir(s, out, wants.v[i], false, &agents);
  strlist_free(&wants);
  static const char levels[] = "0123456S";
  for (int i = 0; levels[i]; i++) {
    char *dir = xasprintf("/etc/rc%c.d", levels[i]);
    plan_dir(s, out, dir, true, &agents);
    free(dir);
  }
  strlist_free(&agents);
  return RESULT_OK;
}

const struct fixup fixup_linux_xen_agents = {
    .name = NAME,
    .summary = "disable the Xen guest agents (xe-daemon, ...)",
    .applies = applies,
    .plan = plan,
};
