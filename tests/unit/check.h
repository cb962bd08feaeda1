/* A minimal test harness: CHECK counts, the closing line is the plain
 * "N passed, N failed" that CI reads. */
#ifndef V2V_CHECK_H
#define V2V_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A writable copy of shared/testdata/minimal.hive (path from the
 * V2V_MINIMAL_HIVE environment variable, set by ctest). */
static inline char *check_hive_copy(const char *name)
{
  const char *src = getenv("V2V_MINIMAL_HIVE");
  const char *dir = getenv("V2V_TEST_TMP");
  char *dst = NULL;
  if (!src || !dir || asprintf(&dst, "%s/%s", dir, name) < 0)
    return NULL;
  char *cmd = NULL;
  if (asprintf(&cmd, "cp '%s' '%s' && chmod u+w '%s'", src, dst, dst) < 0 ||
      system(cmd) != 0) {
    free(cmd);
    free(dst);
    return NULL;
  }
  free(cmd);
  return dst;
}

#endif
