/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a fallible call says: it worked, it failed (a message was printed),
 * or the guest cannot be fixed offline (a refusal: exit status 3). The
 * values are those the code used as plain ints (0, -1, 1), so a
 * comparison with RESULT_ERROR reads as before; callers must not drop
 * the result, hence MUST_CHECK on every fallible declaration. */
#ifndef V2V_RESULT_H
#define V2V_RESULT_H

enum result {
  RESULT_OK = 0,
  RESULT_ERROR = -1,
  RESULT_REFUSED = 1,
};

#define MUST_CHECK __attribute__((warn_unused_result))

#endif
