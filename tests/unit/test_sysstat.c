/* test_sysstat.c — the sysstat importers below the case files: field names
 * across sysstat versions, locale numbers, detection, and long generated
 * files (sadf -x and sadf -d of the same samples) streamed into a study
 * database, whose canonical values must agree between the two formats and
 * with the arithmetic of DESIGN §3. Prints the import rates it measured. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "importer.h"
#include "sysstat.h"
#include "t.h"

extern const struct nf_importer imp_sysstat_xml, imp_sysstat_csv;

static void test_names(void)
{
  T_CHECK(sy_field_find(SY_G_CPU, "idle") == SY_IDLE);
  T_CHECK(sy_field_find(SY_G_CPU, "%idle") == SY_IDLE);
  T_CHECK(sy_field_find(SY_G_CPU, "system") == SY_SYS);
  T_CHECK(sy_field_find(SY_G_CPU, "%sys") == SY_SYS);
  T_CHECK(sy_field_find(SY_G_CPU, "user") == SY_USR);
  T_CHECK(sy_field_find(SY_G_CPU, "gnice") == -1);
  T_CHECK(sy_field_find(SY_G_ACT, "idle") == -1);
  T_CHECK(sy_field_find(SY_G_CPU, "cswch") == -1);
  T_CHECK(sy_field_find(SY_G_ACT, "cswch/s") == SY_CSWCH);
  T_CHECK(sy_field_find(SY_G_ACT, "kbavail") == SY_AVAIL);
  T_CHECK(sy_field_find(SY_G_ACT, "avail") == SY_AVAIL);
  T_CHECK(sy_field_find(SY_G_ACT, "kbcommit") == SY_COMMIT);
  T_CHECK(sy_field_find(SY_G_ACT, "%commit") == -1);
  T_CHECK(sy_field_find(SY_G_ACT, "runq-sz") == SY_RUNQ);
  T_CHECK(sy_field_find(SY_G_ACT, "memused") == -1);
}

static void test_numbers(void)
{
  double v = 0;
  T_CHECK(sy_parse_number("98.38", &v) == 0);
  T_NEAR(v, 98.38, 1e-12);
  T_CHECK(sy_parse_number("10,50", &v) == 0);
  T_NEAR(v, 10.5, 1e-12);
  T_CHECK(sy_parse_number(" 7 ", &v) == 0);
  T_NEAR(v, 7, 0);
  T_CHECK(sy_parse_number("1,2,3", &v) == -1);
  T_CHECK(sy_parse_number("1.2,3", &v) == -1);
  T_CHECK(sy_parse_number("abc", &v) == -1);
  T_CHECK(sy_parse_number("nan", &v) == -1);
  T_CHECK(sy_parse_number("", &v) == -1);
}

static void test_detect(void)
{
  const char *x1 = "<?xml version=\"1.0\"?>\n<sysstat\nxmlns=\"https://sysstat.github.io\">\n"
                   "<sysdata-version>3.17</sysdata-version>";
  const char *x2 = "<?xml version=\"1.0\"?>\n<sysstats><host/></sysstats>";
  const char *c1 = "h;-1;2018-08-29 09:33:38 UTC;LINUX-RESTART\t(8 CPU)\n"
                   "# hostname;interval;timestamp;FAN;DEVICE;rpm;drpm\n";
  const char *c2 = "server,timestamp,metric,value\n# hostname;interval;timestamp\n";
  T_CHECK(imp_sysstat_xml.detect(x1, strlen(x1)) >= 90);
  T_CHECK(imp_sysstat_xml.detect(x2, strlen(x2)) == 0);
  T_CHECK(imp_sysstat_xml.detect(c1, strlen(c1)) == 0);
  T_CHECK(imp_sysstat_csv.detect(c1, strlen(c1)) >= 90);
  T_CHECK(imp_sysstat_csv.detect(c2, strlen(c2)) == 0);
  T_CHECK(imp_sysstat_csv.detect(x1, strlen(x1)) == 0);
}

/* The generated samples: host H (0..1), step I. */
static double g_idle(int h, long i) { return 50.0 + (double)((i * 7 + h * 13) % 40) + 0.25; }
static double g_cswch(int h, long i) { return 1000.0 + (double)(i % 100) + h; }
static double g_bread(long i) { return (double)(i % 64) * 8.0; }
static double g_rxkb(long i) { return (double)(i % 10) * 12.5; }

static char *tmp_path(const char *suffix)
{
  char *p = xasprintf("/tmp/nfold-sysstat-%ld-%s", (long)getpid(), suffix);
  return p;
}

