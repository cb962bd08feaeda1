/* Inspection: what the guest is. inspect_guest() fills s->guest once per
 * run; the pure parts (INF parsing, the Xen scan) work on buffers and hive
 * files and are unit-tested without the appliance. */
#ifndef V2V_INSPECT_H
#define V2V_INSPECT_H

#include <stddef.h>

#include "v2v/guest.h"
#include "v2v/hive.h"
#include "v2v/strlist.h"

struct session;

/* Runs the whole inspection. Returns 0, or -1 after printing an error.
 * Refusals are not errors: they land in s->guest.refusals. */
int inspect_guest(struct session *s);
/* Reads the Windows hives and driver packages again and rescans them:
 * used after applying changes, to verify. */
int inspect_windows_rescan(struct session *s);

/* inspect/disk_layout.c */
int inspect_disk_layout(struct session *s, const char *device,
                        struct disk *out);
/* inspect/refusals.c: BitLocker and dynamic disks (before OS inspection). */
void inspect_disk_refusals(struct session *s);
/* Why partition P cannot be fixed offline, from its type and the first 11
 * bytes of its boot sector; NULL if it can. Pure: the host uses it on raw
 * images before any launch. */
char *partition_refusal(const struct partition *p, const void *boot,
                        size_t len);
/* Hibernation / Fast Startup on the Windows root mounted at MNT. */
void inspect_hibernation(struct session *s, const char *mnt);

/* inspect/windows_detect.c: finds the partition holding \Windows and
 * leaves it mounted read-only at MNT_WINDOWS (1), or finds none (0). */
int windows_find_root(struct session *s);
/* Fills version, variant, hostname, control set and arch from the hives
 * already in s->hives. */
void windows_describe(struct session *s);

/* inspect/linux_inspect.c: g->root known, nothing mounted. Mounts the
 * root at "/" (read-write on the overlay: the guest's own tools run there)
 * with its mount points, and fills g->linux_os and the refusals. */
int inspect_linux(struct session *s);
/* Reads the kernels and their initramfs images again (verification). */
int inspect_linux_rescan(struct session *s);

/* inspect/pe.c: "i386", "x86_64", "aarch64", or NULL if not a PE file. */
const char *pe_arch(const void *data, size_t len);

/* inspect/inf.c: parses an INF's [Version] section (UTF-8, ANSI or
 * UTF-16LE with BOM); %tokens% are resolved from [Strings]. */
void inf_parse_version(const void *data, size_t len, struct driver_package *p);

/* inspect/xen_scan.c */
struct xen_inventory {
  strlist services, filters, start_override, providers, catalogs, hwids,
      publishers, inf_names;
};
void xen_inventory_load(struct xen_inventory *inv);
void xen_inventory_free(struct xen_inventory *inv);
bool xen_package_is_xen(const struct driver_package *p,
                        const struct xen_inventory *inv);
/* Whether a DriverStore\FileRepository folder may hold a Xen package:
 * its inf name is a known Xen one, or the driver database (Windows 8+)
 * has a package of that name from a Xen provider. */
bool xen_repo_candidate(const char *folder, hive *const hives[HIVE_COUNT],
                        const struct xen_inventory *inv);
/* Finds every Xen component in the hives (any may be NULL) and in the
 * packages already read, and appends them to g->xen. */
void xen_scan(struct guest *g, hive *const hives[HIVE_COUNT],
              const struct xen_inventory *inv);

#endif
