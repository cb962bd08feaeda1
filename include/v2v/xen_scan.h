/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Xen PV components of a Windows guest, found in its hives and driver
 * packages against the inventory in data/xen-inventory.conf. Pure. */
#ifndef V2V_XEN_SCAN_H
#define V2V_XEN_SCAN_H

#include <stdbool.h>

#include "v2v/guest.h"
#include "v2v/hive.h"
#include "v2v/strlist.h"

struct xen_inventory {
  strlist services, filters, start_override, providers, catalogs, hwids,
      publishers, inf_names;
};
void xen_inventory_load(struct xen_inventory *inv);
void xen_inventory_free(struct xen_inventory *inv);
bool xen_package_is_xen(const struct driver_package *p,
                        const struct xen_inventory *inv);
/* The DriverDatabase\DriverPackages names (Windows 8+: folder names of
 * the driver store) in SYSTEM and DRIVERS whose Provider is a Xen one:
 * read once, for xen_repo_candidate. */
strlist xen_db_packages(hive *const hives[HIVE_COUNT],
                        const struct xen_inventory *inv);
/* Whether a DriverStore\FileRepository folder may hold a Xen package:
 * its inf name is a known Xen one, or it is in XEN_DB (xen_db_packages). */
bool xen_repo_candidate(const char *folder, const strlist *xen_db,
                        const struct xen_inventory *inv);
/* Finds every Xen component in the hives (any may be NULL) and in the
 * packages already read, and appends them to g->xen. */
void xen_scan(struct guest *g, hive *const hives[HIVE_COUNT],
              const struct xen_inventory *inv);

#endif
