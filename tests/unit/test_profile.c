/* test_profile.c — profile_load reads the samples in shares side by side
 * (profile.c's readers): the estate must be the same, field for field, for
 * any number of readers, with servers that are hypervisor hosts, servers
 * without samples, other sampling intervals and blank metrics among the
 * shares, and when the caller's connection has a transaction open (one
 * reader: another connection would not see its rows). */
#include <stdlib.h>
#include <unistd.h>

#include "db.h"
#include "profile.h"
#include "t.h"
#include "util.h"

#define NSERVERS 300
#define T0 1772323200 /* 2026-03-01T00:00:00Z */

static int load(sqlite3 *db, int readers, nf_estate *e)
{
  nf_err err = {0};
  nf_profile_opts o = {.percentile = 95, .slot_s = 900, .readers = readers};
  int rc = profile_load(db, &o, e, &err);
  if (rc)
    fprintf(stderr, "profile_load: %s\n", err.msg);
  return rc;
}

/* Whether workload I of A and B match in everything the profile computes. */
static int same_workload(const nf_estate *a, const nf_estate *b, int i)
{
  const nf_workload *x = &a->w[i], *y = &b->w[i];
  if (strcmp(x->srv.name, y->srv.name) != 0 || x->nsamples != y->nsamples ||
      x->interval_s != y->interval_s || x->first_ts != y->first_ts || x->last_ts != y->last_ts ||
      x->ram_need_mb != y->ram_need_mb || x->cpu_from_host != y->cpu_from_host)
    return 0;
  if (memcmp(x->stat, y->stat, sizeof x->stat) != 0)
    return 0;
  for (int d = 0; d < NF_D__COUNT; d++)
    if (x->filled[d] != y->filled[d] || x->peak[d] != y->peak[d] ||
        memcmp(x->demand[d], y->demand[d], (size_t)a->nslots * sizeof(float)) != 0)
      return 0;
  return 1;
}

int main(void)
{
  char path[] = "/tmp/nfold-test-profile-XXXXXX";
  int fd = mkstemp(path);
  T_CHECK(fd >= 0);
  close(fd);
  unlink(path);
  nf_err err = {0};
  sqlite3 *db = db_open(path, &err);
  T_CHECK(db != NULL);
  if (db == NULL)
    return 1;

  /* Every seventh server an existing hypervisor host, every eleventh
   * without samples, every fifth sampled every 10 minutes instead of 5,
   * every third without memory counters; ids with gaps. */
  T_CHECK(db_exec(db, "BEGIN", &err) == 0);
  sqlite3_stmt *sv = db_prepare(db, "INSERT INTO servers(id, name, kind, cores, mhz, ram_mb) VALUES (?1, ?2, ?3, 4, 2600, 8192)", 0, &err);
  sqlite3_stmt *sm = db_prepare(db, "INSERT INTO samples(server_id, ts, cpu_pct, mem_avail_mb, disk_iops, cpu_queue) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", 0, &err);
  srand(5);
  for (int i = 0; i < NSERVERS; i++) {
    int id = 3 * i + 1 + i % 3;
    char name[16];
    snprintf(name, sizeof name, "srv%03d", i);
    sqlite3_bind_int(sv, 1, id);
    sqlite3_bind_text(sv, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(sv, 3, i % 7 == 0 ? "host" : "server", -1, SQLITE_STATIC);
    T_CHECK(sqlite3_step(sv) == SQLITE_DONE);
    sqlite3_reset(sv);
    if (i % 11 == 0)
      continue;
    int step = i % 5 == 0 ? 600 : 300;
    for (int t = 0; t < 86400; t += step) {
      sqlite3_bind_int(sm, 1, id);
      sqlite3_bind_int64(sm, 2, T0 + t + (i % 3));
      sqlite3_bind_double(sm, 3, (rand() % 1000) / 10.0);
      if (i % 3 == 0)
        sqlite3_bind_null(sm, 4);
      else
        sqlite3_bind_double(sm, 4, 1000 + rand() % 4000);
      sqlite3_bind_double(sm, 5, rand() % 500);
      if (t == 0)
        sqlite3_bind_null(sm, 6);
      else
        sqlite3_bind_double(sm, 6, rand() % 8);
      T_CHECK(sqlite3_step(sm) == SQLITE_DONE);
      sqlite3_reset(sm);
    }
  }
  sqlite3_finalize(sv);
  sqlite3_finalize(sm);
  /* Rows without a metric are not samples: every minute of srv002's first hour. */
  T_CHECK(db_exec(db, "WITH RECURSIVE m(t) AS (SELECT 30 UNION ALL SELECT t + 60 FROM m WHERE t < 3600)"
                      " INSERT INTO samples(server_id, ts) SELECT 9, 1772323200 + t FROM m", &err) == 0);
  T_CHECK(db_exec(db, "COMMIT", &err) == 0);

  nf_estate one, e;
  T_CHECK(load(db, 1, &one) == 0);
  T_CHECK(one.n == NSERVERS - (NSERVERS + 6) / 7);
  T_CHECK(one.nslots == 96);
  int nsampled = 0;
  for (int i = 0; i < one.n; i++)
    nsampled += one.w[i].nsamples > 0;
  T_CHECK(nsampled == 233); /* 257 workloads, 24 of them (11k, not 7k) without samples */
  /* profile_interval: the least interval_s, without loading. */
  int least = 0, iv = -1;
  for (int i = 0; i < one.n; i++)
    if (one.w[i].interval_s > 0 && (least == 0 || one.w[i].interval_s < least))
      least = one.w[i].interval_s;
  T_CHECK(least == 300);
  T_CHECK(profile_interval(db, 0, 0, &iv, &err) == 0 && iv == 300);
  /* An hour later: three samples of each 5-minute server (srv002's row
   * without a metric at T0 + 3630 is not one). */
  T_CHECK(profile_interval(db, T0 + 3600, T0 + 3600 + 601, &iv, &err) == 0 && iv == 300);
  T_CHECK(profile_interval(db, T0 + 3601, T0 + 3602, &iv, &err) == 0 && iv == 0); /* one sample each */
  T_CHECK(profile_interval(db, T0 - 7200, T0, &iv, &err) == 0 && iv == 0);         /* none */
  int counts[] = {2, 3, 7, 64, 0};
  for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
    T_CHECK(load(db, counts[k], &e) == 0);
    T_CHECK(e.n == one.n && e.nslots == one.nslots);
    int bad = 0;
    for (int i = 0; i < e.n && i < one.n; i++)
      bad += !same_workload(&one, &e, i);
    T_CHECK(bad == 0);
    profile_free(&e);
  }
  /* Inside the caller's transaction: its own uncommitted rows count. */
  T_CHECK(db_exec(db, "BEGIN; DELETE FROM samples WHERE server_id = 5", &err) == 0);
  T_CHECK(load(db, 4, &e) == 0);
  nf_workload *w = profile_find(&e, "srv000");
  nf_workload *w1 = profile_find(&e, "srv001");
  T_CHECK(w == NULL); /* a hypervisor host */
  T_CHECK(w1 != NULL && w1->nsamples == 0); /* id 5: its rows deleted, not committed */
  T_CHECK(db_exec(db, "ROLLBACK", &err) == 0);
  profile_free(&e);
  profile_free(&one);
  sqlite3_close(db);
  unlink(path);
  char side[sizeof path + 8];
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
  if (t_failed)
    fprintf(stderr, "%d of %d checks failed\n", t_failed, t_run);
  return t_failed != 0;
}
