/* db.c — opening the study database and migrating its schema. The schema is
 * the contract between the stages (importers write samples, score writes
 * verdicts, plan writes scenarios, report reads them all) and the one users
 * query: docs/schema.md documents it, and the views v_servers and v_samples
 * stay stable whatever the tables beneath look like. */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

/* Migration N brings user_version N to N + 1. Append only. */
static const char *const migrations[] = {
  /* 0 -> 1: the first schema. */
  "CREATE TABLE imports(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  path TEXT NOT NULL,\n"
  "  hash TEXT NOT NULL,            -- 64-bit content hash of the file's bytes\n"
  "  bytes INTEGER NOT NULL,\n"
  "  format TEXT NOT NULL,\n"
  "  imported_at INTEGER NOT NULL,  -- Unix seconds\n"
  "  servers INTEGER NOT NULL DEFAULT 0,\n"
  "  rows INTEGER NOT NULL DEFAULT 0,     -- records read (lines, timestamps)\n"
  "  vals INTEGER NOT NULL DEFAULT 0,     -- sample values stored\n"
  "  missing INTEGER NOT NULL DEFAULT 0,  -- blank cells read as missing\n"
  "  replaced INTEGER NOT NULL DEFAULT 0, -- values that replaced earlier imports'\n"
  "  UNIQUE(hash, bytes));\n"
  "CREATE TABLE servers(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,\n"
  "  site TEXT, role TEXT, os TEXT, arch TEXT,\n"
  "  sockets INTEGER, cores INTEGER, threads INTEGER,\n"
  "  mhz REAL, ram_mb REAL, model TEXT, cpu_rating REAL,\n"
  "  criticality TEXT,\n"
  "  is_guest INTEGER NOT NULL DEFAULT 0, -- the source is already a VM guest\n"
  "  guest_evidence TEXT,                 -- why we think so\n"
  "  kind TEXT NOT NULL DEFAULT 'server', -- 'server', or 'host' for an existing hypervisor host\n"
  "  import_id INTEGER REFERENCES imports(id));\n"
  "CREATE TABLE server_tags(\n"
  "  server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,\n"
  "  key TEXT NOT NULL COLLATE NOCASE, value TEXT NOT NULL,\n"
  "  PRIMARY KEY(server_id, key)) WITHOUT ROWID;\n"
  "CREATE TABLE metrics(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  name TEXT NOT NULL UNIQUE,\n"
  "  unit TEXT,\n"
  "  canonical INTEGER NOT NULL DEFAULT 0);\n"
  /* One row per server and timestamp with the canonical metrics as
   * columns: an importer writes a handful of rows per timestamp, not one
   * per value (DESIGN §2 on the storage shape). */
  "CREATE TABLE samples(\n"
  "  server_id INTEGER NOT NULL REFERENCES servers(id),\n"
  "  ts INTEGER NOT NULL,\n"
  "  cpu_pct REAL, cpu_priv_pct REAL, cpu_intr_pct REAL, cpu_dpc_pct REAL,\n"
  "  cpu_queue REAL, ctx_switch_per_s REAL, mem_avail_mb REAL,\n"
  "  mem_committed_mb REAL, paging_per_s REAL, nonpaged_pool_mb REAL,\n"
  "  disk_iops REAL, disk_mbps REAL, disk_latency_ms REAL, net_mbps REAL,\n"
  "  vm_cpu_used_pct REAL, vm_cpu_ready_pct REAL, vm_cpu_costop_pct REAL,\n"
  "  vm_cpu_mlmtd_pct REAL,\n"
  "  PRIMARY KEY(server_id, ts)) WITHOUT ROWID;\n"
  "CREATE TABLE samples_extra(\n"
  "  server_id INTEGER NOT NULL REFERENCES servers(id),\n"
  "  metric_id INTEGER NOT NULL REFERENCES metrics(id),\n"
  "  ts INTEGER NOT NULL,\n"
  "  value REAL NOT NULL,\n"
  "  PRIMARY KEY(server_id, ts, metric_id)) WITHOUT ROWID;\n"
  /* Verdicts of `nfold score`: one run per invocation, the latest wins. */
  "CREATE TABLE score_runs(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  rules TEXT NOT NULL);          -- the policy files, in load order\n"
  "CREATE TABLE verdicts(\n"
  "  run_id INTEGER NOT NULL REFERENCES score_runs(id) ON DELETE CASCADE,\n"
  "  server_id INTEGER NOT NULL REFERENCES servers(id),\n"
  "  strategy TEXT NOT NULL CHECK(strategy IN ('vm-guest','vm-dedicated-cpu','native','co-host')),\n"
  "  co_host_kind TEXT CHECK(co_host_kind IN ('app-pool','sql-instance','resource-policy','container')),\n"
  "  confidence TEXT NOT NULL CHECK(confidence IN ('high','medium','low')),\n"
  "  confidence_why TEXT NOT NULL,\n"
  "  score_vm_guest REAL, score_vm_dedicated_cpu REAL, score_native REAL, score_co_host REAL,\n"
  "  PRIMARY KEY(run_id, server_id)) WITHOUT ROWID;\n"
  "CREATE TABLE reasons(\n"
  "  run_id INTEGER NOT NULL REFERENCES score_runs(id) ON DELETE CASCADE,\n"
  "  server_id INTEGER NOT NULL REFERENCES servers(id),\n"
  "  seq INTEGER NOT NULL,\n"
  "  rule TEXT NOT NULL, strategy TEXT NOT NULL, points REAL NOT NULL,\n"
  "  text TEXT NOT NULL,\n"
  "  PRIMARY KEY(run_id, server_id, seq)) WITHOUT ROWID;\n"
  /* Constraints rules or the inventory put on placement. */
  "CREATE TABLE constraints(\n"
  "  run_id INTEGER NOT NULL REFERENCES score_runs(id) ON DELETE CASCADE,\n"
  "  server_id INTEGER NOT NULL REFERENCES servers(id),\n"
  "  kind TEXT NOT NULL,            -- 'anti-affinity', 'affinity', 'site', 'dedicated-cores'\n"
  "  value TEXT NOT NULL);          -- group name, site, or core count\n"
  /* Plans of `nfold plan`: one plan per invocation, the latest is reported. */
  "CREATE TABLE plans(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  score_run_id INTEGER REFERENCES score_runs(id),\n"
  "  hypervisor TEXT NOT NULL,\n"
  "  percentile REAL NOT NULL, slot_s INTEGER NOT NULL,\n"
  "  headroom_cpu REAL NOT NULL, headroom_ram REAL NOT NULL,\n"
  "  window_from INTEGER, window_to INTEGER,\n"
  "  options TEXT NOT NULL);        -- the command line options, for the record\n"
  "CREATE TABLE scenarios(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,\n"
  "  name TEXT NOT NULL,            -- all-vm, co-host, hybrid, ...\n"
  "  host_model TEXT NOT NULL,      -- the --host spec used\n"
  "  hosts INTEGER NOT NULL, os_images INTEGER NOT NULL, lower_bound INTEGER NOT NULL,\n"
  "  cpu_capacity REAL NOT NULL,    -- of one host, capacity units\n"
  "  ram_mb REAL NOT NULL,          -- of one host\n"
  "  oh_cpu_pct REAL NOT NULL DEFAULT 0, oh_ram_mb REAL NOT NULL DEFAULT 0,\n"
  "  baseline_hosts INTEGER,        -- sum-of-p95 first-fit, for comparison\n"
  "  price REAL,\n"
  "  notes TEXT);\n"
  "CREATE TABLE scenario_overhead(\n"
  "  scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,\n"
  "  source TEXT NOT NULL,          -- scheduler, privileged, io-path, co-scheduling, memory\n"
  "  cpu_pct REAL NOT NULL,         -- % of the scenario's placed CPU demand\n"
  "  ram_mb REAL NOT NULL,\n"
  "  PRIMARY KEY(scenario_id, source)) WITHOUT ROWID;\n"
  "CREATE TABLE plan_hosts(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,\n"
  "  label TEXT NOT NULL,           -- h01, h02, ...\n"
  "  kind TEXT NOT NULL,            -- hypervisor, co-host, native\n"
  "  os_images INTEGER NOT NULL,\n"
  "  cpu_capacity REAL NOT NULL, ram_mb_capacity REAL NOT NULL,\n"
  "  cpu_peak_pct REAL NOT NULL, ram_peak_pct REAL NOT NULL,\n"
  "  ram_mb REAL NOT NULL,          -- projected peak incl. overhead\n"
  "  cpu_series TEXT,               -- per-slot CPU %, comma-separated, for charts\n"
  "  ram_series TEXT);\n"
  "CREATE TABLE placements(\n"
  "  host_id INTEGER NOT NULL REFERENCES plan_hosts(id) ON DELETE CASCADE,\n"
  "  server_id INTEGER NOT NULL REFERENCES servers(id),\n"
  "  strategy TEXT NOT NULL,\n"
  "  co_host_kind TEXT,\n"
  "  dedicated_cores INTEGER NOT NULL DEFAULT 0,\n"
  "  cpu_peak REAL NOT NULL DEFAULT 0, -- capacity units, incl. overhead\n"
  "  ram_peak_mb REAL NOT NULL DEFAULT 0,\n"
  "  PRIMARY KEY(host_id, server_id)) WITHOUT ROWID;\n"
  "CREATE TABLE workload_overhead(\n"
  "  scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,\n"
  "  server_id INTEGER NOT NULL REFERENCES servers(id),\n"
  "  source TEXT NOT NULL,\n"
  "  cpu_pct REAL NOT NULL,         -- % of the workload's own CPU demand\n"
  "  ram_mb REAL NOT NULL,\n"
  "  PRIMARY KEY(scenario_id, server_id, source)) WITHOUT ROWID;\n"
  "CREATE TABLE risks(\n"
  "  scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,\n"
  "  server_id INTEGER REFERENCES servers(id),\n"
  "  kind TEXT NOT NULL,\n"
  "  figure REAL,                   -- the value that triggered it\n"
  "  text TEXT NOT NULL);\n"
  "CREATE TABLE replays(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,\n"
  "  window_from INTEGER NOT NULL, window_to INTEGER NOT NULL,\n"
  "  host_intervals INTEGER NOT NULL, overloaded INTEGER NOT NULL,\n"
  "  created_at INTEGER NOT NULL);\n"
  "CREATE TABLE replay_hosts(\n"
  "  replay_id INTEGER NOT NULL REFERENCES replays(id) ON DELETE CASCADE,\n"
  "  host_id INTEGER NOT NULL REFERENCES plan_hosts(id) ON DELETE CASCADE,\n"
  "  intervals INTEGER NOT NULL, overloaded INTEGER NOT NULL,\n"
  "  worst_cpu_pct REAL, worst_ram_pct REAL,\n"
  "  PRIMARY KEY(replay_id, host_id)) WITHOUT ROWID;\n"
  /* The stable views. */
  "CREATE VIEW v_servers AS\n"
  "  SELECT s.name, s.site, s.role, s.os, s.arch, s.sockets, s.cores, s.threads,\n"
  "         s.mhz, s.ram_mb, s.model, s.cpu_rating, s.criticality, s.is_guest,\n"
  "         s.guest_evidence, s.kind,\n"
  "         (SELECT group_concat(key || '=' || value, ';') FROM server_tags t\n"
  "           WHERE t.server_id = s.id) AS tags\n"
  "  FROM servers s;\n"
  "CREATE VIEW v_imports AS\n"
  "  SELECT path, format, hash, bytes, datetime(imported_at, 'unixepoch') AS imported,\n"
  "         servers, rows, vals, missing, replaced FROM imports;\n"
  "CREATE VIEW v_verdicts AS\n"
  "  SELECT s.name AS server, v.strategy, v.co_host_kind, v.confidence, v.confidence_why\n"
  "  FROM verdicts v JOIN servers s ON s.id = v.server_id\n"
  "  WHERE v.run_id = (SELECT max(id) FROM score_runs);\n"
  "CREATE VIEW v_samples(server, metric, ts, value) AS\n"
  "  SELECT s.name, 'cpu_pct', x.ts, x.cpu_pct FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.cpu_pct IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'cpu_priv_pct', x.ts, x.cpu_priv_pct FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.cpu_priv_pct IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'cpu_intr_pct', x.ts, x.cpu_intr_pct FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.cpu_intr_pct IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'cpu_dpc_pct', x.ts, x.cpu_dpc_pct FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.cpu_dpc_pct IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'cpu_queue', x.ts, x.cpu_queue FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.cpu_queue IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'ctx_switch_per_s', x.ts, x.ctx_switch_per_s FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.ctx_switch_per_s IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'mem_avail_mb', x.ts, x.mem_avail_mb FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.mem_avail_mb IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'mem_committed_mb', x.ts, x.mem_committed_mb FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.mem_committed_mb IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'paging_per_s', x.ts, x.paging_per_s FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.paging_per_s IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'nonpaged_pool_mb', x.ts, x.nonpaged_pool_mb FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.nonpaged_pool_mb IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'disk_iops', x.ts, x.disk_iops FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.disk_iops IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'disk_mbps', x.ts, x.disk_mbps FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.disk_mbps IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'disk_latency_ms', x.ts, x.disk_latency_ms FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.disk_latency_ms IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'net_mbps', x.ts, x.net_mbps FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.net_mbps IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'vm_cpu_used_pct', x.ts, x.vm_cpu_used_pct FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.vm_cpu_used_pct IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'vm_cpu_ready_pct', x.ts, x.vm_cpu_ready_pct FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.vm_cpu_ready_pct IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'vm_cpu_costop_pct', x.ts, x.vm_cpu_costop_pct FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.vm_cpu_costop_pct IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, 'vm_cpu_mlmtd_pct', x.ts, x.vm_cpu_mlmtd_pct FROM samples x JOIN servers s ON s.id = x.server_id WHERE x.vm_cpu_mlmtd_pct IS NOT NULL\n"
  "  UNION ALL\n"
  "  SELECT s.name, m.name, e.ts, e.value FROM samples_extra e\n"
  "    JOIN servers s ON s.id = e.server_id JOIN metrics m ON m.id = e.metric_id;\n",
  /* 1 -> 2: what-if plans compare several headrooms and percentiles, so
   * each scenario row records the ones it was built with. Rows of earlier
   * plans take their plan's values (the plan had one of each; its IOPS
   * and network headroom were not recorded). */
  "ALTER TABLE scenarios ADD COLUMN headroom_cpu REAL;\n"
  "ALTER TABLE scenarios ADD COLUMN headroom_ram REAL;\n"
  "ALTER TABLE scenarios ADD COLUMN headroom_iops REAL;\n"
  "ALTER TABLE scenarios ADD COLUMN headroom_net REAL;\n"
  "ALTER TABLE scenarios ADD COLUMN percentile REAL;\n"
  "UPDATE scenarios SET\n"
  "  headroom_cpu = (SELECT p.headroom_cpu FROM plans p WHERE p.id = scenarios.plan_id),\n"
  "  headroom_ram = (SELECT p.headroom_ram FROM plans p WHERE p.id = scenarios.plan_id),\n"
  "  percentile = (SELECT p.percentile FROM plans p WHERE p.id = scenarios.plan_id);\n",
  /* 2 -> 3: an import records the values it read but did not store (the
   * activities nfold does not use), so nothing is left out silently; a
   * scenario records how many of the sum-of-p95 baseline's hosts overload
   * at the slots' real demand, so the comparison is honest. */
  "ALTER TABLE scenarios ADD COLUMN baseline_overloaded INTEGER;\n"
  /* ... and a plan keeps its hypervisor profile's model in words, so the
   * report can say why a term is what it is. */
  "CREATE TABLE plan_model(\n"
  "  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,\n"
  "  source TEXT NOT NULL,          -- 'profile' (its title), or an overhead source\n"
  "  formula TEXT NOT NULL,         -- with this profile's values\n"
  "  why TEXT NOT NULL,             -- the source of the deciding parameter\n"
  "  PRIMARY KEY(plan_id, source)) WITHOUT ROWID;\n"
  "ALTER TABLE imports ADD COLUMN unused INTEGER NOT NULL DEFAULT 0;\n"
  "ALTER TABLE imports ADD COLUMN unused_what TEXT;\n"
  "DROP VIEW v_imports;\n"
  "CREATE VIEW v_imports AS\n"
  "  SELECT path, format, hash, bytes, datetime(imported_at, 'unixepoch') AS imported,\n"
  "         servers, rows, vals, missing, replaced, unused, unused_what FROM imports;\n",
  /* 3 -> 4: the report reads each workload's constraints by run and
   * server (without it, a scan of the table per workload: 2.9 s of a
   * 10,000-server report). */
  "CREATE INDEX constraints_by_server ON constraints(run_id, server_id);\n",
};

