/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A VMware VM's folder as input: the .vmx read (vmx.h), then every disk
 * it names resolved to files of that folder only: its VMDK descriptor,
 * the extents the descriptor names and, for a snapshot, each parent the
 * chain names down to the base, their CIDs checked. Nothing outside the
 * folder is opened, and qemu is later told the whole chain (backing
 * files given, never looked up), so it opens nothing else either
 * (doc/vmx.md). */
#ifndef V2V_VMX_FOLDER_H
#define V2V_VMX_FOLDER_H

#include "v2v/package.h"
#include "v2v/result.h"

/* The longest snapshot chain read (VMware allows 32 snapshots). */
#define VMX_MAX_CHAIN 64

/* Fills P (path, shown set; DIR its folder, a real path) from the .vmx:
 * P->ovf, P->disks with their chains. RESULT_ERROR after one error line
 * naming the .vmx and the device or file; RESULT_REFUSED (said) for a
 * suspended VM. */
MUST_CHECK enum result vmx_folder_open(struct package *p, const char *dir);

#endif
