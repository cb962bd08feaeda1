/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Windows INF files: the [Version] section, device lines, section keys.
 * Pure functions over the file's bytes (UTF-8, ANSI or UTF-16LE). */
#ifndef V2V_INF_H
#define V2V_INF_H

#include <stddef.h>
#include <stdint.h>

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

/* One HKR entry of an AddReg section: a value under SUBKEY ("" for the
 * root the section applies to), or with TYPE 0 the key alone. DATA is
 * encoded as the hive stores it (UTF-16LE strings, LE DWORDs). */
struct inf_reg {
  char *subkey;
  char *name;
  uint32_t type;
  unsigned char *data;
  size_t len;
};

/* The HKR entries of every AddReg section SECTION (or its first existing
 * decoration, SECTION.NT, SECTION.NTamd64...) names, in order; the count,
 * *OUT to free with inf_reg_free. */
size_t inf_addreg(const void *data, size_t len, const char *section,
                  struct inf_reg **out);
void inf_reg_free(struct inf_reg *v, size_t n);
/* The name of SECTION's first existing decoration followed by SUFFIX
 * (".HW", ".Services"), or NULL. */
char *inf_decorated(const void *data, size_t len, const char *section,
                    const char *suffix);
/* From INSTALL's .Services section, SERVICE's AddService line: its
 * service-install section and event-log-install section (NULL if none).
 * -1 if no line adds SERVICE. */
int inf_service_sections(const void *data, size_t len, const char *install,
                         const char *service, char **service_inst,
                         char **eventlog_inst);

#endif
