/* test_report.c — the report stage: the model read from a fixture study
 * (tests/cases/report/fixture.sql), the golden XML/HTML/CSV reports
 * (tests/golden/, refreshed with NFOLD_UPDATE=1), schema validity of every
 * report written, escaping of hostile names, what-if plans (headroom and
 * percentile per scenario, the recommendation at the default), and the
 * failure paths (no plan, bad data, atomic writes, invalid XML named by
 * file:line). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "report.h"
#include "t.h"

static const char *src_dir(void)
{
  const char *s = getenv("NFOLD_SOURCE");
  return s && *s ? s : NFOLD_SOURCE_DIR;
}

/* A fresh study database at PATH holding the fixture. */
static sqlite3 *fixture_db(const char *path)
{
  nf_err err = {0};
  char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
  unlink(path), unlink(wal), unlink(shm);
  free(wal), free(shm);
  sqlite3 *db = db_open(path, &err);
  T_CHECK(db != NULL);
  if (db == NULL)
    return NULL;
  char *fx = xasprintf("%s/tests/cases/report/fixture.sql", src_dir());
  char *sql = nf_read_file(fx, NULL, &err);
  T_CHECK(sql != NULL);
  if (sql)
    T_CHECK(db_exec(db, sql, &err) == 0);
  free(sql);
  free(fx);
  return db;
}

static char *render(sqlite3 *db, int64_t plan, const char *format, nf_err *err)
{
  nf_report r;
  if (report_load(db, plan, &r, err))
    return NULL;
  sbuf b = {0};
  int rc = report_render(&r, format, &b, err);
  report_free(&r);
  if (rc) {
    sb_free(&b);
    return NULL;
  }
  return sb_take(&b);
}

/* Compares GOT with tests/golden/NAME byte for byte, naming the first line
 * that differs; NFOLD_UPDATE=1 rewrites the golden file instead. */
static void golden(const char *name, const char *got)
{
  char *path = xasprintf("%s/tests/golden/%s", src_dir(), name);
  const char *upd = getenv("NFOLD_UPDATE");
  if (upd && strcmp(upd, "1") == 0) {
    FILE *f = fopen(path, "wb");
    T_CHECK(f != NULL);
    if (f) {
      fputs(got, f);
      fclose(f);
      fprintf(stderr, "updated %s\n", path);
    }
    free(path);
    return;
  }
  nf_err err = {0};
  char *want = nf_read_file(path, NULL, &err);
  T_CHECK(want != NULL);
  if (want && strcmp(want, got) != 0) {
    long line = 1;
    size_t i = 0;
    for (; want[i] && want[i] == got[i]; i++)
      if (want[i] == '\n')
        line++;
    fprintf(stderr, "%s: differs from the golden report at line %ld "
                    "(refresh: NFOLD_UPDATE=1 ctest -R report)\n", path, line);
    T_CHECK(!"golden report matches");
  }
  free(want);
  free(path);
}

static int contains(const char *hay, const char *needle)
{
  return hay && strstr(hay, needle) != NULL;
}

