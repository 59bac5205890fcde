/* test_util.c — time and number parsing, windows, sbuf, the schema's
 * migration and views, percentiles. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "profile.h"
#include "t.h"
#include "util.h"

static void test_time(void)
{
  int64_t t = 0;
  T_CHECK(nf_parse_time("2026-03-01T10:05:00Z", &t) == 0);
  T_CHECK(t == 1772359500);
  T_CHECK(nf_parse_time("2026-03-01 10:05:00", &t) == 0 && t == 1772359500);
  T_CHECK(nf_parse_time("2026-03-01T12:05:00+02:00", &t) == 0 && t == 1772359500);
  T_CHECK(nf_parse_time("2026-03-01T10:05:00.250Z", &t) == 0 && t == 1772359500);
  T_CHECK(nf_parse_time("2018-08-29 09:34:34 UTC", &t) == 0 && t == 1535535274);
  T_CHECK(nf_parse_time("1772359500", &t) == 0 && t == 1772359500);
  T_CHECK(nf_parse_time("2026-03-01", &t) == 0 && t == 1772323200);
  T_CHECK(nf_parse_time("2026-13-01", &t) != 0);
  T_CHECK(nf_parse_time("yesterday", &t) != 0);
  T_CHECK(nf_parse_time("", &t) != 0);
  char buf[32];
  T_STREQ(nf_format_time(1772359500, buf, sizeof buf), "2026-03-01T10:05:00Z");
  T_STREQ(nf_format_time(0, buf, sizeof buf), "1970-01-01T00:00:00Z");
  char g[NF_GROUPED_LEN];
  T_STREQ(nf_grouped(g, sizeof g, 0), "0");
  T_STREQ(nf_grouped(g, sizeof g, -0.4), "0");
  T_STREQ(nf_grouped(g, sizeof g, 999), "999");
  T_STREQ(nf_grouped(g, sizeof g, 1000), "1,000");
  T_STREQ(nf_grouped(g, sizeof g, 594000), "594,000");
  T_STREQ(nf_grouped(g, sizeof g, -1234567.4), "-1,234,567");
  T_STREQ(nf_grouped(g, sizeof g, 999999.6), "1,000,000");
  T_STREQ(nf_grouped(g, sizeof g, INFINITY), "inf");
  T_CHECK(strlen(nf_grouped(g, sizeof g, -DBL_MAX)) == 1 + 309 + 102);
  T_STREQ(nf_grouped(buf, 6, 1234567), "1,234"); /* cut to the buffer */
}

static void test_window(void)
{
  int64_t a, b;
  nf_err err = {0};
  T_CHECK(nf_parse_window("2026-03-01..2026-03-08", &a, &b, &err) == 0);
  T_CHECK(b - a == 7 * 86400);
  T_CHECK(nf_parse_window("..2026-03-08", &a, &b, &err) == 0 && a == 0 && b > 0);
  T_CHECK(nf_parse_window("2026-03-08..2026-03-01", &a, &b, &err) != 0);
  T_CHECK(nf_parse_window("2026-03-01", &a, &b, &err) != 0);
  T_STREQ(err.msg, "--window wants FROM..TO (ISO dates or times), got '2026-03-01'");
}

static void test_numbers(void)
{
  double v;
  T_CHECK(nf_parse_double(" 12.5 ", &v) == 0 && v == 12.5);
  T_CHECK(nf_parse_double("1e3", &v) == 0 && v == 1000);
  T_CHECK(nf_parse_double("12abc", &v) != 0);
  T_CHECK(nf_parse_double("", &v) != 0);
  T_CHECK(nf_parse_double("nan", &v) != 0);
  sbuf b = {0};
  sb_printf(&b, "%d-%s", 42, "x");
  sb_addc(&b, '!');
  T_STREQ(b.s, "42-x!");
  sb_free(&b);
  nf_err err = {0};
  nf_errcf(&err, "f.csv", 3, 7, "bad %s", "thing");
  T_STREQ(err.msg, "f.csv:3:7: bad thing");
}

