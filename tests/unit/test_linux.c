/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Linux guests: kernel module facts, Xen-only kernels, initramfs listings
 * and the edits of fstab, grub defaults, inittab and modprobe files. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "v2v/linux_common.h"
#include "v2v/linux_inspect.h"
#include "v2v/linux_text.h"

static void test_kmod_state(void)
{
  const char *config = "# CONFIG_FOO is not set\nCONFIG_VIRTIO_PCI=y\n"
                       "CONFIG_VIRTIO_BLK=m\nCONFIG_SCSI_VIRTIO=m\n";
  const char *builtin = "kernel/drivers/virtio/virtio.ko\n"
                        "kernel/drivers/net/virtio_net.ko\n";
  const char *dep = "kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio_ring.ko\n"
                    "kernel/drivers/scsi/virtio_scsi.ko.xz:\n"
                    "kernel/drivers/block/xen-blkfront.ko:\n";
  CHECK(kmod_state_of(config, builtin, dep, "VIRTIO_PCI", "virtio_pci") == KMOD_BUILTIN);
  CHECK(kmod_state_of(config, builtin, dep, "VIRTIO_BLK", "virtio_blk") == KMOD_MODULE);
  CHECK(kmod_state_of(config, builtin, dep, "SCSI_VIRTIO", "virtio_scsi") == KMOD_MODULE);
  CHECK(kmod_state_of(config, builtin, dep, "VIRTIO_NET", "virtio_net") == KMOD_BUILTIN);
  /* =m in the config but the module file is gone: absent. */
  CHECK(kmod_state_of("CONFIG_VIRTIO_BLK=m\n", NULL, "kernel/x.ko:\n",
                      "VIRTIO_BLK", "virtio_blk") == KMOD_ABSENT);
  /* A name that only ends like the module is another module. */
  CHECK(kmod_state_of(NULL, NULL, "kernel/drivers/block/xvirtio_blk.ko:\n",
                      "VIRTIO_BLK", "virtio_blk") == KMOD_ABSENT);
  CHECK(kmod_state_of(NULL, NULL, NULL, "VIRTIO_BLK", "virtio_blk") == KMOD_ABSENT);
}

static void test_kernels(void)
{
  CHECK(kernel_is_xen_only("2.6.18-419.el5xen"));
  CHECK(kernel_is_xen_only("2.6.32.12-0.7-xen"));
  CHECK(!kernel_is_xen_only("6.1.0-18-amd64"));
  CHECK(!kernel_is_xen_only("2.6.18-419.el5"));
  struct linux_kernel k = {.version = "6.1.0-18-amd64"};
  k.virtio[VIRTIO_PCI] = KMOD_MODULE;
  k.virtio[VIRTIO_BLK] = KMOD_MODULE;
  CHECK(linux_kernel_usable(&k));
  k.virtio[VIRTIO_BLK] = KMOD_ABSENT;
  CHECK(!linux_kernel_usable(&k));
  k.virtio[VIRTIO_SCSI] = KMOD_BUILTIN;
  CHECK(linux_kernel_usable(&k));
  k.xen_only = true;
  CHECK(!linux_kernel_usable(&k));
}

static void test_refusal(void)
{
  struct linux_kernel ks[2] = {{.version = "2.6.18-419.el5xen", .xen_only = true},
                               {.version = "2.6.18-419.el5"}};
  struct guest g = {0};
  linux_refuse_unbootable(&g);
  CHECK(g.refusals.n == 1 && strstr(g.refusals.v[0], "no kernel"));
  strlist_free(&g.refusals);
  g.linux_os.kernels = ks;
  g.linux_os.nkernels = 1;
  linux_refuse_unbootable(&g);
  CHECK(g.refusals.n == 1 && strstr(g.refusals.v[0], "only Xen PV kernels"));
  strlist_free(&g.refusals);
  /* A second kernel without virtio: still refused, for that reason. */
  g.linux_os.nkernels = 2;
  linux_refuse_unbootable(&g);
  CHECK(g.refusals.n == 1 && strstr(g.refusals.v[0], "no installed kernel has virtio"));
  strlist_free(&g.refusals);
  ks[1].virtio[VIRTIO_PCI] = KMOD_BUILTIN;
  ks[1].virtio[VIRTIO_BLK] = KMOD_MODULE;
  linux_refuse_unbootable(&g);
  CHECK(g.refusals.n == 0);
}

