/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The machine type of a PE executable: how inspection tells a 32-bit from
 * a 64-bit Windows (from System32\cmd.exe). Pure. */
#include "v2v/pe.h"

#include <stdint.h>
#include <string.h>

const char *pe_arch(const void *data, size_t len)
{
  const uint8_t *b = data;
  if (len < 0x40 || b[0] != 'M' || b[1] != 'Z')
    return NULL;
  uint32_t pe = b[0x3C] | b[0x3D] << 8 | b[0x3E] << 16 | (uint32_t)b[0x3F] << 24;
  if (pe > len - 6 || memcmp(b + pe, "PE\0\0", 4) != 0)
    return NULL;
  switch (b[pe + 4] | b[pe + 5] << 8) {
  case 0x014C: return "i386";
  case 0x8664: return "x86_64";
  case 0xAA64: return "aarch64";
  default: return NULL;
  }
}