static int apply_pragmas(sqlite3 *db, nf_err *err)
{
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)0);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
  sqlite3_busy_timeout(db, 5000);
  /* WAL lets a user read the study with sqlite3 while nfold writes;
   * synchronous=NORMAL is durable across application crashes, which is
   * what a study file needs (it can always be re-imported). */
  return db_exec(db,
                 "PRAGMA journal_mode=WAL;"
                 "PRAGMA synchronous=NORMAL;"
                 "PRAGMA foreign_keys=ON;"
                 "PRAGMA temp_store=MEMORY;"
                 "PRAGMA cache_size=-65536;",
                 err);
}

static int seed_metrics(sqlite3 *db, nf_err *err)
{
  sqlite3_stmt *st = db_prepare(
      db, "INSERT INTO metrics(id, name, unit, canonical) VALUES (?1, ?2, ?3, 1)", 0, err);
  if (st == NULL)
    return -1;
  for (int i = 0; i < NF_M__COUNT; i++) {
    sqlite3_bind_int(st, 1, i + 1);
    sqlite3_bind_text(st, 2, nf_metrics[i].name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, nf_metrics[i].unit, -1, SQLITE_STATIC);
    if (db_step_done(db, st, err)) {
      sqlite3_finalize(st);
      return -1;
    }
  }
  sqlite3_finalize(st);
  return 0;
}

