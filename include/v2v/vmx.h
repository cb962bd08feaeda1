/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A VMware .vmx file: `key = "value"` lines, keys case-insensitive,
 * values with `|XX` hex escapes in the file's `.encoding`, and
 * `X.present = "FALSE"` hiding device X and what hangs on it
 * (doc/vmx.md). Parsed from a buffer into the `struct ovf` the package
 * model carries, so the rest of the run treats a .vmx as one more
 * machine description. Pure; unit-tested (tests/unit/test_vmx.c) and
 * fuzzed (tests/fuzz/fuzz_vmx.c). */
#ifndef V2V_VMX_H
#define V2V_VMX_H

#include <stdbool.h>
#include <stddef.h>

#include "v2v/ovf.h"
#include "v2v/result.h"

/* A .vmx larger than this is not one VMware wrote (they are a few kB). */
#define VMX_MAX_BYTES (1 << 20)

/* Parses LEN bytes of a .vmx into OUT: name (displayName), vCPUs
 * (numvcpus, 1 if absent) and cpuid.coresPerSocket, memory (memsize,
 * MiB), firmware (efi, else BIOS), guest OS id (guestOS), nvram, the
 * disks in boot order (href the fileName as written; controller, bus and
 * unit; CD-ROMs and hidden devices left out and listed in OUT->ignored)
 * and the NICs present (virtualDev, the MAC addressType picks,
 * networkName). RESULT_ERROR with *WHY (one line, malloc'ed: "line N:
 * ..." for a line that cannot be read), RESULT_REFUSED with *WHY for a
 * suspended VM (checkpoint.vmState names its saved state). */
MUST_CHECK enum result vmx_parse(const char *buf, size_t len, struct ovf *out,
                                 char **why);

/* What kind of system VMware's guest OS id names ("windows9srv-64",
 * "windows9Server64Guest": "windows"; "rhel8-64", "ubuntu64Guest",
 * "other5xlinux-64": "linux"; anything else "other"), or NULL for none. */
const char *vmware_guest_family(const char *os_id);

/* Whether OS_ID names a Windows or Linux guest and the disks hold the
 * other kind (OS_TYPE as inspection says it: "windows", "linux"): the
 * description and the disks may not belong together. */
bool vmware_guest_disagrees(const char *os_id, const char *os_type);

#endif
