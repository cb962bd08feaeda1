/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The machine type of a PE (Windows executable) file. */
#ifndef V2V_PE_H
#define V2V_PE_H

#include <stddef.h>

/* "i386", "x86_64", "aarch64", or NULL if not a PE file. */
const char *pe_arch(const void *data, size_t len);

#endif
