/* planner.c — the planner's database side (planner.h): plan_run loads the
 * estate (profile.h) and the latest verdicts and constraints (tables
 * verdicts, constraints), builds every scenario × host model with
 * plan_scenario (plan_build.c) and stores the plan in one transaction
 * (tables plans, scenarios, scenario_overhead, plan_hosts, placements,
 * workload_overhead, risks); plan_print shows a stored plan; plan_replay
 * replays the latest plan against another window (replays, replay_hosts).
 * The scenarios of one load are built side by side, one thread each up to
 * --jobs (build_all): plan_scenario only reads the estate, the verdicts and
 * the profile, and writes its own nf_scenario, so the plan is the same
 * whatever the number of threads. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "planner.h"
#include "planopts.h"

#define SERIES_MAX 336 /* points per chart series: a week of hours */

/* Frees verdicts this file loaded (it owns them; score_free belongs to score.c). */
static void verdicts_free(nf_verdict *v, int n)
{
  if (v == NULL)
    return;
  for (int i = 0; i < n; i++) {
    free(v[i].co_host_kind);
    for (int k = 0; k < v[i].nconstraints; k++) {
      free(v[i].constraints[k].kind);
      free(v[i].constraints[k].value);
    }
    free(v[i].constraints);
  }
  free(v);
}

static int index_of(const nf_estate *e, int64_t server_id)
{
  for (int i = 0; i < e->n; i++)
    if (e->w[i].srv.id == server_id)
      return i;
  return -1;
}

/* Reads the verdicts and constraints of score run RUN into one verdict per
 * workload; *MISSING gets the workloads the run has no verdict for. */
static int load_verdicts(sqlite3 *db, int64_t run, const nf_estate *e, nf_verdict **out,
                         int *missing, nf_err *err)
{
  nf_verdict *v = xcalloc((size_t)e->n + 1, sizeof *v);
  int *have = xcalloc((size_t)e->n + 1, sizeof *have);
  sqlite3_stmt *st =
      db_prepare(db, "SELECT server_id, strategy, co_host_kind FROM verdicts WHERE run_id = ?1", 0, err);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64(st, 1, run);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int i = index_of(e, sqlite3_column_int64(st, 0));
    if (i < 0)
      continue;
    int s = nf_strategy_find((const char *)sqlite3_column_text(st, 1));
    v[i].strategy = s >= 0 ? s : NF_S_VM_GUEST;
    v[i].co_host_kind = db_col_str(st, 2);
    have[i] = 1;
  }
  if (rc != SQLITE_DONE) {
    db_fail(db, st, err);
    goto fail;
  }
  sqlite3_finalize(st);
  st = db_prepare(db, "SELECT server_id, kind, value FROM constraints WHERE run_id = ?1", 0, err);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64(st, 1, run);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int i = index_of(e, sqlite3_column_int64(st, 0));
    if (i < 0)
      continue;
    nf_verdict *x = &v[i];
    x->constraints = xrealloc(x->constraints, (size_t)(x->nconstraints + 1) * sizeof *x->constraints);
    x->constraints[x->nconstraints].kind = db_col_str(st, 1);
    x->constraints[x->nconstraints].value = db_col_str(st, 2);
    x->nconstraints++;
  }
  if (rc != SQLITE_DONE) {
    db_fail(db, st, err);
    goto fail;
  }
  sqlite3_finalize(st);
  *missing = 0;
  for (int i = 0; i < e->n; i++)
    if (!have[i]) {
      v[i].strategy = NF_S_VM_GUEST;
      (*missing)++;
    }
  free(have);
  *out = v;
  return 0;
fail:
  sqlite3_finalize(st);
  free(have);
  verdicts_free(v, e->n);
  return -1;
}

/* A per-slot series as comma-separated percentages, at most SERIES_MAX
 * points (each the maximum of the slots it stands for, so peaks survive). */
static char *series_text(const float *v, int n)
{
  sbuf b = {0};
  sb_add(&b, "");
  int f = (n + SERIES_MAX - 1) / SERIES_MAX;
  if (f < 1)
    f = 1;
  for (int i = 0; i < n; i += f) {
    float m = v[i];
    for (int j = i + 1; j < i + f && j < n; j++)
      m = v[j] > m ? v[j] : m;
    sb_printf(&b, "%s%.1f", i ? "," : "", m);
  }
  return sb_take(&b);
}

typedef struct stmts {
  sqlite3_stmt *scen, *soh, *host, *pl, *woh, *risk;
} stmts;

static void stmts_free(stmts *s)
{
  sqlite3_finalize(s->scen);
  sqlite3_finalize(s->soh);
  sqlite3_finalize(s->host);
  sqlite3_finalize(s->pl);
  sqlite3_finalize(s->woh);
  sqlite3_finalize(s->risk);
}

