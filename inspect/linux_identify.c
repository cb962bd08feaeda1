/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which Linux a guest is, read from its own files: each of its
 * filesystems is mounted read-only in turn until one holds a release file
 * we know. libguestfs's inspection would do it too but probes every
 * partition and loads Augeas first: under TCG about 13 s a guest against
 * about one here. What this does not recognise goes to libguestfs. */
#include "v2v/linux_identify.h"

#include <stdlib.h>
#include <string.h>

#include "v2v/guest_files.h"
#include "v2v/linux_release.h"
#include "v2v/session.h"

/* The release, from os-release refined by the release file or
 * debian_version, else from a release file alone. */
static bool read_release(struct session *s, struct linux_release *r)
{
  static const char *const os_release[] = {"/etc/os-release",
                                           "/usr/lib/os-release"};
  static const char *const release_files[] = {
      "/etc/redhat-release", "/etc/SuSE-release", "/etc/debian_version"};
  bool found = false;
  for (size_t i = 0; !found && i < 2; i++) {
    char *text = guest_read_text(s, os_release[i]);
    found = text && linux_release_from_os_release(text, r);
    free(text);
  }
  for (size_t i = 0; i < 3; i++) {
    if (found && r->minor != 0)
      break;
    char *text = guest_read_text(s, release_files[i]);
    if (text && found)
      linux_release_refine(r, text);
    else if (text)
      found = linux_release_from_release_file(text, r);
    free(text);
  }
  return found;
}

static const char *read_arch(struct session *s)
{
  static const char *const binaries[] = {"/bin/bash", "/usr/bin/bash",
                                         "/bin/sh", "/bin/ls"};
  for (size_t i = 0; i < sizeof binaries / sizeof *binaries; i++) {
    guestfs_push_error_handler(s->g, NULL, NULL);
    size_t n = 0;
    char *hdr = guestfs_pread(s->g, binaries[i], 64, 0, &n);
    guestfs_pop_error_handler(s->g);
    const char *arch = hdr ? linux_elf_arch((unsigned char *)hdr, n) : NULL;
    free(hdr);
    if (arch)
      return arch;
  }
  return NULL;
}

static char *read_hostname(struct session *s)
{
  static const struct {
    const char *path;
    bool sysconfig;
  } files[] = {{"/etc/hostname", false},
               {"/etc/sysconfig/network", true},
               {"/etc/HOSTNAME", false}};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char *text = guest_read_text(s, files[i].path);
    char *h = text ? linux_hostname_parse(text, files[i].sysconfig) : NULL;
    free(text);
    if (h)
      return h;
  }
  return NULL;
}

/* DEVICE mounted read-only at "/": whether it is a Linux root we know;
 * if so, the guest description gets what it is. */
static bool identify_on(struct session *s, const char *device)
{
  guest_files_changed(s);
  guestfs_push_error_handler(s->g, NULL, NULL);
  int mounted = guestfs_mount_ro(s->g, device, "/");
  guestfs_pop_error_handler(s->g);
  if (mounted == -1)
    return false;
  struct linux_release r = {0};
  const char *arch = NULL;
  bool known = guestfs_is_dir(s->g, "/etc") > 0 && read_release(s, &r) &&
               (arch = read_arch(s)) != NULL;
  struct guest *g = &s->guest;
  if (known) {
    g->root = xstrdup(device);
    g->os_type = xstrdup("linux");
    g->distro = r.distro;
    g->product_name = r.product_name;
    g->major = r.major;
    g->minor = r.minor;
    g->arch = xstrdup(arch);
    g->hostname = read_hostname(s);
    memset(&r, 0, sizeof r);
  }
  linux_release_free(&r);
  guest_files_changed(s);
  guestfs_push_error_handler(s->g, NULL, NULL);
  guestfs_umount_opts(s->g, "/", -1);
  guestfs_pop_error_handler(s->g);
  return known;
}

bool linux_identify(struct session *s, const struct own_fs *fs)
{
  for (size_t i = 0; i < fs->n; i++)
    if (identify_on(s, fs->v[i].device))
      return true;
  return false;
}
