/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pure text work for Linux guests: kernel module facts from the kernel's
 * own files, and the edits the Linux fix-ups make to configuration files.
 * Every function returns a new string (or NULL for "nothing to change"). */
#include "v2v/linux_text.h"

#include "v2v/strbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Calls FN on each line of TEXT (without its newline); stops when FN
 * returns true, and says so. */
static bool each_line(const char *text, bool (*fn)(const char *line,
                                                   size_t len, void *arg),
                      void *arg)
{
  for (const char *line = text; text && *line;) {
    const char *eol = strchr(line, '\n');
    size_t len = eol ? (size_t)(eol - line) : strlen(line);
    if (fn(line, len, arg))
      return true;
    line += len + (eol ? 1 : 0);
  }
  return false;
}

/* The first word of LINE (after blanks) is the grub command ARG. */
static bool line_runs(const char *line, size_t len, void *arg)
{
  const char *cmd = arg;
  size_t n = strlen(cmd);
  while (len && (*line == ' ' || *line == '\t'))
    line++, len--;
  return len >= n && memcmp(line, cmd, n) == 0 &&
         (len == n || isspace((unsigned char)line[n]));
}

bool grub_cfg_is_stub(const char *text)
{
  return each_line(text, line_runs, "configfile") &&
         !each_line(text, line_runs, "menuentry") &&
         !each_line(text, line_runs, "blscfg");
}

char *grubenv_repad(const char *text, size_t size)
{
  size_t n = strlen(text);
  while (n && text[n - 1] == '#')
    n--;
  if (n > size)
    return NULL;
  char *block = xcalloc(1, size + 1);
  memcpy(block, text, n);
  memset(block + n, '#', size - n);
  block[size] = '\0';
  return block;
}

/* "kernel/drivers/block/virtio_blk.ko[.xz|.zst|.gz]" names MODULE. */
/* The functions below answer NULL for "nothing to change". */
static char *edited(struct strbuf *b, bool changed)
{
  if (!changed) {
    free(b->p);
    return NULL;
  }
  return b->p;
}

/* Rebuilds TEXT line by line: EDIT may append a replacement for a line
 * (given without its newline) to B and return true; other lines stay. */
static char *edit_lines(const char *text,
                        bool (*edit)(struct strbuf *b, const char *line,
                                     size_t len, const void *arg),
                        const void *arg)
{
  struct strbuf b = {0};
  bool changed = false;
  for (const char *line = text; *line;) {
    const char *eol = strchr(line, '\n');
    size_t len = eol ? (size_t)(eol - line) : strlen(line);
    if (edit(&b, line, len, arg))
      changed = true;
    else
      strbuf_add(&b, line, len);
    if (eol)
      strbuf_add(&b, "\n", 1);
    line += len + (eol ? 1 : 0);
  }
  return edited(&b, changed);
}

static bool path_is_module(const char *path, size_t len, const char *module)
{
  static const char *const exts[] = {".ko", ".ko.xz", ".ko.zst", ".ko.gz",
                                     NULL};
  size_t m = strlen(module);
  for (int i = 0; exts[i]; i++) {
    size_t e = strlen(exts[i]);
    if (len < m + e + 1 || memcmp(path + len - e, exts[i], e) != 0)
      continue;
    const char *name = path + len - e - m;
    if (name[-1] == '/' && memcmp(name, module, m) == 0)
      return true;
  }
  return false;
}

struct find {
  const char *want;
  const char *module;
};

static bool config_line_is(const char *line, size_t len, void *arg)
{
  const struct find *f = arg;
  size_t w = strlen(f->want);
  return len == w && memcmp(line, f->want, w) == 0;
}

static bool line_names_module(const char *line, size_t len, void *arg)
{
  const struct find *f = arg;
  const char *colon = memchr(line, ':', len); /* modules.dep: "path: deps" */
  size_t plen = colon ? (size_t)(colon - line) : len;
  while (plen && isspace((unsigned char)line[plen - 1]))
    plen--;
  return path_is_module(line, plen, f->module);
}