static int stmts_prepare(sqlite3 *db, stmts *s, nf_err *err)
{
  memset(s, 0, sizeof *s);
  s->scen = db_prepare(db,
                       "INSERT INTO scenarios(plan_id, name, host_model, hosts, os_images, "
                       "lower_bound, cpu_capacity, ram_mb, oh_cpu_pct, oh_ram_mb, baseline_hosts, "
                       "price, notes, headroom_cpu, headroom_ram, headroom_iops, headroom_net, "
                       "percentile, baseline_overloaded) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,"
                       "?11,?12,?13,?14,?15,?16,?17,?18,?19)",
                       1, err);
  if (s->scen)
    s->soh = db_prepare(db,
                        "INSERT INTO scenario_overhead(scenario_id, source, cpu_pct, ram_mb) "
                        "VALUES (?1,?2,?3,?4)",
                        1, err);
  if (s->soh)
    s->host = db_prepare(db,
                         "INSERT INTO plan_hosts(scenario_id, label, kind, os_images, cpu_capacity, "
                         "ram_mb_capacity, cpu_peak_pct, ram_peak_pct, ram_mb, cpu_series, "
                         "ram_series) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                         1, err);
  if (s->host)
    s->pl = db_prepare(db,
                       "INSERT INTO placements(host_id, server_id, strategy, co_host_kind, "
                       "dedicated_cores, cpu_peak, ram_peak_mb) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                       1, err);
  if (s->pl)
    s->woh = db_prepare(db,
                        "INSERT INTO workload_overhead(scenario_id, server_id, source, cpu_pct, "
                        "ram_mb) VALUES (?1,?2,?3,?4,?5)",
                        1, err);
  if (s->woh)
    s->risk = db_prepare(db,
                         "INSERT INTO risks(scenario_id, server_id, kind, figure, text) "
                         "VALUES (?1,?2,?3,?4,?5)",
                         1, err);
  return s->risk ? 0 : -1;
}

static int store_soh(sqlite3 *db, stmts *S, int64_t sid, const char *src, double cpu, double ram,
                     nf_err *err)
{
  sqlite3_bind_int64(S->soh, 1, sid);
  sqlite3_bind_text(S->soh, 2, src, -1, SQLITE_STATIC);
  sqlite3_bind_double(S->soh, 3, cpu);
  sqlite3_bind_double(S->soh, 4, ram);
  return db_step_done(db, S->soh, err);
}

static int store_woh(sqlite3 *db, stmts *S, int64_t sid, int64_t server, const char *src,
                     double cpu, double ram, nf_err *err)
{
  sqlite3_bind_int64(S->woh, 1, sid);
  sqlite3_bind_int64(S->woh, 2, server);
  sqlite3_bind_text(S->woh, 3, src, -1, SQLITE_STATIC);
  sqlite3_bind_double(S->woh, 4, cpu);
  sqlite3_bind_double(S->woh, 5, ram);
  return db_step_done(db, S->woh, err);
}

/* Stores scenario SC of plan PLAN; SRV holds the server id of each
 * workload of the estate it was built from, in estate order. */
static int store_scenario(sqlite3 *db, stmts *S, int64_t plan, const int64_t *srv,
                          const nf_scenario *sc, nf_err *err)
{
  sqlite3_stmt *st = S->scen;
  sqlite3_bind_int64(st, 1, plan);
  sqlite3_bind_text(st, 2, sc->policy ? sc->policy : nf_scen_names[sc->scen], -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, sc->hm->spec, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, sc->hosts);
  sqlite3_bind_int(st, 5, sc->os_images);
  sqlite3_bind_int(st, 6, sc->lower_bound);
  sqlite3_bind_double(st, 7, sc->hm->capacity);
  sqlite3_bind_double(st, 8, sc->hm->ram_mb);
  sqlite3_bind_double(st, 9, sc->oh_cpu_pct);
  sqlite3_bind_double(st, 10, sc->oh_ram_mb);
  sqlite3_bind_int(st, 11, sc->baseline_hosts);
  if (sc->price > 0)
    sqlite3_bind_double(st, 12, sc->price);
  else
    sqlite3_bind_null(st, 12);
  sqlite3_bind_text(st, 13, sc->notes, -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 14, sc->headroom.cpu);
  sqlite3_bind_double(st, 15, sc->headroom.ram);
  sqlite3_bind_double(st, 16, sc->headroom.iops);
  sqlite3_bind_double(st, 17, sc->headroom.net);
  sqlite3_bind_double(st, 18, sc->percentile);
  sqlite3_bind_int(st, 19, sc->baseline_overloaded);
  if (db_step_done(db, st, err))
    return -1;
  int64_t sid = sqlite3_last_insert_rowid(db);
  for (int q = 0; q < NF_OH__COUNT; q++)
    if (store_soh(db, S, sid, nf_oh_source_names[q], sc->src_cpu_pct[q], sc->src_ram_mb[q], err))
      return -1;
  if (sc->contention_pct > 0 &&
      store_soh(db, S, sid, "co-host-contention", sc->contention_pct, 0, err))
    return -1;
  int64_t *hid = xmalloc(((size_t)sc->nh + 1) * sizeof *hid);
  int rc = 0;
  for (int h = 0; h < sc->nh && rc == 0; h++) {
    const nf_plan_host *H = &sc->h[h];
    char label[16];
    snprintf(label, sizeof label, "h%02d", h + 1);
    char *cs = series_text(H->cpu_pct, sc->nslots), *rs = series_text(H->ram_pct, sc->nslots);
    st = S->host;
    sqlite3_bind_int64(st, 1, sid);
    sqlite3_bind_text(st, 2, label, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, nf_host_kind_names[H->kind], -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, H->os_images);
    sqlite3_bind_double(st, 5, H->cpu_cap);
    sqlite3_bind_double(st, 6, H->ram_cap);
    sqlite3_bind_double(st, 7, H->cpu_peak_pct);
    sqlite3_bind_double(st, 8, H->ram_peak_pct);
    sqlite3_bind_double(st, 9, H->ram_mb);
    sqlite3_bind_text(st, 10, cs, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 11, rs, -1, SQLITE_TRANSIENT);
    rc = db_step_done(db, st, err);
    free(cs);
    free(rs);
    hid[h] = sqlite3_last_insert_rowid(db);
  }
  for (int i = 0; i < sc->npl && rc == 0; i++) {
    const nf_placement *P = &sc->pl[i];
    int64_t server = srv[i];
    st = S->pl;
    sqlite3_bind_int64(st, 1, hid[P->host]);
    sqlite3_bind_int64(st, 2, server);
    sqlite3_bind_text(st, 3, nf_strategy_names[P->strategy], -1, SQLITE_STATIC);
    if (P->co_host_kind)
      sqlite3_bind_text(st, 4, P->co_host_kind, -1, SQLITE_STATIC);
    else
      sqlite3_bind_null(st, 4);
    sqlite3_bind_int(st, 5, P->dedicated_cores);
    sqlite3_bind_double(st, 6, P->cpu_peak);
    sqlite3_bind_double(st, 7, P->ram_peak_mb);
    rc = db_step_done(db, st, err);
    if (rc)
      break;
    double base = P->cpu_demand;
    if (P->strategy == NF_S_VM_GUEST || P->strategy == NF_S_VM_DEDICATED) {
      for (int q = 0; q < NF_OH__COUNT && rc == 0; q++)
        rc = store_woh(db, S, sid, server, nf_oh_source_names[q],
                       base > 0 ? 100 * P->oh_cpu[q] / base : 0,
                       q == NF_OH_MEMORY ? P->oh_ram_mb : 0, err);
    } else if (P->strategy == NF_S_CO_HOST) {
      rc = store_woh(db, S, sid, server, "co-host-contention",
                     base > 0 ? 100 * P->contention / base : 0, 0, err);
    }
  }
  for (int r = 0; r < sc->nrisks && rc == 0; r++) {
    const nf_plan_risk *R = &sc->risks[r];
    st = S->risk;
    sqlite3_bind_int64(st, 1, sid);
    if (R->w >= 0)
      sqlite3_bind_int64(st, 2, srv[R->w]);
    else
      sqlite3_bind_null(st, 2);
    sqlite3_bind_text(st, 3, R->kind, -1, SQLITE_STATIC);
    if (R->has_figure)
      sqlite3_bind_double(st, 4, R->figure);
    else
      sqlite3_bind_null(st, 4);
    sqlite3_bind_text(st, 5, R->text, -1, SQLITE_STATIC);
    rc = db_step_done(db, st, err);
  }
  free(hid);
  return rc;
}

/* Says so when most workloads are sampled less often than the slots are
 * wide (--slot as wide as their interval plans at their resolution), or
 * when most of the slots the plan folds had no sample because logs from
 * different periods were imported together (--window plans the period the
 * logs have in common; returns 1 then). Slots without a sample carry
 * filled values. */
static int warn_sparse(const nf_estate *e)
{
  /* Slots outside the period a workload's site logged are filled for
   * every workload there, and harmless: sites never share a host. */
  long filled = 0, total = 0;
  int coarse = 0, coarsest = 0;
  for (int i = 0; i < e->n; i++) {
    const nf_workload *w = &e->w[i];
    long site = (long)((w->site_last - e->slot0) / e->slot_s -
                       (w->site_first - e->slot0) / e->slot_s + 1);
    site = site < 1 ? 1 : site > e->nslots ? e->nslots : site;
    long in = w->filled[NF_D_CPU] - (e->nslots - site);
    filled += in > 0 ? in : 0;
    total += site;
    if (10L * w->interval_s > 11L * e->slot_s) {
      coarse++;
      coarsest = w->interval_s > coarsest ? w->interval_s : coarsest;
    }
  }
  if (total > 0 && coarse * 2 > e->n) {
    fprintf(stderr,
            "nfold: warning: %d of %d workloads are sampled less often than the %g-minute slots "
            "(up to %g minutes apart), so %.0f %% of the workloads' slots are filled between "
            "samples; --slot %g plans at their resolution\n",
            coarse, e->n, e->slot_s / 60.0, coarsest / 60.0, 100.0 * (double)filled / (double)total,
            coarsest / 60.0);
    return 0;
  }
  if (total > 0 && filled * 2 > total && e->nslots > 1) {
    char a[32], b[32];
    nf_format_time(e->slot0, a, sizeof a);
    nf_format_time(e->slot0 + (int64_t)e->nslots * e->slot_s, b, sizeof b);
    fprintf(stderr,
            "nfold: warning: the samples span %s..%s (%d slots), but %.0f %% of the workloads' "
            "slots have no sample and are filled; --window FROM..TO plans the period the logs "
            "have in common\n",
            a, b, e->nslots, 100.0 * (double)filled / (double)total);
    return 1;
  }
  return 0;
}

/* A few logs from another period (one server's log of years ago in the
 * folder) stretch the plan's time axis (profile_strays): names the
 * workloads that logged apart and the --window that plans the span most
 * logs cover, and returns 1. Each scenario carries the risk
 * logged-apart for them. */
static int warn_stray(const nf_estate *e)
{
  int64_t lo, hi;
  int k = profile_strays(e, &lo, &hi);
  if (k == 0)
    return 0;
  char a[32], b[32], c[32], d[32];
  fprintf(stderr, "nfold: warning: %d of %d workloads logged apart from the rest:", k, e->n);
  for (int i = 0, shown = 0; i < e->n && shown < 5; i++)
    if (profile_apart(&e->w[i], lo, hi))
      fprintf(stderr, "%s %s (%.10s)", shown++ ? "," : "", e->w[i].srv.name,
              nf_format_time(e->w[i].first_ts, a, sizeof a));
  if (k > 5)
    fprintf(stderr, " and %d more", k - 5);
  fprintf(stderr,
          ". The plan spans %s..%s (%d slots) where most logs span %s..%s; --window %s..%s "
          "plans that period (those workloads then at their installed capacity), or import their "
          "logs for it\n",
          nf_format_time(e->slot0, a, sizeof a),
          nf_format_time(e->slot0 + (int64_t)e->nslots * e->slot_s, b, sizeof b), e->nslots,
          nf_format_time(lo, c, sizeof c), nf_format_time(hi, d, sizeof d), c, d);
  return 1;
}

/* A --slot narrower than every workload's sampling interval would fold
 * filled values between the samples: the slot goes down to the sampling
 * interval, no further (less a tenth, for clocks that drift a second). The
 * default slot is not refused: warn_sparse names the slot to ask for. */
static int slot_too_narrow(const nf_estate *e, nf_err *err)
{
  int finest = 0;
  for (int i = 0; i < e->n; i++)
    if (e->w[i].interval_s > 0 && (finest == 0 || e->w[i].interval_s < finest))
      finest = e->w[i].interval_s;
  if (finest == 0 || 10L * e->slot_s >= 9L * finest)
    return 0;
  return nf_errf(err, NULL, 0,
                 "--slot %.4g: the samples are %.4g minutes apart at the finest, and a slot is "
                 "no narrower than the sampling interval (--slot %.4g or more)",
                 e->slot_s / 60.0, finest / 60.0, finest / 60.0);
}

/* What the plan cannot vouch for in a workload, a risk each scenario
 * carries (plan_build.c): no samples, samples over less than half its
 * site's period, its CPU size guessed, its processors counted otherwise by
 * its logs than by the inventory. */
enum doubt { D_NO_SAMPLES, D_PARTIAL, D_CPU_SIZE, D_CPU_COUNT, D__COUNT };

/* Whether workload I is in doubt as KIND says. */
static int in_doubt(const nf_estate *e, int i, int kind)
{
  const nf_workload *w = &e->w[i];
  int logical;
  switch (kind) {
  case D_NO_SAMPLES: return w->nsamples == 0;
  case D_PARTIAL: return w->nsamples > 0 && profile_coverage(e, w) < 0.5;
  case D_CPU_SIZE:
    return (profile_cpu_doubt(w, &logical) & (NF_CPU_NO_CORES | NF_CPU_NO_CLOCK)) != 0;
  default: return (profile_cpu_doubt(w, &logical) & NF_CPU_MISMATCH) != 0;
  }
}

/* Names the workloads in doubt, kind by kind (partial-samples, where
 * warn_sparse said it of the whole estate, ESTATE_WARNED 1, only when they
 * are the few whose logs stand apart; not where warn_stray named those,
 * ESTATE_WARNED 2): those with no sample
 * to plan from (none in the window, or none imported), planned at their
 * installed capacity; those whose samples span less than half their
 * site's period, the rest filled from their own data; those whose cores
 * or clock nothing gives; and those whose logs count other processors
 * than the inventory. */
static void warn_unmeasured(const nf_estate *e, int estate_warned)
{
  for (int kind = 0; kind < D__COUNT; kind++) {
    int k = 0;
    for (int i = 0; i < e->n; i++)
      k += in_doubt(e, i, kind);
    if (k == 0 || (kind == D_PARTIAL && (estate_warned == 2 || (estate_warned && 2 * k > e->n))))
      continue;
    int one = k == 1;
    if (kind == D_PARTIAL)
      fprintf(stderr,
              "nfold: warning: %d of %d workloads %s samples over less than half the period "
              "logged at %s site, the rest filled from %s own data (risk partial-samples):",
              k, e->n, one ? "has" : "have", one ? "its" : "their", one ? "its" : "their");
    else if (kind == D_NO_SAMPLES)
      fprintf(stderr,
              "nfold: warning: %d of %d workloads %s no samples%s, so %s planned at %s installed "
              "capacity, every core busy (risk no-samples):",
              k, e->n, one ? "has" : "have", e->opts.from || e->opts.to ? " in the window" : "",
              one ? "it is" : "they are", one ? "its" : "their");
    else if (kind == D_CPU_SIZE)
      fprintf(stderr,
              "nfold: warning: %d of %d workloads %s no core count or no clock speed in the "
              "inventory or %s logs, so %s CPU is sized on one core or 1 CU a core (risk "
              "cpu-size-unknown):",
              k, e->n, one ? "has" : "have", one ? "its" : "their", one ? "its" : "their");
    else
      fprintf(stderr,
              "nfold: warning: %d of %d workloads %s other processors than %s inventory "
              "(risk cpu-count-mismatch):",
              k, e->n, one ? "logs" : "log", one ? "its" : "their");
    for (int i = 0, shown = 0; i < e->n && shown < 5; i++)
      if (in_doubt(e, i, kind)) {
        const nf_server *s = &e->w[i].srv;
        fprintf(stderr, "%s %s", shown++ ? "," : "", s->name);
        if (kind == D_PARTIAL)
          fprintf(stderr, " (%.0f %%)", 100 * profile_coverage(e, &e->w[i]));
        if (kind == D_CPU_COUNT) {
          int logical;
          profile_cpu_doubt(&e->w[i], &logical);
          fprintf(stderr, " (%d logical processors, %d %s)", logical,
                  s->cores > 0 ? s->cores : s->threads, s->cores > 0 ? "cores" : "threads");
        }
      }
    if (k > 5)
      fprintf(stderr, " and %d more", k - 5);
    fputc('\n', stderr);
  }
}

/* Records the hypervisor profile's model in words (plan_model), one row
 * for its title and one per overhead source. */
static int store_model(sqlite3 *db, int64_t plan, const nf_hv *hv, nf_err *err)
{
  sqlite3_stmt *st = db_prepare(
      db, "INSERT INTO plan_model(plan_id, source, formula, why) VALUES (?1, ?2, ?3, ?4)", 0, err);
  if (st == NULL)
    return -1;
  int rc = 0;
  for (int q = -1; q < NF_OH__COUNT && rc == 0; q++) {
    const char *why = "";
    char *formula = q < 0 ? xstrdup(hv_title(hv)) : oh_term_formula(hv, q, &why);
    sqlite3_bind_int64(st, 1, plan);
    sqlite3_bind_text(st, 2, q < 0 ? "profile" : nf_oh_source_names[q], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, formula, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, why, -1, SQLITE_TRANSIENT);
    rc = db_step_done(db, st, err);
    free(formula);
  }
  sqlite3_finalize(st);
  return rc;
}

/* One scenario to build: plan_scenario's arguments and its outcome. */
typedef struct build_job {
  nf_plan_opts o; /* the plan's options with this job's headroom */
  int scen;
  int pol;             /* the --policy it is built for, or -1 */
  const nf_verdict *v; /* that policy's verdicts, or NULL: the score run's */
  const nf_host_model *hm;
  nf_scenario *out;
  nf_err err;
  int rc;
} build_job;

typedef struct build_pool {
  const nf_estate *e;
  const nf_verdict *v;
  const nf_hv *hv;
  build_job *jobs;
  size_t n, next;
  pthread_mutex_t lock;
} build_pool;

static void *build_worker(void *arg)
{
  build_pool *P = arg;
  for (;;) {
    pthread_mutex_lock(&P->lock);
    size_t i = P->next++;
    pthread_mutex_unlock(&P->lock);
    if (i >= P->n)
      return NULL;
    build_job *j = &P->jobs[i];
    j->rc = plan_scenario(P->e, j->v ? j->v : P->v, P->hv, &j->o, j->scen, j->hm, j->out, &j->err);
  }
}

/* Builds the N jobs on up to NTHREADS threads, the calling thread among
 * them. NTHREADS 0: one per processor, but no more than half the free
 * memory holds, at twice the demand series of the estate per build (a
 * build holds its items' series and its hosts' loads: about 1.15 times
 * that at 10,000 servers). Returns the index of the first job that failed,
 * or N. */
static size_t build_all(const nf_estate *e, const nf_verdict *v, const nf_hv *hv, build_job *jobs,
                        size_t n, int nthreads)
{
  if (nthreads <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN), pages = sysconf(_SC_AVPHYS_PAGES),
         page = sysconf(_SC_PAGESIZE);
    nthreads = cpus > 0 ? (int)cpus : 1;
    double per = 2.0 * e->n * NF_D__COUNT * (e->nslots > 0 ? e->nslots : 1) * sizeof(float);
    if (pages > 0 && page > 0 && (double)pages * (double)page / 2 < per * nthreads)
      nthreads = (int)((double)pages * (double)page / 2 / per);
    if (nthreads < 1)
      nthreads = 1;
  }
  if ((size_t)nthreads > n)
    nthreads = (int)n;
  build_pool P = {.e = e, .v = v, .hv = hv, .jobs = jobs, .n = n};
  pthread_mutex_init(&P.lock, NULL);
  pthread_t *t = xmalloc(((size_t)nthreads + 1) * sizeof *t);
  int started = 0;
  while (started < nthreads - 1 && pthread_create(&t[started], NULL, build_worker, &P) == 0)
    started++; /* a thread refused leaves its share to the others */
  build_worker(&P);
  for (int k = 0; k < started; k++)
    pthread_join(t[k], NULL);
  free(t);
  pthread_mutex_destroy(&P.lock);
  size_t i = 0;
  while (i < n && jobs[i].rc == 0)
    i++;
  return i;
}

/* The rule files of score run RUN, then room for one --policy file, into
 * *FILES (*NBASE of the run's; their text is *BUF's); each policy is
 * loaded once with them, so that a file that is missing or does not parse
 * stops the plan before the estate is read. The run's first file is the
 * built-in default policy, which score_run and score_rules load anyway. */
static int policy_rules(sqlite3 *db, int64_t run, const nf_plan_opts *o, char **buf,
                        const char ***files, int *nbase, nf_err *err)
{
  sqlite3_stmt *st = db_prepare(db, "SELECT rules FROM score_runs WHERE id = ?1", 0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, run);
  *buf = sqlite3_step(st) == SQLITE_ROW ? db_col_str(st, 0) : NULL;
  sqlite3_finalize(st);
  *files = xmalloc((strlen(*buf ? *buf : "") / 2 + 2) * sizeof **files);
  int n = 0;
  char *save = NULL;
  for (char *f = *buf ? strtok_r(*buf, ";", &save) : NULL; f; f = strtok_r(NULL, ";", &save))
    if (n++ > 0) /* past rules/default.lua */
      (*files)[n - 2] = f;
  *nbase = n > 0 ? n - 1 : 0;
  for (int q = 0; q < o->npolicies; q++) {
    nf_rule_info *r;
    int nr;
    (*files)[*nbase] = o->policies[q].file;
    if (score_rules(*files, *nbase + 1, &r, &nr, err))
      return -1;
    score_rules_free(r, nr);
  }
  return 0;
}

/* Appends to a --policy scenario's notes how its verdicts differ from the
 * score run's (V), the hybrid's: "policy sql.lua: 12 workloads at another
 * verdict than the hybrid's (12 vm-guest → co-host)". */
static void policy_note(nf_scenario *s, const nf_policy *pol, const nf_verdict *pv,
                        const nf_verdict *v, int n)
{
  int moved[NF_S__COUNT][NF_S__COUNT] = {{0}}, k = 0;
  for (int i = 0; i < n; i++)
    if (pv[i].strategy != v[i].strategy) {
      moved[v[i].strategy][pv[i].strategy]++;
      k++;
    }
  sbuf b = {0};
  sb_printf(&b, "%s; policy %s: ", s->notes ? s->notes : "", pol->file);
  if (k == 0)
    sb_add(&b, "every workload at the hybrid's verdict");
  else
    sb_printf(&b, "%d workload%s at another verdict than the hybrid's (", k, k == 1 ? "" : "s");
  for (int a = 0, m = 0; a < NF_S__COUNT && k; a++)
    for (int c = 0; c < NF_S__COUNT; c++)
      if (moved[a][c])
        sb_printf(&b, "%s%d %s \xe2\x86\x92 %s", m++ ? ", " : "", moved[a][c], nf_strategy_names[a],
                  nf_strategy_names[c]);
  if (k)
    sb_add(&b, ")");
  free(s->notes);
  s->notes = sb_take(&b);
}

int plan_run(sqlite3 *db, const nf_plan_opts *o, const nf_estate *loaded, int64_t *plan_id,
             nf_err *err)
{
  int64_t run = db_int(db, "SELECT max(id) FROM score_runs", 0);
  if (run <= 0)
    return nf_errf(err, NULL, 0, "no verdicts yet: run `nfold score` first");
  /* The what-if lists; options planopts_finish has not seen give one each. */
  nf_headroom hr1 = {o->headroom_cpu, o->headroom_ram, o->headroom_iops, o->headroom_net};
  const nf_headroom *hrs = o->nheadrooms > 0 ? o->headrooms : &hr1;
  const double *pcs = o->npercentiles > 0 ? o->percentiles : &o->prof.percentile;
  int nhr = o->nheadrooms > 0 ? o->nheadrooms : 1;
  int npc = o->npercentiles > 0 ? o->npercentiles : 1;
  int scen[NF_SC__COUNT], nscen = 0, npol = o->npolicies;
  for (int s = 0; s < NF_SC__COUNT; s++)
    if (o->scen[s])
      scen[nscen++] = s;
  /* Rows in the order host model, headroom, percentile, scenario, so that
   * one value each gives today's order; built one percentile at a time,
   * since the percentile changes the demand series (one load each). */
  size_t total = (size_t)o->nhosts * (size_t)nhr * (size_t)npc * (size_t)(nscen + npol);
  nf_scenario *sc = xcalloc(total + 1, sizeof *sc);
  int *est_of = xcalloc(total + 1, sizeof *est_of);
  build_job *jobs = xcalloc(total / (size_t)npc + 1, sizeof *jobs); /* one load's */
  int64_t **srv = xcalloc((size_t)npc + 1, sizeof *srv);
  nf_estate e; /* the estate loaded here; LOADED stays the caller's */
  memset(&e, 0, sizeof e);
  nf_verdict *v = NULL, **pv = xcalloc((size_t)npol + 1, sizeof *pv);
  char *pol_buf = NULL;
  const char **pol_files = NULL;
  int pol_nbase = 0;
  nf_hv *hv = NULL;
  int nv = 0, missing = 0, rc = -1, slot_s = 0;
  stmts S;
  memset(&S, 0, sizeof S);
  if (npol && policy_rules(db, run, o, &pol_buf, &pol_files, &pol_nbase, err))
    goto done;
  for (int p = 0; p < npc; p++) {
    nf_plan_opts oc = *o;
    oc.prof.percentile = pcs[p];
    const nf_estate *ep = &e;
    if (loaded && profile_matches(loaded, &oc.prof))
      ep = loaded;
    else if (profile_load(db, &oc.prof, &e, err))
      goto done;
    if (ep->n == 0) {
      nf_errf(err, NULL, 0, "no workloads to plan: import an inventory and samples first");
      goto done;
    }
    if (p == 0 && o->slot_given && slot_too_narrow(ep, err))
      goto done;
    if (p == 0) {
      int stray = warn_stray(ep);
      warn_unmeasured(ep, stray ? 2 : warn_sparse(ep));
      slot_s = ep->slot_s;
    }
    if (load_verdicts(db, run, ep, &v, &missing, err))
      goto done;
    nv = ep->n;
    for (int q = 0; q < npol; q++) {
      pol_files[pol_nbase] = o->policies[q].file;
      if (score_run(ep, pol_files, pol_nbase + 1, &pv[q], err)) {
        pv[q] = NULL;
        goto done;
      }
    }
    if (hv == NULL && (hv = hv_load(o->hypervisor, (const char *const *)o->sets, o->nsets,
                                    err)) == NULL)
      goto done;
    srv[p] = xmalloc((size_t)ep->n * sizeof **srv);
    for (int i = 0; i < ep->n; i++)
      srv[p][i] = ep->w[i].srv.id;
    size_t nj = 0;
    for (int h = 0; h < o->nhosts; h++)
      for (int r = 0; r < nhr; r++)
        for (int k = 0; k < nscen + npol; k++) {
          size_t idx = (((size_t)h * (size_t)nhr + (size_t)r) * (size_t)npc + (size_t)p) *
                           (size_t)(nscen + npol) + (size_t)k;
          build_job *j = &jobs[nj++];
          memset(j, 0, sizeof *j);
          j->o = oc;
          j->o.headroom_cpu = hrs[r].cpu;
          j->o.headroom_ram = hrs[r].ram;
          j->o.headroom_iops = hrs[r].iops;
          j->o.headroom_net = hrs[r].net;
          j->scen = k < nscen ? scen[k] : NF_SC_HYBRID;
          j->pol = k < nscen ? -1 : k - nscen;
          j->v = k < nscen ? NULL : pv[k - nscen];
          j->hm = &o->hosts[h];
          j->out = &sc[idx];
          est_of[idx] = p;
        }
    size_t bad = build_all(ep, v, hv, jobs, nj, o->jobs);
    if (bad < nj) {
      *err = jobs[bad].err;
      goto done;
    }
    for (size_t q = 0; q < nj; q++)
      if (jobs[q].pol >= 0) {
        jobs[q].out->policy = o->policies[jobs[q].pol].name;
        policy_note(jobs[q].out, &o->policies[jobs[q].pol], jobs[q].v, v, nv);
      }
    for (size_t q = 0; q < nj && missing; q++) {
      nf_scenario *s1 = jobs[q].out;
      char *n = xasprintf("%s; %d workload%s without a verdict in score run %lld placed "
                          "as vm-guest (run `nfold score` again)",
                          s1->notes, missing, missing == 1 ? "" : "s", (long long)run);
      free(s1->notes);
      s1->notes = n;
    }
    verdicts_free(v, nv);
    v = NULL;
    for (int q = 0; q < npol; q++) {
      score_free(pv[q], nv);
      pv[q] = NULL;
    }
    profile_free(&e);
  }
  if (db_begin(db, err))
    goto done;
  sqlite3_stmt *st = db_prepare(db,
                                "INSERT INTO plans(created_at, score_run_id, hypervisor, percentile, "
                                "slot_s, headroom_cpu, headroom_ram, window_from, window_to, options) "
                                "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                                0, err);
  if (st == NULL)
    goto rollback;
  sqlite3_bind_int64(st, 1, (int64_t)time(NULL));
  sqlite3_bind_int64(st, 2, run);
  sqlite3_bind_text(st, 3, hv_name(hv), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(st, 4, pcs[0]);
  sqlite3_bind_int(st, 5, slot_s);
  sqlite3_bind_double(st, 6, hrs[0].cpu);
  sqlite3_bind_double(st, 7, hrs[0].ram);
  if (o->prof.from)
    sqlite3_bind_int64(st, 8, o->prof.from);
  else
    sqlite3_bind_null(st, 8);
  if (o->prof.to)
    sqlite3_bind_int64(st, 9, o->prof.to);
  else
    sqlite3_bind_null(st, 9);
  sqlite3_bind_text(st, 10, o->options ? o->options : "", -1, SQLITE_STATIC);
  int src = db_step_done(db, st, err);
  sqlite3_finalize(st);
  if (src)
    goto rollback;
  *plan_id = sqlite3_last_insert_rowid(db);
  if (store_model(db, *plan_id, hv, err) || stmts_prepare(db, &S, err))
    goto rollback;
  for (size_t i = 0; i < total; i++)
    if (store_scenario(db, &S, *plan_id, srv[est_of[i]], &sc[i], err))
      goto rollback;
  stmts_free(&S);
  memset(&S, 0, sizeof S);
  if (db_commit(db, err))
    goto rollback;
  rc = 0;
  goto done;
rollback:
  stmts_free(&S);
  memset(&S, 0, sizeof S);
  db_rollback(db);
done:
  stmts_free(&S);
  for (size_t i = 0; i < total; i++)
    plan_scenario_free(&sc[i]);
  free(sc);
  free(est_of);
  free(jobs);
  for (int p = 0; p < npc; p++)
    free(srv[p]);
  free(srv);
  if (hv)
    hv_free(hv);
  verdicts_free(v, nv);
  for (int q = 0; q < npol; q++)
    score_free(pv[q], nv);
  free(pv);
  free(pol_files);
  free(pol_buf);
  profile_free(&e);
  return rc;
}

/* A host model as the table shows it: its name= when the spec has one
 * (what-if rows of several models read "gold", "big"), else the spec, or
 * "(default)". Caller frees. */
static char *model_shown(const char *spec)
{
  char *name = nf_spec_get(spec, "name");
  return name ? name : xstrdup(spec && *spec ? spec : "(default)");
}

/* Whether NAME is one of the ", "-separated names in LIST (NULL: none). */
static int listed_in(const char *list, const char *name)
{
  size_t n = strlen(name);
  for (const char *p = list; p && *p; p = strstr(p, ", "), p = p ? p + 2 : NULL)
    if (strncmp(p, name, n) == 0 && (p[n] == '\0' || p[n] == ','))
      return 1;
  return 0;
}

/* The sum-of-p95 baseline's cell: its hosts, and how many of them its
 * real demand overloads ("1,374 (237 over)"), into BUF. */
static char *baseline_cell(char *buf, size_t n, int hosts, int over)
{
  char h[NF_GROUPED_LEN], o[NF_GROUPED_LEN];
  nf_grouped(h, sizeof h, hosts);
  if (over > 0)
    snprintf(buf, n, "%s (%s over)", h, nf_grouped(o, sizeof o, over));
  else
    snprintf(buf, n, "%s", h);
  return buf;
}

/* Under the table, each --policy scenario's verdict moves, as its notes
 * say them (policy_note): "print-cohost: policy print.lua: 384 workloads
 * at another verdict than the hybrid's (384 vm-guest → co-host)". */
static int print_policies(sqlite3 *db, int64_t plan_id, nf_err *err)
{
  sqlite3_stmt *st =
      db_prepare(db, "SELECT name, notes FROM scenarios WHERE plan_id = ?1 ORDER BY id", 0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, plan_id);
  sbuf seen = {0};
  int rc, shown = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0);
    const char *notes = (const char *)sqlite3_column_text(st, 1);
    const char *pol = notes ? strstr(notes, "; policy ") : NULL;
    if (nf_scen_find(name) >= 0 || pol == NULL || listed_in(seen.s, name))
      continue;
    sb_printf(&seen, "%s%s", seen.s ? ", " : "", name);
    pol += 2; /* past "; " */
    const char *end = strstr(pol, "; ");
    printf("%s%s: %.*s\n", shown++ ? "" : "\n", name, (int)(end ? end - pol : (long)strlen(pol)), pol);
  }
  sb_free(&seen);
  if (rc != SQLITE_DONE)
    db_fail(db, st, err);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

int plan_print(sqlite3 *db, int64_t plan_id, nf_err *err)
{
  sqlite3_stmt *st = db_prepare(
      db,
      "SELECT p.hypervisor, p.percentile, p.slot_s, p.headroom_cpu, p.headroom_ram,"
      " (SELECT count(*) FROM placements pl JOIN plan_hosts h ON h.id = pl.host_id"
      "   WHERE h.scenario_id = (SELECT min(id) FROM scenarios WHERE plan_id = p.id))"
      " FROM plans p WHERE p.id = ?1",
      0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, plan_id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return nf_errf(err, NULL, 0, "no plan %lld", (long long)plan_id);
  }
  printf("plan %lld: %lld workloads, hypervisor %s, p%g of %g-minute slots, headroom %.0f %% CPU / "
         "%.0f %% RAM\n\n",
         (long long)plan_id, (long long)sqlite3_column_int64(st, 5), sqlite3_column_text(st, 0),
         sqlite3_column_double(st, 1), sqlite3_column_double(st, 2) / 60,
         100 * sqlite3_column_double(st, 3), 100 * sqlite3_column_double(st, 4));
  sqlite3_finalize(st);
  /* Scenario rows of plans made before schema 2 carry no parameters of
   * their own: they have the plan's. */
  st = db_prepare(db,
                  "SELECT s.name, s.host_model, s.hosts, s.lower_bound, s.baseline_hosts, "
                  "s.os_images, s.oh_cpu_pct, s.oh_ram_mb, s.price,"
                  " (SELECT count(*) FROM risks r WHERE r.scenario_id = s.id),"
                  " coalesce(s.headroom_cpu, p.headroom_cpu), coalesce(s.headroom_ram, p.headroom_ram),"
                  " coalesce(s.headroom_iops, -1), coalesce(s.headroom_net, -1),"
                  " coalesce(s.percentile, p.percentile), coalesce(s.baseline_overloaded, 0)"
                  " FROM scenarios s JOIN plans p ON p.id = s.plan_id WHERE s.plan_id = ?1"
                  " ORDER BY s.id",
                  0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, plan_id);
  /* The headroom and percentile columns appear when the plan compares
   * several of them (a first pass over the rows finds out). */
  int vary_hr = 0, vary_pc = 0, rc, n = 0, hmw = 10, snw = 9, bw = 14;
  double first[5] = {0};
  char base[2 * NF_GROUPED_LEN + 16];
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    char *hm = model_shown((const char *)sqlite3_column_text(st, 1));
    int len = sqlite3_column_bytes(st, 0); /* a --policy's name may be longer */
    snw = len > snw ? len : snw;
    len = (int)strlen(baseline_cell(base, sizeof base, sqlite3_column_int(st, 4),
                                    sqlite3_column_int(st, 15)));
    bw = len > bw ? len : bw;
    if ((int)strlen(hm) > hmw)
      hmw = (int)strlen(hm);
    free(hm);
    for (int k = 0; k < 5; k++) {
      double x = sqlite3_column_double(st, 10 + k);
      if (n == 0)
        first[k] = x;
      else if (x != first[k])
        *(k == 4 ? &vary_pc : &vary_hr) = 1;
    }
    n++;
  }
  sqlite3_reset(st);
  if (vary_hr || vary_pc)
    printf("%-*s %-*s %-16s %6s %6s %6s %*s %10s %10s %12s %6s %12s\n", snw, "scenario", hmw,
           "host model", "headroom CPU/RAM", "pct", "hosts", "bound", bw, "p95 baseline",
           "OS images", "CPU ovhd", "RAM ovhd", "risks", "cost");
  else
    printf("%-*s %-*s %6s %6s %*s %10s %10s %12s %6s %12s\n", snw, "scenario", hmw, "host model",
           "hosts", "bound", bw, "p95 baseline", "OS images", "CPU ovhd", "RAM ovhd", "risks",
           "cost");
  sbuf far = {0}; /* the scenarios with some row 2 or more hosts above its bound */
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0);
    if (sqlite3_column_int(st, 2) - sqlite3_column_int(st, 3) >= 2 && !listed_in(far.s, name))
      sb_printf(&far, "%s%s", far.s ? ", " : "", name);
    char ram[NF_GROUPED_LEN], cost[NF_GROUPED_LEN] = "-";
    nf_grouped(ram, sizeof ram, sqlite3_column_double(st, 7));
    if (sqlite3_column_type(st, 8) != SQLITE_NULL)
      nf_grouped(cost, sizeof cost, sqlite3_column_double(st, 8));
    char *hm = model_shown((const char *)sqlite3_column_text(st, 1));
    printf("%-*s %-*s ", snw, name, hmw, hm);
    free(hm);
    if (vary_hr || vary_pc) {
      char hr[64], pc[32];
      snprintf(hr, sizeof hr, "%g %% / %g %%", 100 * sqlite3_column_double(st, 10),
               100 * sqlite3_column_double(st, 11));
      snprintf(pc, sizeof pc, "p%g", sqlite3_column_double(st, 14));
      printf("%-16s %6s ", hr, pc);
    }
    /* Counts grouped as in the HTML (1,062 hosts). */
    char hosts[NF_GROUPED_LEN], bound[NF_GROUPED_LEN], os[NF_GROUPED_LEN], risks[NF_GROUPED_LEN];
    nf_grouped(hosts, sizeof hosts, sqlite3_column_int(st, 2));
    nf_grouped(bound, sizeof bound, sqlite3_column_int(st, 3));
    nf_grouped(os, sizeof os, sqlite3_column_int(st, 5));
    nf_grouped(risks, sizeof risks, sqlite3_column_int(st, 9));
    printf("%6s %6s %*s %10s %8.1f %% %9s MB %6s %12s\n", hosts, bound, bw,
           baseline_cell(base, sizeof base, sqlite3_column_int(st, 4), sqlite3_column_int(st, 15)),
           os, sqlite3_column_double(st, 6), ram, risks, cost);
  }
  if (rc != SQLITE_DONE) {
    db_fail(db, st, err);
    sqlite3_finalize(st);
    sb_free(&far);
    return -1;
  }
  sqlite3_finalize(st);
  /* Where the gap is wide and the search ran at its default, what more of
   * it would cost and promise: never a host more. */
  st = db_prepare(db, "SELECT instr(options, '--effort') FROM plans WHERE id = ?1", 0, err);
  if (st == NULL) {
    sb_free(&far);
    return -1;
  }
  sqlite3_bind_int64(st, 1, plan_id);
  int asked = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
  sqlite3_finalize(st);
  if (far.s && !asked)
    printf("\n%s: 2 hosts or more above the lower bound (the bound's gap or the search's); "
           "`--effort 16` or more searches that many times longer and never adds a host\n",
           far.s);
  sb_free(&far);
  return print_policies(db, plan_id, err);
}

