/* SPDX-License-Identifier: GPL-2.0-or-later */
/* v2v-fixup: offline fix-up of guests converted from Xen to KVM. */
#include <malloc.h>

#include "v2v/log.h"
#include "v2v/cli.h"
#include "v2v/pipeline.h"

/* Files come out of the appliance 2 MiB a call, in buffers libguestfs
 * allocates and frees each time. glibc would map such buffers afresh and
 * give them back at free, so every call faulted in 4 MiB of new pages: a
 * third of the host's time moving a 150 MB hive. Kept in the heap, they
 * are reused. (Larger blocks, a hive held open, are still mapped.) */
static void keep_transfer_buffers(void)
{
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

int main(int argc, char **argv)
{
  keep_transfer_buffers();
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
