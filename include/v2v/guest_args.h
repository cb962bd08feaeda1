/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The guests of a run: the --guests list file, the name each guest goes
 * by, and the options each guest runs with (%n filled in). Pure. */
#ifndef V2V_GUEST_ARGS_H
#define V2V_GUEST_ARGS_H

#include <stddef.h>

#include "v2v/cli.h"
#include "v2v/result.h"

/* A --guests list: one guest a line, its boot disk (or package) first;
 * a line that starts with a space or a tab is one more disk of the guest
 * above; blank lines and lines starting with '#' are skipped. Paths are
 * the lines without their leading and trailing blanks. Appends to
 * *GUESTS (*N so far). RESULT_ERROR with *WHY (malloc'ed, "line N: ...")
 * for a disk line before any guest. */
MUST_CHECK enum result guest_list_parse(const char *text,
                                        struct guest_arg **guests, size_t *n,
                                        char **why);

/* What %n stands for: the image's file name without its extension
 * ("/vm/web01.img" -> "web01"). Malloc'ed. */
char *guest_name(const char *image);

/* TEMPLATE with %n replaced by NAME and %% by %; NULL stays NULL.
 * Malloc'ed. */
char *guest_template_fill(const char *tmpl, const char *name);
/* Whether TEMPLATE names its guest (holds %n). */
bool guest_template_named(const char *tmpl);

/* The options guest I of ALL runs with: its image and disks, and the
 * templates filled in. OUT shares ALL's lists: free it with
 * options_for_guest_free, never options_free. */
void options_for_guest(const struct options *all, size_t i,
                       struct options *out);
void options_for_guest_free(struct options *o);

void guest_args_free(struct guest_arg *guests, size_t n);

#endif