static void test_model(sqlite3 *db)
{
  nf_err err = {0};
  nf_report r;
  T_CHECK(report_load(db, 0, &r, &err) == 0);
  T_CHECK(r.plan_id == 2);
  T_CHECK(r.score_run_id == 2);
  T_CHECK(r.has_slots && r.nslots == 48 && r.slot0 == 1771804800); /* 2026-02-23T00:00Z */
  T_STREQ(r.hypervisor, "esxi8");
  T_CHECK(r.est_servers == 6 && r.est_guests == 1 && r.est_physical == 5 && r.est_hosts == 1);
  T_CHECK(r.nw == 6);
  T_STREQ(r.w[0].name, "app01");
  T_STREQ(r.w[1].strategy, "vm-dedicated-cpu");
  T_CHECK(r.w[1].nreasons == 3 && r.w[1].nconstraints == 1);
  T_STREQ(r.w[3].co_host_kind, "sql-instance");
  T_CHECK(r.nsc == 3);
  T_STREQ(r.sc[0].name, "all-vm");
  /* The hybrid is recommended even though co-host needs fewer OS images. */
  T_CHECK(r.recommended == 2);
  T_STREQ(r.sc[r.recommended].name, "hybrid");
  const rp_scenario *all = &r.sc[0], *co = &r.sc[1], *hy = &r.sc[2];
  T_CHECK(all->noh == 5);
  T_STREQ(all->oh[3].name, "co-scheduling");
  T_CHECK(co->noh == 0 && co->notes != NULL);
  T_CHECK(hy->nh == 2 && hy->h[0].npl == 5 && hy->h[0].ncpu == 48 && hy->h[0].nram == 48);
  T_NEAR(hy->h[0].cpu_series[30], 88.4, 1e-9);
  T_CHECK(hy->h[0].step_s == 3600);
  T_CHECK(hy->h[1].pl[0].wl == 2); /* exch01 */
  T_CHECK(hy->h[0].pl[1].dedicated_cores == 1);
  T_CHECK(hy->h[0].pl[1].noh == 4);
  /* The latest replay counts, with its per-host rows. */
  T_CHECK(hy->replay != NULL);
  if (hy->replay) {
    T_CHECK(hy->replay->id == 2 && hy->replay->host_intervals == 336 &&
            hy->replay->overloaded == 3 && hy->replay->nhosts == 2);
    T_CHECK(hy->replay->hosts[1].has_worst_cpu && !hy->replay->hosts[1].has_worst_ram);
  }
  T_CHECK(all->replay == NULL);
  T_CHECK(all->nrisks == 3 && all->risks[2].workload == NULL && all->risks[2].has_figure);
  T_CHECK(co->risks[0].has_figure == 0);
  report_free(&r);

  /* An older plan reads its own score run's verdicts, not the latest. */
  T_CHECK(report_load(db, 1, &r, &err) == 0);
  T_CHECK(r.plan_id == 1 && r.score_run_id == 1 && r.nsc == 1 && r.nw == 6);
  T_STREQ(r.w[2].strategy, "vm-guest");
  T_STREQ(r.w[2].confidence, "medium");
  T_CHECK(r.recommended == 0);
  T_CHECK(r.sc[0].h[0].ncpu == 0);
  report_free(&r);

  /* When the planner merged slots into fewer points, a point spans more:
   * 96 hourly slots shown as 48 points are two hours each. */
  T_CHECK(db_exec(db, "SAVEPOINT s; UPDATE plans SET window_to = window_to + 2 * 86400 WHERE id = 2;"
                      "INSERT INTO samples(server_id, ts, cpu_pct) VALUES (1, 1771804800 + 95 * 3600, 1)",
                  &err) == 0);
  T_CHECK(report_load(db, 0, &r, &err) == 0);
  T_CHECK(r.nslots == 96 && r.sc[2].h[0].step_s == 7200);
  report_free(&r);
  T_CHECK(db_exec(db, "ROLLBACK TO s; RELEASE s", &err) == 0);

  T_CHECK(report_load(db, 9, &r, &err) == -1);
  T_STREQ(err.msg, "no plan 9 in the study database (the latest is 2)");
}

static void test_golden(sqlite3 *db)
{
  static const char *const formats[] = {"xml", "html", "csv"};
  nf_err err = {0};
  for (size_t i = 0; i < NF_ARRAY_LEN(formats); i++) {
    char *out = render(db, 0, formats[i], &err);
    T_CHECK(out != NULL);
    if (out == NULL) {
      fprintf(stderr, "%s\n", err.msg);
      continue;
    }
    char name[32];
    snprintf(name, sizeof name, "report.%s", formats[i]);
    golden(name, out);
    free(out);
  }
  /* The older plan: one scenario, no series, no replay. */
  char *out = render(db, 1, "xml", &err);
  T_CHECK(out != NULL);
  if (out)
    golden("report-plan1.xml", out);
  free(out);
}

static void test_write(sqlite3 *db)
{
  nf_err err = {0};
  const char *path = "test_report_out.xml";
  unlink(path);
  T_CHECK(report_write(db, 0, "xml", path, &err) == 0);
  T_CHECK(report_validate_xml(path, &err) == 0);
  T_CHECK(access("test_report_out.xml.tmp", F_OK) != 0);
  T_CHECK(report_write(db, 0, "html", "test_report_out.html", &err) == 0);
  T_CHECK(report_write(db, 0, "csv", "test_report_out.csv", &err) == 0);

  /* A report that cannot be rendered leaves the old file as it was. */
  struct stat before, after;
  T_CHECK(stat(path, &before) == 0);
  T_CHECK(db_exec(db, "SAVEPOINT bad; UPDATE plan_hosts SET cpu_series = '1.0,x,3' WHERE id = 4",
                  &err) == 0);
  T_CHECK(report_write(db, 0, "xml", path, &err) == -1);
  T_STREQ(err.msg, "plan 2: scenario 'all-vm', host h01: cpu_series value 2 is 'x', expected a number");
  T_CHECK(stat(path, &after) == 0 && after.st_size == before.st_size);
  T_CHECK(access("test_report_out.xml.tmp", F_OK) != 0);
  T_CHECK(db_exec(db, "UPDATE plan_hosts SET cpu_series = NULL WHERE id = 4;"
                      "UPDATE plan_hosts SET cpu_peak_pct = 1e999 WHERE id = 5", &err) == 0);
  T_CHECK(report_write(db, 0, "xml", path, &err) == -1);
  T_CHECK(contains(err.msg, "cpu_peak_pct holds a value that is not a finite number"));
  T_CHECK(db_exec(db, "ROLLBACK TO bad; RELEASE bad", &err) == 0);

  /* A directory that does not exist: an error naming the file, no file. */
  T_CHECK(report_write(db, 0, "csv", "no/such/dir/r.csv", &err) == -1);
  T_CHECK(contains(err.msg, "no/such/dir/r.csv.tmp: cannot create"));
  T_CHECK(report_write(db, 0, "pdf", "x.pdf", &err) == -1);
  T_STREQ(err.msg, "unknown report format 'pdf', expected xml, html or csv");

  T_STREQ(report_format_for_path("a/b.HTML"), "html");
  T_STREQ(report_format_for_path("r.htm"), "html");
  T_STREQ(report_format_for_path("r.csv"), "csv");
  T_STREQ(report_format_for_path("r.xml"), "xml");
  T_CHECK(report_format_for_path("r.txt") == NULL);
  T_CHECK(report_format_for_path("dir.d/report") == NULL);
}

