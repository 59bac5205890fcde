/* sink.c — the write path of sink.h. Values are gathered into one pending
 * wide row per server; a row is complete when that server's timestamp moves
 * on, and completed rows are written in batches sorted by key. Every row
 * goes through one persistent upsert: an append when its (server, ts) is
 * new, else (an overlapping log, an unsorted long CSV) a merge column by
 * column in which every value overwritten is counted as replaced, so
 * nothing is lost silently. */
#include "sink.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "metrics.h"
#include "sink_internal.h"

struct pending {
  int64_t server;  /* 0 = empty slot */
  int64_t ts;
  int live;        /* has values not yet written */
  uint32_t mask;   /* which canonical columns are set */
  double v[NF_M__COUNT];
};

/* Completed rows gathered before writing them in key order: 4096 rows of
 * ~170 bytes, small against SQLite's page cache. */
#define SINK_BATCH 4096
/* SQLite page cache during an import, KiB (see sink_open). */
#define SINK_CACHE_KB 16384

struct name_ent {
  char *lname;     /* lower-case name */
  int64_t id;
};

struct claim {
  int64_t id;      /* 0 = empty slot */
  long line;
};

struct nf_sink {
  sqlite3 *db;
  const char *path;
  int64_t import_id;
  sqlite3_stmt *ins_row, *ins_extra; /* upserts merging through nf_sink_merge */
  int merge_fn_set;
  struct pending *pend;  /* open-addressing table keyed by server id */
  size_t npend_cap, npend;
  struct pending *last_pend;  /* the slot of the last sink_value, valid until pend grows */
  uint32_t bound_mask;        /* columns of ins_row bound to a value (the rest hold NULL) */
  struct pending *batch;      /* completed rows not yet written, SINK_BATCH at most */
  size_t nbatch;
  int64_t old_cache;          /* PRAGMA cache_size before the import */
  int cache_set;
  struct name_ent *names;  /* open-addressing table keyed by lower-case name */
  size_t nname_cap, nname;
  struct claim *claims;  /* open-addressing table keyed by server id */
  size_t nclaim_cap, nclaim;
  long servers_new, rows, vals, missing, replaced;
  long unused;
  char *unused_what[8];  /* the first distinct activities left out */
  uint64_t total_bytes, last_bytes;
  int tty;
  double last_draw;
};

