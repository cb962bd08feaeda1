/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/net_config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/alloc.h"
#include "v2v/linux_text.h"
#include "v2v/strbuf.h"

#define PIN_NOTE "# v2v-fixup: the MAC changes on KVM, unpinned: "

const char net_kernel_names_link[] =
    "# Written by v2v-fixup: virtio NICs keep the kernel's names (eth0, eth1\n"
    "# ... in PCI order), the names the network configuration was rebound\n"
    "# to when the guest moved to KVM.\n"
    "[Match]\n"
    "Driver=virtio_net\n"
    "\n"
    "[Link]\n"
    "NamePolicy=kernel\n";

/* ---- lines ---------------------------------------------------------- */

struct lines {
  strlist v;
  bool final_newline;
};

static struct lines split_lines(const char *text)
{
  struct lines l = {{0}, false};
  const char *p = text;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    strlist_take(&l.v, strndup(p, n));
    if (!nl)
      break;
    p = nl + 1;
    l.final_newline = !*p;
  }
  return l;
}

static char *join_lines(struct lines *l)
{
  struct strbuf b = {0};
  for (size_t i = 0; i < l->v.n; i++) {
    strbuf_adds(&b, l->v.v[i]);
    if (i + 1 < l->v.n || l->final_newline)
      strbuf_adds(&b, "\n");
  }
  strlist_free(&l->v);
  return strbuf_finish(&b);
}

static void replace_line(strlist *v, size_t i, char *line)
{
  free(v->v[i]);
  v->v[i] = line;
}

static void insert_line(strlist *v, size_t at, const char *line)
{
  strlist_add(v, line); /* grows by one; then moved into place */
  char *moved = v->v[v->n - 1];
  memmove(&v->v[at + 1], &v->v[at], (v->n - 1 - at) * sizeof *v->v);
  v->v[at] = moved;
}

static const char *skip_space(const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

static size_t indent_of(const char *s) { return (size_t)(skip_space(s) - s); }

static bool blank_or_comment(const char *s)
{
  s = skip_space(s);
  return !*s || *s == '#' || *s == ';';
}

/* "KEY=value" (KEY case-sensitive, spaces around '=' allowed): the value,
 * its quotes and trailing space removed, or NULL. */
static char *key_value(const char *line, const char *key)
{
  const char *s = skip_space(line);
  size_t n = strlen(key);
  if (strncmp(s, key, n) != 0)
    return NULL;
  s = skip_space(s + n);
  if (*s != '=')
    return NULL;
  s = skip_space(s + 1);
  size_t len = strlen(s);
  while (len && isspace((unsigned char)s[len - 1]))
    len--;
  if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0]) {
    s++;
    len -= 2;
  }
  return strndup(s, len);
}

static char *lower(const char *s)
{
  char *r = xstrdup(s);
  for (char *p = r; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return r;
}

/* ---- names ---------------------------------------------------------- */

static bool digits(const char *s)
{
  if (!*s)
    return false;
  for (; *s; s++)
    if (!isdigit((unsigned char)*s))
      return false;
  return true;
}

bool net_name_is_physical(const char *name)
{
  if (strncmp(name, "eth", 3) == 0)
    return digits(name + 3);
  if (strncmp(name, "enX", 3) == 0)
    return digits(name + 3);
  if (strncmp(name, "em", 2) == 0)
    return digits(name + 2);
  if (name[0] == 'p' && isdigit((unsigned char)name[1]))
    return strchr(name, 'p') && strchr(name + 1, 'p') != NULL;
  /* systemd's en + o (onboard), s (slot), p (path), x (MAC) names */
  if (strncmp(name, "en", 2) == 0 && strchr("ospx", name[2]) && name[2] &&
      isalnum((unsigned char)name[3])) {
    for (const char *p = name; *p; p++)
      if (!isalnum((unsigned char)*p) && *p != '_')
        return false;
    return true;
  }
  return false;
}

static void add_name(struct net_map *m, const char *name)
{
  if (net_name_is_physical(name) && !strlist_contains_ci(&m->old, name))
    strlist_add(&m->old, name);
}

static void add_pin(struct net_map *m, const char *mac, const char *name)
{
  if (!mac || !*mac)
    return;
  char *l = lower(mac);
  strlist_addf(&m->macs, "%s %s", l, name && *name ? name : "");
  free(l);
}

/* The name M's pins give MAC, or NULL. */
static const char *pinned_name(const struct net_map *m, const char *mac)
{
  size_t n = strlen(mac);
  for (size_t i = 0; i < m->macs.n; i++)
    if (strncasecmp(m->macs.v[i], mac, n) == 0 && m->macs.v[i][n] == ' ' &&
        m->macs.v[i][n + 1])
      return m->macs.v[i] + n + 1;
  return NULL;
}

const char *net_map_name(const struct net_map *m, const char *old)
{
  for (size_t i = 0; i < m->old.n && i < m->new.n; i++)
    if (strcmp(m->old.v[i], old) == 0)
      return m->new.v[i];
  return old;
}

static bool taken(const strlist *l, const char *name)
{
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i] && strcmp(l->v[i], name) == 0)
      return true;
  return false;
}

