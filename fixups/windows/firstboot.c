/* SPDX-License-Identifier: GPL-2.0-or-later */
/* First-boot tasks for a Windows guest: what cannot be done offline runs
 * once, as SYSTEM, at the next boot. The mechanism is a machine startup
 * script of the local Group Policy (no helper binary): the runner from
 * data/firstboot/runner.cmd is registered in System32\GroupPolicy (gpt.ini
 * and Machine\Scripts\scripts.ini) and in the Group Policy scripts keys of
 * the SOFTWARE hive, and runs the task scripts in
 * %SystemRoot%\v2v-fixup\tasks. Tasks: uninstall the Xen tools' and
 * VMware Tools' MSIs, add the staged virtio drivers with pnputil, re-apply
 * static IP settings (of xennet, vmxnet3... NICs) to the new NIC, bring
 * data disks online. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/datafile.h"
#include "v2v/fixup.h"
#include "v2v/session.h"
#include "v2v/text.h"

#define NAME "firstboot"
#define RUNNER "v2v-firstboot.cmd"
#define SCRIPTS_CSE "[{42B5FAAE-6536-11D2-AE5A-0000F87571E3}" \
                    "{40B6664F-4972-11D1-A7CA-0000F87571E3}]"
#define GP_KEY "Microsoft\\Windows\\CurrentVersion\\Group Policy"

struct ctx {
  struct session *s;
  struct change_list *out;
  strlist *warnings;
  char *win;      /* appliance path of the Windows directory */
};

static bool applies(const struct guest *g)
{
  return g->os_type && strcmp(g->os_type, "windows") == 0;
}

/* Reads a guest file; NULL if it does not exist. */
static char *read_guest(struct session *s, const char *path, size_t *len)
{
  *len = 0;
  if (guestfs_is_file(s->g, path) <= 0)
    return NULL;
  return guest_read_file(s, path, len);
}

/* Plans writing DATA to PATH unless the guest already has exactly it. */
static void want_file(struct ctx *c, const char *path, const void *data,
                      size_t len, const char *why)
{
  size_t have_len;
  char *have = read_guest(c->s, path, &have_len);
  if (!have || have_len != len || memcmp(have, data, len) != 0)
    change_write_file(c->out, NAME, path, data, len, why);
  free(have);
}

static void want_text(struct ctx *c, const char *rel, const char *text,
                      const char *why)
{
  char *path = xasprintf("%s/%s", c->win, rel);
  char *real = guest_path_resolve(c->s, path);
  char *crlf = text_crlf(text);
  want_file(c, real, crlf, strlen(crlf), why);
  free(crlf);
  free(real);
  free(path);
}

/* 'a','b' for PowerShell. */
static char *ps_array(char *const *items)
{
  return strv_join(items, ",", "'");
}

static int plan_uninstalls(struct ctx *c, int n)
{
  const struct guest *g = &c->s->guest;
  for (size_t i = 0; i < g->npv; i++) {
    const struct pv_finding *f = &g->pv[i];
    /* VMware Tools writes its install command, MsiExec.exe /I{product},
     * there: the product is what counts, removed with /x either way. */
    const char *cmd = f->detail ? f->detail : "";
    const char *guid = strchr(cmd, '{');
    if (f->kind != PV_UNINSTALL)
      continue;
    if (!strcasestr(cmd, "msiexec") || !guid || strlen(guid) < 38) {
      strlist_addf(c->warnings, "\"%s\" is not a Windows Installer "
                   "package: uninstall it by hand (%s)", f->name, cmd);
      continue;
    }
    char *product = xasprintf("%.38s", guid);
    const char *pairs[] = {"NAME", f->name, "PRODUCT", product, NULL};
    char *text = template_fill(data_firstboot_uninstall_msi, pairs);
    char *rel = xasprintf("v2v-fixup/tasks/10-uninstall-%d.cmd", ++n);
    char *why = xasprintf("first boot: uninstall %s", f->name);
    want_text(c, rel, text, why);
    free(why);
    free(rel);
    free(text);
    free(product);
  }
  return n;
}