static uint64_t mix64(uint64_t x)
{
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

static char *lower_dup(const char *s)
{
  char *p = xstrdup(s);
  for (char *q = p; *q; q++)
    *q = (char)tolower((unsigned char)*q);
  return p;
}

/* ---- names ---- */

static struct name_ent *name_slot(nf_sink *s, const char *lname)
{
  size_t mask = s->nname_cap - 1;
  size_t i = (size_t)nf_hash(NF_HASH_INIT, lname, strlen(lname)) & mask;
  while (s->names[i].lname && strcmp(s->names[i].lname, lname) != 0)
    i = (i + 1) & mask;
  return &s->names[i];
}

static void name_put(nf_sink *s, char *lname, int64_t id)
{
  if ((s->nname + 1) * 2 > s->nname_cap) {
    struct name_ent *old = s->names;
    size_t oc = s->nname_cap;
    s->nname_cap = oc ? oc * 2 : 64;
    s->names = xcalloc(s->nname_cap, sizeof *s->names);
    for (size_t i = 0; i < oc; i++)
      if (old[i].lname)
        *name_slot(s, old[i].lname) = old[i];
    free(old);
  }
  struct name_ent *e = name_slot(s, lname);
  if (e->lname)
    free(lname);
  else {
    e->lname = lname;
    s->nname++;
  }
  e->id = id;
}

static int64_t lookup_server(nf_sink *s, const char *name, nf_err *err)
{
  /* Exact (case-insensitive) first, then short name against FQDN either way. */
  static const char *const sql[] = {
    "SELECT id FROM servers WHERE name = ?1",
    "SELECT id FROM servers WHERE instr(?1, '.') = 0 AND lower(substr(name, 1, length(?1) + 1)) = lower(?1 || '.') ORDER BY id",
    "SELECT id FROM servers WHERE instr(name, '.') = 0 AND instr(?1, '.') > 0 AND lower(substr(?1, 1, length(name) + 1)) = lower(name || '.') ORDER BY id",
  };
  for (size_t i = 0; i < NF_ARRAY_LEN(sql); i++) {
    sqlite3_stmt *st = db_prepare(s->db, sql[i], 0, err);
    if (st == NULL)
      return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
      id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (id > 0)
      return id;
  }
  return 0;
}

int64_t sink_server(nf_sink *s, const char *name, nf_err *err)
{
  char *lname = lower_dup(name);
  if (s->nname_cap) {
    struct name_ent *e = name_slot(s, lname);
    if (e->lname) {
      free(lname);
      return e->id;
    }
  }
  if (*name == '\0') {
    free(lname);
    return nf_errf(err, s->path, 0, "empty server name");
  }
  int64_t id = lookup_server(s, name, err);
  if (id < 0) {
    free(lname);
    return -1;
  }
  if (id == 0) {
    sqlite3_stmt *st = db_prepare(s->db, "INSERT INTO servers(name, import_id) VALUES (?1, ?2)", 0, err);
    if (st == NULL) {
      free(lname);
      return -1;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, s->import_id);
    int rc = db_step_done(s->db, st, err);
    sqlite3_finalize(st);
    if (rc) {
      free(lname);
      return -1;
    }
    id = sqlite3_last_insert_rowid(s->db);
    s->servers_new++;
  }
  name_put(s, lname, id);
  return id;
}

static struct claim *claim_slot(struct claim *t, size_t cap, int64_t id)
{
  size_t i = (size_t)mix64((uint64_t)id) & (cap - 1);
  while (t[i].id && t[i].id != id)
    i = (i + 1) & (cap - 1);
  return &t[i];
}

long sink_claim_server(nf_sink *s, int64_t server, long line)
{
  if ((s->nclaim + 1) * 2 > s->nclaim_cap) {
    struct claim *old = s->claims;
    size_t oc = s->nclaim_cap;
    s->nclaim_cap = oc ? oc * 2 : 256;
    s->claims = xcalloc(s->nclaim_cap, sizeof *s->claims);
    for (size_t i = 0; i < oc; i++)
      if (old[i].id)
        *claim_slot(s->claims, s->nclaim_cap, old[i].id) = old[i];
    free(old);
  }
  struct claim *c = claim_slot(s->claims, s->nclaim_cap, server);
  if (c->id)
    return c->line;
  c->id = server;
  c->line = line;
  s->nclaim++;
  return 0;
}

static int valid_column(const char *col, const char *const *list)
{
  for (; *list; list++)
    if (strcmp(col, *list) == 0)
      return 1;
  return 0;
}

int sink_server_text(nf_sink *s, int64_t server, const char *column, const char *text, nf_err *err)
{
  static const char *const ok[] = {"site", "role", "os", "arch", "model", "criticality", "kind", NULL};
  if (!valid_column(column, ok))
    return nf_errf(err, s->path, 0, "internal: '%s' is not a text column of servers", column);
  char *sql = xasprintf("UPDATE servers SET %s = ?1 WHERE id = ?2", column);
  sqlite3_stmt *st = db_prepare(s->db, sql, 0, err);
  free(sql);
  if (st == NULL)
    return -1;
  if (text)
    sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, server);
  int rc = db_step_done(s->db, st, err);
  sqlite3_finalize(st);
  return rc;
}

int sink_server_num(nf_sink *s, int64_t server, const char *column, double v, nf_err *err)
{
  static const char *const ok[] = {"sockets", "cores", "threads", "mhz", "ram_mb", "cpu_rating", NULL};
  if (!valid_column(column, ok))
    return nf_errf(err, s->path, 0, "internal: '%s' is not a numeric column of servers", column);
  char *sql = xasprintf("UPDATE servers SET %s = ?1 WHERE id = ?2", column);
  sqlite3_stmt *st = db_prepare(s->db, sql, 0, err);
  free(sql);
  if (st == NULL)
    return -1;
  if (isnan(v))
    sqlite3_bind_null(st, 1);
  else
    sqlite3_bind_double(st, 1, v);
  sqlite3_bind_int64(st, 2, server);
  int rc = db_step_done(s->db, st, err);
  sqlite3_finalize(st);
  return rc;
}

int sink_server_tag(nf_sink *s, int64_t server, const char *key, const char *value, nf_err *err)
{
  sqlite3_stmt *st = db_prepare(
      s->db, "INSERT OR REPLACE INTO server_tags(server_id, key, value) VALUES (?1, ?2, ?3)", 0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, server);
  sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
  int rc = db_step_done(s->db, st, err);
  sqlite3_finalize(st);
  return rc;
}

