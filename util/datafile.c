/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/datafile.h"

#include <string.h>
#include <strings.h>

static void trim(const char **start, const char **end)
{
  while (*start < *end && (**start == ' ' || **start == '\t'))
    (*start)++;
  while (*end > *start && strchr(" \t\r", (*end)[-1]))
    (*end)--;
}

strlist datafile_section(const char *text, const char *section)
{
  strlist out = {0};
  size_t slen = strlen(section);
  int in_section = 0;
  for (const char *line = text; *line;) {
    const char *eol = strchr(line, '\n');
    if (!eol)
      eol = line + strlen(line);
    const char *s = line, *e = eol;
    trim(&s, &e);
    if (s < e && *s == '[') {
      in_section = (size_t)(e - s) == slen + 2 && e[-1] == ']' &&
                   strncasecmp(s + 1, section, slen) == 0;
    } else if (in_section && s < e && *s != '#') {
      strlist_take(&out, strndup(s, (size_t)(e - s)));
    }
    line = *eol ? eol + 1 : eol;
  }
  return out;
}
