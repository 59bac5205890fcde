/* report.c — the report model and the printer table. report_load reads one
 * plan back from the study database (the tables the score and plan stages
 * wrote, core/db.c) into an nf_report; report_render hands it to the
 * printer of the wanted format (xml.c, html.c, csv.c); report_write puts
 * the result in place atomically. The XML schema check lives here too, as
 * every XML report is validated before it leaves the process. */
#include "report.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "embedded.h"

static const struct rp_printer printers[] = {
  {"xml", rp_render_xml},
  {"html", rp_render_html},
  {"csv", rp_render_csv},
};

#define XSD_PATH "reports/nfold-report.xsd"

/* Overhead sources in the order the DESIGN lists them; others follow by name. */
#define SOURCE_ORDER                                                          \
  " ORDER BY CASE source WHEN 'scheduler' THEN 0 WHEN 'privileged' THEN 1 "   \
  "WHEN 'io-path' THEN 2 WHEN 'co-scheduling' THEN 3 WHEN 'memory' THEN 4 "   \
  "ELSE 5 END, source"

/* State shared while loading: the database, the error, and the first
 * column found holding a non-finite number. */
typedef struct loader {
  sqlite3 *db;
  nf_err *err;
  int64_t plan_id;
  const nf_report *r;
  char bad_col[64];            /* empty while every number is finite */
} loader;

const char *rp_num(char *buf, size_t n, double v, int dec)
{
  snprintf(buf, n, "%.*f", dec, v);
  /* "-0.0" reads as a sign error to a manager and is not what happened. */
  if (buf[0] == '-') {
    int zero = 1;
    for (const char *p = buf + 1; *p; p++)
      if (*p != '0' && *p != '.')
        zero = 0;
    if (zero)
      memmove(buf, buf + 1, strlen(buf));
  }
  return buf;
}

const char *rp_time(char *buf, size_t n, int64_t ts)
{
  return nf_format_time(ts, buf, n);
}

int rp_find_workload(const nf_report *r, const char *name)
{
  if (name == NULL)
    return -1;
  for (int i = 0; i < r->nw; i++)
    if (nf_strcaseeq(r->w[i].name, name))
      return i;
  return -1;
}

/* A REAL column; remembers its name when the value is not finite, which
 * no report format can carry honestly. */
static double num(loader *L, sqlite3_stmt *st, int col)
{
  double v = sqlite3_column_double(st, col);
  if (!isfinite(v) && L->bad_col[0] == '\0') {
    /* The name belongs to the statement: copy it before it is finalized. */
    const char *n = sqlite3_column_name(st, col);
    snprintf(L->bad_col, sizeof L->bad_col, "%s", n ? n : "?");
  }
  return v;
}

static char *str_or(sqlite3_stmt *st, int col, const char *dflt)
{
  char *s = db_col_str(st, col);
  return s ? s : xstrdup(dflt);
}

static sqlite3_stmt *prep(loader *L, const char *sql)
{
  return db_prepare(L->db, sql, 0, L->err);
}

/* Steps ST; 1 for a row, 0 when done, -1 (ERR set) on failure. */
static int step(loader *L, sqlite3_stmt *st)
{
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  db_fail(L->db, st, L->err);
  return -1;
}

/* Reads one overhead-by-source list (ST bound and ready). */
static int load_sources(loader *L, sqlite3_stmt *st, rp_source **out, int *n)
{
  size_t cap = 0;
  int rc;
  *out = NULL;
  *n = 0;
  while ((rc = step(L, st)) == 1) {
    xgrow(out, &cap, (size_t)*n + 1, sizeof **out);
    rp_source *s = &(*out)[(*n)++];
    s->name = str_or(st, 0, "");
    s->cpu_pct = num(L, st, 1);
    s->ram_mb = num(L, st, 2);
  }
  sqlite3_reset(st);
  return rc < 0 ? -1 : 0;
}

/* Parses a comma-separated series of numbers; -1 (ERR set) if malformed. */
static int parse_series(loader *L, const char *text, const char *what, const char *host,
                        const char *scen, double **out, int *n)
{
  size_t cap = 0;
  *out = NULL;
  *n = 0;
  if (text == NULL)
    return 0;
  const char *p = text;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char *tok = xstrndup(p, len);
    double v;
    int bad = nf_parse_double(tok, &v) || !isfinite(v);
    if (bad) {
      nf_errf(L->err, NULL, 0, "plan %lld: scenario '%s', host %s: %s value %d is '%s', expected a number",
              (long long)L->plan_id, scen, host, what, *n + 1, tok);
      free(tok);
      return -1;
    }
    free(tok);
    xgrow(out, &cap, (size_t)*n + 1, sizeof **out);
    (*out)[(*n)++] = v;
    if (e == NULL)
      break;
    p = e + 1;
  }
  return 0;
}

/* The generated-at time: $SOURCE_DATE_EPOCH, $NFOLD_NOW, or the clock. */
static int load_now(int64_t *now, nf_err *err)
{
  static const char *const vars[] = {"SOURCE_DATE_EPOCH", "NFOLD_NOW"};
  for (size_t i = 0; i < NF_ARRAY_LEN(vars); i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) {
      if (nf_parse_time(v, now))
        return nf_errf(err, NULL, 0, "%s is '%s', expected Unix seconds or an ISO 8601 time",
                       vars[i], v);
      return 0;
    }
  }
  *now = (int64_t)time(NULL);
  return 0;
}