int sink_mark_guest(nf_sink *s, int64_t server, const char *evidence, nf_err *err)
{
  sqlite3_stmt *st = db_prepare(
      s->db,
      "UPDATE servers SET is_guest = 1, guest_evidence = CASE "
      "WHEN guest_evidence IS NULL THEN ?1 "
      "WHEN instr(guest_evidence, ?1) > 0 THEN guest_evidence "
      "ELSE guest_evidence || '; ' || ?1 END WHERE id = ?2",
      0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_text(st, 1, evidence, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, server);
  int rc = db_step_done(s->db, st, err);
  sqlite3_finalize(st);
  return rc;
}

int64_t sink_metric(nf_sink *s, const char *name, const char *unit, nf_err *err)
{
  return db_metric_id(s->db, name, unit, 1, err);
}

/* ---- samples ---- */

/* nf_sink_merge(new, old), the SQL function the upserts merge with: the
 * new value unless it is NULL, counting an old value it overwrites. */
static void merge_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_value(ctx, argv[1]);
    return;
  }
  if (sqlite3_value_type(argv[1]) != SQLITE_NULL) {
    nf_sink *s = sqlite3_user_data(ctx);
    s->replaced++;
  }
  sqlite3_result_value(ctx, argv[0]);
}

/* Inserts one completed row; a row already there for the same server and
 * time (an overlapping log, an unsorted long CSV) takes its values column
 * by column in the same statement (see ins_row in sink_open). */
static int write_row(nf_sink *s, const struct pending *p, nf_err *err)
{
  sqlite3_stmt *st = s->ins_row;
  sqlite3_bind_int64(st, 1, p->server);
  sqlite3_bind_int64(st, 2, p->ts);
  /* Bindings survive sqlite3_reset: only columns set last time and not
   * now need a NULL (each bind call takes the connection's mutex). */
  uint32_t clear = s->bound_mask & ~p->mask;
  for (int i = 0; i < NF_M__COUNT; i++) {
    if (p->mask & (1u << i))
      sqlite3_bind_double(st, i + 3, p->v[i]);
    else if (clear & (1u << i))
      sqlite3_bind_null(st, i + 3);
  }
  s->bound_mask = p->mask;
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return db_fail(s->db, st, err);
  return 0;
}

/* Orders batched rows by key, and by arrival for the same key (the later wins). */
static int cmp_row(const void *a, const void *b)
{
  const struct pending *x = a, *y = b;
  if (x->server != y->server)
    return x->server < y->server ? -1 : 1;
  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return (x->live > y->live) - (x->live < y->live);
}

/* Writes the batch in key order: rows of many servers interleaved in time
 * (a perfmon log of 100 hosts) then land as runs of consecutive keys, which
 * SQLite appends instead of seeking for each. */
static int write_batch(nf_sink *s, nf_err *err)
{
  if (s->nbatch > 1)
    qsort(s->batch, s->nbatch, sizeof *s->batch, cmp_row);
  for (size_t i = 0; i < s->nbatch; i++)
    if (write_row(s, &s->batch[i], err)) {
      s->nbatch = 0;
      return -1;
    }
  s->nbatch = 0;
  return 0;
}

/* Hands a completed pending row to the batch, writing the batch when full. */
static int flush_row(nf_sink *s, struct pending *p, nf_err *err)
{
  if (!p->live)
    return 0;
  struct pending *b = &s->batch[s->nbatch++];
  *b = *p;
  b->live = (int)s->nbatch; /* arrival order, for the sort */
  p->live = 0;
  p->mask = 0;
  if (s->nbatch == SINK_BATCH)
    return write_batch(s, err);
  return 0;
}

static struct pending *pending_slot(nf_sink *s, int64_t server)
{
  size_t mask = s->npend_cap - 1;
  size_t i = (size_t)mix64((uint64_t)server) & mask;
  while (s->pend[i].server && s->pend[i].server != server)
    i = (i + 1) & mask;
  return &s->pend[i];
}

static struct pending *pending_for(nf_sink *s, int64_t server)
{
  if ((s->npend + 1) * 2 > s->npend_cap) {
    struct pending *old = s->pend;
    size_t oc = s->npend_cap;
    s->npend_cap = oc ? oc * 2 : 64;
    s->pend = xcalloc(s->npend_cap, sizeof *s->pend);
    s->last_pend = NULL;
    for (size_t i = 0; i < oc; i++)
      if (old[i].server)
        *pending_slot(s, old[i].server) = old[i];
    free(old);
  }
  struct pending *p = pending_slot(s, server);
  if (p->server == 0) {
    p->server = server;
    s->npend++;
  }
  return p;
}

