/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/disk_spec.h"

#include <json.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "v2v/alloc.h"

/* One image node: FMT over FILE (or SIZE bytes at OFFSET in it), reading
 * through BACKING, or through nothing when BACKING is NULL: whatever
 * backing file the image names is never opened. */
static json_object *node(const char *file, const char *fmt, uint64_t offset,
                         uint64_t size, json_object *backing)
{
  struct stat st;
  bool device = stat(file, &st) == 0 && S_ISBLK(st.st_mode);
  json_object *f = json_object_new_object();
  json_object_object_add(f, "driver",
                         json_object_new_string(device ? "host_device" : "file"));
  json_object_object_add(f, "filename", json_object_new_string(file));
  if (size) {
    json_object *slice = json_object_new_object();
    json_object_object_add(slice, "driver", json_object_new_string("raw"));
    json_object_object_add(slice, "offset",
                           json_object_new_int64((int64_t)offset));
    json_object_object_add(slice, "size", json_object_new_int64((int64_t)size));
    json_object_object_add(slice, "file", f);
    f = slice;
  }
  json_object *top = json_object_new_object();
  json_object_object_add(top, "driver", json_object_new_string(fmt));
  json_object_object_add(top, "backing", backing);
  /* A VHD is as large as its footer says, not as its CHS geometry, which
   * some producers (xapi's vhd-tool) round down: qemu would cut the tail
   * (and a GPT's backup header with it). */
  if (strcmp(fmt, "vpc") == 0)
    json_object_object_add(top, "force_size_calc",
                           json_object_new_string("current_size"));
  json_object_object_add(top, "file", f);
  return top;
}

static char *spec_string(json_object *top)
{
  char *r = xasprintf("json:%s",
                      json_object_to_json_string_ext(
                          top, JSON_C_TO_STRING_PLAIN |
                                   JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put(top);
  return r;
}

char *qemu_disk_spec(const char *file, const char *fmt, uint64_t offset,
                     uint64_t size)
{
  return spec_string(node(file, fmt, offset, size, NULL));
}

char *qemu_chain_spec(const strlist *chain, const char *fmt)
{
  json_object *below = NULL;
  for (size_t i = chain->n; i-- > 0;)
    below = node(chain->v[i], fmt, 0, 0, below);
  return spec_string(below);
}
