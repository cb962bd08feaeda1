/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Release files as real distributions ship them: os-release (quoted and
 * bare values, PRETTY_NAME or NAME + VERSION), Red Hat and SUSE release
 * files, the minor version from the release file or debian_version, ELF
 * headers and host names. */
#include "check.h"
#include "v2v/linux_release.h"

#include <string.h>

static void check_release(const char *what, bool ok, struct linux_release *r,
                          const char *distro, const char *product, int major,
                          int minor)
{
  CHECK(ok);
  if (!ok) {
    fprintf(stderr, "  %s not recognised\n", what);
    return;
  }
  CHECK_STR(r->distro, distro);
  CHECK_STR(r->product_name, product);
  CHECK(r->major == major && r->minor == minor);
  linux_release_free(r);
}

static void test_os_release(void)
{
  struct linux_release r = {0};
  const char *debian12 =
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
      "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\n"
      "ID=debian\nHOME_URL=\"https://www.debian.org/\"\n";
  check_release("debian", linux_release_from_os_release(debian12, &r), &r,
                "debian", "Debian GNU/Linux 12 (bookworm)", 12, 0);
  const char *rocky9 =
      "NAME=\"Rocky Linux\"\nVERSION=\"9.3 (Blue Onyx)\"\nID=\"rocky\"\n"
      "ID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\nPLATFORM_ID=\"platform:el9\"\n"
      "PRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\n";
  check_release("rocky", linux_release_from_os_release(rocky9, &r), &r,
                "rocky", "Rocky Linux 9.3 (Blue Onyx)", 9, 3);
  const char *ol8 = "NAME=\"Oracle Linux Server\"\nVERSION=\"8.9\"\nID=\"ol\"\n"
                    "ID_LIKE=\"fedora\"\nVERSION_ID=\"8.9\"\n"
                    "PRETTY_NAME=\"Oracle Linux Server 8.9\"\n";
  check_release("ol", linux_release_from_os_release(ol8, &r), &r,
                "oraclelinux", "Oracle Linux Server 8.9", 8, 9);
  const char *sles = "NAME=\"SLES\"\nVERSION=\"15-SP5\"\nVERSION_ID=\"15.5\"\n"
                     "PRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP5\"\n"
                     "ID=\"sles\"\nID_LIKE=\"suse\"\n";
  check_release("sles", linux_release_from_os_release(sles, &r), &r, "sles",
                "SUSE Linux Enterprise Server 15 SP5", 15, 5);
  const char *ubuntu = "NAME=Ubuntu\r\nVERSION='22.04.4 LTS (Jammy Jellyfish)'\r\n"
                       "ID=ubuntu\r\nVERSION_ID=\"22.04\"\r\n";
  check_release("ubuntu without PRETTY_NAME",
                linux_release_from_os_release(ubuntu, &r), &r, "ubuntu",
                "Ubuntu 22.04.4 LTS (Jammy Jellyfish)", 22, 4);
  const char *escaped = "ID=fedora\nPRETTY_NAME=\"Fedora \\\"Linux\\\" 39\"\n"
                        "VERSION_ID=39\n";
  check_release("escapes", linux_release_from_os_release(escaped, &r), &r,
                "fedora", "Fedora \"Linux\" 39", 39, 0);
  /* ID_LIKE alone does not make a distribution we know; nor does an
   * ID_LIKE line pass for ID. */
  CHECK(!linux_release_from_os_release("ID=gentoo\nID_LIKE=debian\n", &r));
  CHECK(!linux_release_from_os_release("ID_LIKE=debian\nNAME=x\n", &r));
  CHECK(!linux_release_from_os_release("", &r));
}

static void test_release_files(void)
{
  struct linux_release r = {0};
  check_release("centos6",
                linux_release_from_release_file("CentOS release 6.10 (Final)\n", &r),
                &r, "centos", "CentOS release 6.10 (Final)", 6, 10);
  check_release("rhel5",
                linux_release_from_release_file(
                    "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n", &r),
                &r, "rhel", "Red Hat Enterprise Linux Server release 5.11 (Tikanga)",
                5, 11);
  check_release("rhel no minor",
                linux_release_from_release_file(
                    "Red Hat Enterprise Linux Server release 4 (Nahant)", &r),
                &r, "rhel", "Red Hat Enterprise Linux Server release 4 (Nahant)",
                4, 0);
  check_release("suse11",
                linux_release_from_release_file(
                    "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\n"
                    "PATCHLEVEL = 4\n", &r),
                &r, "sles", "SUSE Linux Enterprise Server 11 (x86_64)", 11, 4);
  CHECK(!linux_release_from_release_file("12.5\n", &r)); /* debian_version */
  CHECK(!linux_release_from_release_file("Gentoo Base System release 2.14\n", &r));
}

