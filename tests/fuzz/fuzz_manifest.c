/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The .mf manifest parser. */
#include <stdint.h>
#include <stdlib.h>

#include "v2v/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct manifest m = {0};
  char *why = NULL;
  if (manifest_parse((const char *)data, size, &m, &why) == RESULT_OK)
    manifest_free(&m);
  free(why);
  return 0;
}
