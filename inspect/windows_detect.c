/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finds Windows on the disk and reads what it is from its own hives:
 * cheaper than a general OS inspection (which would mount every
 * filesystem and read the same hives again), and it gives the build and
 * edition too. */
#include "v2v/windows_detect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/log.h"
#include "v2v/partition_probe.h"
#include "v2v/pe.h"
#include "v2v/session.h"

static const char *const systemroots[] = {"/Windows", "/WINNT", NULL};

/* The Windows directory on the filesystem mounted at MNT_WINDOWS. */
static char *find_systemroot(struct session *s)
{
  for (int i = 0; systemroots[i]; i++) {
    char *want = xasprintf(MNT_WINDOWS "%s/System32/config/SYSTEM",
                           systemroots[i]);
    char *real = guest_real_path(s, want);
    free(want);
    if (real) {
      /* ".../<root>/System32/config/SYSTEM" -> "/<root>" */
      char *root = xstrdup(real + strlen(MNT_WINDOWS));
      *strchr(root + 1, '/') = '\0';
      free(real);
      return root;
    }
  }
  return NULL;
}

int windows_find_root(struct session *s)
{
  struct guest *g = &s->guest;
  size_t *order = xcalloc(g->disk.nparts + 1, sizeof *order);
  size_t n = windows_root_candidates(&g->disk, order);
  int found = 0;
  for (size_t k = 0; k < n && !found; k++) {
    const struct partition *p = &g->disk.parts[order[k]];
    guest_files_changed(s);
    if (guestfs_mount_ro(s->g, p->device, MNT_WINDOWS) == -1)
      continue;
    char *root = find_systemroot(s);
    if (root) {
      g->root = xstrdup(p->device);
      g->systemroot = root;
      found = 1; /* left mounted read-only */
    } else {
      guest_files_changed(s);
      guestfs_umount(s->g, MNT_WINDOWS);
    }
  }
  free(order);
  return found;
}

static void read_arch(struct session *s)
{
  struct guest *g = &s->guest;
  char *want = xasprintf(MNT_WINDOWS "%s/System32/cmd.exe", g->systemroot);
  char *path = guest_real_path(s, want);
  size_t n = 0;
  char *head = path ? guestfs_pread(s->g, path, 4096, 0, &n) : NULL;
  const char *arch = head ? pe_arch(head, n) : NULL;
  free(g->arch);
  g->arch = xstrdup(arch ? arch : "unknown");
  free(head);
  free(path);
  free(want);
}

/* Version, variant, hostname and control set, from the hives. */
void windows_describe(struct session *s)
{
  struct guest *g = &s->guest;
  hive *sw = s->hives[HIVE_SOFTWARE], *sys = s->hives[HIVE_SYSTEM];
  hive_node_h cv = hive_lookup(sw, hive_root(sw),
                               "Microsoft\\Windows NT\\CurrentVersion");
  free(g->os_type);
  g->os_type = xstrdup("windows");
  free(g->distro);
  g->distro = xstrdup("windows");
  char *name = hive_get_string(sw, cv, "ProductName");
  free(g->product_name);
  g->product_name = name ? name : xstrdup("Windows");
  char *variant = hive_get_string(sw, cv, "InstallationType");
  free(g->product_variant);
  g->product_variant = variant ? variant : xstrdup("unknown");

  /* Windows 10 and later keep "6.3" in CurrentVersion for old programs and
   * the real version in these two DWORDs. */
  uint32_t major, minor;
  if (hive_get_dword(sw, cv, "CurrentMajorVersionNumber", &major) == 0 &&
      hive_get_dword(sw, cv, "CurrentMinorVersionNumber", &minor) == 0) {
    g->major = (int)major;
    g->minor = (int)minor;
  } else {
    char *v = hive_get_string(sw, cv, "CurrentVersion");
    if (!v || sscanf(v, "%d.%d", &g->major, &g->minor) != 2)
      g->major = g->minor = 0;
    free(v);
  }

  uint32_t current = 1;
  hive_get_dword(sys, hive_lookup(sys, hive_root(sys), "Select"), "Current",
                 &current);
  free(g->control_set);
  g->control_set = xasprintf("ControlSet%03u", current);
  char *key = xasprintf("%s\\Control\\ComputerName\\ComputerName",
                        g->control_set);
  char *host = hive_get_string(sys, hive_lookup(sys, hive_root(sys), key),
                               "ComputerName");
  free(key);
  free(g->hostname);
  g->hostname = host ? host : xstrdup("unknown");
  if (!g->arch)
    read_arch(s);
}
