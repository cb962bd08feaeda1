/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Templates, CRLF, UTF-16 files and INI edits (scripts.ini, gpt.ini). */
#include <stdbool.h>

#include "check.h"
#include "v2v/datafile.h"
#include "v2v/strlist.h"
#include "v2v/text.h"

/* An unreplaced @NAME@ placeholder left in a script. */
static bool has_placeholder(const char *s)
{
  for (const char *p = strchr(s, '@'); p; p = strchr(p + 1, '@')) {
    const char *q = p + 1;
    while ((*q >= 'A' && *q <= 'Z') || *q == '_')
      q++;
    if (q > p + 1 && *q == '@')
      return true;
  }
  return false;
}

static void test_template(void)
{
  const char *pairs[] = {"A", "1", "NAME", "xen tools", NULL};
  char *r = template_fill("x @A@ y @NAME@ @MISSING@ a@b", pairs);
  CHECK_STR(r, "x 1 y xen tools @MISSING@ a@b");
  free(r);
  /* Every placeholder of the shipped scripts is one the code fills. */
  const char *uninstall[] = {"NAME", "n", "PRODUCT", "{p}", NULL};
  CHECK(has_placeholder(data_firstboot_uninstall_msi));
  r = template_fill(data_firstboot_uninstall_msi, uninstall);
  CHECK(!has_placeholder(r) && strstr(r, "msiexec.exe /x {p} /qn"));
  free(r);
  const char *runner[] = {"GPO_INDEX", "0", NULL};
  r = template_fill(data_firstboot_runner, runner);
  CHECK(!has_placeholder(r) && strstr(r, "Startup\\0\\%~1"));
  free(r);
  const char *ip[] = {"INTERFACE", "{i}", "IPADDRESS", "'10.0.0.5'",
                      "SUBNETMASK", "'255.0.0.0'", "GATEWAY", "'10.0.0.1'",
                      "DNS", "", NULL};
  r = template_fill(data_firstboot_static_ip_ps1, ip);
  CHECK(!has_placeholder(r));
  CHECK(strstr(r, "$ip = @('10.0.0.5')") != NULL);
  free(r);
}

static void test_crlf_and_utf16(void)
{
  char *r = text_crlf("a\nb\r\nc\n");
  CHECK_STR(r, "a\r\nb\r\nc\r\n");
  free(r);
  size_t len;
  char *u = text_utf16_bom("[S]\r\n", &len);
  CHECK(len == 2 + 2 * 5 && (unsigned char)u[0] == 0xFF && u[2] == '[' && !u[3]);
  char *back = text_decode(u, len);
  CHECK_STR(back, "[S]\r\n");
  free(back);
  free(u);
}

static void test_ini(void)
{
  const char *ini = "[Logon]\r\n0CmdLine=a.cmd\r\n[Startup]\r\n"
                    "0CmdLine=other.cmd\r\n0Parameters=\r\n";
  char *v = ini_get(ini, "startup", "0cmdline");
  CHECK_STR(v, "other.cmd");
  free(v);
  CHECK(ini_get(ini, "Startup", "1CmdLine") == NULL);
  v = ini_get(ini, "Logon", "0CmdLine");
  CHECK_STR(v, "a.cmd");
  free(v);

  char *a = ini_set(ini, "Startup", "1CmdLine", "v2v-firstboot.cmd");
  v = ini_get(a, "Startup", "1CmdLine");
  CHECK_STR(v, "v2v-firstboot.cmd");
  free(v);
  v = ini_get(a, "Startup", "0CmdLine"); /* the existing entry stays */
  CHECK_STR(v, "other.cmd");
  free(v);
  char *b = ini_set(a, "Logon", "0CmdLine", "b.cmd"); /* replace, mid-file */
  v = ini_get(b, "Logon", "0CmdLine");
  CHECK_STR(v, "b.cmd");
  free(v);
  v = ini_get(b, "Startup", "1CmdLine");
  CHECK_STR(v, "v2v-firstboot.cmd");
  free(v);
  char *c = ini_set("", "General", "Version", "1");
  CHECK_STR(c, "[General]\nVersion=1\n");
  char *d = ini_set("[General]\nVersion=65537", "General", "Version", "65538");
  CHECK_STR(d, "[General]\nVersion=65538\n");
  free(a), free(b), free(c), free(d);
}

int main(void)
{
  test_template();
  test_crlf_and_utf16();
  test_ini();
  return check_report("text");
}