/* Writes N timestamps for two hosts as sadf -x. */
static char *write_xml(long n)
{
  char *path = tmp_path("big.xml");
  FILE *f = fopen(path, "w");
  fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sysstat xmlns=\"https://sysstat.github.io\">\n"
             "\t<sysdata-version>3.17</sysdata-version>\n");
  for (int h = 0; h < 2; h++) {
    fprintf(f, "\t<host nodename=\"gen%d\">\n\t\t<sysname>Linux</sysname>\n\t\t<release>6.1.0</release>\n"
               "\t\t<machine>x86_64</machine>\n\t\t<number-of-cpus>%d</number-of-cpus>\n"
               "\t\t<statistics>\n", h, 4 << h);
    for (long i = 0; i < n; i++) {
      long t = 1700000000L + i * 60;
      time_t tt = (time_t)t;
      struct tm tm;
      gmtime_r(&tt, &tm);
      char d[16], c[16];
      strftime(d, sizeof d, "%Y-%m-%d", &tm);
      strftime(c, sizeof c, "%H:%M:%S", &tm);
      fprintf(f, "\t\t\t<timestamp date=\"%s\" time=\"%s\" tz=\"UTC\" interval=\"60\">\n", d, c);
      fprintf(f, "\t\t\t\t<cpu-load>\n\t\t\t\t\t<cpu number=\"all\" usr=\"1.00\" nice=\"0.00\" sys=\"2.00\" "
                 "iowait=\"0.00\" steal=\"%.2f\" irq=\"0.10\" soft=\"0.20\" guest=\"0.00\" gnice=\"0.00\" "
                 "idle=\"%.2f\"/>\n",
              h ? 0.75 : 0.0, g_idle(h, i));
      for (int cpu = 0; cpu < 4; cpu++)
        fprintf(f, "\t\t\t\t\t<cpu number=\"%d\" usr=\"1.00\" nice=\"0.00\" sys=\"2.00\" iowait=\"0.00\" "
                   "steal=\"0.00\" irq=\"0.10\" soft=\"0.20\" guest=\"0.00\" gnice=\"0.00\" idle=\"96.70\"/>\n",
                cpu);
      fprintf(f, "\t\t\t\t</cpu-load>\n");
      fprintf(f, "\t\t\t\t<process-and-context-switch per=\"second\" proc=\"1.00\" cswch=\"%.2f\"/>\n",
              g_cswch(h, i));
      fprintf(f, "\t\t\t\t<io per=\"second\">\n\t\t\t\t\t<tps>3.00</tps>\n\t\t\t\t\t<io-reads rtps=\"1.00\" "
                 "bread=\"%.2f\"/>\n\t\t\t\t\t<io-writes wtps=\"2.00\" bwrtn=\"8.00\"/>\n\t\t\t\t</io>\n",
              g_bread(i));
      fprintf(f, "\t\t\t\t<memory unit=\"kB\">\n\t\t\t\t\t<memfree>100</memfree>\n\t\t\t\t\t<avail>%ld</avail>\n"
                 "\t\t\t\t\t<commit>2048</commit>\n\t\t\t\t</memory>\n",
              1024L * (1000 + i % 50));
      fprintf(f, "\t\t\t\t<network per=\"second\">\n"
                 "\t\t\t\t\t<net-dev iface=\"lo\" rxpck=\"0.00\" txpck=\"0.00\" rxkB=\"500.00\" txkB=\"500.00\"/>\n"
                 "\t\t\t\t\t<net-dev iface=\"eth0\" rxpck=\"0.00\" txpck=\"0.00\" rxkB=\"%.2f\" txkB=\"12.50\"/>\n"
                 "\t\t\t\t</network>\n",
              g_rxkb(i));
      fprintf(f, "\t\t\t</timestamp>\n");
    }
    fprintf(f, "\t\t</statistics>\n\t</host>\n");
  }
  fprintf(f, "</sysstat>\n");
  fclose(f);
  return path;
}

