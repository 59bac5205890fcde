/* test_sink.c — the import sink (importers/sink.h): values in any order end
 * up as the same rows, clashes merge and count as replaced, server names
 * match short/FQDN, batches larger than the sink's buffer, rollback. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db.h"
#include "metrics.h"
#include "sink.h"
#include "sink_internal.h"
#include "t.h"

static char dbpath[64];

static sqlite3 *fresh_db(void)
{
  snprintf(dbpath, sizeof dbpath, "test_sink_%d.db", (int)getpid());
  unlink(dbpath);
  char aux[80];
  snprintf(aux, sizeof aux, "%s-wal", dbpath);
  unlink(aux);
  snprintf(aux, sizeof aux, "%s-shm", dbpath);
  unlink(aux);
  nf_err err = {0};
  sqlite3 *db = db_open(dbpath, &err);
  if (db == NULL)
    fprintf(stderr, "%s\n", err.msg);
  return db;
}

static void drop_db(sqlite3 *db)
{
  db_close(db);
  char aux[80];
  unlink(dbpath);
  snprintf(aux, sizeof aux, "%s-wal", dbpath);
  unlink(aux);
  snprintf(aux, sizeof aux, "%s-shm", dbpath);
  unlink(aux);
}

static double q(sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;
  double v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_double(st, 0);
  else
    fprintf(stderr, "query failed: %s: %s\n", sql, sqlite3_errmsg(db));
  sqlite3_finalize(st);
  return v;
}

/* A sum over every value that depends on where each one landed. */
static double fingerprint(sqlite3 *db)
{
  return q(db, "SELECT total(value * (ts - 1699999999) * (CAST(substr(server, 4) AS INTEGER) + 1) "
               "* length(metric)) FROM v_samples");
}

/* Writes S servers x T times x the first M canonical metrics plus one extra
 * counter, in the order ORDER: 0 server-major, 1 time-major (interleaved
 * servers), 2 metric-major (every value clashes with an earlier row). */
static int load(sqlite3 *db, int S, int T, int M, int order, long *replaced)
{
  nf_err err = {0};
  if (db_begin(db, &err))
    return -1;
  char hash[32];
  snprintf(hash, sizeof hash, "h%d-%d-%d-%d", S, T, M, order);
  nf_sink *s = sink_open(db, "mem.csv", "test", hash, 1, &err);
  if (s == NULL)
    return -1;
  int64_t extra = sink_metric(s, "Custom\\Counter", "u", &err);
  int64_t *ids = calloc((size_t)S, sizeof *ids);
  for (int i = 0; i < S; i++) {
    char name[32];
    snprintf(name, sizeof name, "srv%03d", i);
    ids[i] = sink_server(s, name, &err);
  }
  int rc = 0;
  for (int a = 0; a < (order == 0 ? S : order == 1 ? T : M + 1) && rc == 0; a++)
    for (int b = 0; b < (order == 0 ? T : order == 1 ? S : S) && rc == 0; b++)
      for (int c = 0; c < (order == 0 ? M + 1 : order == 1 ? M + 1 : T) && rc == 0; c++) {
        int sv = order == 0 ? a : b;
        int t = order == 0 ? b : order == 1 ? a : c;
        int m = order == 2 ? a : c;
        double v = sv * 7 + t * 3 + m * 0.5;
        rc = sink_value(s, ids[sv], 1700000000 + t * 60, m == M ? extra : m + 1, v, &err);
      }
  free(ids);
  if (rc == 0)
    rc = sink_flush(s, &err);
  long sv, rows, vals, miss;
  sink_counts(s, &sv, &rows, &vals, &miss, replaced);
  sink_free(s);
  if (rc == 0)
    rc = db_commit(db, &err);
  if (rc)
    fprintf(stderr, "load: %s\n", err.msg);
  return rc;
}

static void test_orders(void)
{
  /* 37 x 300 rows: more than one batch of the sink, interleaved or not. */
  double fp[3];
  for (int order = 0; order < 3; order++) {
    sqlite3 *db = fresh_db();
    long replaced = -1;
    T_CHECK(load(db, 37, 300, 6, order, &replaced) == 0);
    T_CHECK(replaced == 0);
    T_NEAR(q(db, "SELECT count(*) FROM samples"), 37 * 300, 0);
    T_NEAR(q(db, "SELECT count(*) FROM samples_extra"), 37 * 300, 0);
    T_NEAR(q(db, "SELECT count(*) FROM v_samples"), 37 * 300 * 7, 0);
    T_NEAR(q(db, "SELECT count(*) FROM samples WHERE cpu_pct IS NULL OR ctx_switch_per_s IS NULL "
                 "OR mem_avail_mb IS NOT NULL"), 0, 0);
    T_NEAR(q(db, "SELECT value FROM v_samples WHERE server = 'srv012' AND metric = 'cpu_queue' "
                 "AND ts = 1700000000 + 45 * 60"), 12 * 7 + 45 * 3 + 4 * 0.5, 1e-9);
    fp[order] = fingerprint(db);
    drop_db(db);
  }
  T_NEAR(fp[1], fp[0], 1e-6 * fp[0]);
  T_NEAR(fp[2], fp[0], 1e-6 * fp[0]);
}