static char *next_free(const strlist *used)
{
  for (int k = 0;; k++) {
    char *n = xasprintf("eth%d", k);
    if (!taken(used, n))
      return n;
    free(n);
  }
}

void net_map_assign(struct net_map *m)
{
  strlist_free(&m->new);
  for (size_t i = 0; i < m->old.n; i++) /* placeholders, filled below */
    strlist_take(&m->new, NULL);
  char **to = m->new.v;
  for (size_t i = 0; i < m->old.n; i++) /* ethN stays (names are unique) */
    if (strncmp(m->old.v[i], "eth", 3) == 0)
      to[i] = xstrdup(m->old.v[i]);
  for (size_t i = 0; i < m->old.n; i++) /* enXN -> ethN, when free */
    if (strncmp(m->old.v[i], "enX", 3) == 0) {
      char *want = xasprintf("eth%s", m->old.v[i] + 3);
      if (taken(&m->new, want))
        free(want);
      else
        to[i] = want;
    }
  for (size_t i = 0; i < m->old.n; i++) /* the rest, in the order found */
    if (!to[i])
      to[i] = next_free(&m->new);
}

void net_map_free(struct net_map *m)
{
  strlist_free(&m->old);
  strlist_free(&m->new);
  strlist_free(&m->macs);
}

/* ---- ifcfg ---------------------------------------------------------- */

static char *ini_value(const struct lines *l, const char *section,
                       const char *key);

static void collect_ifcfg(const struct lines *l, struct net_map *m)
{
  char *device = ini_value(l, NULL, "DEVICE");
  char *hwaddr = ini_value(l, NULL, "HWADDR");
  if (device)
    add_name(m, device);
  add_pin(m, hwaddr, device);
  free(device);
  free(hwaddr);
}

static bool rebind_ifcfg(struct lines *l, const struct net_map *m)
{
  bool changed = false;
  for (size_t i = 0; i < l->v.n; i++) {
    char *v;
    if ((v = key_value(l->v.v[i], "HWADDR"))) {
      replace_line(&l->v, i, xasprintf(PIN_NOTE "%s", l->v.v[i]));
      changed = true;
    } else if ((v = key_value(l->v.v[i], "DEVICE")) &&
               strcmp(net_map_name(m, v), v) != 0) {
      replace_line(&l->v, i, xasprintf("DEVICE=%s", net_map_name(m, v)));
      changed = true;
    }
    free(v);
  }
  return changed;
}

/* ---- udev persistent-net rules -------------------------------------- */

/* The value of KEY=="..." or KEY="..." in a udev rule line, or NULL. */
static char *udev_value(const char *line, const char *key)
{
  const char *p = strstr(line, key);
  if (!p)
    return NULL;
  p += strlen(key);
  while (*p == '=' || *p == ' ')
    p++;
  if (*p != '"')
    return NULL;
  const char *end = strchr(p + 1, '"');
  return end ? strndup(p + 1, (size_t)(end - p - 1)) : NULL;
}

static bool udev_pins(const char *line)
{
  return !blank_or_comment(line) && strstr(line, "ATTR{address}") &&
         strstr(line, "NAME=");
}

static void collect_udev(const struct lines *l, struct net_map *m)
{
  for (size_t i = 0; i < l->v.n; i++) {
    if (!udev_pins(l->v.v[i]))
      continue;
    char *mac = udev_value(l->v.v[i], "ATTR{address}");
    char *name = udev_value(l->v.v[i], "NAME");
    if (name)
      add_name(m, name);
    add_pin(m, mac, name);
    free(mac);
    free(name);
  }
}

