/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The .mf manifest of an OVF package: one digest per file, checked before
 * anything else is read. The parser is pure and unit-tested; the digests
 * come from libcrypto (EVP). */
#ifndef V2V_MANIFEST_H
#define V2V_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "v2v/result.h"

struct manifest_entry {
  char *algo; /* "SHA1", "SHA256", "SHA512" */
  char *file;
  char *hex;  /* lower case */
};

struct manifest {
  struct manifest_entry *v;
  size_t n;
};

/* Lines "ALGO(file)= hex"; CRLF and blank lines tolerated. Returns 0, or -1
 * with *WHY (malloc'ed) naming the bad line or the unknown algorithm. */
MUST_CHECK enum result manifest_parse(const char *buf, size_t len,
                                      struct manifest *out, char **why);
void manifest_free(struct manifest *m);

/* The lower-case hex digest (ALGO) of SIZE bytes at OFF in FD into HEX
 * (129 bytes); 0 or -1 on a read error. */
MUST_CHECK int manifest_digest(const char *algo, int fd, uint64_t off,
                               uint64_t size, char hex[129]);

#endif