static void test_initramfs_listing(void)
{
  const char *l = "usr/lib/modules/6.1.0-18-amd64/kernel/drivers/block/xen-blkfront.ko\n"
                  "usr/lib/modules/6.1.0-18-amd64/kernel/drivers/block/virtio_blk.ko.zst\n"
                  "usr/lib/modules/6.1.0-18-amd64/modules.dep";
  CHECK(initramfs_lists_module(l, "virtio_blk"));
  CHECK(initramfs_lists_module(l, "xen-blkfront"));
  CHECK(!initramfs_lists_module(l, "virtio_scsi"));
  CHECK(!initramfs_lists_module("", "virtio_blk"));
  /* lsinitrd (dracut) lists like "ls -l": the time's colon is no
   * modules.dep separator. */
  const char *d =
      "-rw-r--r--   1 root     root        61945 Jul  2 13:50 usr/lib/"
      "modules/6.1.0-50-amd64/kernel/drivers/virtio/virtio_pci.ko\n"
      "drwxr-xr-x   2 root     root            0 Dec  1 23:38 usr/lib/"
      "modules/6.1.0-50-amd64/kernel/drivers/block\n"
      "-rw-r--r--   1 root     root        12345 Jul  2 13:50 usr/lib/"
      "modules/6.1.0-50-amd64/kernel/drivers/scsi/virtio_scsi.ko.xz  \n";
  CHECK(initramfs_lists_module(d, "virtio_pci"));
  CHECK(initramfs_lists_module(d, "virtio_scsi"));
  CHECK(!initramfs_lists_module(d, "virtio_blk"));
}

static void test_devices(void)
{
  strlist uuids = {0};
  strlist_add(&uuids, "/dev/sda1 1111-aaaa");
  strlist_add(&uuids, "/dev/sda2 2222-bbbb");
  const char *fstab = "/dev/xvda1 / ext4 defaults 0 1\n"
                      "/dev/xvda2 none swap sw 0 0\n"
                      "/dev/xvdb1 /srv ext4 nofail 0 2\n"
                      "/dev/xvda3 /x ext4 nofail 0 2\n"
                      "UUID=abcd /data xfs defaults 0 0\n"
                      "/dev/xvdz9x /weird\n";
  char *r = linux_rewrite_devices(fstab, "vd", &uuids);
  CHECK_STR(r, "UUID=1111-aaaa / ext4 defaults 0 1\n"
               "UUID=2222-bbbb none swap sw 0 0\n"
               "/dev/vdb1 /srv ext4 nofail 0 2\n"
               "/dev/vda3 /x ext4 nofail 0 2\n"
               "UUID=abcd /data xfs defaults 0 0\n"
               "/dev/xvdz9x /weird\n");
  free(r);
  /* Kernel command line; hd always moves, sd only off virtio-scsi. */
  r = linux_rewrite_devices("root=/dev/hdb2 resume=/dev/sdc1 x", "vd", &uuids);
  CHECK_STR(r, "root=/dev/vdb2 resume=/dev/vdc1 x");
  free(r);
  r = linux_rewrite_devices("root=/dev/hdb2 resume=/dev/sdc1 x", "sd", &uuids);
  CHECK_STR(r, "root=/dev/sdb2 resume=/dev/sdc1 x");
  free(r);
  CHECK(linux_rewrite_devices("root=UUID=1 /dev/vda1 /dev/sdc1", "sd", &uuids) == NULL);
  r = linux_rewrite_devices("/dev/disk/by-uuid/x /dev/xvdaa", "vd", &uuids);
  CHECK(r != NULL);
  free(r);
  strlist_free(&uuids);
}

