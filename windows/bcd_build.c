/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds a BCD store from data/bcd-template.conf. Pure: a hive file in,
 * the same file filled. */
#include "v2v/bcd_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/bcd.h"
#include "v2v/datafile.h"
#include "v2v/text.h"

void bcd_object_guid(const struct disk *d, const char *salt, char out[40])
{
  char *id = d->style == PART_GPT ? xasprintf("%s/%s", d->gpt_guid, salt)
                                  : xasprintf("%08X/%s", d->mbr_signature, salt);
  uint8_t b[16];
  uint64_t h = 1469598103934665603ULL; /* FNV-1a, twice for 16 bytes */
  for (int half = 0; half < 2; half++) {
    for (const char *p = id; *p; p++)
      h = (h ^ (uint8_t)*p) * 1099511628211ULL;
    for (int i = 0; i < 8; i++)
      b[half * 8 + i] = (uint8_t)(h >> (8 * i));
  }
  b[7] = (uint8_t)((b[7] & 0x0F) | 0x40); /* version 4 */
  b[8] = (uint8_t)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
  char text[40];
  guid_format(b, text);
  for (char *p = text; *p; p++)
    *p = (char)(*p >= 'A' && *p <= 'F' ? *p + 32 : *p);
  out[0] = '{';
  memcpy(out + 1, text, 36);
  out[37] = '}';
  out[38] = '\0';
  free(id);
}

static int put_element(hive *h, hive_node_h obj, const char *id,
                       const char *kind, const char *value,
                       const struct bcd_build *b)
{
  char *path = xasprintf("Elements\\%s", id);
  hive_node_h el = hive_ensure(h, obj, path);
  free(path);
  if (!el)
    return -1;
  if (strcmp(kind, "device") == 0) {
    const struct partition *p = strcmp(value, "system") == 0 ? b->system : b->os;
    struct bcd_device d = bcd_device_of(b->disk, p);
    uint8_t buf[BCD_DEVICE_LEN];
    bcd_device_encode(&d, buf);
    return hive_set_raw(h, el, "Element", REGT_BINARY, buf, sizeof buf);
  }
  if (strcmp(kind, "string") == 0 || strcmp(kind, "object") == 0)
    return hive_set_string(h, el, "Element", REGT_SZ, value);
  if (strcmp(kind, "objects") == 0) {
    strlist items = {0};
    char *copy = xstrdup(value), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
      strlist_add(&items, t);
    int r = hive_set_multi(h, el, "Element", items.v);
    strlist_free(&items);
    free(copy);
    return r;
  }
  if (strcmp(kind, "integer") == 0) {
    uint64_t v = strtoull(value, NULL, 0);
    uint8_t buf[8];
    for (int i = 0; i < 8; i++)
      buf[i] = (uint8_t)(v >> (8 * i));
    return hive_set_raw(h, el, "Element", REGT_BINARY, buf, 8);
  }
  if (strcmp(kind, "boolean") == 0) {
    uint8_t v = (uint8_t)atoi(value);
    return hive_set_raw(h, el, "Element", REGT_BINARY, &v, 1);
  }
  return -1;
}

/* One template line; "bios:"/"uefi:" lines for the other firmware are
 * skipped. OBJ is the object being filled. */
static int put_line(hive *h, char *line, hive_node_h *obj,
                    const struct bcd_build *b)
{
  const char *mine = b->firmware == FW_UEFI ? "uefi:" : "bios:";
  const char *other = b->firmware == FW_UEFI ? "bios:" : "uefi:";
  if (strncmp(line, other, 5) == 0)
    return 0;
  if (strncmp(line, mine, 5) == 0)
    line += 5;
  while (*line == ' ')
    line++;
  if (*line == '#' || *line == '\0')
    return 0;
  char guid[64], kind[32], type[32];
  if (*line == '[') {
    if (sscanf(line, "[object %63s %31[^]]]", guid, type) != 2)
      return -1;
    char *path = xasprintf("Objects\\%s\\Description", guid);
    hive_node_h desc = hive_ensure(h, hive_root(h), path);
    free(path);
    *obj = desc ? hive_lookup(h, hive_root(h), "Objects") : 0;
    *obj = *obj ? hive_lookup(h, *obj, guid) : 0;
    return desc && *obj ? hive_set_dword(h, desc, "Type",
                                         (uint32_t)strtoul(type, NULL, 0))
                        : -1;
  }
  int used = 0;
  if (!*obj || sscanf(line, "%31s %31s %n", guid, kind, &used) != 2)
    return -1;
  return put_element(h, *obj, guid, kind, line + used, b);
}

enum result bcd_build(const char *hive_file, const struct bcd_build *b)
{
  char loader[40], resume[40];
  bcd_object_guid(b->disk, "loader", loader);
  bcd_object_guid(b->disk, "resume", resume);
  const char *pairs[] = {"LOADER", loader, "RESUME", resume,
                         "DESCRIPTION", b->description,
                         "EXT", b->firmware == FW_UEFI ? "efi" : "exe", NULL};
  char *text = template_fill(data_bcd_template, pairs);
  hive *h = hive_open(hive_file, true);
  int r = h ? 0 : -1;
  hive_node_h desc = h ? hive_ensure(h, hive_root(h), "Description") : 0;
  if (!desc || hive_set_string(h, desc, "KeyName", REGT_SZ, "BCD00000000") ||
      hive_set_dword(h, desc, "System", 1) ||
      hive_set_dword(h, desc, "TreatAsSystem", 1))
    r = -1;
  hive_node_h obj = 0;
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line && r == 0;
       line = strtok_r(NULL, "\n", &save)) {
    line[strcspn(line, "\r")] = '\0';
    r = put_line(h, line, &obj, b);
  }
  if (r == 0 && hive_commit(h, hive_file) == -1)
    r = -1;
  hive_close(h);
  free(text);
  return r;
}