static int load_plan(loader *L, int64_t plan_id, nf_report *r)
{
  int64_t latest = db_int(L->db, "SELECT max(id) FROM plans", 0);
  if (latest == 0)
    return nf_errf(L->err, NULL, 0, "no plan yet: run `nfold plan` first");
  if (plan_id == 0)
    plan_id = latest;
  L->plan_id = plan_id;
  sqlite3_stmt *st = prep(L,
      "SELECT id, created_at, score_run_id, hypervisor, percentile, slot_s, headroom_cpu,"
      " headroom_ram, window_from, window_to, options FROM plans WHERE id = ?1");
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, plan_id);
  int rc = step(L, st);
  if (rc == 0)
    nf_errf(L->err, NULL, 0, "no plan %lld in the study database (the latest is %lld)",
            (long long)plan_id, (long long)latest);
  if (rc == 1) {
    r->plan_id = sqlite3_column_int64(st, 0);
    r->created_at = sqlite3_column_int64(st, 1);
    r->score_run_id = sqlite3_column_int64(st, 2);
    r->hypervisor = str_or(st, 3, "");
    r->percentile = num(L, st, 4);
    r->slot_s = (long)sqlite3_column_int64(st, 5);
    r->headroom_cpu = num(L, st, 6);
    r->headroom_ram = num(L, st, 7);
    r->window_from = sqlite3_column_int64(st, 8);
    r->window_to = sqlite3_column_int64(st, 9);
    r->options = str_or(st, 10, "");
  }
  sqlite3_finalize(st);
  return rc == 1 ? 0 : -1;
}

static int load_estate(loader *L, nf_report *r)
{
  sqlite3_stmt *st = prep(L,
      "SELECT count(*) FILTER (WHERE kind = 'server'),"
      " count(*) FILTER (WHERE kind = 'server' AND is_guest),"
      " count(*) FILTER (WHERE kind = 'server' AND NOT is_guest),"
      " count(*) FILTER (WHERE kind = 'host') FROM servers");
  if (st == NULL)
    return -1;
  int rc = step(L, st);
  if (rc == 1) {
    r->est_servers = (long)sqlite3_column_int64(st, 0);
    r->est_guests = (long)sqlite3_column_int64(st, 1);
    r->est_physical = (long)sqlite3_column_int64(st, 2);
    r->est_hosts = (long)sqlite3_column_int64(st, 3);
  }
  sqlite3_finalize(st);
  return rc < 0 ? -1 : 0;
}

/* The plan's time slots: slot 0 starts at the first sample of its window
 * rounded down to the slot width, as core/profile.c lays them out. */
static int load_slots(loader *L, nf_report *r)
{
  if (r->slot_s <= 0)
    return 0;
  int64_t lo, hi;
  int found = db_sample_span(L->db, r->window_from, r->window_to, &lo, &hi, L->err);
  if (found > 0) {
    r->slot0 = (lo >= 0 ? lo : lo - r->slot_s + 1) / r->slot_s * r->slot_s;
    r->nslots = (long)((hi - r->slot0) / r->slot_s + 1);
    r->has_slots = 1;
  }
  return found < 0 ? -1 : 0;
}

/* Seconds per point of a host's series. The planner stores at most a few
 * hundred points, each the peak of F consecutive slots; F is the smallest
 * merge that turns the plan's slots into that many points. Without slots
 * (or when the samples changed since), one point is one slot. */
static long series_step(const nf_report *r, int npoints)
{
  if (!r->has_slots || npoints <= 0 || npoints >= r->nslots)
    return r->slot_s;
  for (long f = 2; f <= r->nslots; f++) {
    long n = (r->nslots + f - 1) / f;
    if (n == npoints)
      return f * r->slot_s;
    if (n < npoints)
      break;
  }
  return r->slot_s;
}

