/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A machine description and its disks as input: an OVF package (an .ova
 * tar, or an .ovf beside its .mf and disks), an XVA, or a VMware .vmx in
 * its folder. Opened on the host before anything starts: a manifest is
 * verified first, then the description parsed and every disk located and
 * probed; a bad package is refused with nothing written. */
#ifndef V2V_PACKAGE_H
#define V2V_PACKAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "v2v/cli.h"
#include "v2v/ovf.h"
#include "v2v/xva.h"
#include "v2v/strlist.h"
#include "v2v/result.h"

/* One part of a split disk file: SIZE bytes at OFFSET in FILE. */
struct package_part {
  char *name;
  char *file;
  uint64_t offset, size;
};

struct package_disk {
  char *href;      /* as the OVF names it */
  char *file;      /* absolute path of the file holding it (the .ova) */
  uint64_t offset; /* of its bytes in FILE (non-zero only in an .ova) */
  uint64_t size;
  bool gzip;       /* stored gzip-compressed: unpacked to the scratch dir */
  uint64_t unpack_limit; /* most bytes unpacking, joining or assembling
                            may write into the scratch dir; 0 for a disk
                            read in place */
  char *unpacked;  /* the unpacked copy, once package_unpack() ran */
  const char *format; /* qemu driver */
  struct xva_chunk *chunks; /* an XVA disk: its chunks, assembled by
                               package_unpack() (unpack_limit bytes) */
  size_t nchunks;
  struct package_part *parts; /* a disk split by ovftool (chunkSize): its
                                 parts, joined by package_unpack() */
  size_t nparts;
  strlist chain;   /* a .vmx disk: absolute paths of its descriptor and of
                      each snapshot's parent, FILE first, the base last;
                      qemu reads each through the next and nothing else */
};

struct package {
  char *path;        /* absolute path of the .ova or .ovf */
  const char *shown; /* as the user named it, for messages */
  bool ova;
  bool xva;          /* an XVA (ova.xml and chunks), a kind of .ova */
  bool vmx;          /* a VMware .vmx in its VM's folder */
  char *descriptor;  /* the .ovf's name (ova.xml in an XVA) */
  strlist manifests; /* every .mf beside the descriptor, all checked; the
                        one named after the descriptor first */
  int manifest_entries; /* digests checked */
  strlist verified;  /* files whose digest matched */
  struct ovf ovf;
  struct package_disk *disks; /* disks[0] holds the boot disk */
  size_t ndisks;
};

/* True if PATH is meant as a package: an .ova/.ovf/.xva/.vmx name or a
 * tar file. */
bool package_is_package(const char *path);

/* Verifies the manifest, parses the descriptor and locates the disks.
 * Returns 0, or -1 after one error line naming the package or file;
 * RESULT_REFUSED (error said) for a .vmx of a suspended VM. */
MUST_CHECK enum result package_open(const struct options *o, struct package *p);

/* Unpacks gzip-compressed disks into DIR. Returns 0 or -1 (error said). */
MUST_CHECK enum result package_unpack(struct package *p, const char *dir);

/* What a qcow2 overlay over disk I uses as its backing file: the plain
 * path, or for a disk inside an .ova a qemu json: spec reading the byte
 * range in place. Malloc'ed. */
char *package_backing(const struct package *p, size_t i);

void package_free(struct package *p);

#endif