static void test_replace_and_names(void)
{
  sqlite3 *db = fresh_db();
  nf_err err = {0};
  T_CHECK(db_begin(db, &err) == 0);
  nf_sink *s = sink_open(db, "a.csv", "test", "a", 1, &err);
  T_CHECK(s != NULL);
  int64_t a = sink_server(s, "web01.corp.local", &err);
  T_CHECK(sink_server(s, "WEB01", &err) == a);
  T_CHECK(sink_server(s, "Web01.Corp.Local", &err) == a);
  int64_t b = sink_server(s, "db01", &err);
  T_CHECK(b != a && b > 0);
  T_CHECK(sink_server(s, "db01.corp.local", &err) == b);
  T_CHECK(sink_server(s, "", &err) < 0);
  T_CHECK(sink_value(s, a, 100, NF_M_CPU_PCT + 1, 1, &err) == 0);
  T_CHECK(sink_value(s, a, 100, NF_M_CPU_PCT + 1, 2, &err) == 0); /* same record: replaced */
  T_CHECK(sink_value(s, a, 200, NF_M_CPU_PCT + 1, 3, &err) == 0);
  T_CHECK(sink_value(s, a, 100, NF_M_DISK_IOPS + 1, 4, &err) == 0); /* back in time: merged */
  T_CHECK(sink_value(s, a, 100, NF_M_CPU_PCT + 1, 5, &err) == 0);   /* clash: replaced */
  T_CHECK(sink_value(s, a, 300, NF_M_CPU_PCT + 1, 1.0 / 0.0, &err) < 0);
  T_CHECK(sink_flush(s, &err) == 0);
  long sv, rows, vals, miss, rep;
  sink_counts(s, &sv, &rows, &vals, &miss, &rep);
  T_CHECK(sv == 2);
  T_CHECK(vals == 5);
  T_CHECK(rep == 2);
  sink_free(s);
  T_CHECK(db_commit(db, &err) == 0);
  T_NEAR(q(db, "SELECT cpu_pct FROM samples WHERE ts = 100"), 5, 0);
  T_NEAR(q(db, "SELECT disk_iops FROM samples WHERE ts = 100"), 4, 0);
  T_NEAR(q(db, "SELECT cpu_pct FROM samples WHERE ts = 200"), 3, 0);
  T_NEAR(q(db, "SELECT replaced FROM imports"), 2, 0);

  /* A second import over the same rows counts what it overwrites. */
  T_CHECK(db_begin(db, &err) == 0);
  s = sink_open(db, "b.csv", "test", "b", 1, &err);
  T_CHECK(sink_server(s, "web01", &err) == a);
  T_CHECK(sink_value(s, a, 100, NF_M_CPU_PCT + 1, 9, &err) == 0);
  T_CHECK(sink_value(s, a, 100, NF_M_NET_MBPS + 1, 8, &err) == 0);
  T_CHECK(sink_flush(s, &err) == 0);
  sink_counts(s, &sv, &rows, &vals, &miss, &rep);
  T_CHECK(sv == 0);
  T_CHECK(rep == 1);
  sink_free(s);
  T_CHECK(db_commit(db, &err) == 0);
  T_NEAR(q(db, "SELECT cpu_pct + net_mbps + disk_iops FROM samples WHERE ts = 100"), 21, 0);
  drop_db(db);
}

static void test_rollback(void)
{
  sqlite3 *db = fresh_db();
  long rep;
  T_CHECK(load(db, 3, 10, 2, 0, &rep) == 0);
  double before = q(db, "SELECT count(*) FROM samples") + q(db, "SELECT count(*) FROM servers");
  nf_err err = {0};
  T_CHECK(db_begin(db, &err) == 0);
  nf_sink *s = sink_open(db, "c.csv", "test", "c", 1, &err);
  int64_t x = sink_server(s, "new-server", &err);
  for (int t = 0; t < 10000; t++)
    sink_value(s, x, t, NF_M_CPU_PCT + 1, t, &err);
  T_CHECK(sink_flush(s, &err) == 0);
  sink_free(s);
  db_rollback(db);
  T_NEAR(q(db, "SELECT count(*) FROM samples") + q(db, "SELECT count(*) FROM servers"), before, 0);
  T_NEAR(q(db, "SELECT count(*) FROM imports"), 1, 0);
  drop_db(db);
}

int main(void)
{
  test_orders();
  test_replace_and_names();
  test_rollback();
  return T_DONE();
}
