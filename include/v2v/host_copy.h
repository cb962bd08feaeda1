/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copies of host directory trees, for staging what goes into the
 * appliance in one transfer. */
#ifndef V2V_HOST_COPY_H
#define V2V_HOST_COPY_H

#include "v2v/result.h"

/* Copies the tree at SRC (followed if a link) to DST, creating DST and
 * its parents: files hard-linked where the filesystem allows, else
 * copied; symlinks inside copied as symlinks. 0, or -1 with errno set. */
MUST_CHECK enum result host_copy_tree(const char *src, const char *dst);

#endif
