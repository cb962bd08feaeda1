/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VMDK descriptors (doc/disk-formats.md). */
#include "v2v/vmdk_descriptor.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "v2v/alloc.h"
#include "v2v/byteorder.h"

/* An embedded descriptor is a few sectors; a text descriptor file a few
 * kB. Anything larger is not read. */
#define VMDK_DESCRIPTOR_MAX (1 << 20)
#define NO_PARENT 0xffffffffu

static char *trimmed(const char *s, size_t n)
{
  while (n && isspace((unsigned char)*s))
    s++, n--;
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
    s++, n -= 2;
  return strndup(s, n);
}

static bool parse_hex32(const char *s, uint32_t *out)
{
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 16);
  if (errno || end == s || *end || v > 0xffffffffUL)
    return false;
  *out = (uint32_t)v;
  return true;
}

/* `RW 4192256 SPARSE "name-s001.vmdk"`, `RW 2048 FLAT "x-flat.vmdk" 0`,
 * `RW 8 ZERO`. NULL on success, else why (static). */
static const char *parse_extent(const char *line, struct vmdk_extent *e)
{
  memset(e, 0, sizeof *e);
  const char *p = line;
  size_t n = strcspn(p, " \t");
  e->access = strndup(p, n);
  p += n;
  p += strspn(p, " \t");
  char *end;
  errno = 0;
  unsigned long long sectors = strtoull(p, &end, 10);
  if (errno || end == p || (*end != ' ' && *end != '\t'))
    return "an extent line without a sector count";
  e->sectors = sectors;
  p = end + strspn(end, " \t");
  n = strcspn(p, " \t");
  if (!n)
    return "an extent line without a type";
  e->type = strndup(p, n);
  p += n;
  p += strspn(p, " \t");
  if (*p == '"') {
    const char *q = strchr(p + 1, '"');
    if (!q)
      return "an extent line whose file name has no closing quote";
    e->file = strndup(p + 1, (size_t)(q - p - 1));
  } else if (*p) {
    return "an extent line whose file name is not quoted";
  }
  return NULL;
}

static bool is_extent_line(const char *t)
{
  static const char *const access[] = {"RW ", "RDONLY ", "NOACCESS ", NULL};
  for (int i = 0; access[i]; i++)
    if (strncmp(t, access[i], strlen(access[i])) == 0)
      return true;
  return false;
}

enum result vmdk_descriptor_parse(const char *text, struct vmdk_descriptor *d,
                                  char **why)
{
  memset(d, 0, sizeof *d);
  *why = NULL;
  bool seen_parent_cid = false;
  for (const char *line = text; line && *line && !*why;) {
    const char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line) : strlen(line);
    char *l = strndup(line, len);
    l[strcspn(l, "\r")] = '\0';
    const char *t = l + strspn(l, " \t");
    const char *eq = strchr(t, '=');
    if (is_extent_line(t)) {
      struct vmdk_extent e;
      const char *bad = parse_extent(t, &e);
      d->extents = xrealloc(d->extents, (d->nextents + 1) * sizeof *d->extents);
      d->extents[d->nextents++] = e;
      if (bad)
        *why = xasprintf("a VMDK descriptor with %s (%s)", bad, t);
      else if (e.sectors > (UINT64_MAX >> 9) - (d->capacity >> 9))
        *why = xstrdup("a VMDK descriptor whose extents add up past 2^64 "
                       "bytes");
      else
        d->capacity += e.sectors << 9;
    } else if (*t != '#' && eq) {
      char *key = trimmed(t, (size_t)(eq - t));
      char *value = trimmed(eq + 1, strlen(eq + 1));
      /* The first of each wins, as in qemu. */
      if (strcmp(key, "createType") == 0 && !d->create_type) {
        d->create_type = value;
        value = NULL;
      } else if (strcmp(key, "parentFileNameHint") == 0 && !d->parent_hint) {
        d->parent_hint = value;
        value = NULL;
      } else if (strcmp(key, "CID") == 0 && !d->has_cid) {
        d->has_cid = parse_hex32(value, &d->cid);
      } else if (strcmp(key, "parentCID") == 0 && !seen_parent_cid) {
        /* Anything but ffffffff names a parent, even if unreadable. */
        seen_parent_cid = true;
        d->has_parent = !parse_hex32(value, &d->parent_cid) ||
                        d->parent_cid != NO_PARENT;
      }
      free(key);
      free(value);
    }
    free(l);
    line = nl ? nl + 1 : NULL;
  }
  if (*why) {
    vmdk_descriptor_free(d);
    return RESULT_ERROR;
  }
  return RESULT_OK;
}

void vmdk_descriptor_free(struct vmdk_descriptor *d)
{
  for (size_t i = 0; i < d->nextents; i++) {
    free(d->extents[i].access);
    free(d->extents[i].type);
    free(d->extents[i].file);
  }
  free(d->extents);
  free(d->create_type);
  free(d->parent_hint);
  memset(d, 0, sizeof *d);
}

bool vmdk_extent_is_file(const char *type)
{
  static const char *const files[] = {"FLAT", "SPARSE", "VMFS", "VMFSSPARSE",
                                      "SESPARSE", NULL};
  for (int i = 0; type && files[i]; i++)
    if (strcmp(type, files[i]) == 0)
      return true;
  return false;
}

static char *read_at(int fd, uint64_t off, uint64_t n)
{
  char *buf = xcalloc(1, n + 1);
  if (pread(fd, buf, n, (off_t)off) != (ssize_t)n) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* A sparse extent's header: "KDMV", capacity (sectors) at 12, the
 * embedded descriptor's offset and size (sectors) at 28 and 36, all
 * little-endian u64. */
char *vmdk_descriptor_read(int fd, uint64_t base, uint64_t size, bool *sparse,
                           uint64_t *capacity, const char **why)
{
  unsigned char h[44];
  uint64_t off = 0, len = size;
  *sparse = false;
  *capacity = 0;
  if (size >= sizeof h && pread(fd, h, sizeof h, (off_t)base) == (ssize_t)sizeof h &&
      memcmp(h, "KDMV", 4) == 0) {
    *sparse = true;
    *capacity = le64(h + 12) <= UINT64_MAX >> 9 ? le64(h + 12) << 9 : 0;
    off = le64(h + 28) <= UINT64_MAX >> 9 ? le64(h + 28) << 9 : UINT64_MAX;
    len = le64(h + 36) <= UINT64_MAX >> 9 ? le64(h + 36) << 9 : UINT64_MAX;
    if (len == 0)
      return xstrdup("");
  }
  if (len > VMDK_DESCRIPTOR_MAX || off > size || len > size - off) {
    *why = "a VMDK whose descriptor is too large or lies outside the file";
    return NULL;
  }
  char *text = read_at(fd, base + off, len);
  if (!text)
    *why = "a VMDK whose descriptor cannot be read";
  return text;
}
