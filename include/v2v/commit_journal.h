/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IMAGE.v2v-commit: written beside the image before the overlay is
 * committed into it, removed once the commit is done. A run killed
 * outright during the commit (SIGKILL, power loss) leaves the image
 * half-written and the journal naming the overlay that completes it; the
 * next fix of the image finishes that commit first. */
#ifndef V2V_COMMIT_JOURNAL_H
#define V2V_COMMIT_JOURNAL_H

#include "v2v/cli.h"
#include "v2v/result.h"

char *commit_journal_path(const char *image);
/* Records that OVERLAY (backed by IMAGE in FORMAT) is being committed. */
MUST_CHECK enum result commit_journal_write(const char *image,
                                            const char *overlay,
                                            const char *format);
void commit_journal_remove(const char *image);
/* Before anything reads IMAGE (a disk of the guest O names): with no
 * journal, RESULT_OK. With one,
 * a fix in place completes the interrupted commit (RESULT_OK once done);
 * any other run is refused (RESULT_ERROR, said why). The journal's
 * overlay must be backed by exactly this image, or nothing is written. */
MUST_CHECK enum result commit_journal_resume(const struct options *o,
                                             const char *image);

#endif