static int migrate(sqlite3 *db, const char *path, nf_err *err)
{
  int64_t v = db_int(db, "PRAGMA user_version", 0);
  int64_t want = (int64_t)NF_ARRAY_LEN(migrations);
  if (v == want)
    return 0;
  if (v > want)
    return nf_errf(err, path, 0,
                   "study database has schema version %lld, newer than this nfold (%lld)",
                   (long long)v, (long long)want);
  if (v == 0 && db_int(db, "SELECT count(*) FROM sqlite_schema", 0) > 0)
    return nf_errf(err, path, 0, "not an nfold study database (it has tables but no schema version)");
  if (db_exec(db, "BEGIN IMMEDIATE", err))
    return -1;
  for (; v < want; v++) {
    if (db_exec(db, migrations[v], err))
      goto fail;
    if (v == 0 && seed_metrics(db, err))
      goto fail;
  }
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA user_version=%lld", (long long)want);
  if (db_exec(db, sql, err) || db_exec(db, "COMMIT", err))
    goto fail;
  return 0;
fail:
  db_rollback(db);
  return -1;
}

sqlite3 *db_open(const char *path, nf_err *err)
{
  sqlite3 *db = NULL;
  /* A connection is only ever used by one thread (profile.c's readers open
   * their own): no connection mutex on every bind and step. */
  int rc = sqlite3_open_v2(path, &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    nf_errf(err, path, 0, "cannot open study database: %s",
            db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_extended_result_codes(db, 1);
  if (apply_pragmas(db, err) || migrate(db, path, err)) {
    /* Name the database in errors that came from SQLite itself. */
    if (strncmp(err->msg, path, strlen(path)) != 0) {
      char msg[sizeof err->msg];
      snprintf(msg, sizeof msg, "%s", err->msg);
      nf_errf(err, path, 0, "%s", msg);
    }
    sqlite3_close(db);
    return NULL;
  }
  return db;
}

void db_close(sqlite3 *db)
{
  sqlite3_close(db);
}

int db_exec(sqlite3 *db, const char *sql, nf_err *err)
{
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    const char *nl = strchr(sql, '\n');
    int n = nl ? (int)(nl - sql) : (int)strlen(sql);
    nf_errf(err, NULL, 0, "database: %s (in: %.*s%s)", msg ? msg : sqlite3_errmsg(db),
            n > 80 ? 80 : n, sql, n > 80 || nl ? "…" : "");
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, int persist, nf_err *err)
{
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3(db, sql, -1, persist ? SQLITE_PREPARE_PERSISTENT : 0, &st, NULL) !=
      SQLITE_OK) {
    nf_errf(err, NULL, 0, "database: %s (in: %.80s)", sqlite3_errmsg(db), sql);
    return NULL;
  }
  return st;
}

int db_fail(sqlite3 *db, sqlite3_stmt *st, nf_err *err)
{
  const char *sql = st ? sqlite3_sql(st) : "";
  return nf_errf(err, NULL, 0, "database: %s (in: %.80s)", sqlite3_errmsg(db), sql ? sql : "");
}

int db_step_done(sqlite3 *db, sqlite3_stmt *st, nf_err *err)
{
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    db_fail(db, st, err);
    sqlite3_reset(st);
    return -1;
  }
  sqlite3_reset(st);
  return 0;
}

