/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal test harness: CHECK counts, the closing line is the plain
 * "N passed, N failed" that CI reads. */
#ifndef V2V_CHECK_H
#define V2V_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/strlist.h"

static int checks_passed, checks_failed;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (cond) {                                                            \
      checks_passed++;                                                     \
    } else {                                                               \
      checks_failed++;                                                     \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,     \
              #cond);                                                      \
    }                                                                      \
  } while (0)

#define CHECK_STR(got, want)                                               \
  do {                                                                     \
    const char *g_ = (got), *w_ = (want);                                  \
    if (g_ && w_ && strcmp(g_, w_) == 0) {                                 \
      checks_passed++;                                                     \
    } else {                                                               \
      checks_failed++;                                                     \
      fprintf(stderr, "%s:%d: CHECK_STR failed: %s is \"%s\", want "      \
              "\"%s\"\n", __FILE__, __LINE__, #got, g_ ? g_ : "(null)",    \
              w_ ? w_ : "(null)");                                         \
    }                                                                      \
  } while (0)

/* CHECK_STR on a string the expression allocates, which is then freed. */
#define CHECK_STR_OWNED(expr, want)                                        \
  do {                                                                     \
    char *o_ = (expr);                                                     \
    CHECK_STR(o_, want);                                                   \
    free(o_);                                                              \
  } while (0)

static inline int check_report(const char *suite)
{
  printf("%s: %d passed, %d failed\n", suite, checks_passed, checks_failed);
  return checks_failed ? 1 : 0;
}

/* A precondition: when it fails the rest of the test cannot run, so the
 * test stops here, counted as failed, instead of crashing further on. */
#define REQUIRE(cond)                                                      \
  do {                                                                     \
    if (cond) {                                                            \
      checks_passed++;                                                     \
    } else {                                                               \
      checks_failed++;                                                     \
      fprintf(stderr, "%s:%d: REQUIRE failed, stopping: %s\n", __FILE__,   \
              __LINE__, #cond);                                            \
      exit(check_report(__FILE__));                                        \
    }                                                                      \
  } while (0)

/* An environment variable ctest sets; the test stops if it is missing. */
static inline const char *check_env(const char *name)
{
  const char *v = getenv(name);
  if (!v || !*v) {
    fprintf(stderr, "REQUIRE failed, stopping: %s is not set (run the test "
            "through ctest)\n", name);
    checks_failed++;
    exit(check_report("environment"));
  }
  return v;
}

/* Whether some string of L contains S. */
static inline bool check_has(const strlist *l, const char *s)
{
  for (size_t i = 0; i < l->n; i++)
    if (strstr(l->v[i], s))
      return true;
  return false;
}

/* The bytes of sample NAME in the folder the environment variable
 * DIR_ENV names (set by ctest), NUL-terminated; NULL if unreadable. */
static inline char *check_slurp(const char *dir_env, const char *name,
                                size_t *len)
{
  char *path = NULL;
  if (asprintf(&path, "%s/%s", check_env(dir_env), name) < 0)
    return NULL;
  FILE *f = fopen(path, "rb");
  free(path);
  if (!f)
    return NULL;
  char *buf = calloc(1, (1 << 20) + 1);
  *len = buf ? fread(buf, 1, 1 << 20, f) : 0;
  fclose(f);
  return buf;
}

/* A writable copy of data/minimal.hive (path from the V2V_MINIMAL_HIVE
 * environment variable, set by ctest); the test stops if there is none. */
static inline char *check_hive_copy(const char *name)
{
  const char *src = check_env("V2V_MINIMAL_HIVE");
  const char *dir = check_env("V2V_TEST_TMP");
  char *dst = NULL;
  REQUIRE(asprintf(&dst, "%s/%s", dir, name) >= 0);
  char *cmd = NULL;
  if (asprintf(&cmd, "cp '%s' '%s' && chmod u+w '%s'", src, dst, dst) < 0 ||
      system(cmd) != 0) {
    fprintf(stderr, "REQUIRE failed, stopping: cannot copy %s to %s\n", src,
            dst);
    checks_failed++;
    exit(check_report(name));
  }
  free(cmd);
  return dst;
}

/* Overwrites N (2 or 4) little-endian bytes at OFF of FILE: damaging a
 * hive on purpose. */
static inline void check_patch_le(const char *file, long off, uint32_t v,
                                  int n)
{
  FILE *f = fopen(file, "r+b");
  REQUIRE(f != NULL);
  unsigned char b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
  REQUIRE(fseek(f, off, SEEK_SET) == 0 && fwrite(b, 1, (size_t)n, f) ==
                                               (size_t)n);
  fclose(f);
}

#endif
