/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which virtio-win folders fit a guest, from data/virtio-win-folders.conf. */
#include "v2v/virtio_folders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/datafile.h"

/* Splits LINE on blanks into at most MAX fields (pointers into LINE). */
static int fields(char *line, char **f, int max)
{
  int n = 0;
  char *save = NULL;
  for (char *t = strtok_r(line, " \t", &save); t && n < max;
       t = strtok_r(NULL, " \t", &save))
    f[n++] = t;
  return n;
}

strlist virtio_os_folders(const char *table, int major, int minor,
                          const char *variant, int build)
{
  strlist rows = datafile_section(table, "folders"), out = {0};
  const char *kind = variant && strcasecmp(variant, "Server") == 0
                         ? "server" : "client";
  char want[32];
  snprintf(want, sizeof want, "%d.%d", major, minor);
  long best = -1;
  for (size_t i = 0; i < rows.n; i++) {
    char *f[12];
    int n = fields(rows.v[i], f, 12);
    long min = n >= 4 ? strtol(f[2], NULL, 10) : -1;
    if (n < 4 || strcmp(f[0], want) || strcasecmp(f[1], kind) ||
        min > build || min <= best)
      continue;
    best = min;
    strlist_free(&out);
    for (int j = 3; j < n; j++)
      strlist_add(&out, f[j]);
  }
  strlist_free(&rows);
  return out;
}

strlist virtio_arch_folders(const char *table, const char *arch)
{
  strlist rows = datafile_section(table, "arch"), out = {0};
  for (size_t i = 0; arch && i < rows.n && !out.n; i++) {
    char *f[8];
    int n = fields(rows.v[i], f, 8);
    if (n >= 2 && strcmp(f[0], arch) == 0)
      for (int j = 1; j < n; j++)
        strlist_add(&out, f[j]);
  }
  strlist_free(&rows);
  return out;
}

strlist virtio_storage_ids(const char *table, const char *driver)
{
  strlist rows = datafile_section(table, "storage-ids"), out = {0};
  for (size_t i = 0; i < rows.n; i++) {
    char *f[2];
    if (fields(rows.v[i], f, 2) == 2 && strcasecmp(f[0], driver) == 0)
      strlist_add(&out, f[1]);
  }
  strlist_free(&rows);
  return out;
}

/* The form <inf>_<arch>_<16 lower-case hex> is that of real store folders
 * (e.g. viostor.inf_amd64_520417bbc533faba in a registry captured from an
 * installed virtio-win, lxc/distrobuilder windows/driver_viostor.go). How
 * Windows derives the 16 hex digits was not found (not documented): this
 * is FNV-1a of the inf, stable for one inf as Windows' own suffix is, but
 * not the value Windows would compute. */
char *virtio_package_name(const char *inf_name, const char *arch_folder,
                          const void *inf, size_t len)
{
  unsigned long long h = 0xcbf29ce484222325ULL;
  const unsigned char *p = inf;
  for (size_t i = 0; i < len; i++)
    h = (h ^ p[i]) * 0x100000001b3ULL;
  char *arch = xstrdup(arch_folder);
  for (char *c = arch; *c; c++)
    *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
  if (strcmp(arch, "i386") == 0)
    strcpy(arch, "x86");
  char *r = xasprintf("%s_%s_%016llx", inf_name, arch, h);
  free(arch);
  return r;
}