/* Static addresses of the old NICs, from the current control set. */
static void plan_static_ips(struct ctx *c)
{
  hive *h = c->s->hives[HIVE_SYSTEM];
  char *path = xasprintf("%s\\Services\\Tcpip\\Parameters\\Interfaces",
                         c->s->guest.control_set);
  hive_node_h ifs = hive_lookup(h, hive_root(h), path);
  free(path);
  hive_node_h *nics = ifs ? hive_children(h, ifs) : NULL;
  int n = 0;
  for (size_t i = 0; nics && nics[i]; i++) {
    uint32_t dhcp = 1;
    hive_get_dword(h, nics[i], "EnableDHCP", &dhcp);
    char **ip = hive_get_multi(h, nics[i], "IPAddress");
    if (dhcp == 0 && ip && ip[0] && strcmp(ip[0], "0.0.0.0") != 0) {
      char **mask = hive_get_multi(h, nics[i], "SubnetMask");
      char **gw = hive_get_multi(h, nics[i], "DefaultGateway");
      char *ns = hive_get_string(h, nics[i], "NameServer");
      strlist dns = {0};
      for (char *t = ns ? strtok(ns, ", ") : NULL; t; t = strtok(NULL, ", "))
        strlist_add(&dns, t);
      char *name = hive_node_name(h, nics[i]);
      char *a_ip = ps_array(ip), *a_mask = ps_array(mask),
           *a_gw = ps_array(gw), *a_dns = ps_array(dns.v);
      const char *pairs[] = {"INTERFACE", name, "IPADDRESS", a_ip,
                             "SUBNETMASK", a_mask, "GATEWAY", a_gw,
                             "DNS", a_dns, NULL};
      char *ps = template_fill(data_firstboot_static_ip_ps1, pairs);
      char *cmd = template_fill(data_firstboot_static_ip_cmd, pairs);
      char *why = xasprintf("first boot: static IP %s of interface %s on "
                            "the new NIC", ip[0], name);
      char *rel = xasprintf("v2v-fixup/tasks/20-static-ip-%d", ++n);
      char *rel_cmd = xasprintf("%s.cmd", rel), *rel_ps = xasprintf("%s.ps1", rel);
      want_text(c, rel_ps, ps, why);
      want_text(c, rel_cmd, cmd, why);
      free(rel_ps), free(rel_cmd), free(rel), free(why), free(cmd), free(ps);
      free(a_ip), free(a_mask), free(a_gw), free(a_dns), free(name);
      strlist_free(&dns);
      free(ns);
      strv_free(gw);
      strv_free(mask);
    }
    strv_free(ip);
  }
  free(nics);
}

/* The Group Policy scripts keys: KEY\<gpo>\<n>. Returns the index of the
 * local GPO's key (existing or the next free one). */
static int gpo_index(hive *h, const char *key)
{
  hive_node_h root = hive_lookup(h, hive_root(h), key);
  int free_index = 0;
  hive_node_h *gpos = root ? hive_children(h, root) : NULL;
  for (size_t i = 0; gpos && gpos[i]; i++) {
    char *name = hive_node_name(h, gpos[i]);
    char *id = hive_get_string(h, gpos[i], "GPO-ID");
    int idx = atoi(name);
    bool local = id && strcasecmp(id, "LocalGPO") == 0;
    free(id);
    free(name);
    if (local) {
      free(gpos);
      return idx;
    }
    if (idx >= free_index)
      free_index = idx + 1;
  }
  free(gpos);
  return free_index;
}

static void set_sz(struct ctx *c, const char *key, const char *name,
                   const char *value, const char *why)
{
  size_t len;
  char *data = reg_encode_sz(value, &len);
  change_set_raw(c->out, NAME, HIVE_SOFTWARE, key, name, REGT_SZ, data, len,
                 why);
  free(data);
}

static void plan_registry(struct ctx *c, int gpo, int script)
{
  hive *h = c->s->hives[HIVE_SOFTWARE];
  static const char *const roots[] = {GP_KEY "\\Scripts\\Startup",
                                      GP_KEY "\\State\\Machine\\Scripts\\Startup",
                                      NULL};
  char *sysroot = hive_get_string(
      h, hive_lookup(h, hive_root(h), "Microsoft\\Windows NT\\CurrentVersion"),
      "SystemRoot");
  char *fs_path = xasprintf("%s\\System32\\GroupPolicy\\Machine",
                            sysroot ? sysroot : "C:\\Windows");
  char *index = xasprintf("%d", script);
  const char *why = "register the first-boot runner as a startup script";
  for (int r = 0; roots[r]; r++) {
    char *gkey = xasprintf("%s\\%d", roots[r], gpo);
    char *skey = xasprintf("%s\\%d", gkey, script);
    char *have = hive_get_string(h, hive_lookup(h, hive_root(h), skey), "Script");
    if (!have || strcasecmp(have, RUNNER) != 0) {
      if (!hive_lookup(h, hive_root(h), gkey)) {
        set_sz(c, gkey, "GPO-ID", "LocalGPO", why);
        set_sz(c, gkey, "SOM-ID", "Local", why);
        set_sz(c, gkey, "FileSysPath", fs_path, why);
        set_sz(c, gkey, "DisplayName", "Local Group Policy", why);
        set_sz(c, gkey, "GPOName", "Local Group Policy", why);
        change_set_dword(c->out, NAME, HIVE_SOFTWARE, gkey, "PSScriptOrder", 1, why);
      }
      set_sz(c, skey, "Script", RUNNER, why);
      set_sz(c, skey, "Parameters", index, why);
      change_set_dword(c->out, NAME, HIVE_SOFTWARE, skey, "IsPowershell", 0, why);
      static const unsigned char never[16];
      change_set_raw(c->out, NAME, HIVE_SOFTWARE, skey, "ExecTime",
                     REGT_BINARY, never, sizeof never, why);
    }
    free(have);
    free(skey);
    free(gkey);
  }
  free(index);
  free(fs_path);
  free(sysroot);
}