static void test_words(void)
{
  const char *const consoles[] = {"hvc0", "xvc0", NULL};
  char *r = linux_replace_words(
      "GRUB_CMDLINE_LINUX=\"console=hvc0 x=hvc01\"\nco:2345:respawn:/sbin/getty -L xvc0 9600\nhvc0\n",
      consoles, "ttyS0");
  CHECK_STR(r, "GRUB_CMDLINE_LINUX=\"console=ttyS0 x=hvc01\"\nco:2345:respawn:/sbin/getty -L ttyS0 9600\nttyS0\n");
  free(r);
  CHECK(linux_replace_words("console=tty0 ahvc0", consoles, "ttyS0") == NULL);
}

static void test_aliases(void)
{
  strlist mods = {0};
  strlist_add(&mods, "xen-blkfront");
  strlist_add(&mods, "xen-netfront");
  char *r = linux_comment_aliases("alias scsi_hostadapter xen_blkfront\n"
                                  "  alias eth0 xen-netfront\n"
                                  "alias eth1 e1000\noptions loop max_loop=16\n"
                                  "# alias eth2 xen-netfront\n", &mods, "Xen");
  CHECK_STR(r, "# Xen only, disabled by v2v-fixup: alias scsi_hostadapter xen_blkfront\n"
               "# Xen only, disabled by v2v-fixup:   alias eth0 xen-netfront\n"
               "alias eth1 e1000\noptions loop max_loop=16\n"
               "# alias eth2 xen-netfront\n");
  /* Second pass: nothing left to do. */
  CHECK(linux_comment_aliases(r, &mods, "Xen") == NULL);
  free(r);
  strlist_free(&mods);

  /* VMware's aliases, from data/linux-xen.conf, with their own words. */
  strlist vmw = linux_table("vmware-modules");
  r = linux_comment_aliases("alias scsi_hostadapter vmw_pvscsi\n"
                            "alias scsi_hostadapter1 mptspi\n"
                            "alias eth0 vmxnet3\nalias eth1 virtio_net\n"
                            "options vmw_pvscsi cmd_per_lun=254\n", &vmw, "VMware");
  CHECK_STR(r, "# VMware only, disabled by v2v-fixup: alias scsi_hostadapter vmw_pvscsi\n"
               "# VMware only, disabled by v2v-fixup: alias scsi_hostadapter1 mptspi\n"
               "# VMware only, disabled by v2v-fixup: alias eth0 vmxnet3\n"
               "alias eth1 virtio_net\noptions vmw_pvscsi cmd_per_lun=254\n");
  free(r);
  strlist_free(&vmw);
}

static void test_grub_and_lines(void)
{
  char *r = linux_grub_enable_uuid("A=1\nGRUB_DISABLE_LINUX_UUID=\"true\"\nB=2");
  CHECK_STR(r, "A=1\nGRUB_DISABLE_LINUX_UUID=false\nB=2");
  free(r);
  CHECK(linux_grub_enable_uuid("GRUB_DISABLE_LINUX_UUID=false\n") == NULL);
  CHECK(linux_grub_enable_uuid("#GRUB_DISABLE_LINUX_UUID=true\n") == NULL);

  strlist mods = {0};
  strlist_add(&mods, "virtio_blk");
  strlist_add(&mods, "virtio_scsi");
  r = linux_add_missing_lines("# list\nxen-blkfront\n virtio_blk \n# virtio_scsi", &mods);
  CHECK_STR(r, "# list\nxen-blkfront\n virtio_blk \n# virtio_scsi\nvirtio_scsi\n");
  CHECK(linux_add_missing_lines(r, &mods) == NULL);
  free(r);
  strlist_free(&mods);
}