static void write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "wb");
  T_CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static void test_validate(void)
{
  nf_err err = {0};
  write_file("test_report_bad1.xml",
             "<?xml version=\"1.0\"?>\n<nfold-report schema-version=\"1\">\n<workloads>\n"
             "<workload name=\"a\" server=\"a\">\n<recommendation strategy=\"teleport\"/>\n"
             "<confidence level=\"high\">x</confidence>\n</workload>\n</workloads>\n"
             "<scenarios/>\n</nfold-report>\n");
  T_CHECK(report_validate_xml("test_report_bad1.xml", &err) == -1);
  T_CHECK(strncmp(err.msg, "test_report_bad1.xml:5: ", 24) == 0);
  T_CHECK(contains(err.msg, "teleport"));

  write_file("test_report_bad2.xml", "<?xml version=\"1.0\"?>\n<nfold-report>\n<workloads>\n"
                                     "</nfold-report>\n");
  T_CHECK(report_validate_xml("test_report_bad2.xml", &err) == -1);
  T_CHECK(strncmp(err.msg, "test_report_bad2.xml:4: ", 24) == 0);

  /* A scenario missing its required overhead. */
  write_file("test_report_bad3.xml",
             "<nfold-report schema-version=\"1\"><workloads/><scenarios>\n"
             "<scenario name=\"x\" hosts=\"1\" os-images=\"1\" lower-bound=\"1\">\n"
             "<host id=\"h1\" cpu-peak-pct=\"1\" ram-peak-pct=\"1\" ram-mb=\"1\"/>\n"
             "</scenario></scenarios></nfold-report>\n");
  T_CHECK(report_validate_xml("test_report_bad3.xml", &err) == -1);
  T_CHECK(strncmp(err.msg, "test_report_bad3.xml:3: ", 24) == 0);

  /* The minimum contract of DESIGN §4b validates as written there. */
  memset(&err, 0, sizeof err);
  write_file("test_report_min.xml",
             "<nfold-report schema-version=\"1\"><workloads>"
             "<workload name=\"w\" server=\"s\"><recommendation strategy=\"co-host\" "
             "co-host-kind=\"container\"><reason rule=\"R\">t</reason></recommendation>"
             "<confidence level=\"low\">why</confidence></workload></workloads><scenarios>"
             "<scenario name=\"hybrid\" hosts=\"1\" os-images=\"1\" lower-bound=\"1\">"
             "<overhead cpu-pct=\"1.5\" ram-mb=\"32\"><source name=\"scheduler\" cpu-pct=\"1.5\" "
             "ram-mb=\"0\"/></overhead><host id=\"h01\" cpu-peak-pct=\"50\" ram-peak-pct=\"40\" "
             "ram-mb=\"1000\"><placement workload=\"w\"/></host><risk workload=\"w\" "
             "kind=\"paging\">text</risk><replay window=\"2026-03-01T00:00:00Z..2026-03-02T00:00:00Z\" "
             "host-intervals=\"24\" overloaded=\"0\"/></scenario></scenarios></nfold-report>");
  T_CHECK(report_validate_xml("test_report_min.xml", &err) == 0);
  if (err.set)
    fprintf(stderr, "%s\n", err.msg);

  T_CHECK(report_validate_xml("test_report_absent.xml", &err) == -1);
  T_CHECK(contains(err.msg, "test_report_absent.xml"));
}

/* Occurrences of NEEDLE in HAY. */
static int count(const char *hay, const char *needle)
{
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
    n++;
  return n;
}

/* A what-if plan: scenario rows with their own headroom and percentile.
 * The fixture's rows have none (as before schema 2): they read the plan's,
 * and the reports say nothing more. A plan that compares settings says
 * them per scenario in every format, and recommends among the default
 * (the plan's) setting even when another needs fewer hosts. */