static int extra_value(nf_sink *s, int64_t server, int64_t ts, int64_t metric, double v, nf_err *err)
{
  sqlite3_stmt *st = s->ins_extra;
  sqlite3_bind_int64(st, 1, server);
  sqlite3_bind_int64(st, 2, metric);
  sqlite3_bind_int64(st, 3, ts);
  sqlite3_bind_double(st, 4, v);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return db_fail(s->db, st, err);
  return 0;
}

int sink_value(nf_sink *s, int64_t server, int64_t ts, int64_t metric, double v, nf_err *err)
{
  if (!isfinite(v))
    return nf_errf(err, s->path, 0, "internal: non-finite value for metric %lld", (long long)metric);
  s->vals++;
  if (metric < 1 || metric > NF_M__COUNT)
    return extra_value(s, server, ts, metric, v, err);
  struct pending *p = s->last_pend;
  if (p == NULL || p->server != server)
    s->last_pend = p = pending_for(s, server);
  if (p->live && p->ts != ts && flush_row(s, p, err))
    return -1;
  int col = (int)metric - 1;
  if (p->live && (p->mask & (1u << col)))
    s->replaced++;  /* the same value twice in one record: the later wins */
  p->ts = ts;
  p->live = 1;
  p->mask |= 1u << col;
  p->v[col] = v;
  return 0;
}

void sink_count_rows(nf_sink *s, long n)
{
  s->rows += n;
}

void sink_count_missing(nf_sink *s, long n)
{
  s->missing += n;
}

void sink_count_unused(nf_sink *s, long n, const char *what)
{
  if (n <= 0)
    return;
  s->unused += n;
  for (size_t i = 0; i < NF_ARRAY_LEN(s->unused_what); i++) {
    if (s->unused_what[i] == NULL) {
      s->unused_what[i] = xstrdup(what);
      return;
    }
    if (strcmp(s->unused_what[i], what) == 0)
      return;
  }
}

long sink_unused(const nf_sink *s, char *what, size_t n)
{
  sbuf b = {0};
  for (size_t i = 0; i < NF_ARRAY_LEN(s->unused_what) && s->unused_what[i]; i++)
    sb_printf(&b, "%s%s", i ? ", " : "", s->unused_what[i]);
  snprintf(what, n, "%s", b.s ? b.s : "");
  sb_free(&b);
  return s->unused;
}