int plan_replay(sqlite3 *db, int64_t from, int64_t to, int64_t *replay_id, nf_err *err)
{
  int64_t plan = db_int(db, "SELECT max(id) FROM plans", 0);
  if (plan <= 0)
    return nf_errf(err, NULL, 0, "no plan yet: run `nfold plan` first");
  nf_plan_opts o;
  planopts_init(&o);
  sqlite3_stmt *st = db_prepare(db, "SELECT options, hypervisor FROM plans WHERE id = ?1", 0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, plan);
  char *rec = NULL;
  if (sqlite3_step(st) == SQLITE_ROW)
    rec = db_col_str(st, 0);
  sqlite3_finalize(st);
  nf_estate e;
  memset(&e, 0, sizeof e);
  nf_hv *hv = NULL;
  int rc = -1;
  if (planopts_from_record(rec, &o, err))
    goto out;
  /* Full resolution: slots as wide as the sampling interval of the window. */
  nf_profile_opts po = {.percentile = 100, .from = from, .to = to};
  if (profile_interval(db, from, to, &po.slot_s, err))
    goto out;
  if (po.slot_s <= 0) {
    if (profile_window_empty(db, &po, err) == 0)
      nf_errf(err, NULL, 0, "no samples to replay in the window: import the period first");
    goto out;
  }
  if (profile_load(db, &po, &e, err))
    goto out;
  hv = hv_load(o.hypervisor, (const char *const *)o.sets, o.nsets, err);
  if (hv == NULL)
    goto out;
  if (db_begin(db, err))
    goto out;
  /* A what-if plan's rows differ in headroom or percentile: its labels say which. */
  sqlite3_stmt *sq = db_prepare(db, "SELECT s.id, s.name, s.host_model,"
                                " coalesce(s.headroom_cpu, p.headroom_cpu), coalesce(s.headroom_ram, p.headroom_ram),"
                                " coalesce(s.percentile, p.percentile)"
                                " FROM scenarios s JOIN plans p ON p.id = s.plan_id WHERE s.plan_id = ?1 ORDER BY s.id", 0, err);
  char *vq = xasprintf("SELECT count(DISTINCT coalesce(s.headroom_cpu, p.headroom_cpu) || '/' ||"
                       " coalesce(s.headroom_ram, p.headroom_ram) || '/' || coalesce(s.headroom_iops, '') || '/' ||"
                       " coalesce(s.headroom_net, '') || '/' || coalesce(s.percentile, p.percentile)) > 1"
                       " FROM scenarios s JOIN plans p ON p.id = s.plan_id WHERE s.plan_id = %lld",
                       (long long)plan);
  int vary = (int)db_int(db, vq, 0);
  free(vq);
  vq = xasprintf("SELECT max(length(name)) FROM scenarios WHERE plan_id = %lld", (long long)plan);
  int lw = (int)db_int(db, vq, 0); /* a --policy's name may be longer than "scenario" */
  free(vq);
  lw = (lw > 9 ? lw : 9) + (vary ? 18 : 0);
  sqlite3_stmt *hq = db_prepare(db, "SELECT id, label FROM plan_hosts WHERE scenario_id = ?1 ORDER BY id", 0, err);
  sqlite3_stmt *pq = db_prepare(db, "SELECT server_id, strategy, co_host_kind, dedicated_cores FROM placements WHERE host_id = ?1", 0, err);
  sqlite3_stmt *ri = db_prepare(db, "INSERT INTO replays(scenario_id, window_from, window_to, host_intervals, overloaded, created_at) VALUES (?1,?2,?3,0,0,?4)", 0, err);
  sqlite3_stmt *rh = db_prepare(db, "INSERT INTO replay_hosts(replay_id, host_id, intervals, overloaded, worst_cpu_pct, worst_ram_pct) VALUES (?1,?2,?3,?4,?5,?6)", 0, err);
  sqlite3_stmt *ru = db_prepare(db, "UPDATE replays SET host_intervals = ?2, overloaded = ?3 WHERE id = ?1", 0, err);
  if (!sq || !hq || !pq || !ri || !rh || !ru)
    goto fail;
  char fb[32], tb[32];
  printf("replay of plan %lld on %s..%s at %d-second resolution (%d intervals)\n\n",
         (long long)plan, nf_format_time(e.slot0, fb, sizeof fb),
         nf_format_time(e.slot0 + (int64_t)e.slot_s * e.nslots, tb, sizeof tb), e.slot_s,
         e.nslots);
  printf("%-*s %-6s %9s %10s %8s %10s %10s\n", lw, "scenario", "host", "intervals", "overloaded",
         "share", "worst CPU", "worst RAM");
  sqlite3_bind_int64(sq, 1, plan);
  *replay_id = 0;
  int r;
  while ((r = sqlite3_step(sq)) == SQLITE_ROW) {
    int64_t sid = sqlite3_column_int64(sq, 0);
    char *sname = vary ? xasprintf("%s p%g hr %g/%g", sqlite3_column_text(sq, 1),
                                   sqlite3_column_double(sq, 5),
                                   100 * sqlite3_column_double(sq, 3),
                                   100 * sqlite3_column_double(sq, 4))
                       : db_col_str(sq, 1);
    nf_host_model hm;
    if (host_parse((const char *)sqlite3_column_text(sq, 2), &hm, err)) {
      free(sname);
      goto fail;
    }
    sqlite3_bind_int64(ri, 1, sid);
    sqlite3_bind_int64(ri, 2, e.slot0);
    sqlite3_bind_int64(ri, 3, e.slot0 + (int64_t)e.slot_s * e.nslots);
    sqlite3_bind_int64(ri, 4, (int64_t)time(NULL));
    if (db_step_done(db, ri, err)) {
      host_free(&hm);
      free(sname);
      goto fail;
    }
    int64_t rid = sqlite3_last_insert_rowid(db);
    if (*replay_id == 0)
      *replay_id = rid;
    long tot = 0, bad = 0;
    double wc = 0, wr = 0;
    sqlite3_bind_int64(hq, 1, sid);
    int hr;
    while ((hr = sqlite3_step(hq)) == SQLITE_ROW) {
      int64_t hid = sqlite3_column_int64(hq, 0);
      char *label = db_col_str(hq, 1);
      int *w = NULL, *strat = NULL, *ded = NULL, k = 0;
      char **chk = NULL;
      sqlite3_bind_int64(pq, 1, hid);
      while (sqlite3_step(pq) == SQLITE_ROW) {
        int i = index_of(&e, sqlite3_column_int64(pq, 0));
        if (i < 0 || e.w[i].nsamples == 0)
          continue; /* no samples of it in this window */
        w = xrealloc(w, (size_t)(k + 1) * sizeof *w);
        strat = xrealloc(strat, (size_t)(k + 1) * sizeof *strat);
        ded = xrealloc(ded, (size_t)(k + 1) * sizeof *ded);
        chk = xrealloc(chk, (size_t)(k + 1) * sizeof *chk);
        w[k] = i;
        int s = nf_strategy_find((const char *)sqlite3_column_text(pq, 1));
        strat[k] = s >= 0 ? s : NF_S_VM_GUEST;
        chk[k] = db_col_str(pq, 2);
        ded[k] = sqlite3_column_int(pq, 3);
        k++;
      }
      sqlite3_reset(pq);
      nf_replay_host R = {0};
      if (k > 0)
        plan_replay_host(&e, hv, &hm, w, strat, (const char *const *)chk, ded, k, &R);
      for (int j = 0; j < k; j++)
        free(chk[j]);
      free(chk);
      free(w);
      free(strat);
      free(ded);
      tot += R.intervals;
      bad += R.overloaded;
      wc = R.worst_cpu_pct > wc ? R.worst_cpu_pct : wc;
      wr = R.worst_ram_pct > wr ? R.worst_ram_pct : wr;
      sqlite3_bind_int64(rh, 1, rid);
      sqlite3_bind_int64(rh, 2, hid);
      sqlite3_bind_int64(rh, 3, R.intervals);
      sqlite3_bind_int64(rh, 4, R.overloaded);
      if (k > 0) {
        sqlite3_bind_double(rh, 5, R.worst_cpu_pct);
        sqlite3_bind_double(rh, 6, R.worst_ram_pct);
      } else {
        sqlite3_bind_null(rh, 5);
        sqlite3_bind_null(rh, 6);
      }
      if (R.overloaded > 0)
        printf("%-*s %-6s %9ld %10ld %6.2f %% %8.1f %% %8.1f %%\n", lw, sname, label, R.intervals,
               R.overloaded, 100.0 * R.overloaded / R.intervals, R.worst_cpu_pct,
               R.worst_ram_pct);
      free(label);
      if (db_step_done(db, rh, err)) {
        sqlite3_reset(hq);
        host_free(&hm);
        free(sname);
        goto fail;
      }
    }
    sqlite3_reset(hq);
    host_free(&hm);
    sqlite3_bind_int64(ru, 1, rid);
    sqlite3_bind_int64(ru, 2, tot);
    sqlite3_bind_int64(ru, 3, bad);
    if (db_step_done(db, ru, err)) {
      free(sname);
      goto fail;
    }
    printf("%-*s %-6s %9ld %10ld %6.2f %% %8.1f %% %8.1f %%\n", lw, sname, "total", tot, bad,
           tot ? 100.0 * bad / tot : 0.0, wc, wr);
    free(sname);
  }
  if (r != SQLITE_DONE) {
    db_fail(db, sq, err);
    goto fail;
  }
  sqlite3_finalize(sq);
  sqlite3_finalize(hq);
  sqlite3_finalize(pq);
  sqlite3_finalize(ri);
  sqlite3_finalize(rh);
  sqlite3_finalize(ru);
  sq = hq = pq = ri = rh = ru = NULL;
  if (db_commit(db, err))
    goto fail;
  rc = 0;
  goto out;
fail:
  sqlite3_finalize(sq);
  sqlite3_finalize(hq);
  sqlite3_finalize(pq);
  sqlite3_finalize(ri);
  sqlite3_finalize(rh);
  sqlite3_finalize(ru);
  db_rollback(db);
out:
  if (hv)
    hv_free(hv);
  profile_free(&e);
  free(rec);
  planopts_free(&o);
  return rc;
}
