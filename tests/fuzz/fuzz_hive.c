/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A guest's registry hive, as hostile as the guest's owner likes: opened
 * with hivex and walked by the Xen scan and the BCD check, as inspection
 * does. The bytes go through a file because hivex opens files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "v2v/bcd.h"
#include "v2v/guest.h"
#include "v2v/hive.h"
#include "v2v/pv_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char path[] = "/tmp/v2v-fuzz-hive-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return 0;
  if (write(fd, data, size) != (ssize_t)size) {
    close(fd);
    unlink(path);
    return 0;
  }
  close(fd);
  hive *h = hive_open(path, false);
  if (h) {
    static struct pv_inventory invs[PV_VENDOR_COUNT];
    static int loaded;
    if (!loaded)
      pv_inventories_load(invs), loaded = 1;
    struct guest g = {0};
    strlist_add(&g.control_sets, "ControlSet001");
    hive *hives[HIVE_COUNT] = {h, h, h, h};
    for (int v = PV_NONE + 1; v < PV_VENDOR_COUNT; v++)
      pv_scan(&g, hives, &invs[v]);
    struct disk d = {.style = PART_MBR, .mbr_signature = 1};
    strlist problems = {0};
    bcd_check(h, &d, &problems);
    strlist_free(&problems);
    guest_free(&g);
    hive_close(h);
  }
  unlink(path);
  return 0;
}
