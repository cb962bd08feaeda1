/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text helpers for the files v2v-fixup writes into a Windows guest:
 * templates from data/, CRLF line ends, INI files. Pure. */
#ifndef V2V_TEXT_H
#define V2V_TEXT_H

#include <stddef.h>

/* Replaces each @NAME@ in TPL by the value after NAME in PAIRS
 * ({"NAME", "value", ..., NULL}); unknown @...@ are left as they are. */
char *template_fill(const char *tpl, const char *const *pairs);
/* LF -> CRLF (existing CRLF kept). */
char *text_crlf(const char *text);
/* UTF-16LE with a BOM, as Windows writes scripts.ini. */
char *text_utf16_bom(const char *utf8, size_t *len);
/* UTF-8 from a file's bytes: UTF-16LE with BOM, UTF-8 (BOM dropped) or
 * ANSI taken as is. */
char *text_decode(const void *data, size_t len);

/* The value of KEY in [SECTION] (case-insensitive), or NULL. */
char *ini_get(const char *text, const char *section, const char *key);
/* TEXT with KEY=VALUE set in [SECTION] (added if missing). */
char *ini_set(const char *text, const char *section, const char *key,
              const char *value);

#endif