/* Writes the same samples as sadf -d: one block per activity. */
static char *write_csv(long n)
{
  char *path = tmp_path("big.csv");
  FILE *f = fopen(path, "w");
  char stamp[32];
  for (int blk = 0; blk < 5; blk++) {
    static const char *const hdr[] = {
      "CPU;%usr;%nice;%sys;%iowait;%steal;%irq;%soft;%guest;%gnice;%idle",
      "proc/s;cswch/s",
      "tps;rtps;wtps;dtps;bread/s;bwrtn/s;bdscd/s",
      "kbmemfree;kbavail;kbmemused;%memused;kbbuffers;kbcached;kbcommit;%commit;kbactive;kbinact;kbdirty",
      "IFACE;rxpck/s;txpck/s;rxkB/s;txkB/s;rxcmp/s;txcmp/s;rxmcst/s;%ifutil",
    };
    fprintf(f, "# hostname;interval;timestamp;%s\n", hdr[blk]);
    for (int h = 0; h < 2; h++)
      for (long i = 0; i < n; i++) {
        time_t tt = (time_t)(1700000000L + i * 60);
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S UTC", &tm);
        const char *pre = h ? "gen1" : "gen0";
        switch (blk) {
        case 0:
          fprintf(f, "%s;60;%s;-1;1.00;0.00;2.00;0.00;%.2f;0.10;0.20;0.00;0.00;%.2f\n", pre, stamp,
                  h ? 0.75 : 0.0, g_idle(h, i));
          fprintf(f, "%s;60;%s;0;1.00;0.00;2.00;0.00;0.00;0.10;0.20;0.00;0.00;96.70\n", pre, stamp);
          break;
        case 1:
          fprintf(f, "%s;60;%s;1.00;%.2f\n", pre, stamp, g_cswch(h, i));
          break;
        case 2:
          fprintf(f, "%s;60;%s;3.00;1.00;2.00;0.00;%.2f;8.00;0.00\n", pre, stamp, g_bread(i));
          break;
        case 3:
          fprintf(f, "%s;60;%s;100;%ld;1;1.00;1;1;2048;1.00;1;1;1\n", pre, stamp, 1024L * (1000 + i % 50));
          break;
        case 4:
          fprintf(f, "%s;60;%s;lo;0.00;0.00;500.00;500.00;0.00;0.00;0.00;0.00\n", pre, stamp);
          fprintf(f, "%s;60;%s;eth0;0.00;0.00;%.2f;12.50;0.00;0.00;0.00;0.00\n", pre, stamp, g_rxkb(i));
          break;
        }
      }
  }
  fclose(f);
  return path;
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double q(sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st;
  double v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_double(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* Imports PATH into a fresh database and checks the generated values. */
static void check_import(const char *path, const char *format, long n)
{
  char *dbp = tmp_path("study.db");
  unlink(dbp);
  nf_err err = {0};
  sqlite3 *db = db_open(dbp, &err);
  T_CHECK(db != NULL);
  if (db == NULL)
    return;
  nf_import_opts o = {0};
  o.quiet = 1;
  nf_import_result r;
  double t0 = now();
  int rc = import_file(db, path, &o, &r, &err);
  double dt = now() - t0;
  T_CHECK(rc == 0);
  if (rc)
    fprintf(stderr, "%s\n", err.msg);
  T_STREQ(r.format, format);
  T_CHECK(r.rows == 2 * n);
  T_CHECK(r.servers == 2);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("%s: %ld timestamps x 2 hosts, %ld values in %.2f s (%.0f values/s), max RSS %ld MB\n",
         format, n, r.vals, dt, r.vals / dt, ru.ru_maxrss / 1024);

  /* Sums over every sample against the same sums computed here. */
  double cpu = 0, ctx = 0, mbps = 0, avail = 0, net = 0;
  for (int h = 0; h < 2; h++)
    for (long i = 0; i < n; i++) {
      cpu += 100.0 - g_idle(h, i);
      ctx += g_cswch(h, i);
      mbps += (g_bread(i) + 8.0) * 512.0 / 1048576.0;
      avail += (double)(1000 + i % 50);
      net += (g_rxkb(i) + 12.5) * 8.0 / 1000.0;
    }
  T_NEAR(q(db, "SELECT sum(value) FROM v_samples WHERE metric = 'cpu_pct'"), cpu, 1e-6 * cpu);
  T_NEAR(q(db, "SELECT sum(value) FROM v_samples WHERE metric = 'ctx_switch_per_s'"), ctx, 1e-6 * ctx);
  T_NEAR(q(db, "SELECT sum(value) FROM v_samples WHERE metric = 'disk_mbps'"), mbps, 1e-6 * mbps);
  T_NEAR(q(db, "SELECT sum(value) FROM v_samples WHERE metric = 'mem_avail_mb'"), avail, 1e-6 * avail);
  T_NEAR(q(db, "SELECT sum(value) FROM v_samples WHERE metric = 'net_mbps'"), net, 1e-6 * net);
  T_NEAR(q(db, "SELECT count(*) FROM v_samples WHERE metric = 'disk_iops'"), 2.0 * n, 0);
  T_NEAR(q(db, "SELECT value FROM v_samples WHERE metric = 'mem_committed_mb' LIMIT 1"), 2.0, 0);
  /* gen1 loses 0.75 % to steal: already a guest; gen0 is not. */
  T_NEAR(q(db, "SELECT is_guest FROM v_servers WHERE name = 'gen1'"), 1, 0);
  T_NEAR(q(db, "SELECT is_guest FROM v_servers WHERE name = 'gen0'"), 0, 0);
  db_close(db);
  unlink(dbp);
  free(dbp);
}

int main(int argc, char **argv)
{
  /* Default size keeps ctest quick; `test_sysstat N` measures bigger files. */
  long n = argc > 1 ? atol(argv[1]) : 5000;
  test_names();
  test_numbers();
  test_detect();
  char *x = write_xml(n), *c = write_csv(n);
  check_import(x, "sysstat-xml", n);
  check_import(c, "sysstat-csv", n);
  if (getenv("NFOLD_KEEP") == NULL) {
    unlink(x);
    unlink(c);
  } else {
    printf("kept %s and %s\n", x, c);
  }
  free(x);
  free(c);
  return T_DONE();
}
