/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tables shipped in data/ and compiled into the binary. */
#ifndef V2V_DATAFILE_H
#define V2V_DATAFILE_H

#include "v2v/strlist.h"

extern const char data_xen_inventory[];
extern const char data_vmware_inventory[];
extern const char data_firstboot_runner[];
extern const char data_firstboot_uninstall_msi[];
extern const char data_firstboot_static_ip_cmd[];
extern const char data_firstboot_static_ip_ps1[];
extern const char data_firstboot_disks_online[];
extern const char data_firstboot_pnputil[];
extern const char data_bcd_template[];
extern const char data_linux_xen[];
/* An empty registry hive (shared/testdata/minimal.hive): hivex cannot
 * create one, so new hives start from a copy of it. */
extern const char data_minimal_hive[];
extern const unsigned long data_minimal_hive_len;

/* The lines of [SECTION] in TEXT: trimmed, without blanks and '#'
 * comments. Empty list if the section is absent. */
strlist datafile_section(const char *text, const char *section);

#endif
