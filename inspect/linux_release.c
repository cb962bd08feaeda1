/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Release files read as text (see include/v2v/linux_release.h). */
#include "v2v/linux_release.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/strlist.h"

/* os-release IDs and release file names, with libguestfs's distro names. */
static const char *const os_release_ids[][2] = {
    {"rhel", "rhel"},           {"centos", "centos"},
    {"rocky", "rocky"},         {"almalinux", "almalinux"},
    {"ol", "oraclelinux"},      {"scientific", "scientificlinux"},
    {"fedora", "fedora"},       {"debian", "debian"},
    {"ubuntu", "ubuntu"},       {"linuxmint", "linuxmint"},
    {"sles", "sles"},           {"sled", "sles"},
    {"opensuse", "opensuse"},   {"opensuse-leap", "opensuse"},
    {"opensuse-tumbleweed", "opensuse"}};

static const char *const release_names[][2] = {
    {"CentOS", "centos"},
    {"Red Hat Enterprise Linux", "rhel"},
    {"Rocky Linux", "rocky"},
    {"AlmaLinux", "almalinux"},
    {"Oracle Linux", "oraclelinux"},
    {"Enterprise Linux Enterprise Linux", "oraclelinux"},
    {"Scientific Linux", "scientificlinux"},
    {"Fedora", "fedora"},
    {"SUSE Linux Enterprise", "sles"},
    {"openSUSE", "opensuse"}};

/* VALUE of an os-release line (after '='), unquoted: "..." and '...'
 * with backslash escapes, or a bare word. */
static char *unquote(const char *v, size_t len)
{
  char *out = xcalloc(1, len + 1), *o = out;
  char q = len && (*v == '"' || *v == '\'') ? *v : 0;
  const char *end = v + len;
  if (q) {
    v++;
    if (end > v && end[-1] == q)
      end--;
  }
  for (; v < end; v++) {
    if (q && *v == '\\' && v + 1 < end)
      v++;
    *o++ = *v;
  }
  return out;
}

/* The value of KEY in os-release TEXT, or NULL. */
static char *os_release_value(const char *text, const char *key)
{
  size_t klen = strlen(key);
  for (const char *line = text; line && *line;) {
    const char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line) : strlen(line);
    while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
      len--;
    if (len > klen && strncmp(line, key, klen) == 0 && line[klen] == '=')
      return unquote(line + klen + 1, len - klen - 1);
    line = nl ? nl + 1 : NULL;
  }
  return NULL;
}

/* "12", "9.3", "22.04", "7.9.2009": major and minor; false without a
 * leading number. */
static bool parse_version(const char *s, int *major, int *minor)
{
  if (!s || !isdigit((unsigned char)*s))
    return false;
  char *end;
  long ma = strtol(s, &end, 10), mi = 0;
  if (*end == '.' && isdigit((unsigned char)end[1]))
    mi = strtol(end + 1, NULL, 10);
  if (ma > INT16_MAX || mi > INT16_MAX)
    return false;
  *major = (int)ma;
  *minor = (int)mi;
  return true;
}

bool linux_release_from_os_release(const char *text, struct linux_release *r)
{
  char *id = os_release_value(text, "ID");
  const char *distro = NULL;
  for (size_t i = 0; id && i < sizeof os_release_ids / sizeof *os_release_ids;
       i++)
    if (strcmp(id, os_release_ids[i][0]) == 0)
      distro = os_release_ids[i][1];
  free(id);
  if (!distro)
    return false;
  char *version = os_release_value(text, "VERSION_ID");
  char *pretty = os_release_value(text, "PRETTY_NAME");
  if (!pretty) {
    char *name = os_release_value(text, "NAME"),
         *v = os_release_value(text, "VERSION");
    pretty = name && v ? xasprintf("%s %s", name, v) : name ? xstrdup(name) : NULL;
    free(name);
    free(v);
  }
  r->distro = xstrdup(distro);
  r->product_name = pretty;
  r->major = r->minor = 0;
  parse_version(version, &r->major, &r->minor);
  free(version);
  return true;
}

static char *first_line(const char *text)
{
  while (*text == ' ' || *text == '\t')
    text++;
  size_t len = strcspn(text, "\r\n");
  while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  char *l = xcalloc(1, len + 1);
  memcpy(l, text, len);
  return l;
}

/* The number after "release " in a Red Hat style line, else SuSE-release's
 * "VERSION = 11" and "PATCHLEVEL = 4" lines. */
static bool release_version(const char *text, int *major, int *minor)
{
  const char *p = strstr(text, "release ");
  if (p && parse_version(p + strlen("release "), major, minor))
    return true;
  const char *v = strstr(text, "VERSION = ");
  if (!v || !parse_version(v + strlen("VERSION = "), major, minor))
    return false;
  const char *pl = strstr(text, "PATCHLEVEL = ");
  int ignored;
  if (pl)
    parse_version(pl + strlen("PATCHLEVEL = "), minor, &ignored);
  return true;
}

bool linux_release_from_release_file(const char *text,
                                     struct linux_release *r)
{
  const char *distro = NULL;
  for (size_t i = 0; i < sizeof release_names / sizeof *release_names; i++)
    if (strncmp(text, release_names[i][0], strlen(release_names[i][0])) == 0) {
      distro = release_names[i][1];
      break;
    }
  if (!distro)
    return false;
  r->distro = xstrdup(distro);
  r->product_name = first_line(text);
  r->major = r->minor = 0;
  release_version(text, &r->major, &r->minor);
  return true;
}

void linux_release_refine(struct linux_release *r, const char *text)
{
  if (r->minor != 0 || !text)
    return;
  struct linux_release file = {0};
  if (linux_release_from_release_file(text, &file)) {
    if (file.major == r->major && file.minor != 0) {
      free(file.distro);
      file.distro = r->distro;
      r->distro = NULL;
      linux_release_free(r);
      *r = file;
    } else
      linux_release_free(&file);
    return;
  }
  int major, minor;
  if (parse_version(text, &major, &minor) && major == r->major)
    r->minor = minor;
}

void linux_release_free(struct linux_release *r)
{
  free(r->distro);
  free(r->product_name);
  memset(r, 0, sizeof *r);
}

const char *linux_elf_arch(const unsigned char *h, size_t len)
{
  if (len < 20 || memcmp(h, "\x7f" "ELF", 4) != 0)
    return NULL;
  bool big_endian = h[5] == 2, wide = h[4] == 2;
  unsigned machine = big_endian ? (unsigned)(h[18] << 8 | h[19])
                                : (unsigned)(h[19] << 8 | h[18]);
  switch (machine) {
  case 0x03: return "i386";
  case 0x3e: return "x86_64";
  case 0xb7: return "aarch64";
  case 0x28: return "arm";
  case 0x15: return big_endian ? "ppc64" : "ppc64le";
  case 0x14: return "ppc";
  case 0x16: return wide ? "s390x" : "s390";
  case 0xf3: return wide ? "riscv64" : "riscv32";
  default: return NULL;
  }
}

char *linux_hostname_parse(const char *text, bool sysconfig)
{
  const char *v = text;
  if (sysconfig) {
    char *h = os_release_value(text, "HOSTNAME"); /* same KEY=value form */
    if (h && !*h) {
      free(h);
      h = NULL;
    }
    return h;
  }
  while (*v && isspace((unsigned char)*v))
    v++;
  size_t len = 0;
  while (v[len] && !isspace((unsigned char)v[len]) && v[len] != '#')
    len++;
  if (!len)
    return NULL;
  char *h = xcalloc(1, len + 1);
  memcpy(h, v, len);
  return h;
}