static void test_whatif(sqlite3 *db)
{
  nf_err err = {0};
  nf_report r;
  T_CHECK(report_load(db, 0, &r, &err) == 0);
  T_CHECK(!r.params_vary);
  T_NEAR(r.sc[1].headroom_cpu, 0.2, 1e-12);
  T_NEAR(r.sc[1].headroom_ram, 0.1, 1e-12);
  T_NEAR(r.sc[1].percentile, 95, 1e-12);
  T_CHECK(r.sc[1].headroom_iops == -1 && r.sc[1].is_default);
  report_free(&r);
  char *xml = render(db, 0, "xml", &err), *csv = render(db, 0, "csv", &err);
  T_CHECK(xml && count(xml, "headroom-cpu=") == 1); /* the plan element's only */
  T_CHECK(csv && !contains(csv, "headroom_cpu"));
  free(xml);
  free(csv);

  T_CHECK(db_exec(db,
                  "SAVEPOINT w;"
                  "UPDATE scenarios SET headroom_cpu = 0.2, headroom_ram = 0.1, headroom_iops = 0.2,"
                  " headroom_net = 0.2, percentile = 95 WHERE plan_id = 2 AND id <> 3;"
                  /* co-host keeps NULLs: it falls back to the plan's */
                  "INSERT INTO scenarios(id, plan_id, name, host_model, hosts, os_images, lower_bound,"
                  " cpu_capacity, ram_mb, baseline_hosts, headroom_cpu, headroom_ram, headroom_iops,"
                  " headroom_net, percentile) VALUES (5, 2, 'hybrid',"
                  " 'cores=16,mhz=2600,ram_gb=64,name=16c-2600MHz-64GB', 1, 4, 1, 41.6, 65536, 2,"
                  " 0.05, 0.05, 0.1, 0.1, 50);"
                  "INSERT INTO scenario_overhead VALUES (5, 'scheduler', 1.0, 0);",
                  &err) == 0);
  T_CHECK(report_load(db, 0, &r, &err) == 0);
  T_CHECK(r.nsc == 4 && r.params_vary);
  T_NEAR(r.sc[1].headroom_cpu, 0.2, 1e-12); /* NULL: the plan's */
  T_NEAR(r.sc[1].percentile, 95, 1e-12);
  T_NEAR(r.sc[3].headroom_cpu, 0.05, 1e-12);
  T_NEAR(r.sc[3].headroom_net, 0.1, 1e-12);
  T_NEAR(r.sc[3].percentile, 50, 1e-12);
  T_CHECK(r.sc[0].is_default && r.sc[1].is_default && r.sc[2].is_default && !r.sc[3].is_default);
  /* The aggressive hybrid needs 1 host, the default one 2: still the default. */
  T_CHECK(r.recommended == 2);
  report_free(&r);

  xml = render(db, 0, "xml", &err); /* render validates against the schema */
  T_CHECK(xml != NULL);
  if (xml) {
    T_CHECK(contains(xml, "baseline-hosts=\"2\" headroom-cpu=\"0.050\" headroom-ram=\"0.050\" "
                          "headroom-iops=\"0.100\" headroom-net=\"0.100\" percentile=\"50.0\">"));
    T_CHECK(contains(xml, "headroom-cpu=\"0.200\" headroom-ram=\"0.100\" headroom-iops=\"0.200\" "
                          "headroom-net=\"0.200\" percentile=\"95.0\" recommended=\"true\">"));
    /* co-host's row recorded no IOPS or network headroom. */
    T_CHECK(contains(xml, "headroom-cpu=\"0.200\" headroom-ram=\"0.100\" percentile=\"95.0\">"));
    T_CHECK(count(xml, "<scenario ") == 4 && count(xml, " percentile=") == 5);
  }
  free(xml);
  csv = render(db, 0, "csv", &err);
  T_CHECK(csv != NULL);
  if (csv) {
    T_CHECK(contains(csv, ",overhead_ram_mb,headroom_cpu,headroom_ram,headroom_iops,headroom_net,"
                          "percentile\r\n"));
    T_CHECK(count(csv, ",0.050,0.050,0.100,0.100,50.0\r\n") == 6); /* every workload's row */
    T_CHECK(count(csv, ",0.200,0.100,,,95.0\r\n") == 6);          /* co-host: not recorded */
  }
  free(csv);
  char *html = render(db, 0, "html", &err);
  T_CHECK(html != NULL);
  if (html) {
    T_CHECK(contains(html, ">Headroom CPU / RAM</th>"));
    T_CHECK(contains(html, ">5 % / 5 %</td><td class=\"num\">p50</td>"));
    T_CHECK(contains(html, "p50 · headroom 5/5 %"));
    T_CHECK(contains(html, "chosen among the scenarios at the plan's default"));
  }
  free(html);

  /* A schema that knows the attributes still checks their type. */
  const char *bad = "<nfold-report schema-version=\"1\"><workloads/><scenarios>"
                    "<scenario name=\"x\" hosts=\"1\" os-images=\"1\" lower-bound=\"1\" "
                    "percentile=\"p95\"><overhead cpu-pct=\"0\" ram-mb=\"0\"/></scenario>"
                    "</scenarios></nfold-report>";
  T_CHECK(report_validate_xml_mem(bad, strlen(bad), "bad.xml", &err) == -1);
  T_CHECK(contains(err.msg, "percentile"));
  T_CHECK(db_exec(db, "ROLLBACK TO w; RELEASE w", &err) == 0);
}