static bool rebind_udev(struct lines *l)
{
  bool changed = false;
  for (size_t i = 0; i < l->v.n; i++)
    if (udev_pins(l->v.v[i])) {
      replace_line(&l->v, i, xasprintf(PIN_NOTE "%s", l->v.v[i]));
      changed = true;
    }
  return changed;
}

/* ---- ini-style files: networkd, .link, NetworkManager --------------- */

static bool section_is(const char *line, const char *name)
{
  const char *s = skip_space(line);
  size_t n = strlen(name);
  return *s == '[' && strncmp(s + 1, name, n) == 0 && s[n + 1] == ']';
}

static bool is_section(const char *line) { return *skip_space(line) == '['; }

/* The value of KEY in SECTION (the last one; SECTION NULL: anywhere, as
 * in a shell-style file), or NULL. */
static char *ini_value(const struct lines *l, const char *section,
                       const char *key)
{
  bool in = !section;
  char *found = NULL;
  for (size_t i = 0; i < l->v.n; i++) {
    if (section && is_section(l->v.v[i]))
      in = section_is(l->v.v[i], section);
    char *v = in && !blank_or_comment(l->v.v[i]) ? key_value(l->v.v[i], key)
                                                  : NULL;
    if (v) {
      free(found);
      found = v;
    }
  }
  return found;
}

/* Each whitespace-separated word of a Name= list that is a physical name
 * mapped to its new name; NULL if none changes. */
static char *map_words(const char *list, const struct net_map *m)
{
  struct strbuf b = {0};
  bool changed = false;
  char *copy = xstrdup(list), *save = NULL;
  for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
    const char *to = net_map_name(m, w);
    changed |= strcmp(to, w) != 0;
    if (b.n)
      strbuf_adds(&b, " ");
    strbuf_adds(&b, to);
  }
  free(copy);
  char *r = strbuf_finish(&b);
  if (!changed) {
    free(r);
    return NULL;
  }
  return r;
}

static void collect_words(const char *list, struct net_map *m)
{
  char *copy = xstrdup(list), *save = NULL;
  for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
    add_name(m, w);
  free(copy);
}

static void collect_networkd(const struct lines *l, struct net_map *m,
                             const char *name_section)
{
  char *names = ini_value(l, name_section, "Name");
  char *mac = ini_value(l, "Match", "MACAddress");
  if (names)
    collect_words(names, m);
  if (mac && names && net_name_is_physical(names))
    add_pin(m, mac, names);
  free(names);
  free(mac);
}

bool net_link_pins_mac(const char *text)
{
  struct lines l = split_lines(text);
  char *mac = ini_value(&l, "Match", "MACAddress");
  char *pmac = ini_value(&l, "Match", "PermanentMACAddress");
  char *name = ini_value(&l, "Link", "Name");
  bool pins = (mac || pmac) && name;
  free(mac);
  free(pmac);
  free(name);
  strlist_free(&l.v);
  return pins;
}

/* [Match] of a .network: MAC pins out, names mapped; a section left with
 * nothing to match on gets the pinned NIC's new name (or every ethN). */
static bool rebind_networkd(struct lines *l, const struct net_map *m)
{
  bool changed = false, in = false, has_match = false;
  size_t pin_at = 0;
  char *pinned = NULL;
  for (size_t i = 0; i <= l->v.n; i++) {
    bool end = i == l->v.n || is_section(l->v.v[i]);
    if (end && in && pinned && !has_match) {
      const char *old = pinned_name(m, pinned);
      char *line = xasprintf("Name=%s", old ? net_map_name(m, old) : "eth*");
      insert_line(&l->v, pin_at + 1, line);
      free(line);
      i++;
    }
    if (end) {
      free(pinned);
      pinned = NULL;
      has_match = false;
      in = i < l->v.n && section_is(l->v.v[i], "Match");
      continue;
    }
    if (!in || blank_or_comment(l->v.v[i]))
      continue;
    char *v;
    if ((v = key_value(l->v.v[i], "MACAddress")) ||
        (v = key_value(l->v.v[i], "PermanentMACAddress"))) {
      replace_line(&l->v, i, xasprintf(PIN_NOTE "%s", l->v.v[i]));
      free(pinned);
      pinned = v;
      pin_at = i;
      changed = true;
      continue;
    }
    has_match = true;
    if ((v = key_value(l->v.v[i], "Name"))) {
      char *mapped = map_words(v, m);
      if (mapped) {
        replace_line(&l->v, i, xasprintf("Name=%s", mapped));
        changed = true;
      }
      free(mapped);
      free(v);
    }
  }
  free(pinned);
  return changed;
}

