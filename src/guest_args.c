/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/guest_args.h"

#include <stdlib.h>
#include <string.h>

#include "v2v/strbuf.h"

static const char *const blanks = " \t\r";

/* LINE (LEN bytes) without its leading and trailing blanks, malloc'ed. */
static char *trimmed(const char *line, size_t len)
{
  while (len && strchr(blanks, *line))
    line++, len--;
  while (len && strchr(blanks, line[len - 1]))
    len--;
  return strndup(line, len);
}

enum result guest_list_parse(const char *text, struct guest_arg **guests,
                             size_t *n, char **why)
{
  size_t lineno = 0, first_new = *n;
  for (const char *p = text; *p;) {
    size_t len = strcspn(p, "\n");
    lineno++;
    char *path = trimmed(p, len);
    bool more_disk = *p == ' ' || *p == '\t';
    p += len + (p[len] == '\n');
    if (!*path || path[0] == '#') {
      free(path);
      continue;
    }
    if (more_disk) {
      if (*n == first_new) {
        *why = xasprintf("line %zu: '%s' is indented, so it is one more disk "
                         "of the guest above, but there is none", lineno,
                         path);
        free(path);
        return RESULT_ERROR;
      }
      strlist_take(&(*guests)[*n - 1].more_disks, path);
      continue;
    }
    *guests = xrealloc(*guests, (*n + 1) * sizeof **guests);
    (*guests)[(*n)++] = (struct guest_arg){.image = path};
  }
  return RESULT_OK;
}

char *guest_name(const char *image)
{
  const char *slash = strrchr(image, '/');
  const char *base = slash ? slash + 1 : image;
  const char *dot = strrchr(base, '.');
  return dot && dot != base ? strndup(base, (size_t)(dot - base))
                            : xstrdup(base);
}

bool guest_template_named(const char *tmpl)
{
  for (const char *p = tmpl; p && (p = strchr(p, '%')); p += 2) {
    if (p[1] == 'n')
      return true;
    if (!p[1])
      break;
  }
  return false;
}

char *guest_template_fill(const char *tmpl, const char *name)
{
  if (!tmpl)
    return NULL;
  struct strbuf b = {0};
  for (const char *p = tmpl; *p; p++) {
    if (p[0] == '%' && p[1] == 'n')
      strbuf_adds(&b, name), p++;
    else if (p[0] == '%' && p[1] == '%')
      strbuf_add(&b, "%", 1), p++;
    else
      strbuf_add(&b, p, 1);
  }
  return strbuf_finish(&b);
}

/* Filled in from a template, owned by O. */
static const char *filled(struct options *o, const char *tmpl,
                          const char *name)
{
  if (!tmpl || !guest_template_named(tmpl))
    return tmpl;
  char *s = guest_template_fill(tmpl, name);
  strlist_take(&o->owned, s);
  return s;
}

void options_for_guest(const struct options *all, size_t i,
                       struct options *out)
{
  *out = *all;
  const struct guest_arg *a = &all->guests[i];
  out->owned = (strlist){0};
  out->more_disks = (strlist){0};
  for (size_t d = 0; d < a->more_disks.n; d++)
    strlist_add(&out->more_disks, a->more_disks.v[d]);
  out->image = a->image;
  char *name = guest_name(a->image);
  out->output_file = filled(out, all->output_file, name);
  out->report_file = filled(out, all->report_file, name);
  out->libvirt_xml = filled(out, all->libvirt_xml, name);
  out->domain_name = filled(out, all->domain_name, name);
  free(name);
}

void options_for_guest_free(struct options *o)
{
  strlist_free(&o->owned);
  strlist_free(&o->more_disks);
}

void guest_args_free(struct guest_arg *guests, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(guests[i].image);
    strlist_free(&guests[i].more_disks);
  }
  free(guests);
}
