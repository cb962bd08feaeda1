/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The OVF descriptor parser (libxml2 with no DTDs or entities), and the
 * XVA ova.xml reader on the same bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "v2v/ovf.h"
#include "v2v/xva.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct ovf o = {0};
  char *why = NULL;
  if (ovf_parse((const char *)data, size, NULL, &o, &why) == RESULT_OK)
    ovf_free(&o);
  free(why);
  why = NULL;
  if (xva_parse((const char *)data, size, &o, &why) == RESULT_OK)
    ovf_free(&o);
  free(why);
  return 0;
}
