/* profile.c — turns the study database into workloads (profile.h): reads
 * the inventory, streams each server's samples once in (server, ts) order
 * straight from the wide samples table, and computes statistics and the
 * per-slot demand series the rules and the planner use. The samples are
 * read in shares of servers side by side, a thread and a read-only
 * connection a share. Memory: the demand series of the whole estate, plus
 * one server's samples a reader at a time. */
#define _GNU_SOURCE /* qsort_r */
#include "profile.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cpurating.h"
#include "db.h"

const char *const nf_dim_names[NF_D__COUNT] = {"cpu", "ram", "iops", "net"};

#define WEEK_S (7 * 86400)

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Moves the K-th smallest of V[0..n) to V[k], none bigger before it and
 * none smaller after (Hoare's FIND, median of three): linear on average,
 * where sorting a week of one-minute samples for each percentile was a
 * third of a plan's time. Rounds are capped; past the cap the rest is
 * sorted, so no input makes it quadratic. */
static void select_kth(double *v, long n, long k)
{
  long lo = 0, hi = n - 1;
  for (int round = 0; hi > lo; round++) {
    if (round > 64) {
      qsort(v + lo, (size_t)(hi - lo + 1), sizeof *v, cmp_double);
      return;
    }
    long mid = lo + (hi - lo) / 2;
    double t;
    if (v[mid] < v[lo])
      t = v[mid], v[mid] = v[lo], v[lo] = t;
    if (v[hi] < v[mid])
      t = v[hi], v[hi] = v[mid], v[mid] = t;
    if (v[mid] < v[lo])
      t = v[mid], v[mid] = v[lo], v[lo] = t;
    double x = v[mid];
    long i = lo, j = hi;
    while (i <= j) {
      while (v[i] < x)
        i++;
      while (x < v[j])
        j--;
      if (i <= j) {
        t = v[i], v[i] = v[j], v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j)
      hi = j;
    else if (k >= i)
      lo = i;
    else
      return;
  }
}

double nf_percentile(double *v, long n, double p)
{
  if (n <= 0)
    return NAN;
  double r = p <= 0 ? 0 : p >= 100 ? (double)(n - 1) : p / 100.0 * (double)(n - 1);
  long i = (long)floor(r);
  double f = r - (double)i;
  select_kth(v, n, i);
  if (f == 0 || i + 1 >= n)
    return v[i];
  double next = v[i + 1]; /* the smallest of those after V[i] */
  for (long j = i + 2; j < n; j++)
    next = v[j] < next ? v[j] : next;
  return v[i] + f * (next - v[i]);
}

/* The slot statistic: the mean for P = 0, else percentile P. Reorders V. */
static double slot_value(double *v, long n, double p)
{
  if (p > 0)
    return nf_percentile(v, n, p);
  double s = 0;
  for (long i = 0; i < n; i++)
    s += v[i];
  return s / (double)n;
}

const char *server_tag(const nf_server *s, const char *key)
{
  for (int i = 0; i < s->ntags; i++)
    if (nf_strcaseeq(s->tag_key[i], key))
      return s->tag_val[i];
  return NULL;
}

int profile_cpu_doubt(const nf_workload *w, int *logical)
{
  const nf_server *s = &w->srv;
  const char *t = server_tag(s, "perfmon-logical-processors");
  if (t == NULL)
    t = server_tag(s, "sysstat-cpus");
  *logical = t ? atoi(t) : 0;
  int d = 0;
  if (s->cores <= 0 && s->threads <= 0)
    d |= NF_CPU_NO_CORES;
  if (!(s->mhz > 0) && !(s->cpu_rating > 0))
    d |= NF_CPU_NO_CLOCK;
  if (*logical > 0 && (s->cores > 0 ? *logical < s->cores || *logical > 2 * s->cores
                                    : s->threads > 0 && *logical != s->threads))
    d |= NF_CPU_MISMATCH;
  return d;
}

nf_workload *profile_find(nf_estate *e, const char *name)
{
  for (int i = 0; i < e->n; i++)
    if (nf_strcaseeq(e->w[i].srv.name, name))
      return &e->w[i];
  /* A short name matches an FQDN. */
  size_t n = strlen(name);
  for (int i = 0; i < e->n; i++) {
    const char *s = e->w[i].srv.name;
    if (strncasecmp(s, name, n) == 0 && s[n] == '.')
      return &e->w[i];
  }
  return NULL;
}

/* Server id -> workload index, -1 for ids that are not workloads (ids are
 * small and dense in practice). *MAXID gets the largest id; free the map. */
static int *id_index(const nf_estate *e, int64_t *maxid)
{
  *maxid = 0;
  for (int i = 0; i < e->n; i++)
    if (e->w[i].srv.id > *maxid)
      *maxid = e->w[i].srv.id;
  int *idx = xmalloc((size_t)(*maxid + 1) * sizeof *idx);
  for (int64_t i = 0; i <= *maxid; i++)
    idx[i] = -1;
  for (int i = 0; i < e->n; i++)
    idx[e->w[i].srv.id] = i;
  return idx;
}

static int load_servers(sqlite3 *db, nf_estate *e, nf_err *err)
{
  sqlite3_stmt *st = db_prepare(
      db,
      "SELECT id, name, site, role, os, arch, model, criticality, kind, guest_evidence,"
      " sockets, cores, threads, mhz, ram_mb, cpu_rating, is_guest"
      " FROM servers WHERE kind = 'server' ORDER BY name COLLATE NOCASE",
      0, err);
  if (st == NULL)
    return -1;
  size_t cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    xgrow(&e->w, &cap, (size_t)e->n + 1, sizeof *e->w);
    nf_workload *w = &e->w[e->n++];
    memset(w, 0, sizeof *w);
    nf_server *s = &w->srv;
    s->id = sqlite3_column_int64(st, 0);
    s->name = db_col_str(st, 1);
    s->site = db_col_str(st, 2);
    s->role = db_col_str(st, 3);
    s->os = db_col_str(st, 4);
    s->arch = db_col_str(st, 5);
    s->model = db_col_str(st, 6);
    s->criticality = db_col_str(st, 7);
    s->kind = db_col_str(st, 8);
    s->guest_evidence = db_col_str(st, 9);
    s->sockets = sqlite3_column_int(st, 10);
    s->cores = sqlite3_column_int(st, 11);
    s->threads = sqlite3_column_int(st, 12);
    s->mhz = sqlite3_column_double(st, 13);
    s->ram_mb = sqlite3_column_double(st, 14);
    s->cpu_rating = sqlite3_column_double(st, 15);
    s->is_guest = sqlite3_column_int(st, 16);
    w->core_rating = cpu_core_rating(s->model, s->mhz, s->cpu_rating, &w->rating_how);
    int cores = s->cores > 0 ? s->cores : s->threads > 0 ? s->threads : 1;
    w->capacity = cores * w->core_rating;
  }
  sqlite3_finalize(st);
  /* Tags, joined in one pass through an id -> workload map. */
  int64_t maxid;
  int *idx = id_index(e, &maxid);
  st = db_prepare(db,
                  "SELECT t.server_id, t.key, t.value FROM server_tags t"
                  " JOIN servers s ON s.id = t.server_id WHERE s.kind = 'server'"
                  " ORDER BY t.server_id, t.key",
                  0, err);
  if (st == NULL) {
    free(idx);
    return -1;
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    if (id < 0 || id > maxid || idx[id] < 0)
      continue;
    nf_server *s = &e->w[idx[id]].srv;
    s->tag_key = xrealloc(s->tag_key, (size_t)(s->ntags + 1) * sizeof *s->tag_key);
    s->tag_val = xrealloc(s->tag_val, (size_t)(s->ntags + 1) * sizeof *s->tag_val);
    s->tag_key[s->ntags] = db_col_str(st, 1);
    s->tag_val[s->ntags] = db_col_str(st, 2);
    s->ntags++;
  }
  free(idx);
  sqlite3_finalize(st);
  return 0;
}

/* One server's samples, gathered while streaming. */
struct acc {
  double *v[NF_M__COUNT];
  long n[NF_M__COUNT], cap[NF_M__COUNT];
  double *dim[NF_D__COUNT + 1]; /* + host-side CPU */
  int64_t *dslot[NF_D__COUNT + 1];
  long dn[NF_D__COUNT + 1], dcap[NF_D__COUNT + 1];
  int64_t *ts;
  long nts, tscap;
  double hour_sum[24];
  long hour_n[24];
};

static void acc_push(double **v, long *n, long *cap, double x)
{
  if (*n >= *cap) {
    *cap = *cap ? *cap * 2 : 256;
    *v = xrealloc(*v, (size_t)*cap * sizeof **v);
  }
  (*v)[(*n)++] = x;
}

static void acc_dim(struct acc *a, int d, int64_t slot, double x)
{
  if (a->dn[d] >= a->dcap[d]) {
    a->dcap[d] = a->dcap[d] ? a->dcap[d] * 2 : 256;
    a->dim[d] = xrealloc(a->dim[d], (size_t)a->dcap[d] * sizeof *a->dim[d]);
    a->dslot[d] = xrealloc(a->dslot[d], (size_t)a->dcap[d] * sizeof *a->dslot[d]);
  }
  a->dim[d][a->dn[d]] = x;
  a->dslot[d][a->dn[d]] = slot;
  a->dn[d]++;
}

static void acc_reset(struct acc *a)
{
  memset(a->n, 0, sizeof a->n);
  memset(a->dn, 0, sizeof a->dn);
  memset(a->hour_sum, 0, sizeof a->hour_sum);
  memset(a->hour_n, 0, sizeof a->hour_n);
  a->nts = 0;
}

static void acc_free(struct acc *a)
{
  for (int i = 0; i < NF_M__COUNT; i++)
    free(a->v[i]);
  for (int d = 0; d <= NF_D__COUNT; d++) {
    free(a->dim[d]);
    free(a->dslot[d]);
  }
  free(a->ts);
}

/* Writes the slot series of dimension D from the (slot, value) pairs in
 * sample order; slots without samples stay NaN. */
static void series_from(const struct acc *a, int d, const nf_estate *e, float *out, double p)
{
  long i = 0, n = a->dn[d];
  double *buf = NULL;
  long bcap = 0;
  while (i < n) {
    int64_t slot = a->dslot[d][i];
    long j = i;
    long k = 0;
    while (j < n && a->dslot[d][j] == slot) {
      acc_push(&buf, &k, &bcap, a->dim[d][j]);
      j++;
    }
    if (slot >= 0 && slot < e->nslots)
      out[slot] = (float)slot_value(buf, k, p);
    i = j;
  }
  free(buf);
}

/* Gaps up to this long are bridged from their neighbours (fill_gaps). */
#define SHORT_GAP_S 3600

/* Fills the gaps of a series. A gap of at most SHORT_GAP_S takes the
 * larger of the values on either side of it (the one side at an end of
 * the series): the blank first sample of a log's rate counters, or a
 * sample or two lost, is most like the samples around it, where a value
 * from elsewhere in the week would put every workload's percentile in the
 * same slot. A longer gap takes the same time of week when the workload
 * has it, else its percentile over the slots it has, else DFLT. Returns
 * the slots filled. */
static long fill_gaps(float *s, int nslots, int slot_s, double p, double dflt)
{
  long missing = 0, have = 0;
  for (int i = 0; i < nslots; i++)
    if (isnan(s[i]))
      missing++;
  if (missing == 0)
    return 0;
  have = nslots - missing;
  double fallback = dflt;
  if (have > 0) {
    double *v = xmalloc((size_t)have * sizeof *v);
    long k = 0;
    for (int i = 0; i < nslots; i++)
      if (!isnan(s[i]))
        v[k++] = s[i];
    fallback = nf_percentile(v, k, p > 0 ? p : 50);
    free(v);
  }
  /* Look up the original series, so a fill never feeds another fill. */
  float *orig = xmalloc((size_t)nslots * sizeof *orig);
  memcpy(orig, s, (size_t)nslots * sizeof *orig);
  int week = WEEK_S % slot_s == 0 ? WEEK_S / slot_s : 0;
  for (int a = 0; a < nslots; a++) {
    if (!isnan(orig[a]))
      continue;
    int b = a; /* the gap: slots a..b-1 */
    while (b < nslots && isnan(orig[b]))
      b++;
    if ((int64_t)(b - a) * slot_s <= SHORT_GAP_S && (a > 0 || b < nslots)) {
      float lo = a > 0 ? orig[a - 1] : orig[b], hi = b < nslots ? orig[b] : orig[a - 1];
      for (int i = a; i < b; i++)
        s[i] = lo > hi ? lo : hi;
      a = b - 1;
      continue;
    }
    for (int i = a; i < b; i++) {
      float best = NAN;
      if (week > 0 && week < nslots)
        for (int k = 1; (i - k * week >= 0 || i + k * week < nslots) && isnan(best); k++) {
          if (i - k * week >= 0 && !isnan(orig[i - k * week]))
            best = orig[i - k * week];
          else if (i + k * week < nslots && !isnan(orig[i + k * week]))
            best = orig[i + k * week];
        }
      s[i] = isnan(best) ? (float)fallback : best;
    }
    a = b - 1;
  }
  free(orig);
  return missing;
}

/* The median gap between the N timestamps TS (in order), 0 for fewer than 2. */
static int median_gap(const int64_t *ts, long n)
{
  if (n < 2)
    return 0;
  double *d = xmalloc((size_t)(n - 1) * sizeof *d);
  for (long i = 1; i < n; i++)
    d[i - 1] = (double)(ts[i] - ts[i - 1]);
  int gap = (int)lround(nf_percentile(d, n - 1, 50));
  free(d);
  return gap;
}

static void finish_workload(nf_workload *w, struct acc *a, const nf_estate *e)
{
  double p = e->opts.percentile;
  for (int m = 0; m < NF_M__COUNT; m++) {
    nf_stat *st = &w->stat[m];
    st->n = a->n[m];
    if (st->n == 0)
      continue;
    double sum = 0;
    for (long i = 0; i < st->n; i++)
      sum += a->v[m][i];
    st->mean = sum / (double)st->n;
    st->p50 = nf_percentile(a->v[m], st->n, 50);
    st->p95 = nf_percentile(a->v[m], st->n, 95);
    st->p99 = nf_percentile(a->v[m], st->n, 99);
    st->max = nf_percentile(a->v[m], st->n, 100);
  }
  w->nsamples = a->nts;
  if (a->nts > 0) {
    w->first_ts = a->ts[0];
    w->last_ts = a->ts[a->nts - 1];
  }
  w->interval_s = median_gap(a->ts, a->nts);
  for (int h = 0; h < 24; h++)
    w->hour_cpu[h] = a->hour_n[h] ? a->hour_sum[h] / (double)a->hour_n[h] : NAN;

  /* Host-side CPU (esxtop) beats the guest's own clock-skewed counters. */
  w->cpu_from_host = a->dn[NF_D__COUNT] > 0;
  int cpu_src = w->cpu_from_host ? NF_D__COUNT : NF_D_CPU;
  for (int d = 0; d < NF_D__COUNT; d++) {
    w->demand[d] = xmalloc((size_t)(e->nslots ? e->nslots : 1) * sizeof(float));
    for (int i = 0; i < e->nslots; i++)
      w->demand[d][i] = NAN;
    series_from(a, d == NF_D_CPU ? cpu_src : d, e, w->demand[d], p);
  }
  /* RAM need at the percentile over all samples. */
  long nr = a->dn[NF_D_RAM];
  if (nr > 0) {
    double *v = xmalloc((size_t)nr * sizeof *v);
    memcpy(v, a->dim[NF_D_RAM], (size_t)nr * sizeof *v);
    w->ram_need_mb = nf_percentile(v, nr, p > 0 ? p : 95);
    free(v);
    w->ram_how = w->stat[NF_M_MEM_AVAIL_MB].n > 0 && w->srv.ram_mb > 0
                     ? "installed RAM minus Available MBytes at the percentile"
                     : "committed memory at the percentile (no Available MBytes)";
  } else if (w->srv.ram_mb > 0) {
    w->ram_need_mb = w->srv.ram_mb;
    w->ram_how = "no memory counters: installed RAM assumed in use";
  } else {
    w->ram_need_mb = 0;
    w->ram_how = "unknown: no memory counters and no installed RAM in the inventory";
  }
  /* Conservative defaults for a workload without any sample of a dimension. */
  double dflt[NF_D__COUNT] = {w->capacity, w->srv.ram_mb, 0, 0};
  for (int d = 0; d < NF_D__COUNT; d++) {
    w->filled[d] = fill_gaps(w->demand[d], e->nslots, e->slot_s, p, dflt[d]);
    double pk = 0;
    for (int i = 0; i < e->nslots; i++)
      if (w->demand[d][i] > pk)
        pk = w->demand[d][i];
    w->peak[d] = pk;
  }
}

/* One reader of the samples: the workloads whose server ids lie in
 * [LO, HI), streamed through DB (its own connection, or the caller's). */
typedef struct {
  sqlite3 *db;
  nf_estate *e;
  const int *idx;
  int64_t maxid, lo, hi;
  unsigned char *done; /* per workload: its samples seen */
  nf_err err;
  int rc;
} reader;

static void *read_range(void *arg)
{
  reader *r = arg;
  nf_estate *e = r->e;
  sbuf sql = {0};
  sb_add(&sql, "SELECT server_id, ts");
  for (int m = 0; m < NF_M__COUNT; m++)
    sb_printf(&sql, ", %s", nf_metrics[m].name);
  sb_add(&sql, " FROM samples WHERE server_id >= ?3 AND server_id < ?4 AND ts >= ?1 AND ts < ?2"
               " ORDER BY server_id, ts");
  sqlite3_stmt *st = db_prepare(r->db, sql.s, 0, &r->err);
  sb_free(&sql);
  r->rc = -1;
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64(st, 1, e->opts.from ? e->opts.from : INT64_MIN);
  sqlite3_bind_int64(st, 2, e->opts.to ? e->opts.to : INT64_MAX);
  sqlite3_bind_int64(st, 3, r->lo);
  sqlite3_bind_int64(st, 4, r->hi);

  struct acc a;
  memset(&a, 0, sizeof a);
  int cur = -1;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    int wi = id >= 0 && id <= r->maxid ? r->idx[id] : -1;
    if (wi < 0)
      continue; /* an existing hypervisor host, not a workload */
    if (wi != cur) {
      if (cur >= 0) {
        finish_workload(&e->w[cur], &a, e);
        r->done[cur] = 1;
      }
      acc_reset(&a);
      cur = wi;
    }
    nf_workload *w = &e->w[wi];
    int64_t ts = sqlite3_column_int64(st, 1);
    int64_t slot = (ts - e->slot0) / e->slot_s;
    double v[NF_M__COUNT];
    int any = 0;
    for (int m = 0; m < NF_M__COUNT; m++) {
      sqlite3_value *cv = sqlite3_column_value(st, m + 2);
      if (sqlite3_value_type(cv) == SQLITE_NULL) {
        v[m] = NAN;
        continue;
      }
      v[m] = sqlite3_value_double(cv);
      acc_push(&a.v[m], &a.n[m], &a.cap[m], v[m]);
      any = 1;
    }
    if (!any)
      continue;
    if (a.nts >= a.tscap) {
      a.tscap = a.tscap ? a.tscap * 2 : 256;
      a.ts = xrealloc(a.ts, (size_t)a.tscap * sizeof *a.ts);
    }
    a.ts[a.nts++] = ts;
    if (!isnan(v[NF_M_CPU_PCT])) {
      acc_dim(&a, NF_D_CPU, slot, v[NF_M_CPU_PCT] / 100.0 * w->capacity);
      int h = (int)(((ts % 86400) + 86400) % 86400 / 3600);
      a.hour_sum[h] += v[NF_M_CPU_PCT];
      a.hour_n[h]++;
    }
    if (!isnan(v[NF_M_VM_CPU_USED_PCT]))
      acc_dim(&a, NF_D__COUNT, slot, v[NF_M_VM_CPU_USED_PCT] / 100.0 * w->core_rating);
    if (!isnan(v[NF_M_MEM_AVAIL_MB]) && w->srv.ram_mb > 0) {
      double need = w->srv.ram_mb - v[NF_M_MEM_AVAIL_MB];
      acc_dim(&a, NF_D_RAM, slot, need > 0 ? need : 0);
    } else if (!isnan(v[NF_M_MEM_COMMITTED_MB])) {
      acc_dim(&a, NF_D_RAM, slot, v[NF_M_MEM_COMMITTED_MB]);
    }
    if (!isnan(v[NF_M_DISK_IOPS]))
      acc_dim(&a, NF_D_IOPS, slot, v[NF_M_DISK_IOPS]);
    if (!isnan(v[NF_M_NET_MBPS]))
      acc_dim(&a, NF_D_NET, slot, v[NF_M_NET_MBPS]);
  }
  if (rc != SQLITE_DONE)
    db_fail(r->db, st, &r->err);
  else {
    if (cur >= 0) {
      finish_workload(&e->w[cur], &a, e);
      r->done[cur] = 1;
    }
    r->rc = 0;
  }
  sqlite3_finalize(st);
  acc_free(&a);
  return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Unless OPTS.readers says: one reader per processor, up to MAX_READERS,
 * with MIN_PER_READER workloads a reader or more. */
#define MAX_READERS 4
#define MIN_PER_READER 64

/* How many readers stream the samples of E through DB: more than one only
 * where the database is a file others can open and DB has no transaction
 * open (another connection would not see its uncommitted rows). */
static int readers_for(sqlite3 *db, const nf_estate *e)
{
  const char *file = sqlite3_db_filename(db, "main");
  if (file == NULL || file[0] == '\0' || !sqlite3_get_autocommit(db))
    return 1;
  long n = e->opts.readers;
  if (n <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    n = e->n / MIN_PER_READER;
    n = n < cpus ? n : cpus;
    n = n > MAX_READERS ? MAX_READERS : n;
  }
  n = n > e->n ? e->n : n;
  return n < 1 ? 1 : (int)n;
}

/* Streams the samples in the window into E's workloads: the workloads,
 * split by server id into equal shares, read side by side, each share in
 * (server, ts) order through a connection of its own (sqlite3 connections
 * are not shared between threads). */
static int stream_samples(sqlite3 *db, nf_estate *e, nf_err *err)
{
  int64_t maxid;
  int *idx = id_index(e, &maxid);
  unsigned char *done = xcalloc((size_t)e->n + 1, 1);
  int nr = readers_for(db, e);
  int64_t *ids = xmalloc(((size_t)e->n + 1) * sizeof *ids);
  for (int i = 0; i < e->n; i++)
    ids[i] = e->w[i].srv.id;
  qsort(ids, (size_t)e->n, sizeof *ids, cmp_i64);
  reader *r = xcalloc((size_t)nr, sizeof *r);
  const char *file = sqlite3_db_filename(db, "main");
  for (int k = 0; k < nr; k++) {
    r[k] = (reader){.db = db, .e = e, .idx = idx, .maxid = maxid, .done = done};
    r[k].lo = k == 0 ? INT64_MIN : ids[(size_t)e->n * k / nr];
    r[k].hi = k == nr - 1 ? INT64_MAX : ids[(size_t)e->n * (k + 1) / nr];
    if (k > 0 &&
        sqlite3_open_v2(file, &r[k].db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
      sqlite3_busy_timeout(r[k].db, 5000);
    else if (k > 0) { /* no second connection: read this share on the caller's */
      sqlite3_close(r[k].db);
      r[k].db = NULL;
    }
  }
  free(ids);
  pthread_t *t = xmalloc((size_t)nr * sizeof *t);
  int *started = xcalloc((size_t)nr, sizeof *started);
  for (int k = 1; k < nr; k++)
    started[k] = r[k].db && pthread_create(&t[k], NULL, read_range, &r[k]) == 0;
  read_range(&r[0]);
  int rc = r[0].rc;
  if (rc)
    *err = r[0].err;
  for (int k = 1; k < nr; k++) {
    if (started[k])
      pthread_join(t[k], NULL);
    else { /* read it here */
      sqlite3 *own = r[k].db;
      r[k].db = db;
      read_range(&r[k]);
      r[k].db = own;
    }
    if (r[k].rc && rc == 0) {
      rc = -1;
      *err = r[k].err;
    }
    sqlite3_close(r[k].db);
  }
  free(started);
  free(t);
  free(r);
  /* Workloads without a sample in the window. */
  if (rc == 0) {
    struct acc a;
    memset(&a, 0, sizeof a);
    for (int i = 0; i < e->n; i++)
      if (!done[i]) {
        acc_reset(&a);
        finish_workload(&e->w[i], &a, e);
      }
    acc_free(&a);
  }
  free(idx);
  free(done);
  return rc;
}

int profile_opt_parse(int opt, const char *arg, nf_profile_opts *o, nf_err *err)
{
  double v;
  switch (opt) {
  case NF_PO_OPT_PERCENTILE:
    if (nf_parse_double(arg, &v) || v < 0 || v > 100)
      return nf_errf(err, NULL, 0, "--percentile wants a number from 0 to 100, got '%s'", arg);
    o->percentile = v;
    return 0;
  case NF_PO_OPT_SLOT:
    if (nf_parse_double(arg, &v) || v <= 0 || v > 7 * 24 * 60)
      return nf_errf(err, NULL, 0, "--slot wants minutes (1 to 10080), got '%s'", arg);
    o->slot_s = (int)lround(v * 60);
    return 0;
  case NF_PO_OPT_WINDOW:
    return nf_parse_window(arg, &o->from, &o->to, err) ? -1 : 0;
  default:
    return 1;
  }
}

/* OPTS as profile_load reads them: the default slot filled in. */
static nf_profile_opts opts_used(const nf_profile_opts *opts)
{
  nf_profile_opts o = *opts;
  if (o.slot_s <= 0)
    o.slot_s = 3600;
  return o;
}

int profile_matches(const nf_estate *e, const nf_profile_opts *opts)
{
  nf_profile_opts o = opts_used(opts);
  return e->opts.percentile == o.percentile && e->opts.slot_s == o.slot_s && e->opts.from == o.from &&
         e->opts.to == o.to;
}

int profile_interval(sqlite3 *db, int64_t from, int64_t to, int *interval, nf_err *err)
{
  /* The rows profile_load counts as samples: a workload's, with a metric. */
  sbuf sql = {0};
  sb_add(&sql, "SELECT s.server_id, s.ts FROM servers v JOIN samples s ON s.server_id = v.id"
               " WHERE v.kind = 'server' AND s.ts >= ?1 AND s.ts < ?2 AND coalesce(NULL");
  for (int m = 0; m < NF_M__COUNT; m++)
    sb_printf(&sql, ", s.%s", nf_metrics[m].name);
  sb_add(&sql, ") IS NOT NULL ORDER BY s.server_id, s.ts");
  sqlite3_stmt *st = db_prepare(db, sql.s, 0, err);
  sb_free(&sql);
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, from ? from : INT64_MIN);
  sqlite3_bind_int64(st, 2, to ? to : INT64_MAX);
  int64_t *ts = NULL, cur = 0;
  long n = 0, cap = 0;
  int best = 0, rc;
  for (;;) {
    rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (n > 0 && (rc != SQLITE_ROW || id != cur)) { /* a server's samples seen */
      int gap = median_gap(ts, n);
      if (gap > 0 && (best == 0 || gap < best))
        best = gap;
      n = 0;
    }
    if (rc != SQLITE_ROW)
      break;
    cur = id;
    if (n >= cap) {
      cap = cap ? cap * 2 : 256;
      ts = xrealloc(ts, (size_t)cap * sizeof *ts);
    }
    ts[n++] = sqlite3_column_int64(st, 1);
  }
  free(ts);
  if (rc != SQLITE_DONE) {
    db_fail(db, st, err);
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_finalize(st);
  *interval = best;
  return 0;
}

double profile_span_s(const nf_workload *w)
{
  if (w->nsamples == 0)
    return 0;
  if (w->interval_s <= 0) /* no interval known: first to last */
    return (double)(w->last_ts - w->first_ts);
  double gaps = nearbyint((double)(w->last_ts - w->first_ts) / w->interval_s);
  return (gaps + 1) * w->interval_s;
}

double profile_coverage(const nf_estate *e, const nf_workload *w)
{
  if (w->nsamples == 0)
    return 0;
  int step = w->interval_s > 0 ? w->interval_s : e->slot_s; /* one sample: its slot */
  double span = w->interval_s > 0 ? profile_span_s(w) : step;
  int64_t lo = w->site_first, hi = w->site_last;
  if (lo == 0 && hi == 0) { /* an estate profile_load did not build: the whole span */
    lo = e->first_ts;
    hi = e->last_ts;
  }
  double c = span / (double)(hi - lo + step);
  return c < 1 ? c : 1;
}

int profile_apart(const nf_workload *w, int64_t lo, int64_t hi)
{
  return w->nsamples > 0 && (w->last_ts < lo || w->first_ts >= hi);
}

int profile_strays(const nf_estate *e, int64_t *lo, int64_t *hi)
{
  int64_t *first = xmalloc(((size_t)e->n + 1) * sizeof *first);
  int64_t *last = xmalloc(((size_t)e->n + 1) * sizeof *last);
  int n = 0, k = 0;
  for (int i = 0; i < e->n; i++)
    if (e->w[i].nsamples > 0) {
      first[n] = e->w[i].first_ts;
      last[n++] = e->w[i].last_ts;
    }
  if (n > 0) {
    qsort(first, (size_t)n, sizeof *first, cmp_i64);
    qsort(last, (size_t)n, sizeof *last, cmp_i64);
    *lo = first[n / 20];
    *hi = last[n - 1 - n / 20] + e->slot_s; /* to the end of its slot */
    *hi -= ((*hi - e->slot0) % e->slot_s + e->slot_s) % e->slot_s;
  }
  free(first);
  free(last);
  if (n == 0 || *hi <= *lo || e->last_ts - e->first_ts <= 2 * (*hi - *lo))
    return 0;
  for (int i = 0; i < e->n; i++)
    k += profile_apart(&e->w[i], *lo, *hi);
  return k;
}

static int cmp_site(const void *a, const void *b, void *estate)
{
  const nf_estate *e = estate;
  const char *x = e->w[*(const int *)a].srv.site, *y = e->w[*(const int *)b].srv.site;
  return strcasecmp(x ? x : "", y ? y : "");
}

/* Each workload's site_first and site_last: the span of its site's
 * samples (the estate's for a site where none has a sample). */
static void site_spans(nf_estate *e)
{
  int *ix = xmalloc(((size_t)e->n + 1) * sizeof *ix);
  for (int i = 0; i < e->n; i++)
    ix[i] = i;
  qsort_r(ix, (size_t)e->n, sizeof *ix, cmp_site, e);
  for (int i = 0, j; i < e->n; i = j) {
    int64_t lo = e->first_ts, hi = e->last_ts;
    int any = 0;
    for (j = i; j < e->n && cmp_site(&ix[i], &ix[j], e) == 0; j++) {
      const nf_workload *w = &e->w[ix[j]];
      if (w->nsamples > 0) {
        lo = any && lo < w->first_ts ? lo : w->first_ts;
        hi = any && hi > w->last_ts ? hi : w->last_ts;
        any = 1;
      }
    }
    for (int k = i; k < j; k++) {
      e->w[ix[k]].site_first = lo;
      e->w[ix[k]].site_last = hi;
    }
  }
  free(ix);
}

int profile_window_empty(sqlite3 *db, const nf_profile_opts *o, nf_err *err)
{
  int64_t lo, hi;
  int r = o->from || o->to ? db_sample_span(db, o->from, o->to, &lo, &hi, err) : 1;
  if (r != 0) /* no window, samples in it, or an error */
    return r < 0 ? -1 : 0;
  if ((r = db_sample_span(db, 0, 0, &lo, &hi, err)) <= 0)
    return r;
  char f[32] = "", t[32] = "", a[32], b[32];
  if (o->from)
    nf_format_time(o->from, f, sizeof f);
  if (o->to)
    nf_format_time(o->to, t, sizeof t);
  return nf_errf(err, NULL, 0, "--window %s..%s holds no samples; the study's samples span %s..%s",
                 f, t, nf_format_time(lo, a, sizeof a), nf_format_time(hi, b, sizeof b));
}

int profile_load(sqlite3 *db, const nf_profile_opts *opts, nf_estate *e, nf_err *err)
{
  memset(e, 0, sizeof *e);
  e->opts = opts_used(opts);
  if (e->opts.percentile < 0 || e->opts.percentile > 100)
    return nf_errf(err, NULL, 0, "percentile must be between 0 and 100, got %g", e->opts.percentile);
  e->slot_s = e->opts.slot_s;
  if (load_servers(db, e, err))
    goto fail;
  /* The estate's time span decides the slots. */
  int64_t lo = 0, hi = -1;
  if (db_sample_span(db, e->opts.from, e->opts.to, &lo, &hi, err) < 0)
    goto fail;
  if (hi < lo) {
    if (profile_window_empty(db, &e->opts, err))
      goto fail;
    e->slot0 = e->opts.from;
    e->nslots = 1;
  } else {
    e->first_ts = lo;
    e->last_ts = hi;
    e->slot0 = (lo >= 0 ? lo : lo - e->slot_s + 1) / e->slot_s * e->slot_s;
    e->nslots = (int)((hi - e->slot0) / e->slot_s + 1);
  }
  if (stream_samples(db, e, err))
    goto fail;
  site_spans(e);
  return 0;
fail:
  profile_free(e);
  return -1;
}

void profile_free(nf_estate *e)
{
  for (int i = 0; i < e->n; i++) {
    nf_workload *w = &e->w[i];
    nf_server *s = &w->srv;
    free(s->name);
    free(s->site);
    free(s->role);
    free(s->os);
    free(s->arch);
    free(s->model);
    free(s->criticality);
    free(s->kind);
    free(s->guest_evidence);
    for (int t = 0; t < s->ntags; t++) {
      free(s->tag_key[t]);
      free(s->tag_val[t]);
    }
    free(s->tag_key);
    free(s->tag_val);
    for (int d = 0; d < NF_D__COUNT; d++)
      free(w->demand[d]);
  }
  free(e->w);
  memset(e, 0, sizeof *e);
}