enum kmod_state kmod_state_of(const char *config, const char *builtin,
                              const char *moddep, const char *symbol,
                              const char *module)
{
  char *want = xasprintf("CONFIG_%s=y", symbol);
  struct find f = {want, module};
  bool in = each_line(config, config_line_is, &f) ||
            each_line(builtin, line_names_module, &f);
  free(want);
  if (in)
    return KMOD_BUILTIN;
  return each_line(moddep, line_names_module, &f) ? KMOD_MODULE : KMOD_ABSENT;
}

bool kernel_is_xen_only(const char *release)
{
  size_t n = strlen(release);
  return (n >= 3 && strcasecmp(release + n - 3, "xen") == 0) ||
         strstr(release, "-xen-") || strstr(release, "xenU");
}

/* A listing line is a bare path (lsinitramfs) or "ls -l" style with the
 * path last (lsinitrd: its times hold colons, so no modules.dep parsing). */
static bool listing_line_names_module(const char *line, size_t len, void *arg)
{
  const struct find *f = arg;
  while (len && isspace((unsigned char)line[len - 1]))
    len--;
  size_t start = len;
  while (start && !isspace((unsigned char)line[start - 1]))
    start--;
  return path_is_module(line + start, len - start, f->module);
}

bool initramfs_lists_module(const char *listing, const char *module)
{
  struct find f = {NULL, module};
  return each_line(listing, listing_line_names_module, &f);
}

static bool is_word_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

/* At P (just after "/dev/"): "xvd", "hd" or "sd", then letters, then
 * digits, then a word boundary. Fills the parts; returns the length. */
static size_t parse_disk_name(const char *p, const char **kind,
                              size_t *kind_len, size_t *letters,
                              size_t *digits)
{
  static const char *const kinds[] = {"xvd", "hd", "sd", NULL};
  for (int i = 0; kinds[i]; i++) {
    size_t k = strlen(kinds[i]);
    if (strncmp(p, kinds[i], k) != 0)
      continue;
    size_t l = 0, d = 0;
    while (p[k + l] >= 'a' && p[k + l] <= 'z')
      l++;
    while (isdigit((unsigned char)p[k + l + d]))
      d++;
    if (!l || l > 2 || is_word_char(p[k + l + d]))
      return 0;
    *kind = kinds[i];
    *kind_len = k;
    *letters = l;
    *digits = d;
    return k + l + d;
  }
  return 0;
}

static const char *uuid_of(const strlist *fs_uuids, const char *device)
{
  size_t n = strlen(device);
  for (size_t i = 0; fs_uuids && i < fs_uuids->n; i++)
    if (strncmp(fs_uuids->v[i], device, n) == 0 && fs_uuids->v[i][n] == ' ')
      return fs_uuids->v[i] + n + 1;
  return NULL;
}

char *linux_rewrite_devices(const char *text, const char *bus_prefix,
                            const strlist *fs_uuids)
{
  struct strbuf b = {0};
  bool changed = false;
  const char *p = text, *hit;
  while ((hit = strstr(p, "/dev/"))) {
    const char *name = hit + 5, *kind;
    size_t kind_len, letters, digits;
    size_t len = parse_disk_name(name, &kind, &kind_len, &letters, &digits);
    bool move = len && (strcmp(kind, "sd") != 0 || strcmp(bus_prefix, "sd"));
    if (!move) {
      strbuf_add(&b, p, (size_t)(name - p));
      p = name;
      continue;
    }
    strbuf_add(&b, p, (size_t)(hit - p));
    /* FS_UUIDS names the guest's disks as /dev/sdXN in their order. */
    char *relative = xasprintf("/dev/sd%.*s", (int)(letters + digits),
                               name + kind_len);
    const char *uuid = digits ? uuid_of(fs_uuids, relative) : NULL;
    char *repl = uuid ? xasprintf("UUID=%s", uuid)
                      : xasprintf("/dev/%s%.*s", bus_prefix,
                                  (int)(letters + digits), name + kind_len);
    strbuf_adds(&b, repl);
    free(repl);
    free(relative);
    p = name + len;
    changed = true;
  }
  if (changed)
    strbuf_adds(&b, p);
  return edited(&b, changed);
}

