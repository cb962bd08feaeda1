/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which Linux a guest is, from the text of its release files: pure, unit
 * tested without the appliance (inspect/linux_identify.c reads the files).
 * Distribution names are libguestfs's ("rhel", "centos", "oraclelinux",
 * "sles", ...), which the rest of the program and the reports use. */
#ifndef V2V_LINUX_RELEASE_H
#define V2V_LINUX_RELEASE_H

#include <stdbool.h>
#include <stddef.h>

struct linux_release {
  char *distro;       /* NULL when not recognised */
  char *product_name; /* PRETTY_NAME, or the release file's first line */
  int major, minor;
};

/* From /etc/os-release (or /usr/lib/os-release): ID (ID_LIKE when ID is
 * unknown), VERSION_ID, PRETTY_NAME. False if it names no distribution
 * we know. */
bool linux_release_from_os_release(const char *text, struct linux_release *r);
/* From a Red Hat style release file ("CentOS release 6.10 (Final)",
 * "Rocky Linux release 9.3 (Blue Onyx)", SUSE's SuSE-release). */
bool linux_release_from_release_file(const char *text,
                                     struct linux_release *r);
/* Where os-release gives the major version alone (CentOS 7's
 * VERSION_ID="7"): a release file of the same major ("CentOS Linux
 * release 7.9.2009 (Core)") gives the product name and version instead,
 * as libguestfs reports them; Debian's /etc/debian_version ("12.5") the
 * minor. The distribution stays os-release's. */
void linux_release_refine(struct linux_release *r, const char *text);
void linux_release_free(struct linux_release *r);

/* The architecture of an ELF header (HDR of LEN bytes) as libguestfs
 * names it ("x86_64", "i386", "aarch64", ...), or NULL. */
const char *linux_elf_arch(const unsigned char *hdr, size_t len);

/* The host name from /etc/hostname (first word) or, with SYSCONFIG, from
 * /etc/sysconfig/network's HOSTNAME=; NULL if none. */
char *linux_hostname_parse(const char *text, bool sysconfig);

#endif
