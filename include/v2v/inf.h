/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Windows INF files: the [Version] section, device lines, section keys.
 * Pure functions over the file's bytes (UTF-8, ANSI or UTF-16LE). */
#ifndef V2V_INF_H
#define V2V_INF_H

#include <stddef.h>

#include "v2v/guest.h"
#include "v2v/strlist.h"

/* Parses an INF's [Version] section (UTF-8, ANSI or
 * UTF-16LE with BOM); %tokens% are resolved from [Strings]. */
void inf_parse_version(const void *data, size_t len, struct driver_package *p);

/* For a device line "%desc% = install, ..., HWID" of any
 * models section: the install section, the description token and the
 * first [Manufacturer] token. -1 if no line names HWID. */
int inf_find_device(const void *data, size_t len, const char *hwid,
                    char **install, char **desc, char **mfg);
/* All IDs of the first device line naming HWID, in order: its hardware
 * ID first, then its compatible IDs; empty if no line names it. */
strlist inf_device_ids(const void *data, size_t len, const char *hwid);
/* A [SECTION] KEY value, %tokens% resolved; NULL if absent. */
char *inf_get(const void *data, size_t len, const char *section,
              const char *key);

#endif