static double now_s(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void sink_progress(nf_sink *s, uint64_t bytes)
{
  s->last_bytes = bytes;
  if (!s->tty || s->total_bytes == 0)
    return;
  double t = now_s();
  if (t - s->last_draw < 0.1)
    return;
  s->last_draw = t;
  int pct = (int)(100.0 * (double)bytes / (double)s->total_bytes);
  if (pct > 100)
    pct = 100;
  int w = pct * 30 / 100;
  fprintf(stderr, "\r%-.40s [%.*s%*s] %3d%% %ld values", s->path, w,
          "##############################", 30 - w, "", pct, s->vals);
  fflush(stderr);
}

sqlite3 *sink_db(nf_sink *s)
{
  return s->db;
}

const char *sink_path(const nf_sink *s)
{
  return s->path;
}

/* ---- lifetime (sink_internal.h) ---- */

nf_sink *sink_open(sqlite3 *db, const char *path, const char *format, const char *hash,
                   uint64_t bytes, nf_err *err)
{
  nf_sink *s = xcalloc(1, sizeof *s);
  s->batch = xmalloc(SINK_BATCH * sizeof *s->batch);
  s->db = db;
  s->path = path;
  s->total_bytes = bytes;
  s->tty = isatty(2);
  sqlite3_stmt *st = db_prepare(
      db, "INSERT INTO imports(path, hash, bytes, format, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
      0, err);
  if (st == NULL)
    goto fail;
  sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, (int64_t)bytes);
  sqlite3_bind_text(st, 4, format, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
  int rc = db_step_done(db, st, err);
  sqlite3_finalize(st);
  if (rc)
    goto fail;
  s->import_id = sqlite3_last_insert_rowid(db);
  /* A bulk load appends: it needs a few pages per B-tree, not the 64 MB
   * cache the study database opens with, and every dirty page beyond the
   * cache is spilled to the WAL anyway. A smaller cache keeps the memory of
   * a multi-gigabyte import small; sink_free puts the old size back. */
  s->old_cache = db_int(db, "PRAGMA cache_size", 0);
  if (s->old_cache != 0 && (s->old_cache < -SINK_CACHE_KB || s->old_cache > SINK_CACHE_KB / 4)) {
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", SINK_CACHE_KB);
    if (db_exec(db, sql, err))
      goto fail;
    s->cache_set = 1;
  }
  /* The merge function must exist before the statements that use it. */
  if (sqlite3_create_function_v2(db, "nf_sink_merge", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, s,
                                 merge_fn, NULL, NULL, NULL) != SQLITE_OK) {
    nf_errf(err, NULL, 0, "database: %s (registering nf_sink_merge)", sqlite3_errmsg(db));
    goto fail;
  }
  s->merge_fn_set = 1;
  /* One upsert for every row: a plain append when the key is new, a
   * column-by-column merge when it is not. */
  sbuf sql = {0};
  sb_add(&sql, "INSERT INTO samples(server_id, ts");
  for (int i = 0; i < NF_M__COUNT; i++)
    sb_printf(&sql, ", %s", nf_metrics[i].name);
  sb_add(&sql, ") VALUES (?1, ?2");
  for (int i = 0; i < NF_M__COUNT; i++)
    sb_printf(&sql, ", ?%d", i + 3);
  sb_add(&sql, ") ON CONFLICT(server_id, ts) DO UPDATE SET ");
  for (int i = 0; i < NF_M__COUNT; i++)
    sb_printf(&sql, "%s%s = nf_sink_merge(excluded.%s, %s)", i ? ", " : "", nf_metrics[i].name,
              nf_metrics[i].name, nf_metrics[i].name);
  s->ins_row = db_prepare(db, sql.s, 1, err);
  sb_free(&sql);
  if (s->ins_row)
    s->ins_extra = db_prepare(
        db, "INSERT INTO samples_extra(server_id, metric_id, ts, value) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT(server_id, metric_id, ts) DO UPDATE SET value = nf_sink_merge(excluded.value, value)",
        1, err);
  if (s->ins_extra == NULL)
    goto fail;
  return s;
fail:
  sink_free(s);
  return NULL;
}

int sink_flush(nf_sink *s, nf_err *err)
{
  for (size_t i = 0; i < s->npend_cap; i++)
    if (s->pend[i].server && flush_row(s, &s->pend[i], err))
      return -1;
  if (write_batch(s, err))
    return -1;
  if (s->tty && s->total_bytes > 0 && s->last_draw > 0)
    fprintf(stderr, "\r%*s\r", 90, "");
  char what[256];
  long unused = sink_unused(s, what, sizeof what);
  sqlite3_stmt *st = db_prepare(
      s->db,
      "UPDATE imports SET servers = ?2, rows = ?3, vals = ?4, missing = ?5, replaced = ?6,"
      " unused = ?7, unused_what = ?8 WHERE id = ?1",
      0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, s->import_id);
  sqlite3_bind_int64(st, 2, s->servers_new);
  sqlite3_bind_int64(st, 3, s->rows);
  sqlite3_bind_int64(st, 4, s->vals);
  sqlite3_bind_int64(st, 5, s->missing);
  sqlite3_bind_int64(st, 6, s->replaced);
  sqlite3_bind_int64(st, 7, unused);
  if (unused)
    sqlite3_bind_text(st, 8, what, -1, SQLITE_TRANSIENT);
  int rc = db_step_done(s->db, st, err);
  sqlite3_finalize(st);
  return rc;
}

void sink_counts(const nf_sink *s, long *servers, long *rows, long *vals, long *missing, long *replaced)
{
  *servers = s->servers_new;
  *rows = s->rows;
  *vals = s->vals;
  *missing = s->missing;
  *replaced = s->replaced;
}

void sink_free(nf_sink *s)
{
  if (s == NULL)
    return;
  if (s->cache_set) {
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%lld", (long long)s->old_cache);
    sqlite3_exec(s->db, sql, NULL, NULL, NULL);
  }
  sqlite3_finalize(s->ins_row);
  sqlite3_finalize(s->ins_extra);
  if (s->merge_fn_set) /* the function points at S: remove it with S */
    sqlite3_create_function_v2(s->db, "nf_sink_merge", 2, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
  for (size_t i = 0; i < s->nname_cap; i++)
    free(s->names[i].lname);
  free(s->names);
  free(s->claims);
  for (size_t i = 0; i < NF_ARRAY_LEN(s->unused_what); i++)
    free(s->unused_what[i]);
  free(s->pend);
  free(s->batch);
  free(s);
}
