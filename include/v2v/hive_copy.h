/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host copies of the guest's registry hives (s->hives): each read
 * from the guest once, edited on the host, and written back as the byte
 * ranges that changed, not as a whole file (a real SOFTWARE hive is
 * 50-150 MB; an edit changes a few blocks in place and appends new
 * cells). Read again to verify, a hive this run did not write is taken
 * from its host copy, and one it wrote is checked by reading back what
 * was written. */
#ifndef V2V_HIVE_COPY_H
#define V2V_HIVE_COPY_H

#include <stdbool.h>

#include "v2v/file_diff.h"
#include "v2v/guest.h"
#include "v2v/hive.h"
#include "v2v/result.h"

struct session;

/* What this run wrote into one hive file of the guest. */
struct hive_write {
  bool written;               /* uploaded by hive_copy_write */
  bool whole;                 /* as a whole file, else as RANGES */
  bool overwritten;           /* a file change wrote to its path */
  struct byte_ranges ranges;
};

/* Hive ID at GUEST_PATH, open for editing, to be stored in s->hives[ID]
 * (what was there is closed or returned): the host copy when it still
 * holds what GUEST_PATH holds (s->hives[ID] itself when it is open and
 * committed), else downloaded. NULL, with a warning in s->guest.warnings,
 * when it cannot be read or is no hive. */
hive *hive_copy_read(struct session *s, enum hive_id id,
                     const char *guest_path);
/* Commits the edits of hive ID and writes them into the guest where it
 * came from: the changed ranges (pwrite; the file cut or grown to its new
 * size), or the whole file when there are too many. Returns 0, or -1
 * after printing an error. */
MUST_CHECK enum result hive_copy_write(struct session *s, enum hive_id id);
/* A file change wrote PATH: a hive read from there is read again. */
void hive_copy_note_file_write(struct session *s, const char *path);
/* Closes the hives and forgets where they came from. */
void hive_copy_close_all(struct session *s);

#endif