static int load_workloads(loader *L, nf_report *r)
{
  if (r->score_run_id == 0)
    return 0;
  int ret = -1;
  sqlite3_stmt *st = NULL, *rs = NULL, *cs = NULL;
  st = prep(L,
      "SELECT s.id, s.name, s.site, s.role, s.os, s.cores, s.ram_mb, s.is_guest,"
      " v.strategy, v.co_host_kind, v.confidence, v.confidence_why,"
      " v.score_vm_guest, v.score_vm_dedicated_cpu, v.score_native, v.score_co_host"
      " FROM verdicts v JOIN servers s ON s.id = v.server_id"
      " WHERE v.run_id = ?1 ORDER BY s.name COLLATE NOCASE, s.id");
  rs = prep(L, "SELECT rule, strategy, points, text FROM reasons"
               " WHERE run_id = ?1 AND server_id = ?2 ORDER BY seq");
  cs = prep(L, "SELECT kind, value FROM constraints"
               " WHERE run_id = ?1 AND server_id = ?2 ORDER BY rowid");
  if (st == NULL || rs == NULL || cs == NULL)
    goto done;
  sqlite3_bind_int64(st, 1, r->score_run_id);
  sqlite3_bind_int64(rs, 1, r->score_run_id);
  sqlite3_bind_int64(cs, 1, r->score_run_id);
  size_t cap = 0;
  int rc;
  while ((rc = step(L, st)) == 1) {
    xgrow(&r->w, &cap, (size_t)r->nw + 1, sizeof *r->w);
    rp_workload *w = &r->w[r->nw++];
    memset(w, 0, sizeof *w);
    w->server_id = sqlite3_column_int64(st, 0);
    w->name = str_or(st, 1, "");
    w->site = db_col_str(st, 2);
    w->role = db_col_str(st, 3);
    w->os = db_col_str(st, 4);
    w->cores = (int)sqlite3_column_int64(st, 5);
    w->ram_mb = num(L, st, 6);
    w->is_guest = sqlite3_column_int(st, 7) != 0;
    w->strategy = str_or(st, 8, "");
    w->co_host_kind = db_col_str(st, 9);
    w->confidence = str_or(st, 10, "");
    w->confidence_why = str_or(st, 11, "");
    for (int k = 0; k < 4; k++) {
      w->has_score[k] = sqlite3_column_type(st, 12 + k) != SQLITE_NULL;
      w->score[k] = w->has_score[k] ? num(L, st, 12 + k) : 0;
    }
    sqlite3_bind_int64(rs, 2, w->server_id);
    size_t rcap = 0;
    int rr;
    while ((rr = step(L, rs)) == 1) {
      xgrow(&w->reasons, &rcap, (size_t)w->nreasons + 1, sizeof *w->reasons);
      rp_reason *x = &w->reasons[w->nreasons++];
      x->rule = str_or(rs, 0, "");
      x->strategy = str_or(rs, 1, "");
      x->points = num(L, rs, 2);
      x->text = str_or(rs, 3, "");
    }
    sqlite3_reset(rs);
    if (rr < 0)
      goto done;
    sqlite3_bind_int64(cs, 2, w->server_id);
    size_t ccap = 0;
    while ((rr = step(L, cs)) == 1) {
      xgrow(&w->constraints, &ccap, (size_t)w->nconstraints + 1, sizeof *w->constraints);
      rp_constraint *c = &w->constraints[w->nconstraints++];
      c->kind = str_or(cs, 0, "");
      c->value = str_or(cs, 1, "");
    }
    sqlite3_reset(cs);
    if (rr < 0)
      goto done;
  }
  if (rc < 0)
    goto done;
  ret = 0;
done:
  sqlite3_finalize(st);
  sqlite3_finalize(rs);
  sqlite3_finalize(cs);
  return ret;
}

static int load_hosts(loader *L, rp_scenario *sc)
{
  int ret = -1;
  sqlite3_stmt *hs = prep(L,
      "SELECT id, label, kind, os_images, cpu_capacity, ram_mb_capacity, cpu_peak_pct,"
      " ram_peak_pct, ram_mb, cpu_series, ram_series FROM plan_hosts"
      " WHERE scenario_id = ?1 ORDER BY id");
  sqlite3_stmt *ps = prep(L,
      "SELECT p.server_id, s.name, p.strategy, p.co_host_kind, p.dedicated_cores,"
      " p.cpu_peak, p.ram_peak_mb FROM placements p JOIN servers s ON s.id = p.server_id"
      " WHERE p.host_id = ?1 ORDER BY s.name COLLATE NOCASE, s.id");
  sqlite3_stmt *os = prep(L,
      "SELECT source, cpu_pct, ram_mb FROM workload_overhead"
      " WHERE scenario_id = ?1 AND server_id = ?2" SOURCE_ORDER);
  if (hs == NULL || ps == NULL || os == NULL)
    goto done;
  sqlite3_bind_int64(hs, 1, sc->id);
  sqlite3_bind_int64(os, 1, sc->id);
  size_t cap = 0;
  int rc;
  while ((rc = step(L, hs)) == 1) {
    xgrow(&sc->h, &cap, (size_t)sc->nh + 1, sizeof *sc->h);
    rp_host *h = &sc->h[sc->nh++];
    memset(h, 0, sizeof *h);
    h->id = sqlite3_column_int64(hs, 0);
    h->label = str_or(hs, 1, "");
    h->kind = str_or(hs, 2, "");
    h->os_images = (int)sqlite3_column_int64(hs, 3);
    h->cpu_capacity = num(L, hs, 4);
    h->ram_mb_capacity = num(L, hs, 5);
    h->cpu_peak_pct = num(L, hs, 6);
    h->ram_peak_pct = num(L, hs, 7);
    h->ram_mb = num(L, hs, 8);
    if (parse_series(L, (const char *)sqlite3_column_text(hs, 9), "cpu_series", h->label,
                     sc->name, &h->cpu_series, &h->ncpu) ||
        parse_series(L, (const char *)sqlite3_column_text(hs, 10), "ram_series", h->label,
                     sc->name, &h->ram_series, &h->nram))
      goto done;
    h->step_s = series_step(L->r, h->ncpu > h->nram ? h->ncpu : h->nram);
    sqlite3_bind_int64(ps, 1, h->id);
    size_t pcap = 0;
    int pr;
    while ((pr = step(L, ps)) == 1) {
      xgrow(&h->pl, &pcap, (size_t)h->npl + 1, sizeof *h->pl);
      rp_placement *p = &h->pl[h->npl++];
      memset(p, 0, sizeof *p);
      p->server_id = sqlite3_column_int64(ps, 0);
      p->workload = str_or(ps, 1, "");
      p->strategy = str_or(ps, 2, "");
      p->co_host_kind = db_col_str(ps, 3);
      p->dedicated_cores = (int)sqlite3_column_int64(ps, 4);
      p->cpu_peak = num(L, ps, 5);
      p->ram_peak_mb = num(L, ps, 6);
      sqlite3_bind_int64(os, 2, p->server_id);
      if (load_sources(L, os, &p->oh, &p->noh))
        goto done;
    }
    sqlite3_reset(ps);
    if (pr < 0)
      goto done;
  }
  ret = rc < 0 ? -1 : 0;
done:
  sqlite3_finalize(hs);
  sqlite3_finalize(ps);
  sqlite3_finalize(os);
  return ret;
}