/* NetworkManager keyfile: interface-name mapped, mac-address out; a
 * profile bound only by its MAC is bound to the NIC's new name. */
static void collect_nm(const struct lines *l, struct net_map *m)
{
  char *name = ini_value(l, "connection", "interface-name");
  char *mac = ini_value(l, "ethernet", "mac-address");
  if (!mac)
    mac = ini_value(l, "802-3-ethernet", "mac-address");
  if (name)
    add_name(m, name);
  add_pin(m, mac, name);
  free(name);
  free(mac);
}

static bool rebind_nm(struct lines *l, const struct net_map *m)
{
  char *name = ini_value(l, "connection", "interface-name");
  bool changed = false, in_conn = false, in_eth = false;
  size_t conn_at = SIZE_MAX;
  char *pinned = NULL;
  for (size_t i = 0; i < l->v.n; i++) {
    if (is_section(l->v.v[i])) {
      in_conn = section_is(l->v.v[i], "connection");
      in_eth = section_is(l->v.v[i], "ethernet") ||
               section_is(l->v.v[i], "802-3-ethernet");
      if (in_conn)
        conn_at = i;
      continue;
    }
    if (blank_or_comment(l->v.v[i]))
      continue;
    char *v;
    if (in_eth && (v = key_value(l->v.v[i], "mac-address"))) {
      replace_line(&l->v, i, xasprintf(PIN_NOTE "%s", l->v.v[i]));
      free(pinned);
      pinned = v;
      changed = true;
    } else if (in_conn && (v = key_value(l->v.v[i], "interface-name"))) {
      if (strcmp(net_map_name(m, v), v)) {
        replace_line(&l->v, i, xasprintf("interface-name=%s", net_map_name(m, v)));
        changed = true;
      }
      free(v);
    }
  }
  const char *old = pinned ? pinned_name(m, pinned) : NULL;
  if (!name && old && conn_at != SIZE_MAX) {
    char *line = xasprintf("interface-name=%s", net_map_name(m, old));
    insert_line(&l->v, conn_at + 1, line);
    free(line);
  }
  free(pinned);
  free(name);
  return changed;
}

/* ---- netplan -------------------------------------------------------- */

/* "key: value" at the line's indent: KEY's length and the value (quotes
 * off), or 0. */
static size_t yaml_key(const char *line, char **value)
{
  const char *s = skip_space(line);
  if (*s == '#' || *s == '-')
    return 0;
  const char *k = s, *colon;
  if (*s == '"' || *s == '\'') {
    const char *q = strchr(s + 1, *s);
    if (!q || q[1] != ':')
      return 0;
    colon = q + 1;
  } else {
    colon = strchr(s, ':');
    if (!colon || colon == s)
      return 0;
  }
  if (colon[1] && colon[1] != ' ' && colon[1] != '\t')
    return 0;
  if (value) {
    const char *v = skip_space(colon + 1);
    size_t n = strcspn(v, "#");
    while (n && isspace((unsigned char)v[n - 1]))
      n--;
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
      v++;
      n -= 2;
    }
    *value = strndup(v, n);
  }
  return (size_t)(colon - k);
}

static char *yaml_key_name(const char *line)
{
  const char *s = skip_space(line);
  size_t n = yaml_key(line, NULL);
  if (n >= 2 && (s[0] == '"' || s[0] == '\''))
    return strndup(s + 1, n - 2);
  return strndup(s, n);
}

static bool key_is(const char *line, const char *key)
{
  if (!yaml_key(line, NULL))
    return false;
  char *k = yaml_key_name(line);
  bool r = strcmp(k, key) == 0;
  free(k);
  return r;
}

/* End (exclusive) of the block of lines deeper than line AT. */
static size_t block_end(const struct lines *l, size_t at)
{
  size_t base = indent_of(l->v.v[at]), i = at + 1;
  for (; i < l->v.n; i++)
    if (!blank_or_comment(l->v.v[i]) && indent_of(l->v.v[i]) <= base)
      break;
  return i;
}