static void test_grub_stub(void)
{
  CHECK(grub_cfg_is_stub("search --no-floppy --fs-uuid --set=dev 1234\n"
                         "set prefix=($dev)/grub2\n"
                         "export $prefix\n"
                         "configfile $prefix/grub.cfg\n"));
  CHECK(!grub_cfg_is_stub("### BEGIN /etc/grub.d/10_linux ###\n"
                          "menuentry 'CentOS Linux' {\n"
                          "\tlinuxefi /vmlinuz-3.10 root=/dev/xvda2\n}\n"
                          "submenu 'x' { configfile /boot/x.cfg }\n"));
  CHECK(!grub_cfg_is_stub("insmod blscfg\nblscfg\n"));
  CHECK(!grub_cfg_is_stub("# configfile is mentioned only here\n"));
  CHECK(!grub_cfg_is_stub(""));
}

static void test_grubenv(void)
{
  char block[1025];
  const char *vars = "# GRUB Environment Block\nkernelopts=root=UUID=1234 ro\n";
  memset(block, '#', 1024);
  block[1024] = '\0';
  memcpy(block, vars, strlen(vars));
  char *r = grubenv_repad(block, 1024);
  CHECK(r && strlen(r) == 1024 && strncmp(r, vars, strlen(vars)) == 0 &&
        r[1023] == '#');
  free(r);
  /* Grown by an edit: the padding shrinks to keep 1024 bytes. */
  char *grown = xasprintf("%s%s", "# GRUB Environment Block\n"
                          "kernelopts=root=UUID=6f1d2c3b-4a5e-4f60 ro\n",
                          block + strlen(vars));
  r = grubenv_repad(grown, 1024);
  CHECK(r && strlen(r) == 1024 && strstr(r, "UUID=6f1d2c3b-4a5e-4f60 ro\n#"));
  free(r);
  free(grown);
  /* Variables longer than the block: no edit. */
  char big[1100];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  CHECK(grubenv_repad(big, 1024) == NULL);
}

static void test_upstart_consoles(void)
{
  static const char *const xen[] = {"hvc0", "xvc0", NULL};
  CHECK(upstart_job_runs_getty_on("start on stopped rc RUNLEVEL=[2345]\n"
                                  "respawn\n"
                                  "exec /sbin/agetty /dev/hvc0 38400 vt100-nav\n",
                                  xen));
  CHECK(upstart_job_runs_getty_on("  exec /sbin/mingetty xvc0\n", xen));
  /* A getty elsewhere, or hvc0 named outside an exec line: kept. */
  CHECK(!upstart_job_runs_getty_on("instance $TTY\nexec /sbin/mingetty $TTY\n", xen));
  CHECK(!upstart_job_runs_getty_on("# was on hvc0\nexec /sbin/agetty /dev/ttyS1 115200\n", xen));
  CHECK(!upstart_job_runs_getty_on("exec /sbin/agetty /dev/hvc01 9600\n", xen));
  CHECK(!upstart_job_runs_getty_on("exec /usr/bin/logger hvc0\n", xen));

  char *r = linux_drop_active_consoles("BOOTUP=color\n"
                                       "ACTIVE_CONSOLES=\"/dev/tty[1-6] /dev/hvc0\"\n"
                                       "SINGLE=/sbin/sushell\n", xen);
  CHECK_STR(r, "BOOTUP=color\nACTIVE_CONSOLES=\"/dev/tty[1-6]\"\nSINGLE=/sbin/sushell\n");
  CHECK(linux_drop_active_consoles(r, xen) == NULL);
  free(r);
  r = linux_drop_active_consoles("ACTIVE_CONSOLES=xvc0", xen);
  CHECK_STR(r, "ACTIVE_CONSOLES=");
  free(r);
  CHECK(linux_drop_active_consoles("ACTIVE_CONSOLES=/dev/tty[1-6]\n", xen) == NULL);
  CHECK(linux_drop_active_consoles("# ACTIVE_CONSOLES=/dev/hvc0\n", xen) == NULL);
}

int main(void)
{
  test_kmod_state();
  test_kernels();
  test_refusal();
  test_initramfs_listing();
  test_devices();
  test_words();
  test_aliases();
  test_grub_and_lines();
  test_grub_stub();
  test_grubenv();
  test_upstart_consoles();
  return check_report("linux");
}