static void test_schema(void)
{
  char path[] = "/tmp/nfold-test-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  unlink(path);
  nf_err err = {0};
  sqlite3 *db = db_open(path, &err);
  T_CHECK(db != NULL);
  if (db == NULL)
    return;
  T_CHECK(db_int(db, "PRAGMA user_version", -1) == NF_SCHEMA_VERSION);
  T_CHECK(db_int(db, "SELECT count(*) FROM metrics WHERE canonical = 1", 0) == 18);
  T_CHECK(db_int(db, "SELECT id FROM metrics WHERE name = 'net_mbps'", 0) == 14);
  T_CHECK(db_metric_id(db, "cpu_pct", NULL, 0, &err) == 1);
  int64_t x = db_metric_id(db, "Process(w3wp)\\% Processor Time", "%", 1, &err);
  T_CHECK(x >= 1000);
  T_CHECK(db_metric_id(db, "Process(w3wp)\\% Processor Time", NULL, 0, &err) == x);
  /* The long view unpivots the wide table. */
  T_CHECK(db_exec(db,
                  "INSERT INTO servers(id, name) VALUES (1, 'WEB01');"
                  "INSERT INTO samples(server_id, ts, cpu_pct, net_mbps) VALUES (1, 60, 12.5, 3);",
                  &err) == 0);
  T_CHECK(db_int(db, "SELECT count(*) FROM v_samples", 0) == 2);
  T_CHECK(db_int(db, "SELECT value FROM v_samples WHERE metric = 'net_mbps'", 0) == 3);
  /* The samples' span, whole or in a window [from, to). */
  T_CHECK(db_exec(db,
                  "INSERT INTO servers(id, name) VALUES (2, 'WEB02');"
                  "INSERT INTO samples(server_id, ts, cpu_pct) VALUES (2, 30, 1), (2, 90, 1), (1, 120, 1);",
                  &err) == 0);
  int64_t lo = -1, hi = -1;
  T_CHECK(db_sample_span(db, 0, 0, &lo, &hi, &err) == 1 && lo == 30 && hi == 120);
  T_CHECK(db_sample_span(db, 31, 120, &lo, &hi, &err) == 1 && lo == 60 && hi == 90);
  lo = hi = -1;
  T_CHECK(db_sample_span(db, 121, 0, &lo, &hi, &err) == 0 && lo == -1 && hi == -1);
  T_CHECK(db_exec(db, "DELETE FROM samples WHERE ts <> 60; DELETE FROM servers WHERE id = 2", &err) == 0);
  db_close(db);
  /* Reopening does not migrate again. */
  db = db_open(path, &err);
  T_CHECK(db != NULL && db_int(db, "SELECT count(*) FROM servers", 0) == 1);
  /* A study of schema 3 (no index on constraints) is brought to 4, its
   * rows kept. */
  T_CHECK(db_exec(db, "DROP INDEX constraints_by_server; PRAGMA user_version=3", &err) == 0);
  db_close(db);
  db = db_open(path, &err);
  T_CHECK(db != NULL && db_int(db, "PRAGMA user_version", -1) == 4);
  T_CHECK(db_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'constraints_by_server'", 0) == 1);
  T_CHECK(db_int(db, "SELECT count(*) FROM servers", 0) == 1);
  db_close(db);
  unlink(path);
  /* A foreign SQLite file is refused. */
  db = NULL;
  sqlite3_open(path, &db);
  sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
  sqlite3_close(db);
  T_CHECK(db_open(path, &err) == NULL);
  T_CHECK(strstr(err.msg, "not an nfold study database") != NULL);
  unlink(path);
}

static int cmp_dbl(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* nf_percentile selects rather than sorts: it must give what interpolating
 * in the sorted values gives, on runs, ties, sorted and reversed input. */
static void test_percentile(void)
{
  static const double ps[] = {0, 1, 25, 50, 95, 99, 99.9, 100};
  static const long sizes[] = {1, 2, 3, 5, 12, 13, 100, 1001, 10080};
  unsigned long long r = 12345;
  double *v = malloc(10080 * sizeof *v), *w = malloc(10080 * sizeof *w), *srt = malloc(10080 * sizeof *srt);
  int bad = 0;
  for (int shape = 0; shape < 5; shape++)
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
      long n = sizes[z];
      for (long i = 0; i < n; i++) {
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        double x = (double)(r >> 40) / 16777216.0;
        v[i] = shape == 0 ? x : shape == 1 ? floor(x * 4) : shape == 2 ? (double)i : shape == 3 ? (double)(n - i) : 7;
      }
      memcpy(srt, v, (size_t)n * sizeof *v);
      qsort(srt, (size_t)n, sizeof *srt, cmp_dbl);
      for (size_t q = 0; q < sizeof ps / sizeof *ps; q++) {
        double rk = ps[q] / 100.0 * (double)(n - 1);
        long i = (long)floor(rk);
        double f = rk - (double)i, want = i + 1 < n ? srt[i] + f * (srt[i + 1] - srt[i]) : srt[i];
        memcpy(w, v, (size_t)n * sizeof *v);
        bad += nf_percentile(w, n, ps[q]) != want;
      }
    }
  T_CHECK(bad == 0);
  T_CHECK(isnan(nf_percentile(v, 0, 50)));
  free(v);
  free(w);
  free(srt);
}

int main(void)
{
  test_time();
  test_window();
  test_numbers();
  test_schema();
  test_percentile();
  return T_DONE();
}
