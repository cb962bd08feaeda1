/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The paravirtual drivers and tools of a hypervisor in a Windows guest
 * (the Xen PV drivers, VMware Tools), found in its hives and driver
 * packages against that vendor's inventory: data/xen-inventory.conf,
 * data/vmware-inventory.conf. One engine, one table per vendor. Pure. */
#ifndef V2V_PV_SCAN_H
#define V2V_PV_SCAN_H

#include <stdbool.h>

#include "v2v/guest.h"
#include "v2v/hive.h"
#include "v2v/strlist.h"

struct pv_inventory {
  enum pv_vendor vendor;
  strlist services, filters, kept, start_override, unplug, providers,
      catalogs, hwids, publishers, uninstall_names, inf_names;
  /* What a filter list loses: the filters and the services (a disabled
   * driver left in a filter list stops the device), less the kept ones. */
  strlist removable;
};
void pv_inventory_load(struct pv_inventory *inv, enum pv_vendor vendor);
void pv_inventory_free(struct pv_inventory *inv);
/* Every vendor's inventory, indexed by vendor (PV_NONE's stays empty). */
void pv_inventories_load(struct pv_inventory invs[PV_VENDOR_COUNT]);
void pv_inventories_free(struct pv_inventory invs[PV_VENDOR_COUNT]);
/* Whether a file or folder name ("pvscsi.cat", "pvscsi.inf_amd64_...")
 * names something the inventory keeps: its part before the first dot. */
bool pv_name_kept(const struct pv_inventory *inv, const char *name);
/* Sets P's vendor (by Provider or CatalogFile) and whether it is kept. */
void pv_package_classify(struct driver_package *p,
                         const struct pv_inventory invs[PV_VENDOR_COUNT]);
/* The DriverDatabase\DriverPackages names (Windows 8+: folder names of
 * the driver store) in SYSTEM and DRIVERS whose Provider is a vendor's:
 * read once, for pv_repo_candidate (a lookup per folder costs a scan of
 * the siblings each: folders x packages). */
strlist pv_db_packages(hive *const hives[HIVE_COUNT],
                       const struct pv_inventory invs[PV_VENDOR_COUNT]);
/* Whether a DriverStore\FileRepository folder may hold a vendor's package:
 * its inf name is a known one, or it is in DB_PACKAGES (pv_db_packages). */
bool pv_repo_candidate(const char *folder, const strlist *db_packages,
                       const struct pv_inventory invs[PV_VENDOR_COUNT]);
/* Finds every component of INV's vendor in the hives (any may be NULL)
 * and in the packages already read, and appends them to g->pv. */
void pv_scan(struct guest *g, hive *const hives[HIVE_COUNT],
             const struct pv_inventory *inv);

#endif
