/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The .vmx parser, and the VMDK descriptor parser on the same bytes (a
 * VM's folder hands both to the tool). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/vmdk_descriptor.h"
#include "v2v/vmx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct ovf o = {0};
  char *why = NULL;
  if (vmx_parse((const char *)data, size, &o, &why) == RESULT_OK)
    ovf_free(&o);
  free(why);
  why = NULL;
  char *text = calloc(1, size + 1);
  if (!text)
    return 0;
  memcpy(text, data, size);
  struct vmdk_descriptor d;
  if (vmdk_descriptor_parse(text, &d, &why) == RESULT_OK)
    vmdk_descriptor_free(&d);
  free(why);
  free(text);
  return 0;
}
