/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text read from the guest: decoding (UTF-16/ANSI), INI files, and the
 * Linux configuration edits and kernel listings. The input is split at
 * the first NUL into the text and a second argument. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/linux_text.h"
#include "v2v/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  free(text_decode(data, size));
  char *text = malloc(size + 1);
  if (!text)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  const char *second = text + strlen(text);
  if (second < text + size)
    second++;
  free(ini_get(text, "Desktop", "Name"));
  strlist uuids = {0};
  strlist_add(&uuids, "/dev/sda1 0123-4567");
  free(linux_rewrite_devices(text, "vd", &uuids));
  strlist_free(&uuids);
  strlist mods = {0};
  strlist_add(&mods, "xen-blkfront");
  free(linux_comment_aliases(text, &mods, "Xen"));
  free(linux_add_missing_lines(text, &mods));
  strlist_free(&mods);
  free(linux_grub_enable_uuid(text));
  (void)grub_cfg_is_stub(text);
  free(grubenv_repad(text, 1024));
  (void)initramfs_lists_module(text, "virtio_blk");
  (void)kmod_state_of(text, second, second, "VIRTIO_BLK", "virtio_blk");
  (void)kernel_is_xen_only(text);
  free(text);
  return 0;
}