static void test_hostile(sqlite3 *db)
{
  nf_err err = {0};
  const char *evil = "<script>alert(1)</script>&\"'";
  T_CHECK(db_exec(db,
                  "SAVEPOINT h;"
                  "UPDATE servers SET name = '<script>alert(1)</script>&\"''' WHERE id = 5;"
                  "UPDATE servers SET name = '=HYPERLINK(\"http://x\")', site = 'a,b' WHERE id = 6;"
                  "UPDATE reasons SET text = '<b>bold</b> ' || char(1) || ' & ]]>' WHERE run_id = 2 AND server_id = 4 AND seq = 1;"
                  "UPDATE reasons SET text = CAST(X'6261642DFF2D75746638' AS TEXT) WHERE run_id = 2 AND server_id = 4 AND seq = 2;"
                  "UPDATE scenarios SET name = '<img src=x onerror=alert(2)>', host_model = 'name=<i>m</i>' WHERE id = 3;"
                  "UPDATE plan_hosts SET label = '</text><script>x</script>' WHERE id = 9;"
                  "UPDATE risks SET text = '<iframe>' WHERE rowid = 1;",
                  &err) == 0);
  char *html = render(db, 0, "html", &err);
  T_CHECK(html != NULL);
  T_CHECK(!contains(html, "<script"));
  T_CHECK(!contains(html, "<img"));
  T_CHECK(!contains(html, "<iframe"));
  T_CHECK(!contains(html, "<b>bold"));
  T_CHECK(!contains(html, "<i>m"));
  T_CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
  T_CHECK(contains(html, "&lt;/text&gt;&lt;script&gt;x&lt;/script&gt;"));
  T_CHECK(contains(html, "bad-\xef\xbf\xbd-utf8"));
  free(html);

  char *xml = render(db, 0, "xml", &err); /* render validates it too */
  T_CHECK(xml != NULL);
  if (xml == NULL)
    fprintf(stderr, "%s\n", err.msg);
  T_CHECK(contains(xml, "name=\"&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;'\""));
  T_CHECK(contains(xml, "&lt;b&gt;bold&lt;/b&gt; \xef\xbf\xbd &amp; ]]&gt;"));
  free(xml);

  char *csv = render(db, 0, "csv", &err);
  T_CHECK(csv != NULL);
  T_CHECK(contains(csv, "\r\n<script>alert(1)</script>&\"\"',\"<script>alert(1)</script>&\"\"'\"") ||
          contains(csv, "\r\n\"<script>alert(1)</script>&\"\"'\",\"<script>alert(1)</script>&\"\"'\""));
  T_CHECK(contains(csv, "\r\n\"'=HYPERLINK(\"\"http://x\"\")\",\"'=HYPERLINK(\"\"http://x\"\")\",\"a,b\","));
  free(csv);
  (void)evil;
  T_CHECK(db_exec(db, "ROLLBACK TO h; RELEASE h", &err) == 0);
}

/* The risks by scenario (the recommended one first) and by kind (the
 * rarest first), a kind of many rows folded: on an estate of hundreds of
 * guests nearly every one gets co-scheduling, and the few that page must
 * stay in sight. */
static void test_risks_grouped(sqlite3 *db)
{
  nf_err err = {0};
  T_CHECK(db_exec(db,
                  "SAVEPOINT g;"
                  "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 13)"
                  " INSERT INTO risks SELECT 2, 4, 'zz-many', i, 'many ' || i FROM k;",
                  &err) == 0);
  char *html = render(db, 0, "html", &err);
  T_CHECK(html != NULL);
  const char *many = html ? strstr(html, "<details class=\"risk\"><summary><b>zz-many</b> · 13</summary>") : NULL;
  const char *rare = html ? strstr(html, "<details class=\"risk\" open><summary><b>cpu-ready</b> · 1</summary>") : NULL;
  const char *rec = html ? strstr(html, "<span class=\"pill rec\">recommended</span> · ") : NULL;
  T_CHECK(many != NULL && rare != NULL && rec != NULL);
  T_CHECK(rare < many);                 /* the rarer kind of scenario 2 first */
  T_CHECK(rec < rare);                  /* the recommended scenario (4) before scenario 2 */
  T_CHECK(contains(html, "many 13"));   /* folded, not dropped */
  free(html);
  T_CHECK(db_exec(db, "ROLLBACK TO g; RELEASE g", &err) == 0);
}

/* A recommended hybrid that needs more hosts than a uniform scenario of the
 * same model says why in the summary; one that needs no more says nothing. */
static void test_fewer_elsewhere(sqlite3 *db)
{
  nf_err err = {0};
  char *html = render(db, 0, "html", &err);
  T_CHECK(html != NULL && !contains(html, "It keeps each workload at its verdict"));
  free(html);
  T_CHECK(db_exec(db, "SAVEPOINT f; UPDATE scenarios SET hosts = 5 WHERE id = 4;", &err) == 0);
  html = render(db, 0, "html", &err);
  T_CHECK(contains(html, "It keeps each workload at its verdict (1 native, 3 co-hosted, 1 on "
                         "dedicated cores); the <b>all-vm</b> scenario, every workload placed "
                         "alike whatever its verdict, would take 2 hosts, 3 fewer."));
  free(html);
  T_CHECK(db_exec(db, "ROLLBACK TO f; RELEASE f", &err) == 0);
}

