/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OVF manifests: parse "SHA256(disk1.vmdk)= 9f..." lines, compute digests. */
#include "v2v/manifest.h"

#include <ctype.h>
#include <stdbool.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "v2v/strlist.h"

static const char *const algos[] = {"SHA1", "SHA256", "SHA512", NULL};

static size_t hex_len(const char *algo)
{
  return strcmp(algo, "SHA1") == 0 ? 40 : strcmp(algo, "SHA256") == 0 ? 64
                                                                      : 128;
}

/* One line, without its end of line; NULL WHY on success. */
static char *parse_line(char *line, struct manifest *m, int lineno)
{
  char *open = strchr(line, '(');
  char *close = strrchr(line, ')');
  char *eq = close ? strchr(close, '=') : NULL;
  if (!open || !close || close < open || !eq)
    return xasprintf("line %d is not ALGO(file)= digest", lineno);
  /* The file name is what the parentheses hold, spaces and all. */
  *open = '\0';
  /* "SHA256(f)= h" as ovftool writes it, "SHA256 (f) = h" as coreutils'
   * sha256sum --tag does, and lower-case names. */
  size_t an = strlen(line);
  while (an && (line[an - 1] == ' ' || line[an - 1] == '\t'))
    line[--an] = '\0';
  const char *algo = NULL;
  for (int i = 0; algos[i]; i++)
    if (strcasecmp(line, algos[i]) == 0)
      algo = algos[i];
  if (!algo)
    return xasprintf("line %d: unknown digest '%s'", lineno, line);
  char *hex = eq + 1;
  while (*hex == ' ' || *hex == '\t')
    hex++;
  size_t n = strlen(hex);
  while (n && (hex[n - 1] == ' ' || hex[n - 1] == '\t'))
    hex[--n] = '\0';
  bool ok = n == hex_len(algo);
  for (size_t i = 0; ok && i < n; i++) {
    ok = isxdigit((unsigned char)hex[i]);
    hex[i] = (char)tolower((unsigned char)hex[i]);
  }
  if (!ok)
    return xasprintf("line %d: not a %s digest", lineno, algo);
  m->v = xrealloc(m->v, (m->n + 1) * sizeof *m->v);
  m->v[m->n++] = (struct manifest_entry){
      xstrdup(algo), strndup(open + 1, (size_t)(close - open - 1)),
      xstrdup(hex)};
  return NULL;
}

enum result manifest_parse(const char *buf, size_t len, struct manifest *out,
                           char **why)
{
  memset(out, 0, sizeof *out);
  *why = NULL;
  char *text = strndup(buf, len);
  char *save = NULL;
  int lineno = 0;
  for (char *p = text; !*why; p = save) {
    char *nl = strchr(p, '\n');
    save = nl ? nl + 1 : NULL;
    if (nl)
      *nl = '\0';
    lineno++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
      p[--n] = '\0';
    if (n)
      *why = parse_line(p, out, lineno);
    if (!save)
      break;
  }
  free(text);
  if (*why) {
    manifest_free(out);
    return RESULT_ERROR;
  }
  return RESULT_OK;
}

void manifest_free(struct manifest *m)
{
  for (size_t i = 0; i < m->n; i++) {
    free(m->v[i].algo);
    free(m->v[i].file);
    free(m->v[i].hex);
  }
  free(m->v);
  memset(m, 0, sizeof *m);
}

int manifest_digest(const char *algo, int fd, uint64_t off, uint64_t size,
                    char hex[129])
{
  const EVP_MD *md = EVP_get_digestbyname(algo);
  EVP_MD_CTX *ctx = md ? EVP_MD_CTX_new() : NULL;
  if (!ctx || !EVP_DigestInit_ex(ctx, md, NULL)) {
    EVP_MD_CTX_free(ctx);
    return -1;
  }
  static unsigned char buf[1 << 20];
  int r = 0;
  while (size && r == 0) {
    size_t want = size < sizeof buf ? (size_t)size : sizeof buf;
    ssize_t got = pread(fd, buf, want, (off_t)off);
    if (got <= 0)
      r = -1;
    else {
      EVP_DigestUpdate(ctx, buf, (size_t)got);
      off += (uint64_t)got;
      size -= (uint64_t)got;
    }
  }
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int dlen = 0;
  if (r == 0 && EVP_DigestFinal_ex(ctx, d, &dlen)) {
    for (unsigned i = 0; i < dlen; i++)
      sprintf(hex + 2 * i, "%02x", d[i]);
    hex[2 * dlen] = '\0';
  } else {
    r = -1;
  }
  EVP_MD_CTX_free(ctx);
  return r;
}
