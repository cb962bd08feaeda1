/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Brings the guest's network up on the virtio NIC: the configurations
 * (ifcfg, udev persistent-net rules, netplan, NetworkManager, networkd,
 * ifupdown) are rebound to the names virtio NICs keep on KVM, their MAC
 * pins dropped, and a .link file keeps those names (net_config.h says
 * why). Addresses, routes and everything else stay as they are; each
 * edited file is backed up. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/net_config.h"
#include "v2v/session.h"

#define NAME "linux-network"
#define KERNEL_NAMES_LINK "/etc/systemd/network/10-v2v-fixup-virtio-net.link"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

struct config_file {
  enum net_config_kind kind;
  char *path;
  char *text;
};

static bool kind_of(const char *word, enum net_config_kind *kind)
{
  static const char *const names[] = {"ifcfg", "udev", "netplan", "nm",
                                      "networkd", "link", "ifupdown"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(word, names[i]) == 0) {
      *kind = (enum net_config_kind)i;
      return true;
    }
  return false;
}

/* Copies that the network tools skip, and never ours to edit. */
static bool is_leftover(const char *name)
{
  static const char *const ends[] = {"~", ".bak", ".orig", ".rpmnew",
                                     ".rpmsave", ".rpmorig", ".dpkg-old",
                                     ".dpkg-dist"};
  size_t n = strlen(name);
  for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
    size_t m = strlen(ends[i]);
    if (n >= m && strcmp(name + n - m, ends[i]) == 0)
      return true;
  }
  return false;
}

/* Every configuration file the guest has, read as the plan leaves it. */
static size_t find_configs(struct session *s, const struct change_list *plan,
                           struct config_file **out)
{
  strlist places = linux_table("network-configs");
  struct config_file *v = NULL;
  size_t n = 0;
  for (size_t i = 0; i < places.n; i++) {
    char kind_word[16], dir[256], pattern[64];
    enum net_config_kind kind;
    if (sscanf(places.v[i], "%15s %255s %63s", kind_word, dir, pattern) != 3 ||
        !kind_of(kind_word, &kind))
      continue;
    char **names = guestfs_is_dir(s->g, dir) > 0 ? guestfs_ls(s->g, dir) : NULL;
    for (size_t j = 0; names && names[j]; j++) {
      if (fnmatch(pattern, names[j], 0) || is_leftover(names[j]))
        continue;
      char *path = xasprintf("%s/%s", dir, names[j]);
      char *text = strcmp(path, KERNEL_NAMES_LINK)
                       ? linux_planned_text(s, plan, path)
                       : NULL;
      if (!text) {
        free(path);
        continue;
      }
      v = xrealloc(v, (n + 1) * sizeof *v);
      v[n++] = (struct config_file){kind, path, text};
    }
    strv_free(names);
  }
  strlist_free(&places);
  *out = v;
  return n;
}

static bool has_udev(struct session *s)
{
  return guestfs_exists(s->g, "/lib/systemd/systemd-udevd") > 0 ||
         guestfs_exists(s->g, "/usr/lib/systemd/systemd-udevd") > 0;
}

/* A .link naming a NIC by its old MAC goes; a copy is kept. */
static void plan_drop_link(struct change_list *out, const char *path)
{
  linux_plan_remove(out, NAME, path,
                    "it names the NIC by its MAC, which changes on KVM; "
                    "virtio NICs keep the kernel's names instead");
}

static void plan_kernel_names(struct session *s, struct change_list *out)
{
  char *have = linux_planned_text(s, out, KERNEL_NAMES_LINK);
  if (!have || strcmp(have, net_kernel_names_link))
    change_write_file(out, NAME, KERNEL_NAMES_LINK, net_kernel_names_link,
                      strlen(net_kernel_names_link),
                      "virtio NICs keep the kernel's names (eth0, eth1...), "
                      "which the network configuration uses");
  free(have);
}

static char *renames(const struct net_map *m)
{
  char *r = xstrdup("");
  for (size_t i = 0; i < m->old.n; i++) {
    if (!strcmp(m->old.v[i], m->new.v[i]))
      continue;
    char *next = xasprintf("%s%s%s -> %s", r, *r ? ", " : "", m->old.v[i],
                           m->new.v[i]);
    free(r);
    r = next;
  }
  return r;
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  struct config_file *files;
  size_t n = find_configs(s, out, &files);
  struct net_map map = {0};
  for (size_t i = 0; i < n; i++)
    net_config_collect(files[i].kind, files[i].text, &map);
  net_map_assign(&map);
  char *renamed = renames(&map);
  char *why = *renamed ? xasprintf("NICs renamed for KVM (%s), MAC pins "
                                   "dropped", renamed)
                       : xstrdup("MAC pins dropped: the NIC's MAC changes "
                                 "on KVM");
  size_t edited = 0;
  for (size_t i = 0; i < n; i++) {
    struct config_file *f = &files[i];
    if (f->kind == NETCFG_LINK) {
      if (net_link_pins_mac(f->text)) {
        plan_drop_link(out, f->path);
        edited++;
      }
    } else {
      char *fixed = net_config_rebind(f->kind, f->text, &map);
      if (fixed) {
        linux_plan_edit(s, out, NAME, f->path, fixed, why);
        edited++;
      }
      free(fixed);
    }
    free(f->path);
    free(f->text);
  }
  free(files);
  /* Without a NIC configured there are no names to keep. */
  if (map.old.n && has_udev(s))
    plan_kernel_names(s, out);
  if (edited)
    strlist_addf(warnings, "network: %zu configuration files rebound to the "
                 "virtio NIC%s%s (originals in " LINUX_BACKUP_DIR ")", edited,
                 *renamed ? ": " : "", renamed);
  free(renamed);
  free(why);
  net_map_free(&map);
  return RESULT_OK;
}

const struct fixup fixup_linux_network = {
    .name = NAME,
    .summary = "network configs rebound to the virtio NIC's name, MAC pins "
               "dropped",
    .applies = applies,
    .plan = plan,
};
