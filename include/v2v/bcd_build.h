/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A new, complete BCD store built from data/bcd-template.conf. Pure: it
 * fills a hive file on the host. */
#ifndef V2V_BCD_BUILD_H
#define V2V_BCD_BUILD_H

#include "v2v/guest.h"
#include "v2v/result.h"

/* What to build: a store for DISK, booting
 * from SYSTEM (boot manager, memory test) and OS (loader, resume). */
struct bcd_build {
  enum firmware firmware;
  const struct disk *disk;
  const struct partition *system, *os;
  const char *description;  /* loader's menu text */
};

/* Fills HIVE_FILE, a writable copy of an empty hive. 0, or -1 on error. */
MUST_CHECK enum result bcd_build(const char *hive_file,
                                 const struct bcd_build *b);
/* A GUID derived from the disk's identity and SALT, in braces: the same
 * disk always gets the same loader and resume objects. */
void bcd_object_guid(const struct disk *d, const char *salt, char out[40]);

#endif
