/* Tables shipped in data/ and compiled into the binary. */
#ifndef V2V_DATAFILE_H
#define V2V_DATAFILE_H

#include "v2v/strlist.h"

extern const char data_xen_inventory[];

/* The lines of [SECTION] in TEXT: trimmed, without blanks and '#'
 * comments. Empty list if the section is absent. */
strlist datafile_section(const char *text, const char *section);

#endif
