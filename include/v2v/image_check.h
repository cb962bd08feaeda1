/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The user's image on the host, checked before any launch. */
#ifndef V2V_IMAGE_CHECK_H
#define V2V_IMAGE_CHECK_H

#include "v2v/cli.h"
#include "v2v/result.h"

/* Refuses IMAGE (the guest's boot disk or another of its disks) when it is
 * not a usable disk image, with one line naming it
 * (RESULT_ERROR), or, for a raw image, a guest that cannot be fixed
 * offline (RESULT_REFUSED: BitLocker, dynamic disk, seen without starting
 * the appliance). Sets *format to the qemu driver: --format, else the one
 * the magic bytes name, else "raw" (qemu is never left to guess). A
 * differencing VHD/VHDX is refused; so is fixing a non-raw/qcow2 image in
 * place. */
MUST_CHECK enum result image_check(const struct options *o,
                                   const char *image, const char **format);

#endif
