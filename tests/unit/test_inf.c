/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The [Version] section of driver .inf files, as Windows writes them. */
#include "check.h"
#include "v2v/inf.h"
#include "v2v/strlist.h"

static void free_pkg(struct driver_package *p)
{
  free(p->provider);
  free(p->catalog);
  free(p->class_name);
  free(p->driver_ver);
}

static void test_ansi_with_tokens(void)
{
  const char *inf =
      "; Citrix PV bus driver\r\n"
      "[Version]\r\n"
      "Signature=\"$Windows NT$\"\r\n"
      "Class = System ; the system class\r\n"
      "ClassGuid={4D36E97D-E325-11CE-BFC1-08002BE10318}\r\n"
      "Provider=%Citrix%\r\n"
      "CatalogFile.NTamd64 = xenbus.cat\r\n"
      "DriverVer=06/02/2020,9.0.0.64\r\n"
      "\r\n"
      "[Strings]\r\n"
      "citrix = \"Citrix Systems, Inc.\"\r\n";
  struct driver_package p = {0};
  inf_parse_version(inf, strlen(inf), &p);
  CHECK_STR(p.provider, "Citrix Systems, Inc.");
  CHECK_STR(p.catalog, "xenbus.cat");
  CHECK_STR(p.class_name, "System");
  CHECK_STR(p.driver_ver, "06/02/2020,9.0.0.64");
  free_pkg(&p);
}

static void test_utf16(void)
{
  const char *text = "[Version]\nProvider=\"Xen Project\"\nCatalogFile=xenvif.cat\n";
  size_t n = strlen(text);
  unsigned char *buf = calloc(2 * n + 2, 1);
  buf[0] = 0xFF, buf[1] = 0xFE;
  for (size_t i = 0; i < n; i++)
    buf[2 + 2 * i] = (unsigned char)text[i];
  struct driver_package p = {0};
  inf_parse_version(buf, 2 * n + 2, &p);
  CHECK_STR(p.provider, "Xen Project");
  CHECK_STR(p.catalog, "xenvif.cat");
  free_pkg(&p);
  free(buf);
}

static void test_no_version(void)
{
  const char *inf = "[Strings]\nProvider=Nobody\n";
  struct driver_package p = {0};
  inf_parse_version(inf, strlen(inf), &p);
  CHECK(p.provider == NULL && p.catalog == NULL);
  free_pkg(&p);
}

int main(void)
{
  test_ansi_with_tokens();
  test_utf16();
  test_no_version();
  return check_report("inf");
}
