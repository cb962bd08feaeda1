/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading fixed-width integers out of on-disk structures: big-endian
 * (qcow2, VHD) and little-endian (MBR, GPT, VMDK, VHDX). */
#ifndef V2V_BYTEORDER_H
#define V2V_BYTEORDER_H

#include <stdint.h>

static inline uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

static inline uint64_t be64(const unsigned char *p)
{
  return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static inline uint32_t le32(const unsigned char *p)
{
  return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static inline uint64_t le64(const unsigned char *p)
{
  return le32(p) | (uint64_t)le32(p + 4) << 32;
}

#endif