static void test_refine(void)
{
  struct linux_release r = {0};
  CHECK(linux_release_from_os_release(
      "ID=\"centos\"\nVERSION_ID=\"7\"\nPRETTY_NAME=\"CentOS Linux 7 (Core)\"\n", &r));
  linux_release_refine(&r, "CentOS Linux release 7.9.2009 (Core)\n");
  CHECK(r.major == 7 && r.minor == 9);
  CHECK_STR(r.product_name, "CentOS Linux release 7.9.2009 (Core)");
  CHECK_STR(r.distro, "centos");
  linux_release_free(&r);
  CHECK(linux_release_from_os_release("ID=debian\nVERSION_ID=\"12\"\n", &r));
  linux_release_refine(&r, "12.5\n");
  CHECK(r.major == 12 && r.minor == 5);
  linux_release_free(&r);
  /* A release file of another major (or "trixie/sid") changes nothing. */
  CHECK(linux_release_from_os_release("ID=debian\nVERSION_ID=\"12\"\n", &r));
  linux_release_refine(&r, "13.1\n");
  CHECK(r.minor == 0);
  linux_release_refine(&r, "trixie/sid\n");
  CHECK(r.minor == 0);
  linux_release_free(&r);
  /* Rocky's os-release has the minor already: PRETTY_NAME stays. */
  CHECK(linux_release_from_os_release(
      "ID=rocky\nVERSION_ID=\"9.3\"\nPRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\n", &r));
  linux_release_refine(&r, "Rocky Linux release 9.3 (Blue Onyx)\n");
  CHECK_STR(r.product_name, "Rocky Linux 9.3 (Blue Onyx)");
  linux_release_free(&r);
  /* A release file of another major leaves os-release's. */
  CHECK(linux_release_from_os_release("ID=centos\nVERSION_ID=\"8\"\nPRETTY_NAME=\"CentOS 8\"\n", &r));
  linux_release_refine(&r, "CentOS Linux release 7.9.2009 (Core)\n");
  CHECK(r.major == 8 && r.minor == 0);
  CHECK_STR(r.product_name, "CentOS 8");
  linux_release_free(&r);
}

static void test_arch(void)
{
  unsigned char h[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  h[18] = 0x3e;
  CHECK_STR(linux_elf_arch(h, sizeof h), "x86_64");
  h[18] = 0xb7;
  CHECK_STR(linux_elf_arch(h, sizeof h), "aarch64");
  h[4] = 1;
  h[18] = 0x03;
  CHECK_STR(linux_elf_arch(h, sizeof h), "i386");
  h[4] = 2;
  h[5] = 2; /* big-endian s390x */
  h[18] = 0;
  h[19] = 0x16;
  CHECK_STR(linux_elf_arch(h, sizeof h), "s390x");
  CHECK(linux_elf_arch(h, 19) == NULL);
  CHECK(linux_elf_arch((const unsigned char *)"#!/bin/sh\n echo not ELF....", 28) ==
        NULL);
}

static void test_hostname(void)
{
  CHECK_STR_OWNED(linux_hostname_parse("web01\n", false), "web01");
  CHECK_STR_OWNED(linux_hostname_parse("  db.example.com  # set by installer\n", false),
                  "db.example.com");
  CHECK(linux_hostname_parse("\n", false) == NULL);
  CHECK_STR_OWNED(linux_hostname_parse("NETWORKING=yes\nHOSTNAME=centos6.local\n", true),
                  "centos6.local");
  CHECK_STR_OWNED(linux_hostname_parse("HOSTNAME=\"quoted\"\n", true), "quoted");
  CHECK(linux_hostname_parse("NETWORKING=yes\nHOSTNAME=\n", true) == NULL);
}

int main(void)
{
  test_os_release();
  test_release_files();
  test_refine();
  test_arch();
  test_hostname();
  return check_report("linux_release");
}