/* Calls FN for every entry under each "ethernets:" (its key line). */
typedef bool netplan_fn(struct lines *l, size_t entry, const struct net_map *m,
                        struct net_map *collect);

static bool netplan_each(struct lines *l, netplan_fn *fn,
                         const struct net_map *m, struct net_map *collect)
{
  bool changed = false;
  for (size_t i = 0; i < l->v.n; i++) {
    if (!key_is(l->v.v[i], "ethernets"))
      continue;
    size_t end = block_end(l, i), child = SIZE_MAX;
    for (size_t j = i + 1; j < end; j++) {
      if (blank_or_comment(l->v.v[j]))
        continue;
      if (child == SIZE_MAX)
        child = indent_of(l->v.v[j]);
      if (indent_of(l->v.v[j]) == child && yaml_key(l->v.v[j], NULL)) {
        size_t before = l->v.n;
        changed |= fn(l, j, m, collect);
        end = end + l->v.n - before; /* lines may have been removed */
      }
    }
  }
  return changed;
}

/* Within entry E's block: the line of KEY at the first child level, and
 * for "match", the line of SUB under it; SIZE_MAX when absent. */
static size_t child_line(const struct lines *l, size_t from, const char *key)
{
  size_t end = block_end(l, from), level = SIZE_MAX;
  for (size_t i = from + 1; i < end; i++) {
    if (blank_or_comment(l->v.v[i]))
      continue;
    if (level == SIZE_MAX)
      level = indent_of(l->v.v[i]);
    if (indent_of(l->v.v[i]) == level && key_is(l->v.v[i], key))
      return i;
  }
  return SIZE_MAX;
}

static char *child_value(const struct lines *l, size_t line)
{
  char *v = NULL;
  if (line != SIZE_MAX)
    yaml_key(l->v.v[line], &v);
  return v;
}

static bool netplan_collect_one(struct lines *l, size_t e,
                                const struct net_map *m, struct net_map *c)
{
  (void)m;
  char *key = yaml_key_name(l->v.v[e]);
  size_t match = child_line(l, e, "match");
  char *set_name = child_value(l, child_line(l, e, "set-name"));
  char *mname = match != SIZE_MAX ? child_value(l, child_line(l, match, "name")) : NULL;
  char *mac = match != SIZE_MAX ? child_value(l, child_line(l, match, "macaddress")) : NULL;
  const char *name = set_name ? set_name : match == SIZE_MAX ? key : mname;
  add_name(c, key);
  if (set_name)
    add_name(c, set_name);
  if (mname)
    add_name(c, mname);
  add_pin(c, mac, name && net_name_is_physical(name) ? name : NULL);
  free(key);
  free(set_name);
  free(mname);
  free(mac);
  return false;
}

static char *with_value(const char *line, const char *key, const char *value)
{
  return xasprintf("%*s%s: %s", (int)indent_of(line), "", key, value);
}

static bool netplan_rebind_one(struct lines *l, size_t e,
                               const struct net_map *m, struct net_map *unused)
{
  (void)unused;
  bool changed = false;
  char *key = yaml_key_name(l->v.v[e]);
  size_t match = child_line(l, e, "match");
  size_t set_line = child_line(l, e, "set-name");
  char *set_name = child_value(l, set_line);
  if (match != SIZE_MAX) {
    size_t mac_line = child_line(l, match, "macaddress");
    size_t name_line = child_line(l, match, "name");
    if (mac_line != SIZE_MAX) {
      /* the MAC pin becomes the NIC's new name, or any virtio NIC */
      char *mac = child_value(l, mac_line);
      const char *old = set_name ? set_name : pinned_name(m, mac);
      char *note = xasprintf("%*s" PIN_NOTE "%s", (int)indent_of(l->v.v[mac_line]),
                             "", skip_space(l->v.v[mac_line]));
      char *repl = name_line != SIZE_MAX ? NULL
                   : old ? with_value(l->v.v[mac_line], "name", net_map_name(m, old))
                         : with_value(l->v.v[mac_line], "driver", "virtio_net");
      replace_line(&l->v, mac_line, note);
      if (repl)
        insert_line(&l->v, mac_line + 1, repl);
      free(repl);
      free(mac);
      changed = true;
      if (set_line != SIZE_MAX && set_line > mac_line)
        set_line = child_line(l, e, "set-name");
      name_line = child_line(l, match, "name");
    }
    char *mname = child_value(l, name_line);
    if (mname && strcmp(net_map_name(m, mname), mname)) {
      replace_line(&l->v, name_line,
                   with_value(l->v.v[name_line], "name", net_map_name(m, mname)));
      changed = true;
    }
    free(mname);
  }
  if (set_name && strcmp(net_map_name(m, set_name), set_name)) {
    replace_line(&l->v, set_line,
                 with_value(l->v.v[set_line], "set-name", net_map_name(m, set_name)));
    changed = true;
  }
  if (strcmp(net_map_name(m, key), key)) {
    replace_line(&l->v, e, xasprintf("%*s%s:", (int)indent_of(l->v.v[e]), "",
                                     net_map_name(m, key)));
    changed = true;
  }
  free(set_name);
  free(key);
  return changed;
}

