/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Removes the Xen PV drivers (Citrix / XCP-ng / Xen Project, GPLPV, Red Hat
 * PV) so that Windows no longer loads them on KVM: every finding of the
 * inspector's Xen scan becomes the change that undoes it. */
#include <stdlib.h>

#include "v2v/datafile.h"
#include "v2v/fixup.h"
#include "v2v/session.h"
#include "v2v/xen_scan.h"

#define NAME "xen-removal"

static bool applies(const struct guest *g) { return g->nxen > 0; }

/* The filter list without the Xen filters; an emptied list goes away, as
 * Windows would rather have no value than an empty one. */
static void plan_filter(struct session *s, const struct xen_finding *f,
                        const struct xen_inventory *inv,
                        struct change_list *out)
{
  hive *h = s->hives[f->hive];
  hive_node_h node = hive_lookup(h, hive_root(h), f->key);
  char **list = hive_get_multi(h, node, f->value);
  bool removed;
  char **rest = strv_without_ci(list, inv->filters.v, &removed);
  char *why = xasprintf("Xen filter in %s [%s]", f->value, f->detail);
  if (!rest[0])
    change_delete_value(out, NAME, f->hive, f->key, f->value, why);
  else
    change_set_multi(out, NAME, f->hive, f->key, f->value, rest, why);
  free(why);
  strv_free(rest);
  strv_free(list);
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  struct xen_inventory inv;
  xen_inventory_load(&inv);
  const struct guest *g = &s->guest;
  for (size_t i = 0; i < g->nxen; i++) {
    const struct xen_finding *f = &g->xen[i];
    char *why = NULL;
    switch (f->kind) {
    case XEN_SERVICE:
      why = xasprintf("disable Xen service %s (was %s)", f->name, f->detail);
      change_set_dword(out, NAME, f->hive, f->key, "Start", 4, why);
      break;
    case XEN_FILTER:
      plan_filter(s, f, &inv, out);
      break;
    case XEN_UNPLUG:
      why = xasprintf("Xen emulated-device unplug setting %s", f->name);
      if (f->value)
        change_delete_value(out, NAME, f->hive, f->key, f->value, why);
      else
        change_delete_key(out, NAME, f->hive, f->key, why);
      break;
    case XEN_START_OVERRIDE:
      why = xasprintf("re-enable in-box storage driver %s", f->name);
      change_delete_key(out, NAME, f->hive, f->key, why);
      break;
    case XEN_CDD:
      why = xasprintf("critical device %s routed to Xen (%s)", f->name,
                      f->detail);
      change_delete_key(out, NAME, f->hive, f->key, why);
      break;
    case XEN_CLASS_INSTANCE:
      why = xasprintf("device class driver installed from Xen %s", f->name);
      change_delete_key(out, NAME, f->hive, f->key, why);
      break;
    case XEN_DRIVER_DB:
      why = xasprintf("Xen driver package %s (%s)", f->name, f->detail);
      if (f->value)
        change_delete_value(out, NAME, f->hive, f->key, f->value, why);
      else
        change_delete_key(out, NAME, f->hive, f->key, why);
      break;
    case XEN_INF_FILE:
      why = xasprintf("Xen driver package %s (%s)", f->name, f->detail);
      change_delete_path(out, NAME, CHG_DELETE_FILE, f->path, why);
      break;
    case XEN_REPO_DIR:
      why = xasprintf("Xen driver package %s in the driver store (%s)",
                      f->name, f->detail);
      change_delete_path(out, NAME, CHG_DELETE_TREE, f->path, why);
      break;
    case XEN_UNINSTALL:
      /* An MSI cannot be run offline; the report lists the entry so the
       * operator (or a first-boot script) can remove the tools. */
      break;
    }
    free(why);
  }
  xen_inventory_free(&inv);
  return RESULT_OK;
}

const struct fixup fixup_xen_removal = {
    .name = NAME,
    .summary = "remove the Xen PV drivers (services, filters, driver store)",
    .applies = applies,
    .plan = plan,
};
