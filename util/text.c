/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/text.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "v2v/hive.h"
#include "v2v/strbuf.h"
#include "v2v/strlist.h"

char *template_fill(const char *tpl, const char *const *pairs)
{
  struct strbuf b = {0};
  for (const char *s = tpl; *s;) {
    const char *end = *s == '@' ? strchr(s + 1, '@') : NULL;
    const char *value = NULL;
    for (size_t i = 0; end && pairs[i]; i += 2)
      if (strlen(pairs[i]) == (size_t)(end - s - 1) &&
          strncmp(s + 1, pairs[i], (size_t)(end - s - 1)) == 0)
        value = pairs[i + 1];
    if (value) {
      strbuf_adds(&b, value);
      s = end + 1;
    } else {
      strbuf_add(&b, s, 1);
      s++;
    }
  }
  return strbuf_finish(&b);
}

char *text_crlf(const char *text)
{
  struct strbuf b = {0};
  for (const char *s = text; *s; s++) {
    if (*s == '\n' && (s == text || s[-1] != '\r'))
      strbuf_add(&b, "\r", 1);
    strbuf_add(&b, s, 1);
  }
  return strbuf_finish(&b);
}

char *text_utf16_bom(const char *utf8, size_t *len)
{
  size_t n;
  char *body = reg_encode_sz(utf8, &n);
  n -= 2; /* no trailing NUL in a file */
  char *out = xcalloc(n + 2, 1);
  out[0] = (char)0xFF;
  out[1] = (char)0xFE;
  memcpy(out + 2, body, n);
  free(body);
  *len = n + 2;
  return out;
}

char *text_decode(const void *data, size_t len)
{
  const unsigned char *d = data;
  if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE)
    return reg_decode_utf16(d + 2, len - 2);
  if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
    d += 3, len -= 3;
  char *s = xcalloc(len + 1, 1);
  memcpy(s, d, len);
  return s;
}

/* Whether LINE is a [section] header; its name goes to NAME. */
static bool header(const char *line, const char *eol, char *name, size_t size)
{
  while (line < eol && isspace((unsigned char)*line))
    line++;
  if (line >= eol || *line != '[')
    return false;
  const char *close = memchr(line, ']', (size_t)(eol - line));
  if (!close || (size_t)(close - line - 1) >= size)
    return false;
  memcpy(name, line + 1, (size_t)(close - line - 1));
  name[close - line - 1] = '\0';
  return true;
}

/* If LINE is "KEY=..." returns the start of the value. */
static const char *key_value(const char *line, const char *eol,
                             const char *key)
{
  while (line < eol && isspace((unsigned char)*line))
    line++;
  size_t k = strlen(key);
  if ((size_t)(eol - line) > k && strncasecmp(line, key, k) == 0) {
    const char *p = line + k;
    while (p < eol && (*p == ' ' || *p == '\t'))
      p++;
    if (p < eol && *p == '=')
      return p + 1;
  }
  return NULL;
}

char *ini_get(const char *text, const char *section, const char *key)
{
  char name[256] = "";
  for (const char *line = text; *line;) {
    const char *eol = line + strcspn(line, "\r\n");
    const char *v = !header(line, eol, name, sizeof name) &&
                            !strcasecmp(name, section)
                        ? key_value(line, eol, key)
                        : NULL;
    if (v) {
      while (v < eol && isspace((unsigned char)*v))
        v++;
      const char *e = eol;
      while (e > v && isspace((unsigned char)e[-1]))
        e--;
      char *r = xcalloc((size_t)(e - v) + 1, 1);
      memcpy(r, v, (size_t)(e - v));
      return r;
    }
    line = eol + strspn(eol, "\r\n");
  }
  return NULL;
}

char *ini_set(const char *text, const char *section, const char *key,
              const char *value)
{
  struct strbuf b = {0};
  char name[256] = "";
  bool in = false, written = false;
  char *entry = xasprintf("%s=%s\n", key, value);
  for (const char *line = text; *line;) {
    const char *eol = line + strcspn(line, "\r\n");
    const char *next = eol + strspn(eol, "\r\n");
    if (*eol == '\r' && eol[1] == '\n')
      next = eol + 2;
    else if (*eol)
      next = eol + 1;
    if (header(line, eol, name, sizeof name)) {
      if (in && !written) {
        strbuf_adds(&b, entry);
        written = true;
      }
      in = strcasecmp(name, section) == 0;
    } else if (in && !written && key_value(line, eol, key)) {
      strbuf_adds(&b, entry);
      written = true;
      line = next;
      continue;
    }
    strbuf_add(&b, line, (size_t)(next - line));
    if (next == eol && *eol == '\0' && eol > line)
      strbuf_add(&b, "\n", 1); /* last line without a newline */
    line = next;
  }
  if (!written) {
    if (!in) {
      char *header = xasprintf("[%s]\n", section);
      strbuf_adds(&b, header);
      free(header);
    }
    strbuf_adds(&b, entry);
  }
  free(entry);
  return strbuf_finish(&b);
}