/* scripts.ini and gpt.ini of the local GPO; returns the runner's index in
 * [Startup]. */
static int plan_gpo_files(struct ctx *c)
{
  struct session *s = c->s;
  char *dir = xasprintf("%s/System32/GroupPolicy", c->win);
  char *gp = guest_path_resolve(s, dir);
  free(dir);
  char *want = xasprintf("%s/Machine/Scripts/scripts.ini", gp);
  char *ini_path = guest_path_resolve(s, want);
  free(want);
  size_t len;
  char *raw = read_guest(s, ini_path, &len);
  char *ini = raw ? text_decode(raw, len) : xstrdup("");
  int index = -1, free_index = 0;
  for (int i = 0; i < 100 && index < 0; i++) {
    char *key = xasprintf("%dCmdLine", i);
    char *v = ini_get(ini, "Startup", key);
    if (v && strcasecmp(v, RUNNER) == 0)
      index = i;
    if (v)
      free_index = i + 1;
    free(v);
    free(key);
  }
  if (index < 0) {
    index = free_index;
    if (raw) {
      /* The runner restores this when it unregisters itself. */
      char *backup = xasprintf("%s.v2v-orig", ini_path);
      want_file(c, backup, raw, len, "keep the local GPO's scripts.ini");
      free(backup);
    }
    char *k1 = xasprintf("%dCmdLine", index), *k2 = xasprintf("%dParameters", index);
    char *v2 = xasprintf("%d", index);
    char *a = ini_set(ini, "Startup", k1, RUNNER);
    char *b = ini_set(a, "Startup", k2, v2);
    char *crlf = text_crlf(b);
    size_t ulen;
    char *utf16 = text_utf16_bom(crlf, &ulen);
    change_write_file(c->out, NAME, ini_path, utf16, ulen,
                      "register the first-boot runner in the local GPO");
    free(utf16), free(crlf), free(b), free(a), free(v2), free(k2), free(k1);

    /* gpt.ini: the scripts extension, and a new version so that Group
     * Policy reads scripts.ini again. */
    char *gpt_path = xasprintf("%s/gpt.ini", gp);
    char *gpt_raw = read_guest(s, gpt_path, &len);
    char *gpt = gpt_raw ? text_decode(gpt_raw, len) : xstrdup("[General]\n");
    char *ext = ini_get(gpt, "General", "gPCMachineExtensionNames");
    char *ver = ini_get(gpt, "General", "Version");
    unsigned long v = ver ? strtoul(ver, NULL, 10) : 0;
    char *new_ext = ext && strcasestr(ext, "{42B5FAAE-6536-11D2-AE5A-0000F87571E3}")
                        ? xstrdup(ext)
                        : xasprintf("%s%s", ext ? ext : "", SCRIPTS_CSE);
    char *new_ver = xasprintf("%lu", (v & 0xFFFF0000UL) | ((v + 1) & 0xFFFFUL));
    char *g1 = ini_set(gpt, "General", "gPCMachineExtensionNames", new_ext);
    char *g2 = ini_set(g1, "General", "Version", new_ver);
    char *gcrlf = text_crlf(g2);
    change_write_file(c->out, NAME, gpt_path, gcrlf, strlen(gcrlf),
                      "local GPO: enable the scripts extension");
    free(gcrlf), free(g2), free(g1), free(new_ver), free(new_ext);
    free(ver), free(ext), free(gpt), free(gpt_raw), free(gpt_path);
  }
  free(ini);
  free(raw);
  free(ini_path);
  free(gp);
  return index;
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  struct ctx c = {.s = s, .out = out, .warnings = warnings};
  c.win = xasprintf("%s%s", MNT_WINDOWS, s->guest.systemroot);

  plan_uninstalls(&c, 0);
  if (s->virtio.n) /* the virtio fix-up stages what it found */
    want_text(&c, "v2v-fixup/tasks/15-pnputil.cmd", data_firstboot_pnputil,
              "first boot: add the staged virtio drivers to the driver store");
  plan_static_ips(&c);
  want_text(&c, "v2v-fixup/tasks/30-disks-online.cmd",
            data_firstboot_disks_online,
            "first boot: bring offline data disks online");

  int script = plan_gpo_files(&c);
  int gpo = gpo_index(s->hives[HIVE_SOFTWARE], GP_KEY "\\Scripts\\Startup");
  char *gpo_text = xasprintf("%d", gpo);
  const char *pairs[] = {"GPO_INDEX", gpo_text, NULL};
  char *runner = template_fill(data_firstboot_runner, pairs);
  want_text(&c, "System32/GroupPolicy/Machine/Scripts/Startup/" RUNNER, runner,
            "the first-boot runner (local GPO startup script)");
  plan_registry(&c, gpo, script);
  free(runner);
  free(gpo_text);
  free(c.win);
  return RESULT_OK;
}

const struct fixup fixup_firstboot = {
    .name = NAME,
    .summary = "schedule what must run in Windows at first boot",
    .applies = applies,
    .plan = plan,
};
