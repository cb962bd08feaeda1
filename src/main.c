/* SPDX-License-Identifier: GPL-2.0-or-later */
/* v2v-fixup: offline fix-up of guests converted from Xen to KVM. */
#include "v2v/log.h"
#include "v2v/cli.h"
#include "v2v/pipeline.h"

int main(int argc, char **argv)
{
  struct options o;
  int r = parse_options(argc, argv, &o);
  if (r != 0) {
    options_free(&o);
    return r < 0 ? EXIT_USAGE : EXIT_OK;
  }
  log_verbosity = o.verbosity;
  log_start(o.machine_readable ? LOG_MACHINE : LOG_AUTO);
  r = pipeline_run(&o);
  options_free(&o);
  return r;
}
