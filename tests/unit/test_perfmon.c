/* test_perfmon.c — the pieces of the PDH readers (importers/pdh.h) one by
 * one: counter paths, timestamps, value cells, case folding, the localized
 * counter table, and format detection of perfmon against esxtop. */
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "pdh.h"
#include "t.h"

extern const struct nf_importer imp_perfmon, imp_esxtop;

static void test_paths(void)
{
  char a[] = "\\\\WEB01\\Processor(_Total)\\% Processor Time";
  pdh_path p;
  T_CHECK(pdh_parse_path(a, &p) == 0);
  T_STREQ(p.host, "WEB01");
  T_STREQ(p.object, "Processor");
  T_STREQ(p.instance, "_Total");
  T_STREQ(p.counter, "% Processor Time");

  /* Instances may hold parentheses and slashes. */
  char b[] = "\\\\h\\Network Interface(Intel(R) PRO/1000 MT)\\Bytes Total/sec";
  T_CHECK(pdh_parse_path(b, &p) == 0);
  T_STREQ(p.object, "Network Interface");
  T_STREQ(p.instance, "Intel(R) PRO/1000 MT");
  T_STREQ(p.counter, "Bytes Total/sec");

  /* A mount-point instance holds backslashes; the counter has none. */
  char c[] = "\\\\h\\LogicalDisk(C:\\mnt\\data)\\% Free Space";
  T_CHECK(pdh_parse_path(c, &p) == 0);
  T_STREQ(p.instance, "C:\\mnt\\data");
  T_STREQ(p.counter, "% Free Space");

  /* Localized counters may end in a parenthesis: it is not an instance. */
  char d[] = "\\\\h\\Arbeitsspeicher\\Verfügbare MB";
  T_CHECK(pdh_parse_path(d, &p) == 0);
  T_CHECK(p.instance == NULL);
  T_STREQ(p.object, "Arbeitsspeicher");
  char e[] = "\\\\h\\Prozessor(_Total)\\Prozessorzeit (%)";
  T_CHECK(pdh_parse_path(e, &p) == 0);
  T_STREQ(p.instance, "_Total");
  T_STREQ(p.counter, "Prozessorzeit (%)");

  char bad1[] = "Processor(_Total)\\% Processor Time";
  char bad2[] = "\\\\host-only";
  char bad3[] = "\\\\h\\Memory\\";
  T_CHECK(pdh_parse_path(bad1, &p) == -1);
  T_CHECK(pdh_parse_path(bad2, &p) == -1);
  T_CHECK(pdh_parse_path(bad3, &p) == -1);
}

static void test_times(void)
{
  int64_t t;
  T_CHECK(pdh_parse_time("11/26/2016 13:46:30.874", &t) == 0);
  T_CHECK(t == 1480167991); /* rounded up to 13:46:31 */
  T_CHECK(pdh_parse_time("11/26/2016 13:46:30.499", &t) == 0);
  T_CHECK(t % 60 == 30);
  T_CHECK(pdh_parse_time("11/26/2016 13:46:30.500", &t) == 0);
  T_CHECK(t % 60 == 31);
  T_CHECK(pdh_parse_time("01/01/1970 00:00:00", &t) == 0 && t == 0);
  T_CHECK(pdh_parse_time("12/31/2025 23:59:59.999", &t) == 0 && t == 1767225600);
  T_CHECK(pdh_parse_time("2016-11-26 13:46:30", &t) == -1);
  T_CHECK(pdh_parse_time("13/26/2016 13:46:30.874", &t) == -1);
  T_CHECK(pdh_parse_time("11/26/2016 13:46", &t) == -1);
  T_CHECK(pdh_parse_time("11/26/2016 13:46:30.874x", &t) == -1);
  T_CHECK(pdh_parse_time("", &t) == -1);
}

