/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef V2V_PIPELINE_H
#define V2V_PIPELINE_H

#include "v2v/cli.h"

/* One run, start to end; returns the exit code. */
int pipeline_run(const struct options *o);

#endif
