/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fstab resolved against one guest's own disks: device names counted from
 * the guest's first disk whatever the appliance calls it, UUID/LABEL/
 * PARTUUID and by-* links, LVM names; what is not a local mount left out. */
#include "check.h"
#include "v2v/fstab.h"
#include "v2v/own_fs.h"

/* A guest whose disks are the appliance's third and fourth drives. */
static const struct guest_fs fs[] = {
    {"/dev/sdc1", "6f1e0f1c-0000-4000-8000-000000000001", "root",
     "5e7a1d00-01", 0, 1},
    {"/dev/sdc2", "6f1e0f1c-0000-4000-8000-000000000002", NULL, "5e7a1d00-02",
     0, 2},
    {"/dev/sdd1", "D47A-11E5", "DATA DISK", "5e7a1d01-01", 1, 1},
    {"/dev/sde", "aaaa0000-0000-4000-8000-00000000000e", NULL, NULL, 2, 0},
    {"/dev/vg-sys/lv_home", "abcd", "home", NULL, -1, 0},
};
static const size_t nfs = sizeof fs / sizeof fs[0];

static void test_resolve(void)
{
  CHECK_STR(fstab_resolve("/dev/xvda1", fs, nfs), "/dev/sdc1");
  CHECK_STR(fstab_resolve("/dev/sda2", fs, nfs), "/dev/sdc2");
  CHECK_STR(fstab_resolve("/dev/vdb1", fs, nfs), "/dev/sdd1");
  CHECK_STR(fstab_resolve("/dev/hdb1", fs, nfs), "/dev/sdd1");
  CHECK_STR(fstab_resolve("/dev/xvdc", fs, nfs), "/dev/sde");
  CHECK(fstab_resolve("/dev/xvdb2", fs, nfs) == NULL); /* not there */
  CHECK(fstab_resolve("/dev/xvdz1", fs, nfs) == NULL);
  CHECK(fstab_resolve("/dev/xvda1x", fs, nfs) == NULL);
  CHECK_STR(fstab_resolve("UUID=6F1E0F1C-0000-4000-8000-000000000002", fs,
                          nfs), "/dev/sdc2");
  CHECK_STR(fstab_resolve("UUID=\"d47a-11e5\"", fs, nfs), "/dev/sdd1");
  CHECK_STR(fstab_resolve("/dev/disk/by-uuid/6f1e0f1c-0000-4000-8000-000000000001",
                          fs, nfs), "/dev/sdc1");
  CHECK_STR(fstab_resolve("LABEL=root", fs, nfs), "/dev/sdc1");
  CHECK(fstab_resolve("LABEL=ROOT", fs, nfs) == NULL); /* labels are exact */
  CHECK_STR(fstab_resolve("/dev/disk/by-label/DATA\\x20DISK", fs, nfs),
            "/dev/sdd1");
  CHECK_STR(fstab_resolve("PARTUUID=5E7A1D01-01", fs, nfs), "/dev/sdd1");
  CHECK_STR(fstab_resolve("/dev/mapper/vg--sys-lv_home", fs, nfs),
            "/dev/vg-sys/lv_home");
  CHECK_STR(fstab_resolve("/dev/vg-sys/lv_home", fs, nfs),
            "/dev/vg-sys/lv_home");
  CHECK(fstab_resolve("/dev/mapper/other-lv", fs, nfs) == NULL);
  CHECK(fstab_resolve("UUID=0000", fs, nfs) == NULL);
  CHECK(fstab_resolve("server:/export", fs, nfs) == NULL);
}

static void test_parse(void)
{
  const char *text =
      "# /etc/fstab: static file system information.\n"
      "UUID=6f1e0f1c-0000-4000-8000-000000000001 / ext4 errors=remount-ro 0 1\n"
      "/dev/xvda2 none swap sw 0 0\n"
      "/dev/xvdb1  /srv  ext4  defaults,nofail    0  2\n"
      "\t/dev/xvdb2\t/var/lib/my\\040data\txfs\tdefaults 0 0\r\n"
      "proc /proc proc defaults 0 0\n"
      "tmpfs /tmp tmpfs defaults 0 0\n"
      "nas:/export /mnt/nas nfs defaults 0 0\n"
      "/srv/a /home/a none bind 0 0\n"
      "/srv/b /home/b ext4 rw,bind 0 0\n"
      "/dev/cdrom /media/cdrom iso9660 noauto 0 0\n"
      "broken-line-without-fields\n"
      "LABEL=home /home ext4\n";
  struct fstab_entry *e;
  size_t n;
  fstab_parse(text, &e, &n);
  REQUIRE(n == 3);
  CHECK_STR(e[0].spec, "/dev/xvdb1");
  CHECK_STR(e[0].mountpoint, "/srv");
  CHECK_STR(e[0].fstype, "ext4");
  CHECK_STR(e[1].spec, "/dev/xvdb2");
  CHECK_STR(e[1].mountpoint, "/var/lib/my data");
  CHECK_STR(e[2].spec, "LABEL=home");
  fstab_free(e, n);
  fstab_parse("", &e, &n);
  CHECK(n == 0 && e == NULL);
}

static void test_names(void)
{
  CHECK(disk_index_of_letters("a", 1) == 0);
  CHECK(disk_index_of_letters("z", 1) == 25);
  CHECK(disk_index_of_letters("aa", 2) == 26);
  CHECK(disk_index_of_letters("ab", 2) == 27);
  CHECK(disk_index_of_letters("A", 1) == -1);
  CHECK_STR_OWNED(own_fs_relative_name(0, 1), "/dev/sda1");
  CHECK_STR_OWNED(own_fs_relative_name(1, 12), "/dev/sdb12");
  CHECK_STR_OWNED(own_fs_relative_name(25, 0), "/dev/sdz");
  CHECK_STR_OWNED(own_fs_relative_name(26, 3), "/dev/sdaa3");
}

int main(void)
{
  test_resolve();
  test_parse();
  test_names();
  return check_report("fstab");
}
