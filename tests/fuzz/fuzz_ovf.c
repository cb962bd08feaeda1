/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The OVF descriptor parser (libxml2 with no DTDs or entities). */
#include <stdint.h>
#include <stdlib.h>

#include "v2v/ovf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct ovf o = {0};
  char *why = NULL;
  if (ovf_parse((const char *)data, size, NULL, &o, &why) == RESULT_OK)
    ovf_free(&o);
  free(why);
  return 0;
}