char *linux_replace_words(const char *text, const char *const *from,
                          const char *to)
{
  struct strbuf b = {0};
  bool changed = false;
  const char *p = text;
  while (*p) {
    size_t hit = 0;
    if (p == text || !is_word_char(p[-1]))
      for (int i = 0; from[i] && !hit; i++) {
        size_t n = strlen(from[i]);
        if (strncmp(p, from[i], n) == 0 && !is_word_char(p[n]))
          hit = n;
      }
    if (hit) {
      strbuf_adds(&b, to);
      p += hit;
      changed = true;
    } else {
      strbuf_add(&b, p++, 1);
    }
  }
  return edited(&b, changed);
}

static bool same_module(const char *a, size_t alen, const char *b)
{
  if (alen != strlen(b))
    return false;
  for (size_t i = 0; i < alen; i++) {
    char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];
    if (x != y)
      return false;
  }
  return true;
}

/* "alias NAME MODULE" with MODULE in the list. */
static bool is_alias_of(const char *line, size_t len, const strlist *mods)
{
  const char *p = line, *end = line + len;
  while (p < end && isspace((unsigned char)*p))
    p++;
  if (end - p < 6 || strncmp(p, "alias", 5) || !isspace((unsigned char)p[5]))
    return false;
  const char *field[2];
  size_t flen[2];
  p += 5;
  for (int f = 0; f < 2; f++) {
    while (p < end && isspace((unsigned char)*p))
      p++;
    field[f] = p;
    while (p < end && !isspace((unsigned char)*p))
      p++;
    flen[f] = (size_t)(p - field[f]);
    if (!flen[f])
      return false;
  }
  for (size_t i = 0; i < mods->n; i++)
    if (same_module(field[1], flen[1], mods->v[i]))
      return true;
  return false;
}

struct alias_table {
  const strlist *modules;
  const char *who;
};

static bool comment_alias(struct strbuf *b, const char *line, size_t len,
                          const void *arg)
{
  const struct alias_table *t = arg;
  if (!is_alias_of(line, len, t->modules))
    return false;
  strbuf_adds(b, "# ");
  strbuf_adds(b, t->who);
  strbuf_adds(b, " only, disabled by v2v-fixup: ");
  strbuf_add(b, line, len);
  return true;
}

char *linux_comment_aliases(const char *text, const strlist *modules,
                            const char *who)
{
  struct alias_table t = {modules, who};
  return edit_lines(text, comment_alias, &t);
}

static bool enable_uuid(struct strbuf *b, const char *line, size_t len,
                        const void *unused)
{
  static const char key[] = "GRUB_DISABLE_LINUX_UUID=";
  (void)unused;
  if (len <= sizeof key - 1 || strncmp(line, key, sizeof key - 1) != 0)
    return false;
  const char *v = line + sizeof key - 1;
  size_t vlen = len - (sizeof key - 1);
  while (vlen && isspace((unsigned char)v[vlen - 1]))
    vlen--;
  if ((vlen == 4 && !strncmp(v, "true", 4)) ||
      (vlen == 6 && (!strncmp(v, "\"true\"", 6) || !strncmp(v, "'true'", 6)))) {
    strbuf_adds(b, "GRUB_DISABLE_LINUX_UUID=false");
    return true;
  }
  return false;
}

char *linux_grub_enable_uuid(const char *text)
{
  return edit_lines(text, enable_uuid, NULL);
}

