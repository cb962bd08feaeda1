/* What --inspect and the plan look like to a person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/report.h"

static void print_disk(FILE *f, const struct disk *d)
{
  if (d->style == PART_MBR)
    fprintf(f, "Disk:          MBR, signature %08X, %llu bytes\n",
            d->mbr_signature, (unsigned long long)d->size);
  else if (d->style == PART_GPT)
    fprintf(f, "Disk:          GPT, disk GUID %s, %llu bytes\n", d->gpt_guid,
            (unsigned long long)d->size);
  else
    fprintf(f, "Disk:          no partition table, %llu bytes\n",
            (unsigned long long)d->size);
  for (size_t i = 0; i < d->nparts; i++) {
    const struct partition *p = &d->parts[i];
    fprintf(f, "  %-11s  start %-12llu size %-12llu %-6s", p->device,
            (unsigned long long)p->start, (unsigned long long)p->size,
            p->fstype[0] ? p->fstype : "-");
    if (d->style == PART_MBR)
      fprintf(f, " type 0x%02X%s\n", p->mbr_type, p->bootable ? " active" : "");
    else
      fprintf(f, " %s\n", p->gpt_guid);
  }
}

void print_guest(FILE *f, const struct guest *g)
{
  fprintf(f, "Operating system: %s (%s)\n", g->product_name, g->os_type);
  fprintf(f, "Version:       %d.%d", g->major, g->minor);
  if (g->build)
    fprintf(f, " build %d", g->build);
  fprintf(f, "\nVariant:       %s%s%s\n", g->product_variant,
          g->edition ? ", edition " : "", g->edition ? g->edition : "");
  fprintf(f, "Architecture:  %s\n", g->arch);
  fprintf(f, "Hostname:      %s\n", g->hostname);
  fprintf(f, "Root:          %s\n", g->root);
  fprintf(f, "Firmware:      %s\n", firmware_name(g->firmware));
  print_disk(f, &g->disk);
  if (g->os_type && strcmp(g->os_type, "windows") == 0) {
    fprintf(f, "System root:   %s\n", g->systemroot);
    fprintf(f, "Control set:   %s (present:", g->control_set);
    for (size_t i = 0; i < g->control_sets.n; i++)
      fprintf(f, " %s", g->control_sets.v[i]);
    fprintf(f, ")\n");
    if (g->bcd_path)
      fprintf(f, "BCD:           %s on %s, %s\n", g->bcd_path,
              g->system_partition,
              !g->bcd_readable      ? "NOT a readable hive"
              : g->bcd_problems.n   ? "devices do NOT match the disk"
                                    : "devices match the disk");
    else
      fprintf(f, "BCD:           not found\n");
    for (size_t i = 0; i < g->bcd_problems.n; i++)
      fprintf(f, "  %s\n", g->bcd_problems.v[i]);
    fprintf(f, "Virtio drivers:");
    for (size_t i = 0; i < g->virtio_drivers.n; i++)
      fprintf(f, " %s", g->virtio_drivers.v[i]);
    fprintf(f, "%s\n", g->virtio_drivers.n ? "" : " none");
    fprintf(f, "Xen PV components: %zu\n", g->nxen);
    for (size_t i = 0; i < g->nxen; i++) {
      const struct xen_finding *x = &g->xen[i];
      fprintf(f, "  %-16s %-24s ", xen_kind_name(x->kind), x->name);
      if (x->key)
        fprintf(f, "%s\\%s%s%s", hive_id_name(x->hive), x->key,
                x->value ? " : " : "", x->value ? x->value : "");
      else
        fprintf(f, "%s", x->path);
      fprintf(f, "%s%s\n", x->detail ? "  " : "", x->detail ? x->detail : "");
    }
  }
  for (size_t i = 0; i < g->refusals.n; i++)
    fprintf(f, "Cannot fix offline: %s\n", g->refusals.v[i]);
  for (size_t i = 0; i < g->warnings.n; i++)
    fprintf(f, "Warning: %s\n", g->warnings.v[i]);
}

void print_plan(FILE *f, const struct change_list *plan)
{
  if (!plan->n) {
    fprintf(f, "Plan: nothing to change.\n");
    return;
  }
  fprintf(f, "Plan: %zu changes\n", plan->n);
  const char *last = NULL;
  for (size_t i = 0; i < plan->n; i++) {
    const struct change *c = &plan->v[i];
    if (!last || strcmp(last, c->fixup) != 0)
      fprintf(f, "[%s]\n", c->fixup);
    last = c->fixup;
    char *d = change_describe(c);
    fprintf(f, "  %s\n      (%s)\n", d, c->why);
    free(d);
  }
}
