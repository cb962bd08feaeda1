/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guests that cannot be fixed offline: writing to them would lose data or
 * cannot work at all. Each refusal is one line naming the partition. */
#include "v2v/refusals.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/session.h"

#define GPT_LDM_METADATA "5808C8AA-7E8F-42E0-85D2-E1E90434CFB3"
#define GPT_LDM_DATA "AF9B60A0-1431-4F62-BC68-3311714A69AD"
#define MBR_LDM 0x42

char *partition_refusal(const struct partition *p, const void *boot,
                        size_t len)
{
  if (len >= 11 && memcmp((const char *)boot + 3, "-FVE-FS-", 8) == 0)
    return xasprintf("partition %d (%s) is encrypted with BitLocker: "
                     "decrypt it in Windows first (manage-bde -off)",
                     p->num, p->device);
  if (p->mbr_type == MBR_LDM || !strcasecmp(p->gpt_type, GPT_LDM_METADATA) ||
      !strcasecmp(p->gpt_type, GPT_LDM_DATA))
    return xasprintf("partition %d (%s) is part of a Windows dynamic disk "
                     "(LDM): convert the system disk to basic first",
                     p->num, p->device);
  return NULL;
}

void inspect_disk_refusals(struct session *s)
{
  struct guest *g = &s->guest;
  for (size_t i = 0; i < g->disk.nparts; i++) {
    const struct partition *p = &g->disk.parts[i];
    char *why = partition_refusal(p, p->boot, p->boot_len);
    if (why)
      strlist_take(&g->refusals, why);
  }
}

/* A hiberfil.sys that starts with a hibernation signature means Windows
 * was hibernated or shut down with Fast Startup: its in-memory state would
 * overwrite any offline change at next boot. */
void inspect_hibernation(struct session *s, const char *mnt)
{
  char *hpath = xasprintf("%s/hiberfil.sys", mnt);
  char *path = guest_real_path(s, hpath);
  free(hpath);
  if (!path)
    return;
  size_t n;
  char *head = guestfs_pread(s->g, path, 4, 0, &n);
  static const char *const magics[] = {"hibr", "wake", "rstr", NULL};
  for (int i = 0; head && n == 4 && magics[i]; i++)
    if (strncasecmp(head, magics[i], 4) == 0) {
      strlist_addf(&s->guest.refusals,
                   "Windows on %s is hibernated or was shut down with Fast "
                   "Startup: boot it and shut down fully (shutdown /s /t 0), "
                   "or disable Fast Startup, then convert again",
                   s->guest.root);
      break;
    }
  free(head);
  free(path);
}