static int load_risks(loader *L, rp_scenario *sc)
{
  sqlite3_stmt *st = prep(L,
      "SELECT s.name, r.kind, r.figure, r.text FROM risks r"
      " LEFT JOIN servers s ON s.id = r.server_id WHERE r.scenario_id = ?1 ORDER BY r.rowid");
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, sc->id);
  size_t cap = 0;
  int rc;
  while ((rc = step(L, st)) == 1) {
    xgrow(&sc->risks, &cap, (size_t)sc->nrisks + 1, sizeof *sc->risks);
    rp_risk *k = &sc->risks[sc->nrisks++];
    k->workload = db_col_str(st, 0);
    k->kind = str_or(st, 1, "");
    k->has_figure = sqlite3_column_type(st, 2) != SQLITE_NULL;
    k->figure = k->has_figure ? num(L, st, 2) : 0;
    k->text = str_or(st, 3, "");
  }
  sqlite3_finalize(st);
  return rc < 0 ? -1 : 0;
}

static int load_replay(loader *L, rp_scenario *sc)
{
  int ret = -1;
  sqlite3_stmt *st = prep(L,
      "SELECT id, window_from, window_to, host_intervals, overloaded, created_at FROM replays"
      " WHERE scenario_id = ?1 ORDER BY id DESC LIMIT 1");
  sqlite3_stmt *hs = prep(L,
      "SELECT h.label, rh.intervals, rh.overloaded, rh.worst_cpu_pct, rh.worst_ram_pct"
      " FROM replay_hosts rh JOIN plan_hosts h ON h.id = rh.host_id"
      " WHERE rh.replay_id = ?1 ORDER BY h.id");
  if (st == NULL || hs == NULL)
    goto done;
  sqlite3_bind_int64(st, 1, sc->id);
  int rc = step(L, st);
  if (rc < 0)
    goto done;
  if (rc == 1) {
    rp_replay *p = sc->replay = xcalloc(1, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->from = sqlite3_column_int64(st, 1);
    p->to = sqlite3_column_int64(st, 2);
    p->host_intervals = (long)sqlite3_column_int64(st, 3);
    p->overloaded = (long)sqlite3_column_int64(st, 4);
    p->created_at = sqlite3_column_int64(st, 5);
    sqlite3_bind_int64(hs, 1, p->id);
    size_t cap = 0;
    while ((rc = step(L, hs)) == 1) {
      xgrow(&p->hosts, &cap, (size_t)p->nhosts + 1, sizeof *p->hosts);
      rp_replay_host *h = &p->hosts[p->nhosts++];
      h->host = str_or(hs, 0, "");
      h->intervals = (long)sqlite3_column_int64(hs, 1);
      h->overloaded = (long)sqlite3_column_int64(hs, 2);
      h->has_worst_cpu = sqlite3_column_type(hs, 3) != SQLITE_NULL;
      h->worst_cpu_pct = h->has_worst_cpu ? num(L, hs, 3) : 0;
      h->has_worst_ram = sqlite3_column_type(hs, 4) != SQLITE_NULL;
      h->worst_ram_pct = h->has_worst_ram ? num(L, hs, 4) : 0;
    }
    if (rc < 0)
      goto done;
  }
  ret = 0;
done:
  sqlite3_finalize(st);
  sqlite3_finalize(hs);
  return ret;
}

static int load_scenarios(loader *L, nf_report *r)
{
  int ret = -1;
  sqlite3_stmt *st = prep(L,
      "SELECT s.id, s.name, s.host_model, s.hosts, s.os_images, s.lower_bound,"
      " s.cpu_capacity, s.ram_mb, s.oh_cpu_pct, s.oh_ram_mb, s.baseline_hosts, s.price,"
      " s.notes, coalesce(s.headroom_cpu, p.headroom_cpu) AS headroom_cpu,"
      " coalesce(s.headroom_ram, p.headroom_ram) AS headroom_ram,"
      " coalesce(s.headroom_iops, -1) AS headroom_iops,"
      " coalesce(s.headroom_net, -1) AS headroom_net,"
      " coalesce(s.percentile, p.percentile) AS percentile, s.baseline_overloaded"
      " FROM scenarios s JOIN plans p ON p.id = s.plan_id"
      " WHERE s.plan_id = ?1 ORDER BY s.id");
  sqlite3_stmt *os = prep(L,
      "SELECT source, cpu_pct, ram_mb FROM scenario_overhead WHERE scenario_id = ?1"
      SOURCE_ORDER);
  if (st == NULL || os == NULL)
    goto done;
  sqlite3_bind_int64(st, 1, r->plan_id);
  size_t cap = 0;
  int rc;
  while ((rc = step(L, st)) == 1) {
    xgrow(&r->sc, &cap, (size_t)r->nsc + 1, sizeof *r->sc);
    rp_scenario *sc = &r->sc[r->nsc++];
    memset(sc, 0, sizeof *sc);
    sc->id = sqlite3_column_int64(st, 0);
    sc->name = str_or(st, 1, "");
    sc->host_model = str_or(st, 2, "");
    sc->hosts = (long)sqlite3_column_int64(st, 3);
    sc->os_images = (long)sqlite3_column_int64(st, 4);
    sc->lower_bound = (long)sqlite3_column_int64(st, 5);
    sc->cpu_capacity = num(L, st, 6);
    sc->ram_mb = num(L, st, 7);
    sc->oh_cpu_pct = num(L, st, 8);
    sc->oh_ram_mb = num(L, st, 9);
    sc->has_baseline = sqlite3_column_type(st, 10) != SQLITE_NULL;
    sc->baseline_hosts = (long)sqlite3_column_int64(st, 10);
    sc->has_price = sqlite3_column_type(st, 11) != SQLITE_NULL;
    sc->price = sc->has_price ? num(L, st, 11) : 0;
    sc->notes = db_col_str(st, 12);
    sc->headroom_cpu = num(L, st, 13);
    sc->headroom_ram = num(L, st, 14);
    sc->headroom_iops = num(L, st, 15);
    sc->headroom_net = num(L, st, 16);
    sc->percentile = num(L, st, 17);
    sc->baseline_overloaded =
        sqlite3_column_type(st, 18) == SQLITE_NULL ? -1 : (long)sqlite3_column_int64(st, 18);
    sqlite3_bind_int64(os, 1, sc->id);
    if (load_sources(L, os, &sc->oh, &sc->noh) || load_hosts(L, sc) || load_risks(L, sc) ||
        load_replay(L, sc))
      goto done;
  }
  ret = rc < 0 ? -1 : 0;
done:
  sqlite3_finalize(st);
  sqlite3_finalize(os);
  return ret;
}

/* Whether scenario A is a better recommendation than B: priced cheaper when
 * both carry a price, else fewer hosts, then fewer OS images, then older. */
static int better(const rp_scenario *a, const rp_scenario *b)
{
  if (a->has_price && b->has_price && a->price != b->price)
    return a->price < b->price;
  if (a->hosts != b->hosts)
    return a->hosts < b->hosts;
  if (a->os_images != b->os_images)
    return a->os_images < b->os_images;
  return a->id < b->id;
}

/* Marks the scenarios planned with the plan's default headroom and
 * percentile (the first given, which the plan row records; the IOPS and
 * network headroom those of the first such row), and whether any other
 * setting is in the plan. */
static void mark_defaults(nf_report *r)
{
  int first = -1;
  for (int i = 0; i < r->nsc; i++) {
    rp_scenario *sc = &r->sc[i];
    sc->is_default = sc->headroom_cpu == r->headroom_cpu &&
                     sc->headroom_ram == r->headroom_ram && sc->percentile == r->percentile;
    if (sc->is_default && first < 0)
      first = i;
    /* IOPS and network headroom count where both rows recorded them. */
    const rp_scenario *f = first >= 0 ? &r->sc[first] : sc;
    if (sc->is_default && sc->headroom_iops >= 0 && f->headroom_iops >= 0 &&
        sc->headroom_iops != f->headroom_iops)
      sc->is_default = 0;
    if (sc->is_default && sc->headroom_net >= 0 && f->headroom_net >= 0 &&
        sc->headroom_net != f->headroom_net)
      sc->is_default = 0;
    const rp_scenario *a = &r->sc[0];
    if (sc->headroom_cpu != a->headroom_cpu || sc->headroom_ram != a->headroom_ram ||
        sc->headroom_iops != a->headroom_iops || sc->headroom_net != a->headroom_net ||
        sc->percentile != a->percentile)
      r->params_vary = 1;
  }
  /* A plan whose rows all differ from its own record (hand-made) keeps
   * every row a candidate. */
  if (first < 0)
    for (int i = 0; i < r->nsc; i++)
      r->sc[i].is_default = 1;
}

/* The recommended scenario, among those at the plan's default headroom and
 * percentile (a what-if plan's more aggressive settings are compared, not
 * recommended): the planner's hybrid (each workload at its own verdict)
 * when there is one — the best of them across host models — else the best
 * of all. */
static int pick_recommended(const nf_report *r)
{
  int best = -1;
  for (int pass = 0; pass < 2 && best < 0; pass++)
    for (int i = 0; i < r->nsc; i++) {
      if (!r->sc[i].is_default)
        continue;
      if (pass == 0 && strcmp(r->sc[i].name, "hybrid") != 0)
        continue;
      if (best < 0 || better(&r->sc[i], &r->sc[best]))
        best = i;
    }
  return best;
}

const rp_scenario *rp_fewer_elsewhere(const nf_report *r, const rp_scenario *sc)
{
  if (strcmp(sc->name, "hybrid") != 0)
    return NULL;
  const rp_scenario *o = NULL;
  for (int i = 0; i < r->nsc; i++) {
    const rp_scenario *x = &r->sc[i];
    int uniform = strcmp(x->name, "all-vm") == 0 || strcmp(x->name, "co-host") == 0;
    if (uniform && x->is_default && strcmp(x->host_model, sc->host_model) == 0 &&
        x->hosts < sc->hosts && (o == NULL || x->hosts < o->hosts))
      o = x;
  }
  return o;
}

void report_print_recommended(const nf_report *r, FILE *f)
{
  if (r->recommended < 0)
    return;
  const rp_scenario *sc = &r->sc[r->recommended];
  char *name = nf_spec_get(sc->host_model, "name"); /* the model's name= when it has one */
  const char *on = name ? name : sc->host_model && *sc->host_model ? sc->host_model : "the default host";
  char g[3][NF_GROUPED_LEN]; /* counts grouped as in the HTML: 1,062 hosts */
  fprintf(f, "recommended: %s%s, %s host%s (lower bound %s), %s OS image%s, on %s", sc->name,
          strcmp(sc->name, "hybrid") == 0 ? " (each workload at its verdict)" : "",
          nf_grouped(g[0], sizeof g[0], sc->hosts), sc->hosts == 1 ? "" : "s",
          nf_grouped(g[1], sizeof g[1], sc->lower_bound),
          nf_grouped(g[2], sizeof g[2], sc->os_images), sc->os_images == 1 ? "" : "s", on);
  free(name);
  if (sc->has_price)
    fprintf(f, ", cost %s", nf_grouped(g[0], sizeof g[0], sc->price));
  const rp_scenario *o = rp_fewer_elsewhere(r, sc);
  if (o)
    fprintf(f, "; %s, every workload placed alike whatever its verdict, would take %s", o->name,
            nf_grouped(g[0], sizeof g[0], o->hosts));
  fputc('\n', f);
}

/* The plan's hypervisor model in words; plans made before schema 3 have none. */
static int load_model(loader *L, nf_report *r)
{
  sqlite3_stmt *st = prep(L, "SELECT source, formula, why FROM plan_model WHERE plan_id = ?1"
                             " ORDER BY CASE source WHEN 'profile' THEN 0 WHEN 'scheduler' THEN 1"
                             " WHEN 'privileged' THEN 2 WHEN 'io-path' THEN 3"
                             " WHEN 'co-scheduling' THEN 4 WHEN 'memory' THEN 5 ELSE 6 END, source");
  if (st == NULL)
    return -1;
  sqlite3_bind_int64(st, 1, r->plan_id);
  while (sqlite3_step(st) == SQLITE_ROW) {
    char *source = str_or(st, 0, "");
    if (strcmp(source, "profile") == 0) {
      free(r->hv_title);
      r->hv_title = str_or(st, 1, "");
      free(source);
      continue;
    }
    r->model = xrealloc(r->model, (size_t)(r->nmodel + 1) * sizeof *r->model);
    rp_term *t = &r->model[r->nmodel++];
    t->source = source;
    t->formula = str_or(st, 1, "");
    t->why = str_or(st, 2, "");
  }
  sqlite3_finalize(st);
  return 0;
}

int report_load(sqlite3 *db, int64_t plan_id, nf_report *out, nf_err *err)
{
  memset(out, 0, sizeof *out);
  out->recommended = -1;
  loader L = {.db = db, .err = err, .plan_id = plan_id, .r = out};
  if (load_now(&out->generated_at, err) || load_plan(&L, plan_id, out) ||
      load_slots(&L, out) || load_estate(&L, out) || load_workloads(&L, out) ||
      load_scenarios(&L, out) || load_model(&L, out))
    goto fail;
  if (L.bad_col[0]) {
    nf_errf(err, NULL, 0, "plan %lld: column %s holds a value that is not a finite number",
            (long long)out->plan_id, L.bad_col);
    goto fail;
  }
  for (int i = 0; i < out->nsc; i++)
    for (int j = 0; j < out->sc[i].nh; j++)
      for (int k = 0; k < out->sc[i].h[j].npl; k++) {
        rp_placement *p = &out->sc[i].h[j].pl[k];
        p->wl = -1;
        for (int x = 0; x < out->nw; x++)
          if (out->w[x].server_id == p->server_id)
            p->wl = x;
      }
  mark_defaults(out);
  out->recommended = pick_recommended(out);
  return 0;
fail:
  report_free(out);
  return -1;
}

static void free_sources(rp_source *s, int n)
{
  for (int i = 0; i < n; i++)
    free(s[i].name);
  free(s);
}

void report_free(nf_report *r)
{
  for (int i = 0; i < r->nw; i++) {
    rp_workload *w = &r->w[i];
    free(w->name), free(w->site), free(w->role), free(w->os);
    free(w->strategy), free(w->co_host_kind), free(w->confidence), free(w->confidence_why);
    for (int k = 0; k < w->nreasons; k++)
      free(w->reasons[k].rule), free(w->reasons[k].strategy), free(w->reasons[k].text);
    free(w->reasons);
    for (int k = 0; k < w->nconstraints; k++)
      free(w->constraints[k].kind), free(w->constraints[k].value);
    free(w->constraints);
  }
  free(r->w);
  for (int i = 0; i < r->nsc; i++) {
    rp_scenario *sc = &r->sc[i];
    free(sc->name), free(sc->host_model), free(sc->notes);
    free_sources(sc->oh, sc->noh);
    for (int j = 0; j < sc->nh; j++) {
      rp_host *h = &sc->h[j];
      free(h->label), free(h->kind), free(h->cpu_series), free(h->ram_series);
      for (int k = 0; k < h->npl; k++) {
        free(h->pl[k].workload), free(h->pl[k].strategy), free(h->pl[k].co_host_kind);
        free_sources(h->pl[k].oh, h->pl[k].noh);
      }
      free(h->pl);
    }
    free(sc->h);
    for (int k = 0; k < sc->nrisks; k++)
      free(sc->risks[k].workload), free(sc->risks[k].kind), free(sc->risks[k].text);
    free(sc->risks);
    if (sc->replay) {
      for (int k = 0; k < sc->replay->nhosts; k++)
        free(sc->replay->hosts[k].host);
      free(sc->replay->hosts);
      free(sc->replay);
    }
  }
  free(r->sc);
  free(r->hypervisor);
  free(r->hv_title);
  for (int i = 0; i < r->nmodel; i++)
    free(r->model[i].source), free(r->model[i].formula), free(r->model[i].why);
  free(r->model);
  free(r->options);
  memset(r, 0, sizeof *r);
  r->recommended = -1;
}

static const struct rp_printer *find_printer(const char *format)
{
  for (size_t i = 0; i < NF_ARRAY_LEN(printers); i++)
    if (format && strcmp(printers[i].format, format) == 0)
      return &printers[i];
  return NULL;
}

int report_format_known(const char *format)
{
  return find_printer(format) != NULL;
}

const char *report_format_for_path(const char *path)
{
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (dot == NULL || strchr(dot, '/'))
    return NULL;
  if (nf_strcaseeq(dot, ".xml"))
    return "xml";
  if (nf_strcaseeq(dot, ".html") || nf_strcaseeq(dot, ".htm"))
    return "html";
  if (nf_strcaseeq(dot, ".csv"))
    return "csv";
  return NULL;
}

int report_render(const nf_report *r, const char *format, sbuf *out, nf_err *err)
{
  const struct rp_printer *p = find_printer(format);
  if (p == NULL)
    return nf_errf(err, NULL, 0, "unknown report format '%s', expected xml, html or csv",
                   format ? format : "");
  size_t start = out->len;
  if (p->render(r, out, err))
    return -1;
  /* The schema is the contract with tools: an XML report that breaks it is
   * a bug here, and must not reach a file. */
  if (strcmp(p->format, "xml") == 0 &&
      report_validate_xml_mem(out->s + start, out->len - start, "(generated report)", err))
    return -1;
  return 0;
}

/* Writes LEN bytes to PATH through PATH.tmp and a rename. */
static int write_atomic(const char *path, const char *data, size_t len, nf_err *err)
{
  char *tmp = xasprintf("%s.tmp", path);
  int ret = -1;
  FILE *f = fopen(tmp, "wb");
  if (f == NULL) {
    nf_errf(err, tmp, 0, "cannot create: %s", strerror(errno));
    goto done;
  }
  int bad = fwrite(data, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0;
  int saved = errno;
  if (fclose(f) != 0 && !bad) {
    bad = 1;
    saved = errno;
  }
  if (bad) {
    nf_errf(err, tmp, 0, "cannot write: %s", strerror(saved));
    unlink(tmp);
    goto done;
  }
  if (rename(tmp, path) != 0) {
    nf_errf(err, path, 0, "cannot rename %s into place: %s", tmp, strerror(errno));
    unlink(tmp);
    goto done;
  }
  ret = 0;
done:
  free(tmp);
  return ret;
}

int report_write(sqlite3 *db, int64_t plan_id, const char *format, const char *path,
                 nf_err *err)
{
  if (!report_format_known(format))
    return nf_errf(err, NULL, 0, "unknown report format '%s', expected xml, html or csv",
                   format ? format : "");
  nf_report r;
  if (report_load(db, plan_id, &r, err))
    return -1;
  int ret = report_save(&r, format, path, err);
  report_free(&r);
  return ret;
}

int report_save(const nf_report *r, const char *format, const char *path, nf_err *err)
{
  sbuf out = {0};
  int ret = -1;
  if (report_render(r, format, &out, err))
    goto done;
  if (path == NULL || strcmp(path, "-") == 0) {
    if (out.len && fwrite(out.s, 1, out.len, stdout) != out.len) {
      nf_errf(err, NULL, 0, "error writing to standard output: %s", strerror(errno));
      goto done;
    }
  } else if (write_atomic(path, out.s ? out.s : "", out.len, err)) {
    goto done;
  }
  ret = 0;
done:
  sb_free(&out);
  return ret;
}

/* --- validation ---------------------------------------------------------- */

/* The first error libxml2 reports, as "NAME:LINE: message". */
typedef struct xerr {
  const char *name;
  nf_err *err;
  int seen;
} xerr;

static void set_xml_error(xerr *x, const xmlError *e)
{
  if (x->seen || e == NULL)
    return;
  x->seen = 1;
  char msg[1024];
  snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid XML");
  size_t n = strlen(msg);
  while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    msg[--n] = '\0';
  nf_errf(x->err, x->name, e->line > 0 ? e->line : 0, "%s", msg);
}

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
  set_xml_error(ctx, e);
}

int report_validate_xml_mem(const char *xml, size_t len, const char *name, nf_err *err)
{
  size_t xsd_len = 0;
  const char *xsd = nf_embedded(XSD_PATH, &xsd_len);
  if (xsd == NULL)
    return nf_errf(err, NULL, 0, "%s is not compiled into this nfold", XSD_PATH);
  int ret = -1;
  xmlSchemaParserCtxtPtr pctx = NULL;
  xmlSchemaPtr schema = NULL;
  xmlSchemaValidCtxtPtr vctx = NULL;
  xmlParserCtxtPtr dctx = NULL;
  xmlDocPtr doc = NULL;
  xerr sx = {XSD_PATH, err, 0};
  xerr dx = {name, err, 0};

  pctx = xmlSchemaNewMemParserCtxt(xsd, (int)xsd_len);
  if (pctx == NULL) {
    nf_errf(err, XSD_PATH, 0, "cannot read the schema");
    goto done;
  }
  xmlSchemaSetParserStructuredErrors(pctx, on_xml_error, &sx);
  schema = xmlSchemaParse(pctx);
  if (schema == NULL) {
    if (!sx.seen)
      nf_errf(err, XSD_PATH, 0, "the schema does not parse");
    goto done;
  }
  dctx = xmlNewParserCtxt();
  if (dctx == NULL) {
    nf_errf(err, name, 0, "cannot create an XML parser");
    goto done;
  }
  if (len > (size_t)0x7fffffff) {
    nf_errf(err, name, 0, "too large to validate (%zu bytes)", len);
    goto done;
  }
  /* No network, no entity expansion: a report is data, never a fetcher. */
  /* The structured handler sees the first error, which names the line the
   * document went wrong on; the context's last error is often the EOF. */
  xmlSetStructuredErrorFunc(&dx, on_xml_error);
  doc = xmlCtxtReadMemory(dctx, xml, (int)len, name, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (doc == NULL) {
    set_xml_error(&dx, xmlCtxtGetLastError(dctx));
    if (!dx.seen)
      nf_errf(err, name, 0, "not well-formed XML");
    goto done;
  }
  vctx = xmlSchemaNewValidCtxt(schema);
  if (vctx == NULL) {
    nf_errf(err, name, 0, "cannot create a schema validator");
    goto done;
  }
  xmlSchemaSetValidStructuredErrors(vctx, on_xml_error, &dx);
  if (xmlSchemaValidateDoc(vctx, doc) != 0) {
    if (!dx.seen)
      nf_errf(err, name, 0, "does not validate against %s", XSD_PATH);
    goto done;
  }
  ret = 0;
done:
  xmlSchemaFreeValidCtxt(vctx);
  xmlFreeDoc(doc);
  xmlFreeParserCtxt(dctx);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(pctx);
  return ret;
}

int report_validate_xml(const char *path, nf_err *err)
{
  size_t len = 0;
  char *buf = nf_read_file(path, &len, err);
  if (buf == NULL)
    return -1;
  int rc = report_validate_xml_mem(buf, len, path, err);
  free(buf);
  return rc;
}

/* --- text hygiene -------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at S (1..4), or 0 if invalid. */
static int utf8_len(const unsigned char *s)
{
  if (s[0] < 0x80)
    return 1;
  int n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
  if (n == 0 || s[0] > 0xf4)
    return 0;
  for (int i = 1; i < n; i++)
    if ((s[i] & 0xc0) != 0x80)
      return 0;
  /* Overlong forms, surrogates and code points past U+10FFFF. */
  if (n == 3 && ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0)))
    return 0;
  if (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
    return 0;
  /* U+FFFE and U+FFFF are not XML characters either. */
  if (n == 3 && s[0] == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf))
    return 0;
  return n;
}

char *rp_clean(const char *s)
{
  sbuf b = {0};
  const unsigned char *p = (const unsigned char *)s;
  sb_add(&b, "");
  while (*p) {
    int n = utf8_len(p);
    if (n == 1 && *p < 0x20 && *p != '\t' && *p != '\n')
      n = 0;
    if (n == 1 && *p == 0x7f)
      n = 0;
    if (n == 0) {
      sb_add(&b, "\xef\xbf\xbd");
      p++;
    } else {
      sb_addn(&b, (const char *)p, (size_t)n);
      p += n;
    }
  }
  return sb_take(&b);
}
