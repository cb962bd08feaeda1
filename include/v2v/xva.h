/* SPDX-License-Identifier: GPL-2.0-or-later */
/* XVA, xapi's VM export (xe vm-export, XenCenter, Xen Orchestra): a tar
 * whose first member is ova.xml, the VM record as an XML-RPC value, then
 * each disk as Ref:<vdi>/<8-digit counter> chunks of 1 MiB, each with a
 * .xxhash (XXH64, 16 hex digits) or .checksum (SHA-1, 40 hex digits)
 * member; all-zero chunks are left out but for the first and the last
 * (doc/xva.md). Pure over the tar index and the bytes; the disks are
 * assembled sparsely into raw files. */
#ifndef V2V_XVA_H
#define V2V_XVA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/ovf.h"
#include "v2v/result.h"
#include "v2v/tar_index.h"

struct xva_chunk {
  uint64_t counter;      /* the member's 8-digit name */
  uint64_t offset, size; /* of its bytes in the tar */
  uint64_t digest_offset, digest_size; /* of its .xxhash/.checksum member */
  bool xxhash;           /* XXH64, else SHA-1 */
};

/* Whether the archive is an XVA (its first member is ova.xml). */
bool xva_is_xva(const struct tar_index *t);

/* The VM of ova.xml into OUT as an OVF would give it: name, vCPUs,
 * memory, firmware (HVM_boot_params), NICs (MACs, in device order) and
 * disks (href the VDI's Ref:N folder, capacity its virtual_size; the
 * bootable one first, then by userdevice). CD drives and empty VBDs are
 * left out. RESULT_ERROR with *WHY. */
MUST_CHECK enum result xva_parse(const char *xml, size_t len,
                                 struct ovf *out, char **why);

/* The chunks of the disk in folder REF, in counter order, each with its
 * digest member; RESULT_ERROR with *WHY if a chunk has no digest or the
 * disk has no chunk. */
MUST_CHECK enum result xva_chunks(const struct tar_index *t, const char *ref,
                                  struct xva_chunk **out, size_t *n,
                                  char **why);

/* Verifies each chunk's digest (read from TAR_FD) and writes the disk,
 * VIRTUAL_SIZE bytes, to the new sparse file DST: omitted chunks stay
 * holes. RESULT_ERROR with *WHY naming the chunk. */
MUST_CHECK enum result xva_assemble(int tar_fd, const struct xva_chunk *c,
                                    size_t n, uint64_t virtual_size,
                                    const char *dst, char **why);

#endif