/* ---- ifupdown ------------------------------------------------------- */

/* The interface of "iface NAME", "auto A B", "allow-hotplug A" lines,
 * without :alias or .vlan. */
static void collect_ifupdown(const struct lines *l, struct net_map *m)
{
  for (size_t i = 0; i < l->v.n; i++) {
    if (blank_or_comment(l->v.v[i]))
      continue;
    char *copy = xstrdup(l->v.v[i]), *save = NULL;
    char *word = strtok_r(copy, " \t", &save);
    bool names = word && (!strcmp(word, "auto") || !strncmp(word, "allow-", 6));
    bool iface = word && !strcmp(word, "iface");
    for (char *w = strtok_r(NULL, " \t", &save); w && (names || iface);
         w = strtok_r(NULL, " \t", &save)) {
      w[strcspn(w, ":.")] = '\0';
      add_name(m, w);
      if (iface)
        break;
    }
    free(copy);
  }
}

static char *rebind_ifupdown(const char *text, const struct net_map *m)
{
  char *cur = xstrdup(text);
  bool changed = false;
  for (size_t i = 0; i < m->old.n; i++) {
    if (!strcmp(m->old.v[i], m->new.v[i]))
      continue;
    const char *from[] = {m->old.v[i], NULL};
    char *next = linux_replace_words(cur, from, m->new.v[i]);
    if (next) {
      free(cur);
      cur = next;
      changed = true;
    }
  }
  if (!changed) {
    free(cur);
    return NULL;
  }
  return cur;
}

/* ---- entry points --------------------------------------------------- */

void net_config_collect(enum net_config_kind kind, const char *text,
                        struct net_map *m)
{
  struct lines l = split_lines(text);
  switch (kind) {
  case NETCFG_IFCFG: collect_ifcfg(&l, m); break;
  case NETCFG_UDEV: collect_udev(&l, m); break;
  case NETCFG_NETPLAN: netplan_each(&l, netplan_collect_one, NULL, m); break;
  case NETCFG_NM: collect_nm(&l, m); break;
  case NETCFG_NETWORKD: collect_networkd(&l, m, "Match"); break;
  case NETCFG_LINK: collect_networkd(&l, m, "Link"); break;
  case NETCFG_IFUPDOWN: collect_ifupdown(&l, m); break;
  }
  strlist_free(&l.v);
}

char *net_config_rebind(enum net_config_kind kind, const char *text,
                        const struct net_map *m)
{
  if (kind == NETCFG_IFUPDOWN)
    return rebind_ifupdown(text, m);
  struct lines l = split_lines(text);
  bool changed = false;
  switch (kind) {
  case NETCFG_IFCFG: changed = rebind_ifcfg(&l, m); break;
  case NETCFG_UDEV: changed = rebind_udev(&l); break;
  case NETCFG_NETPLAN:
    changed = netplan_each(&l, netplan_rebind_one, m, NULL);
    break;
  case NETCFG_NM: changed = rebind_nm(&l, m); break;
  case NETCFG_NETWORKD: changed = rebind_networkd(&l, m); break;
  case NETCFG_LINK: /* dropped whole when it pins a MAC; names stay */
  case NETCFG_IFUPDOWN: break;
  }
  if (!changed) {
    strlist_free(&l.v);
    return NULL;
  }
  return join_lines(&l);
}