/* Workloads planned from their inventory alone (risk no-samples), or from
 * less than half the period (partial-samples), are counted in the summary,
 * not left to the Risks section. */
static void test_unmeasured(sqlite3 *db)
{
  nf_err err = {0};
  char *html = render(db, 0, "html", &err);
  T_CHECK(html != NULL && !contains(html, "had no performance samples"));
  free(html);
  T_CHECK(db_exec(db, "SAVEPOINT u; INSERT INTO risks(scenario_id, server_id, kind, text)"
                      " SELECT 4, id, 'no-samples', name || ': no performance samples'"
                      " FROM servers WHERE kind = 'server' LIMIT 2;",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  T_CHECK(contains(html, "<b>2 of the 6 workloads had no performance samples</b>: they are "
                         "planned at their installed capacity, every core busy"));
  free(html);
  T_CHECK(db_exec(db, "INSERT INTO risks(scenario_id, server_id, kind, text)"
                      " SELECT 4, id, 'no-samples', name || ': no performance samples'"
                      " FROM servers WHERE kind = 'server' AND id NOT IN"
                      " (SELECT server_id FROM risks WHERE kind = 'no-samples');",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  T_CHECK(contains(html, "<b>None of the 6 workloads had performance samples</b>: they are"));
  T_CHECK(!contains(html, "logged less than half the period"));
  free(html);
  T_CHECK(db_exec(db, "INSERT INTO risks(scenario_id, server_id, kind, figure, text)"
                      " SELECT 4, id, 'partial-samples', 14.3, name || ': its samples span 14 %'"
                      " FROM servers WHERE kind = 'server' LIMIT 1;",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  T_CHECK(contains(html, "<b>1 of the 6 workloads logged less than half the period</b>: the rest"));
  T_CHECK(!contains(html, "no core count or clock speed"));
  free(html);
  T_CHECK(db_exec(db, "INSERT INTO risks(scenario_id, server_id, kind, text)"
                      " SELECT 4, id, 'cpu-size-unknown', name || ': no core count'"
                      " FROM servers WHERE kind = 'server' LIMIT 3;",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  T_CHECK(contains(html, "<b>3 of the 6 workloads have no core count or clock speed</b>: their "
                         "CPU is sized on a guess"));
  T_CHECK(!contains(html, "no installed RAM"));
  free(html);
  T_CHECK(db_exec(db, "INSERT INTO risks(scenario_id, server_id, kind, text)"
                      " SELECT 4, id, 'ram-unknown', name || ': no RAM'"
                      " FROM servers WHERE kind = 'server';",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  T_CHECK(contains(html, "<b>All 6 workloads have no installed RAM or memory counters</b>: they "
                         "are planned with no RAM"));
  T_CHECK(contains(html, "<b>6 workloads</b> fold onto"));
  T_CHECK(!contains(html, "apart from the rest"));
  free(html);
  T_CHECK(db_exec(db, "INSERT INTO risks(scenario_id, server_id, kind, text)"
                      " SELECT 4, id, 'logged-apart', name || ': apart'"
                      " FROM servers WHERE kind = 'server' LIMIT 1;",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  T_CHECK(contains(html, "<b>1 of the 6 workloads logged apart from the rest</b>, in another "
                         "period: the plan spans its period too"));
  free(html);
  T_CHECK(db_exec(db, "ROLLBACK TO u; RELEASE u", &err) == 0);
}

/* A --policy scenario (a name none of the planner's own) beside the
 * recommended one is in the summary's sentence too. */
static void test_policy_summary(sqlite3 *db)
{
  nf_err err = {0};
  char *html = render(db, 0, "html", &err);
  T_CHECK(html != NULL && !contains(html, "policy would take"));
  free(html);
  T_CHECK(db_exec(db, "SAVEPOINT p; INSERT INTO scenarios(plan_id, name, host_model, hosts,"
                      " os_images, lower_bound, cpu_capacity, ram_mb, oh_cpu_pct, oh_ram_mb, notes)"
                      " SELECT plan_id, 'print-cohost', host_model, 4, 2, lower_bound, cpu_capacity,"
                      " ram_mb, oh_cpu_pct, oh_ram_mb, notes FROM scenarios WHERE id = 4;",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  T_CHECK(contains(html, "The <b>print-cohost</b> policy would take 4 hosts and 2 OS images, "
                         "against "));
  free(html);
  T_CHECK(db_exec(db, "ROLLBACK TO p; RELEASE p", &err) == 0);
}

/* With prices, the summary says what the recommended scenario's hosts
 * cost and what the same scenario would on another host model. */
static void test_price_summary(sqlite3 *db)
{
  nf_err err = {0};
  char *html = render(db, 0, "html", &err);
  T_CHECK(html != NULL && !contains(html, "They cost"));
  free(html);
  T_CHECK(db_exec(db, "SAVEPOINT c; UPDATE scenarios SET price = 28000 WHERE id = 4;"
                      " INSERT INTO scenarios(plan_id, name, host_model, hosts, os_images,"
                      " lower_bound, cpu_capacity, ram_mb, price)"
                      " SELECT plan_id, name, 'cores=64,mhz=2100,ram_gb=1024,name=dense', 1, 4,"
                      " 1, cpu_capacity * 3, ram_mb * 16, 52000 FROM scenarios WHERE id = 4;",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  T_CHECK(contains(html, "They cost <b>28,000</b>; on <span title=\"cores=64,mhz=2100,"
                         "ram_gb=1024,name=dense\">dense</span> hosts it would take 1 host for "
                         "52,000.</p>"));
  free(html);
  T_CHECK(db_exec(db, "ROLLBACK TO c; RELEASE c", &err) == 0);
}

/* Counts a manager reads carry thousands separators in the HTML (the
 * XML and CSV keep plain numbers for machines). */
static void test_grouped_counts(sqlite3 *db)
{
  nf_err err = {0};
  T_CHECK(db_exec(db, "SAVEPOINT g; UPDATE scenarios SET hosts = 1062, lower_bound = 943,"
                      " os_images = 4772 WHERE id = 4;"
                      "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1000)"
                      " INSERT INTO risks(scenario_id, kind, text) SELECT 4, 'many', 'x' FROM k;",
                      &err) == 0);
  char *html = render(db, 0, "html", &err);
  char want[64], g[NF_GROUPED_LEN];
  double nrisks = (double)db_int(db, "SELECT count(*) FROM risks WHERE scenario_id = 4", 0);
  snprintf(want, sizeof want, " · %s risks</h3>", nf_grouped(g, sizeof g, nrisks));
  T_CHECK(contains(html, want));
  T_CHECK(contains(html, "<b>many</b> · 1,000</summary>"));
  T_CHECK(contains(html, "<b>1,062 hosts</b> running <b>4,772 OS images</b>"));
  T_CHECK(contains(html, "No packing can use fewer than 943 hosts"));
  T_CHECK(contains(html, "<td class=\"num\">1,062</td><td class=\"num\">943</td>"));
  T_CHECK(contains(html, "fill=\"#1d2433\">4,772</text>"));
  /* The longest bar's count fits the chart (1,000 units wide, about 8 a
   * digit): it was cut at "4,77". */
  const char *t = html ? strstr(html, "fill=\"#1d2433\">4,772</text>") : NULL;
  while (t && t > html && strncmp(t, "<text x=\"", 9) != 0)
    t--;
  T_CHECK(t != NULL && atof(t + 9) + 5 * 8 <= 1000);
  free(html);
  char *xml = render(db, 0, "xml", &err);
  T_CHECK(contains(xml, "hosts=\"1062\"") && contains(xml, "os-images=\"4772\""));
  free(xml);
  T_CHECK(db_exec(db, "ROLLBACK TO g; RELEASE g", &err) == 0);
}

/* Past HOSTS_OPEN (48) cards the recommended scenario's hosts are folded
 * under one line that counts them, not dropped. */
static void test_hosts_folded(sqlite3 *db)
{
  nf_err err = {0};
  char *html = render(db, 0, "html", &err);
  T_CHECK(html != NULL && !contains(html, "<details class=\"fold\">"));
  free(html);
  T_CHECK(db_exec(db,
                  "SAVEPOINT h;"
                  "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 50)"
                  " INSERT INTO plan_hosts(id, scenario_id, label, kind, os_images, cpu_capacity,"
                  " ram_mb_capacity, cpu_peak_pct, ram_peak_pct, ram_mb)"
                  " SELECT 1000 + i, 4, printf('x%02d', i), 'hypervisor', 0, 41.6, 65536, 0, 0, 0"
                  " FROM k;",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  const char *fold = html ? strstr(html, "<details class=\"fold\"><summary>4 more hosts</summary>") : NULL;
  const char *x46 = html ? strstr(html, "<h3>x46 ") : NULL, *x47 = html ? strstr(html, "<h3>x47 ") : NULL;
  T_CHECK(fold != NULL && x46 != NULL && x47 != NULL);
  T_CHECK(x46 < fold && fold < x47);   /* 2 + 46 cards open, the 49th on folded */
  T_CHECK(contains(html, "<h3>x50 ")); /* folded, not dropped */
  free(html);
  T_CHECK(db_exec(db, "ROLLBACK TO h; RELEASE h", &err) == 0);
}

/* Past WORKLOADS_OPEN (100) workloads the table is one group a line that
 * counts it: the verdicts held with less than high confidence, then native,
 * dedicated cores, co-hosted and VM guests held with high confidence; a
 * small group open, the VM guests folded, none dropped. */
static void test_workloads_folded(sqlite3 *db)
{
  nf_err err = {0};
  char *html = render(db, 0, "html", &err);
  T_CHECK(html != NULL && !contains(html, "high confidence</summary>"));
  free(html);
  T_CHECK(db_exec(db,
                  "SAVEPOINT w;"
                  "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 100)"
                  " INSERT INTO servers(id, name, kind) SELECT 1000 + i, printf('aa%03d', i), 'server'"
                  " FROM k;"
                  "INSERT INTO verdicts(run_id, server_id, strategy, confidence, confidence_why)"
                  " SELECT 2, id, 'vm-guest', 'high', 'a week of samples' FROM servers WHERE id > 1000;",
                  &err) == 0);
  html = render(db, 0, "html", &err);
  const char *unsure = html ? strstr(html, "<details class=\"fold\" open><summary>3 workloads held "
                                           "with less than high confidence</summary>") : NULL;
  const char *cohost = html ? strstr(html, "<details class=\"fold\" open><summary>2 co-hosted "
                                           "workloads, high confidence</summary>") : NULL;
  const char *guests = html ? strstr(html, "<details class=\"fold\"><summary>100 VM guests, high "
                                           "confidence</summary>") : NULL;
  const char *sql01 = html ? strstr(html, "<tr><td><b>sql01</b>") : NULL;
  const char *aa001 = html ? strstr(html, "<tr><td><b>aa001</b>") : NULL;
  T_CHECK(unsure && cohost && guests && sql01 && aa001);
  T_CHECK(unsure < cohost && cohost < sql01 && sql01 < guests && guests < aa001);
  T_CHECK(contains(html, "<tr><td><b>aa100</b>")); /* folded, not dropped */
  free(html);
  T_CHECK(db_exec(db, "ROLLBACK TO w; RELEASE w", &err) == 0);
}

static void test_empty(void)
{
  nf_err err = {0};
  const char *path = "test_report_empty.db";
  unlink(path);
  sqlite3 *db = db_open(path, &err);
  T_CHECK(db != NULL);
  if (db == NULL)
    return;
  nf_report r;
  T_CHECK(report_load(db, 0, &r, &err) == -1);
  T_STREQ(err.msg, "no plan yet: run `nfold plan` first");
  T_CHECK(report_write(db, 0, "xml", "test_report_empty.xml", &err) == -1);
  T_CHECK(access("test_report_empty.xml", F_OK) != 0);
  /* A plan with no score run and no scenario still makes valid reports. */
  T_CHECK(db_exec(db, "INSERT INTO plans(id, created_at, hypervisor, percentile, slot_s,"
                      " headroom_cpu, headroom_ram, options) VALUES (1, 0, 'none', 95, 900, 0.2,"
                      " 0.1, '')", &err) == 0);
  static const char *const formats[] = {"xml", "html", "csv"};
  for (size_t i = 0; i < NF_ARRAY_LEN(formats); i++) {
    char *out = render(db, 0, formats[i], &err);
    T_CHECK(out != NULL);
    if (out == NULL)
      fprintf(stderr, "%s: %s\n", formats[i], err.msg);
    if (i == 1)
      T_CHECK(contains(out, "This plan holds no scenario"));
    free(out);
  }
  db_close(db);
}

static void test_helpers(void)
{
  char buf[32];
  T_STREQ(rp_num(buf, sizeof buf, -0.04, 1), "0.0");
  T_STREQ(rp_num(buf, sizeof buf, -0.05001, 1), "-0.1");
  T_STREQ(rp_num(buf, sizeof buf, 12.345, 2), "12.35");
  char *c = rp_clean("a\x01" "b\xc3\xa9\xed\xa0\x80z\t");
  T_STREQ(c, "a\xef\xbf\xbd" "b\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz\t");
  free(c);
}

int main(void)
{
  /* Golden reports carry this generated-at time. */
  setenv("SOURCE_DATE_EPOCH", "1773000000", 1);
  unsetenv("NFOLD_NOW");
  test_helpers();
  test_validate();
  test_empty();
  sqlite3 *db = fixture_db("test_report.db");
  if (db) {
    test_model(db);
    test_golden(db);
    test_write(db);
    test_hostile(db);
    test_risks_grouped(db);
    test_fewer_elsewhere(db);
    test_unmeasured(db);
    test_policy_summary(db);
    test_price_summary(db);
    test_grouped_counts(db);
    test_hosts_folded(db);
    test_workloads_folded(db);
    test_whatif(db);
    test_golden(db); /* the failure paths above changed nothing */
    db_close(db);
  }
  setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
  nf_report r;
  nf_err err = {0};
  T_CHECK(report_load(NULL, 0, &r, &err) == -1);
  T_STREQ(err.msg, "SOURCE_DATE_EPOCH is 'yesterday', expected Unix seconds or an ISO 8601 time");
  return T_DONE();
}