static void test_cells(void)
{
  double v = -1;
  T_CHECK(pdh_cell(" ", &v) == 0);
  T_CHECK(pdh_cell("", &v) == 0);
  T_CHECK(pdh_cell("   ", &v) == 0);
  T_CHECK(pdh_cell("86.93735103284412", &v) == 1);
  T_NEAR(v, 86.93735103284412, 1e-12);
  T_CHECK(pdh_cell(" 1e3 ", &v) == 1 && v == 1000);
  T_CHECK(pdh_cell("-0.5", &v) == 1 && v == -0.5);
  T_CHECK(pdh_cell("abc", &v) == -1);
  T_CHECK(pdh_cell("1.5x", &v) == -1);
  T_CHECK(pdh_cell("1,5", &v) == -1);
  T_CHECK(pdh_cell("nan", &v) == -1);
  T_CHECK(pdh_cell("inf", &v) == -1);
  T_CHECK(pdh_cell("1e999", &v) == -1);
  T_CHECK(pdh_cell("-", &v) == -1);
  T_CHECK(pdh_cell(".", &v) == -1);
  T_CHECK(pdh_cell("1.2.3", &v) == -1);
  T_CHECK(pdh_cell(".5", &v) == 1 && v == 0.5);
  T_CHECK(pdh_cell("7.", &v) == 1 && v == 7);

  /* Short decimals take a fast path: it must give strtod's double, bit
   * for bit, for every length and decimal point position. */
  unsigned long long x = 88172645463325252ULL;
  int same = 1;
  for (int i = 0; i < 200000 && same; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    char buf[40];
    int nd = 1 + (int)(x % 17), dot = (int)((x >> 8) % (unsigned)(nd + 1));
    int k = 0;
    if ((x >> 20) & 1)
      buf[k++] = '-';
    unsigned long long y = x >> 24;
    for (int d = 0; d < nd; d++) {
      if (d == dot && d > 0)
        buf[k++] = '.';
      buf[k++] = (char)('0' + (y % 10));
      y = y / 10 ? y / 10 : x * 31 + (unsigned long long)d;
    }
    buf[k] = '\0';
    double want = strtod(buf, NULL), got;
    same = pdh_cell(buf, &got) == 1 && memcmp(&got, &want, sizeof got) == 0;
    if (!same)
      fprintf(stderr, "pdh_cell(\"%s\") differs from strtod\n", buf);
  }
  T_CHECK(same);
}

static void test_fold(void)
{
  char *s = pdh_fold("ПАМЯТЬ\\Доступно МБ");
  T_STREQ(s, "память\\доступно мб");
  free(s);
  s = pdh_fold("VERFÜGBARE Bytes");
  T_STREQ(s, "verfügbare bytes");
  free(s);
  s = pdh_fold("Longueur de la file d\xe2\x80\x99" "attente");
  T_STREQ(s, "longueur de la file d'attente");
  free(s);
  s = pdh_fold("ÚČETNICTVÍ");
  T_STREQ(s, "účetnictví");
  free(s);
}

static void test_names(void)
{
  nf_err err = {0};
  pdh_names *n = pdh_names_load(NULL, &err);
  T_CHECK(n != NULL);
  if (n == NULL)
    return;
  const char *co = NULL, *cc = NULL;
  T_CHECK(pdh_names_counter(n, "Prozessor", "Prozessorzeit (%)", &co, &cc));
  T_STREQ(co, "Processor");
  T_STREQ(cc, "% Processor Time");
  T_CHECK(pdh_names_counter(n, "ПАМЯТЬ", "доступно мб", &co, &cc));
  T_STREQ(co, "Memory");
  T_STREQ(cc, "Available MBytes");
  T_CHECK(pdh_names_counter(n, "procesador", "% DE TIEMPO DE PROCESADOR", &co, &cc));
  T_STREQ(cc, "% Processor Time");
  T_CHECK(pdh_names_counter(n, "processeur", "% temps processeur", &co, &cc));
  T_CHECK(pdh_names_counter(n, "physicaldisk", "avg. disk sec/transfer", &co, &cc));
  T_STREQ(co, "PhysicalDisk");
  T_CHECK(!pdh_names_counter(n, "Memory", "Cache Faults/sec", &co, &cc));
  T_STREQ(pdh_names_object(n, "Процесс"), "Process");
  T_STREQ(pdh_names_object(n, "Speicher"), "Memory");
  T_CHECK(pdh_names_object(n, "Gibberish") == NULL);
  pdh_names_free(n);

  /* A counters file that is not there. */
  n = pdh_names_load("/nonexistent/counters.tsv", &err);
  T_CHECK(n == NULL && strstr(err.msg, "/nonexistent/counters.tsv") != NULL);
}

static void test_detect(void)
{
  const char *pm = "\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\",\"\\\\h\\Memory\\Available MBytes\"\n";
  const char *tsv = "\"(PDH-TSV 4.0) (UTC)(0)\"\t\"\\\\h\\Memory\\Available MBytes\"\n";
  const char *esx = "\"(PDH-CSV 4.0) (UTC)(0)\",\"\\\\esx01\\Memory\\Free MBytes\",\"\\\\esx01\\Group "
                    "Cpu(1234:WEB01)\\% Used\"\n\"03/01/2026 10:00:05\",\"1\",\"2\"\n";
  const char *other = "server,timestamp,metric,value\n";
  T_CHECK(imp_perfmon.detect(pm, strlen(pm)) >= 30);
  T_CHECK(imp_perfmon.detect(tsv, strlen(tsv)) >= 30);
  T_CHECK(imp_esxtop.detect(pm, strlen(pm)) == 0);
  T_CHECK(imp_esxtop.detect(esx, strlen(esx)) > imp_perfmon.detect(esx, strlen(esx)));
  T_CHECK(imp_perfmon.detect(other, strlen(other)) == 0);
  T_CHECK(imp_esxtop.detect(other, strlen(other)) == 0);
}

int main(void)
{
  test_paths();
  test_times();
  test_cells();
  test_fold();
  test_names();
  test_detect();
  return T_DONE();
}