static bool line_is(const char *line, size_t len, void *arg)
{
  const char *want = arg;
  while (len && isspace((unsigned char)*line))
    line++, len--;
  while (len && isspace((unsigned char)line[len - 1]))
    len--;
  return len == strlen(want) && memcmp(line, want, len) == 0;
}

char *linux_add_missing_lines(const char *text, const strlist *names)
{
  struct strbuf b = {0};
  bool changed = false;
  strbuf_adds(&b, text);
  for (size_t i = 0; i < names->n; i++) {
    if (each_line(text, line_is, names->v[i]))
      continue;
    if (b.n && b.p[b.n - 1] != '\n')
      strbuf_adds(&b, "\n");
    strbuf_adds(&b, names->v[i]);
    strbuf_adds(&b, "\n");
    changed = true;
  }
  return edited(&b, changed);
}

/* Whether LINE (LEN bytes) holds one of WORDS as a whole word. */
static bool line_has_word(const char *line, size_t len,
                          const char *const *words)
{
  for (size_t i = 0; i < len; i++) {
    if (i && is_word_char(line[i - 1]))
      continue;
    for (int w = 0; words[w]; w++) {
      size_t n = strlen(words[w]);
      if (i + n <= len && !memcmp(line + i, words[w], n) &&
          (i + n == len || !is_word_char(line[i + n])))
        return true;
    }
  }
  return false;
}

struct getty_find {
  const char *const *consoles;
};

static bool execs_getty_on(const char *line, size_t len, void *arg)
{
  const struct getty_find *f = arg;
  while (len && isspace((unsigned char)*line))
    line++, len--;
  if (len < 5 || strncmp(line, "exec", 4) || !isspace((unsigned char)line[4]))
    return false;
  bool getty = false;
  for (size_t i = 0; i + 5 <= len && !getty; i++)
    getty = !memcmp(line + i, "getty", 5);
  return getty && line_has_word(line, len, f->consoles);
}

bool upstart_job_runs_getty_on(const char *text, const char *const *consoles)
{
  struct getty_find f = {consoles};
  return each_line(text, execs_getty_on, &f);
}

static bool names_console(const char *word, size_t len,
                          const char *const *consoles)
{
  if (len > 5 && !strncmp(word, "/dev/", 5))
    word += 5, len -= 5;
  for (int i = 0; consoles[i]; i++)
    if (len == strlen(consoles[i]) && !memcmp(word, consoles[i], len))
      return true;
  return false;
}

static bool drop_consoles(struct strbuf *b, const char *line, size_t len,
                          const void *consoles)
{
  static const char key[] = "ACTIVE_CONSOLES=";
  size_t k = sizeof key - 1;
  if (len <= k || strncmp(line, key, k))
    return false;
  const char *v = line + k, *end = line + len;
  char quote = (*v == '"' || *v == '\'') ? *v : 0;
  if (quote && end > v + 1 && end[-1] == quote)
    v++, end--;
  struct strbuf kept = {0};
  bool dropped = false;
  for (const char *p = v; p < end;) {
    while (p < end && isspace((unsigned char)*p))
      p++;
    const char *w = p;
    while (p < end && !isspace((unsigned char)*p))
      p++;
    if (p == w)
      continue;
    if (names_console(w, (size_t)(p - w), consoles)) {
      dropped = true;
      continue;
    }
    if (kept.n)
      strbuf_add(&kept, " ", 1);
    strbuf_add(&kept, w, (size_t)(p - w));
  }
  if (dropped) {
    strbuf_adds(b, key);
    if (quote)
      strbuf_add(b, &quote, 1);
    if (kept.n)
      strbuf_add(b, kept.p, kept.n);
    if (quote)
      strbuf_add(b, &quote, 1);
  }
  free(kept.p);
  return dropped;
}

char *linux_drop_active_consoles(const char *text,
                                 const char *const *consoles)
{
  return edit_lines(text, drop_consoles, consoles);
}