int db_begin(sqlite3 *db, nf_err *err)
{
  return db_exec(db, "BEGIN IMMEDIATE", err);
}

int db_commit(sqlite3 *db, nf_err *err)
{
  return db_exec(db, "COMMIT", err);
}

void db_rollback(sqlite3 *db)
{
  if (!sqlite3_get_autocommit(db))
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int64_t db_int(sqlite3 *db, const char *sql, int64_t dflt)
{
  sqlite3_stmt *st = NULL;
  int64_t v = dflt;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
      sqlite3_column_type(st, 0) != SQLITE_NULL)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

int db_sample_span(sqlite3 *db, int64_t from, int64_t to, int64_t *lo, int64_t *hi, nf_err *err)
{
  /* min(ts) over the table would scan every sample (the key is server,
   * then time); per server it is a seek at each end of its range. */
  sqlite3_stmt *st = db_prepare(
      db,
      "SELECT min(lo), max(hi) FROM (SELECT"
      " (SELECT min(ts) FROM samples x WHERE x.server_id = s.id AND x.ts >= ?1 AND x.ts < ?2) AS lo,"
      " (SELECT max(ts) FROM samples x WHERE x.server_id = s.id AND x.ts >= ?1 AND x.ts < ?2) AS hi"
      " FROM servers s)",
      0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, from ? from : INT64_MIN);
  sqlite3_bind_int64(st, 2, to ? to : INT64_MAX);
  int rc = sqlite3_step(st), found = 0;
  if (rc == SQLITE_ROW) {
    found = sqlite3_column_type(st, 0) != SQLITE_NULL;
    if (found) {
      *lo = sqlite3_column_int64(st, 0);
      *hi = sqlite3_column_int64(st, 1);
    }
  } else if (rc != SQLITE_DONE) {
    db_fail(db, st, err);
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_finalize(st);
  return found;
}

int64_t db_metric_id(sqlite3 *db, const char *name, const char *unit, int create, nf_err *err)
{
  int m = nf_metric_find(name);
  if (m >= 0)
    return m + 1;
  sqlite3_stmt *st = db_prepare(db, "SELECT id FROM metrics WHERE name = ?1", 0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int64_t id = -1;
  if (sqlite3_step(st) == SQLITE_ROW)
    id = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (id >= 0 || !create) {
    if (id < 0)
      nf_errf(err, NULL, 0, "unknown metric '%s'", name);
    return id;
  }
  /* Ids below 1000 stay reserved for canonical metrics added later. */
  st = db_prepare(db,
                  "INSERT INTO metrics(id, name, unit)"
                  " SELECT max(1000, coalesce(max(id), 0) + 1), ?1, ?2 FROM metrics",
                  0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, unit, -1, SQLITE_STATIC);
  if (db_step_done(db, st, err)) {
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_finalize(st);
  return sqlite3_last_insert_rowid(db);
}

char *db_col_str(sqlite3_stmt *st, int col)
{
  const unsigned char *s = sqlite3_column_text(st, col);
  return s ? xstrdup((const char *)s) : NULL;
}
