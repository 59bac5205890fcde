/* html.c — the HTML printer: one self-contained page for management. The
 * style (reports/assets/report.css, embedded) is inlined and the charts are
 * SVG drawn here, so the page fetches nothing. Sections, in order: the
 * headline, the scenario comparison (table and bar chart), the hosts of the
 * recommended scenario with their utilization over time, the workloads and
 * their verdicts, risks, and replay results (docs/report.md). Every value
 * from the study database goes through esc(). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "planner.h"
#include "report.h"

#define CSS_PATH "reports/assets/report.css"
/* Points per utilization line at most: longer series are reduced to the
 * peak of each bucket, so the chart keeps every overload visible. */
#define MAX_POINTS 480

/* Appends S escaped for HTML text and attribute values. */
static void esc(sbuf *b, const char *s)
{
  if (s == NULL)
    return;
  char *c = rp_clean(s);
  for (const char *p = c; *p; p++) {
    switch (*p) {
    case '&': sb_add(b, "&amp;"); break;
    case '<': sb_add(b, "&lt;"); break;
    case '>': sb_add(b, "&gt;"); break;
    case '"': sb_add(b, "&quot;"); break;
    case '\'': sb_add(b, "&#39;"); break;
    default: sb_addc(b, *p);
    }
  }
  free(c);
}

static void num(sbuf *b, double v, int dec)
{
  char buf[64];
  sb_add(b, rp_num(buf, sizeof buf, v, dec));
}

/* An integer with thousands separators (12,288). */
static void grouped(sbuf *b, double v)
{
  char buf[NF_GROUPED_LEN];
  sb_add(b, nf_grouped(buf, sizeof buf, v));
}

/* The same into BUF (NF_GROUPED_LEN), for a count among a sentence's. */
static const char *commas(char *buf, long v)
{
  return nf_grouped(buf, NF_GROUPED_LEN, (double)v);
}

static void time_(sbuf *b, int64_t ts)
{
  char buf[32];
  rp_time(buf, sizeof buf, ts);
  /* 2026-03-01T10:05:00Z reads better as 2026-03-01 10:05 UTC. */
  buf[10] = ' ';
  buf[16] = '\0';
  sb_add(b, buf);
  sb_add(b, " UTC");
}

static const char *plural(long n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

static const char *strategy_label(const char *s)
{
  if (s == NULL)
    return "—";
  if (strcmp(s, "vm-guest") == 0)
    return "VM guest";
  if (strcmp(s, "vm-dedicated-cpu") == 0)
    return "VM, dedicated CPU";
  if (strcmp(s, "native") == 0)
    return "Native";
  if (strcmp(s, "co-host") == 0)
    return "Co-host";
  return s;
}

/* The four strategies, in the order the report lists them. */
static const char *const strategies[4] = {"vm-guest", "vm-dedicated-cpu", "native", "co-host"};

/* A strategy badge; the class is only ever one of the four known names. */
static void strategy_pill(sbuf *b, const char *s)
{
  const char *cls = "native";
  for (size_t i = 0; i < NF_ARRAY_LEN(strategies); i++)
    if (s && strcmp(s, strategies[i]) == 0)
      cls = strategies[i];
  sb_printf(b, "<span class=\"pill s-%s\">", cls);
  esc(b, strategy_label(s));
  sb_add(b, "</span>");
}

static void confidence_pill(sbuf *b, const char *level)
{
  const char *cls = "low";
  if (level && strcmp(level, "high") == 0)
    cls = "high";
  else if (level && strcmp(level, "medium") == 0)
    cls = "medium";
  sb_printf(b, "<span class=\"pill c-%s\">", cls);
  esc(b, level);
  sb_add(b, "</span>");
}

static const char *co_host_label(const char *k)
{
  if (k == NULL)
    return NULL;
  if (strcmp(k, "app-pool") == 0)
    return "IIS application pool";
  if (strcmp(k, "sql-instance") == 0)
    return "SQL Server instance";
  if (strcmp(k, "resource-policy") == 0)
    return "resource policy (WSRM / cgroups)";
  if (strcmp(k, "container") == 0)
    return "container";
  return k;
}

/* A host model for people: the spec's name= when it has one, else
 * "32 cores · 2600 MHz · 512 GB (model)" from its parts, else the spec.
 * Caller frees. */
static char *model_label(const char *spec)
{
  if (spec == NULL)
    return xstrdup("");
  char *name = nf_spec_get(spec, "name");
  if (name)
    return name;
  char *cores = nf_spec_get(spec, "cores"), *mhz = nf_spec_get(spec, "mhz");
  char *ram = nf_spec_get(spec, "ram_gb"), *model = nf_spec_get(spec, "model");
  char *out;
  if (cores && mhz && ram)
    out = xasprintf("%s cores · %s MHz · %s GB%s%s%s", cores, mhz, ram, model ? " (" : "",
                    model ? model : "", model ? ")" : "");
  else
    out = xstrdup(spec);
  free(cores), free(mhz), free(ram), free(model);
  return out;
}

/* S cut to at most MAX characters (not bytes) with an ellipsis, for chart
 * labels that must not run off the drawing. Caller frees. */
static char *shorten(const char *s, int max)
{
  int chars = 0;
  const char *p = s;
  for (; *p; p++)
    if (((unsigned char)*p & 0xc0) != 0x80 && ++chars > max - 1)
      break;
  if (*p == '\0')
    return xstrdup(s);
  size_t n = (size_t)(p - s);
  char *out = xmalloc(n + 4);
  memcpy(out, s, n);
  memcpy(out + n, "\xe2\x80\xa6", 4);
  return out;
}

/* Appends a host model label, with the full spec as a tooltip. */
static void model(sbuf *b, const char *spec)
{
  char *l = model_label(spec);
  sb_add(b, "<span title=\"");
  esc(b, spec);
  sb_add(b, "\">");
  esc(b, l);
  sb_add(b, "</span>");
  free(l);
}

/* "p95 · headroom 20/10 %": what a scenario of a what-if plan was planned
 * with, to tell its rows apart. Caller frees. */
static char *params_label(const rp_scenario *sc)
{
  return xasprintf("p%g · headroom %g/%g %%", sc->percentile, 100 * sc->headroom_cpu,
                   100 * sc->headroom_ram);
}

/* Appends " · p95 · headroom 20/10 %" when the plan compares headrooms or
 * percentiles, in a muted span. */
static void params(sbuf *b, const nf_report *r, const rp_scenario *sc)
{
  if (!r->params_vary)
    return;
  char *l = params_label(sc);
  sb_add(b, " <span class=\"kind\">");
  esc(b, l);
  sb_add(b, "</span>");
  free(l);
}

/* --- sections ------------------------------------------------------------ */

static void head(sbuf *b, const nf_report *r)
{
  size_t css_len = 0;
  const char *css = nf_embedded(CSS_PATH, &css_len);
  sb_add(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"nfold " NFOLD_VERSION "\">\n");
  sb_printf(b, "<title>Consolidation report — plan %lld</title>\n<style>\n",
            (long long)r->plan_id);
  if (css)
    sb_addn(b, css, css_len);
  sb_add(b, "</style>\n</head>\n<body>\n");

  sb_add(b, "<header class=\"top\"><div class=\"inner\">\n"
            "<div class=\"brand\">nfold · workload consolidation advisor</div>\n"
            "<h1>Consolidation report</h1>\n<p class=\"meta\">");
  sb_printf(b, "Plan %lld, built ", (long long)r->plan_id);
  time_(b, r->created_at);
  sb_add(b, " · hypervisor profile <b>");
  esc(b, r->hypervisor);
  sb_add(b, "</b> · demand at the ");
  num(b, r->percentile, 0);
  sb_add(b, "th percentile in ");
  num(b, r->slot_s / 60.0, 0);
  sb_add(b, "-minute slots · headroom ");
  num(b, r->headroom_cpu * 100, 0);
  sb_add(b, " % CPU, ");
  num(b, r->headroom_ram * 100, 0);
  sb_add(b, " % RAM");
  if (r->window_from || r->window_to) {
    sb_add(b, " · samples ");
    if (r->window_from)
      time_(b, r->window_from);
    sb_add(b, " to ");
    if (r->window_to)
      time_(b, r->window_to);
  }
  sb_add(b, "</p>\n</div></header>\n<main>\n");
}

/* How many workloads have each of the four strategies as their verdict,
 * into COUNTS (in the order of strategies[]). */
static void verdict_counts(const nf_report *r, int counts[4])
{
  for (int k = 0; k < 4; k++)
    counts[k] = 0;
  for (int i = 0; i < r->nw; i++)
    for (int k = 0; k < 4; k++)
      if (strcmp(r->w[i].strategy, strategies[k]) == 0)
        counts[k]++;
}

/* When the recommended hybrid needs more hosts than a uniform scenario of
 * the same host model and setting (all-vm, co-host), why: the verdicts
 * that are not a plain VM guest, and what placing every workload alike,
 * whatever its verdict, would take. A manager sees 21 in the table and 27
 * recommended; this is the sentence that answers. */
static void fewer_elsewhere(sbuf *b, const nf_report *r, const rp_scenario *sc)
{
  const rp_scenario *o = rp_fewer_elsewhere(r, sc);
  if (o == NULL)
    return;
  int n[4];
  char g[3][NF_GROUPED_LEN];
  verdict_counts(r, n);
  sb_printf(b, " It keeps each workload at its verdict (%s native, %s co-hosted, %s on dedicated "
               "cores); the <b>",
            commas(g[0], n[2]), commas(g[1], n[3]), commas(g[2], n[1]));
  esc(b, o->name);
  sb_printf(b, "</b> scenario, every workload placed alike whatever its verdict, would take "
               "%s %s, %s fewer.",
            commas(g[0], o->hosts), plural(o->hosts, "host", "hosts"), commas(g[1], sc->hosts - o->hosts));
}

/* With prices: what the recommended scenario's hosts cost, and what the
 * same scenario would on each other host model of the plan (at its
 * default settings), so that the choice of model is in the sentence
 * management reads, not only in the table. */
static void prices(sbuf *b, const nf_report *r, const rp_scenario *sc)
{
  if (!sc->has_price)
    return;
  char g[NF_GROUPED_LEN];
  sb_printf(b, " %s <b>", sc->hosts == 1 ? "It costs" : "They cost");
  grouped(b, sc->price);
  sb_add(b, "</b>");
  const char *sep = "; on ";
  for (int i = 0; i < r->nsc; i++) {
    const rp_scenario *x = &r->sc[i];
    if (x == sc || !x->is_default || !x->has_price || strcmp(x->name, sc->name) != 0 ||
        strcmp(x->host_model, sc->host_model) == 0)
      continue;
    sb_add(b, sep);
    model(b, x->host_model);
    sb_printf(b, " hosts it would take %s %s for ", commas(g, x->hosts),
              plural(x->hosts, "host", "hosts"));
    grouped(b, x->price);
    sep = ", on ";
  }
  sb_add(b, ".");
}

/* The --policy scenarios beside the recommended one (same host model, the
 * plan's default settings): what each would take, so that the what-if an
 * architect ran is in the sentence management reads, not only the table. */
static void policies(sbuf *b, const nf_report *r, const rp_scenario *sc)
{
  for (int i = 0; i < r->nsc; i++) {
    const rp_scenario *x = &r->sc[i];
    if (x == sc || !x->is_default || strcmp(x->host_model, sc->host_model) != 0 ||
        nf_scen_find(x->name) >= 0)
      continue;
    char g[4][NF_GROUPED_LEN];
    sb_add(b, " The <b>");
    esc(b, x->name);
    sb_printf(b, "</b> policy would take %s %s and %s OS %s, against %s and %s.",
              commas(g[0], x->hosts), plural(x->hosts, "host", "hosts"), commas(g[1], x->os_images),
              plural(x->os_images, "image", "images"), commas(g[2], sc->hosts),
              commas(g[3], sc->os_images));
  }
}

/* The workloads of SC with a risk of KIND. */
static long risk_count(const rp_scenario *sc, const char *kind)
{
  long k = 0;
  for (int i = 0; i < sc->nrisks; i++)
    k += sc->risks[i].workload && strcmp(sc->risks[i].kind, kind) == 0;
  return k;
}

/* " <b>The workload has", " <b>All 6 workloads have" or " <b>2 of the 6
 * workloads have": K of the report's workloads, then HAS (one) or HAVE. */
static void subject(sbuf *b, const nf_report *r, long k, const char *has, const char *have)
{
  char g[2][NF_GROUPED_LEN];
  if (r->nw == 1)
    sb_printf(b, " <b>The workload %s", has);
  else if (k == r->nw)
    sb_printf(b, " <b>All %s workloads %s", commas(g[0], k), have);
  else
    sb_printf(b, " <b>%s of the %s workloads %s", commas(g[0], k), commas(g[1], r->nw),
              k == 1 ? has : have);
}

/* Workloads with no performance samples are planned at their installed
 * capacity (risk no-samples), those whose samples span less than half
 * the period repeat their own data (partial-samples), those with no core
 * count or clock speed are sized on a guess (cpu-size-unknown), those
 * with no RAM figure at all have none (ram-unknown), and those that logged
 * apart from the rest stretch the plan (logged-apart): the summary says how
 * many, since a plan of an inventory alone, or of logs alone, is not a
 * plan of what the servers use. */
static void unmeasured(sbuf *b, const nf_report *r, const rp_scenario *sc)
{
  /* Each kind: the verb for one workload and for several, then the rest
   * of the sentence, the pronoun (ONE or MANY) between PRE and POST. */
  static const struct {
    const char *kind, *has, *have, *pre, *one, *many, *post;
  } said[] = {
    {"cpu-size-unknown", "has", "have", " no core count or clock speed</b>: ", "its", "their",
     " CPU is sized on a guess until the inventory gives them"},
    {"ram-unknown", "has", "have", " no installed RAM or memory counters</b>: ", "it is",
     "they are", " planned with no RAM until the inventory gives it"},
    {"logged-apart", "logged", "logged",
     " apart from the rest</b>, in another period: the plan spans ", "its", "their",
     " period too, each other workload repeating its week over it"},
    {"partial-samples", "logged", "logged",
     " less than half the period</b>: the rest of it repeats ", "its", "their", " own data"},
  };
  char g[2][NF_GROUPED_LEN];
  for (size_t i = 0; i < NF_ARRAY_LEN(said); i++) {
    long n = risk_count(sc, said[i].kind);
    if (n == 0)
      continue;
    subject(b, r, n, said[i].has, said[i].have);
    sb_printf(b, "%s%s%s (Risks, %s).", said[i].pre, n == 1 ? said[i].one : said[i].many,
              said[i].post, said[i].kind);
  }
  long k = risk_count(sc, "no-samples");
  if (k == 0)
    return;
  if (r->nw == 1)
    sb_add(b, " <b>The workload had no performance samples</b>");
  else if (k == r->nw)
    sb_printf(b, " <b>None of the %s workloads had performance samples</b>", commas(g[0], k));
  else
    sb_printf(b, " <b>%s of the %s workloads had no performance samples</b>", commas(g[0], k),
              commas(g[1], r->nw));
  sb_printf(b, ": %s planned at %s installed capacity, every core busy (Risks, no-samples).",
            k == 1 ? "it is" : "they are", k == 1 ? "its" : "their");
}

static void headline(sbuf *b, const nf_report *r)
{
  sb_add(b, "<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"lede\">");
  long today_boxes = r->est_physical + r->est_hosts;
  char g[3][NF_GROUPED_LEN];
  if (r->recommended < 0) {
    sb_printf(b, "This plan holds no scenario: %s workload%s scored, nothing placed.</p>\n",
              commas(g[0], r->nw), plural(r->nw, "", "s"));
    sb_add(b, "</section>\n");
    return;
  }
  const rp_scenario *sc = &r->sc[r->recommended];
  sb_printf(b, "<b>%s workload%s</b> ", commas(g[0], r->nw), plural(r->nw, "", "s"));
  sb_add(b, r->nw == 1 ? "folds onto <b>" : "fold onto <b>");
  sb_printf(b, "%s %s", commas(g[0], sc->hosts), plural(sc->hosts, "host", "hosts"));
  sb_add(b, "</b> running <b>");
  sb_printf(b, "%s OS %s", commas(g[0], sc->os_images), plural(sc->os_images, "image", "images"));
  sb_add(b, "</b> with the recommended <b>");
  esc(b, sc->name);
  sb_add(b, "</b> scenario on <b>");
  model(b, sc->host_model);
  sb_printf(b, "</b> hosts, against %s %s and %s OS %s today.", commas(g[0], today_boxes),
            plural(today_boxes, "physical server", "physical servers"), commas(g[1], r->est_servers),
            plural(r->est_servers, "image", "images"));
  if (sc->lower_bound > 0)
    sb_printf(b, " No packing can use fewer than %s %s of this model.", commas(g[0], sc->lower_bound),
              plural(sc->lower_bound, "host", "hosts"));
  prices(b, r, sc);
  fewer_elsewhere(b, r, sc);
  policies(b, r, sc);
  unmeasured(b, r, sc);
  sb_add(b, "</p>\n<div class=\"cards\">\n");

  sb_add(b, "<div class=\"card\"><div class=\"label\">Workloads</div><div class=\"value\">");
  sb_printf(b, "%s</div><div class=\"sub\">%s physical, %s already %s today", commas(g[0], r->nw),
            commas(g[1], r->est_physical), commas(g[2], r->est_guests),
            plural(r->est_guests, "a VM guest", "VM guests"));
  sb_add(b, "</div></div>\n");

  sb_add(b, "<div class=\"card key\"><div class=\"label\">Hosts needed</div><div class=\"value\">");
  sb_printf(b, "%s <small>vs %s today</small></div><div class=\"sub\">", commas(g[0], sc->hosts),
            commas(g[1], today_boxes));
  if (today_boxes > 0) {
    double d = 100.0 * (double)(today_boxes - sc->hosts) / (double)today_boxes;
    sb_printf(b, "<span class=\"%s\">", d >= 0 ? "delta-good" : "delta-bad");
    num(b, fabs(d), 0);
    sb_printf(b, " %% %s</span> physical boxes", d >= 0 ? "fewer" : "more");
  }
  sb_printf(b, "; lower bound %s</div></div>\n", commas(g[0], sc->lower_bound));

  sb_add(b, "<div class=\"card key\"><div class=\"label\">OS images</div><div class=\"value\">");
  sb_printf(b, "%s <small>vs %s today</small></div><div class=\"sub\">", commas(g[0], sc->os_images),
            commas(g[1], r->est_servers));
  long saved = r->est_servers - sc->os_images;
  if (saved >= 0)
    sb_printf(b, "<span class=\"delta-good\">%s fewer</span> to patch and manage", commas(g[0], saved));
  else
    sb_printf(b, "<span class=\"delta-bad\">%s more</span> to patch and manage", commas(g[0], -saved));
  sb_add(b, "</div></div>\n");

  sb_add(b, "<div class=\"card\"><div class=\"label\">Virtualization overhead</div>"
            "<div class=\"value\">");
  num(b, sc->oh_cpu_pct, 1);
  sb_add(b, " <small>% CPU</small></div><div class=\"sub\">");
  grouped(b, sc->oh_ram_mb);
  sb_add(b, " MB RAM on top of the workloads' own demand</div></div>\n");

  if (sc->replay) {
    const rp_replay *p = sc->replay;
    sb_add(b, "<div class=\"card\"><div class=\"label\">Replay</div><div class=\"value\">");
    sb_printf(b, "%s <small>of %s</small></div><div class=\"sub\">host-intervals overloaded "
                 "when replayed on ", commas(g[0], p->overloaded), commas(g[1], p->host_intervals));
    time_(b, p->from);
    sb_add(b, " to ");
    time_(b, p->to);
    sb_add(b, "</div></div>\n");
  }
  sb_add(b, "</div>\n</section>\n");
}

/* The sources named by any scenario, in the order first seen. */
static int source_names(const nf_report *r, const char **names, int max)
{
  int n = 0;
  for (int i = 0; i < r->nsc; i++)
    for (int j = 0; j < r->sc[i].noh; j++) {
      int seen = 0;
      for (int k = 0; k < n; k++)
        seen |= strcmp(names[k], r->sc[i].oh[j].name) == 0;
      if (!seen && n < max)
        names[n++] = r->sc[i].oh[j].name;
    }
  return n;
}

/* The hypervisor profile's terms in words, each with its source: why a
 * workload costs what it does under this profile and not another. */
static void model_terms(sbuf *b, const nf_report *r)
{
  if (r->nmodel == 0)
    return;
  sb_add(b, "<h3 style=\"margin-top:18px\">How the ");
  esc(b, r->hypervisor);
  sb_add(b, " profile models each term");
  if (r->hv_title) {
    sb_add(b, " <span class=\"muted\">(");
    esc(b, r->hv_title);
    sb_add(b, ")</span>");
  }
  sb_add(b, "</h3>\n<ul class=\"model\">\n");
  for (int i = 0; i < r->nmodel; i++) {
    sb_add(b, "<li><b>");
    esc(b, r->model[i].source);
    sb_add(b, "</b>: ");
    esc(b, r->model[i].formula);
    if (*r->model[i].why) {
      sb_add(b, "<div class=\"kind\">");
      esc(b, r->model[i].why);
      sb_add(b, "</div>");
    }
    sb_add(b, "</li>\n");
  }
  sb_add(b, "</ul>\n");
}

/* Horizontal bars per scenario: hosts and OS images, a tick at the lower
 * bound, and a dashed line at today's server count. */
static void scenario_chart(sbuf *b, const nf_report *r)
{
  const int W = 1000, left = 250, top = 34, group = 52, bar = 17;
  int H = top + r->nsc * group + 30, right = 40;
  char g[NF_GROUPED_LEN];
  double max = (double)(r->est_servers > r->est_physical + r->est_hosts
                            ? r->est_servers
                            : r->est_physical + r->est_hosts);
  for (int i = 0; i < r->nsc; i++) {
    if (r->sc[i].hosts > max)
      max = (double)r->sc[i].hosts;
    if (r->sc[i].os_images > max)
      max = (double)r->sc[i].os_images;
  }
  if (max < 1)
    max = 1;
  /* Room right of the longest bar for its count (about 8 units a digit at
   * 13 px): "10,000" would not fit the 40 units "800" needs. */
  for (int i = 0; i < r->nsc; i++) {
    int len = (int)strlen(commas(g, r->sc[i].hosts > r->sc[i].os_images ? r->sc[i].hosts
                                                                         : r->sc[i].os_images));
    right = 14 + 8 * len > right ? 14 + 8 * len : right;
  }
  double span = W - left - right;
  sb_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
               "aria-label=\"Hosts and OS images per scenario\" "
               "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"inherit\" font-size=\"13\">\n",
            W, H);
  /* Legend. */
  sb_add(b, "<rect x=\"250\" y=\"6\" width=\"14\" height=\"12\" rx=\"2\" fill=\"#1f5fa8\"/>"
            "<text x=\"270\" y=\"16\" fill=\"#5d6677\">hosts</text>"
            "<rect x=\"330\" y=\"6\" width=\"14\" height=\"12\" rx=\"2\" fill=\"#8fb3dc\"/>"
            "<text x=\"350\" y=\"16\" fill=\"#5d6677\">OS images</text>"
            "<rect x=\"440\" y=\"5\" width=\"3\" height=\"14\" fill=\"#1d2433\"/>"
            "<text x=\"450\" y=\"16\" fill=\"#5d6677\">lower bound</text>"
            "<line x1=\"550\" y1=\"12\" x2=\"572\" y2=\"12\" stroke=\"#b83232\" "
            "stroke-dasharray=\"5 3\" stroke-width=\"2\"/>"
            "<text x=\"578\" y=\"16\" fill=\"#5d6677\">servers today</text>\n");
  for (int i = 0; i < r->nsc; i++) {
    const rp_scenario *sc = &r->sc[i];
    double y = top + i * group;
    int rec = i == r->recommended;
    if (rec)
      sb_printf(b, "<rect x=\"0\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"#e6eef8\"/>\n",
                y - 4, W, group - 6);
    sb_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-weight=\"600\" "
                 "fill=\"#1d2433\">", left - 12, y + 16);
    char *sn = shorten(sc->name, 28);
    esc(b, sn);
    free(sn);
    sb_add(b, rec ? " ★</text>\n" : "</text>\n");
    sb_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5d6677\" "
                 "font-size=\"11\">", left - 12, y + 32);
    char *ml = model_label(sc->host_model);
    if (r->params_vary) {
      char *pl = params_label(sc), *both = xasprintf("%s · %s", pl, ml);
      free(ml);
      free(pl);
      ml = both;
    }
    char *ms = shorten(ml, r->params_vary ? 44 : 36);
    esc(b, ms);
    free(ml);
    free(ms);
    sb_add(b, "</text>\n");
    double wh = span * (double)sc->hosts / max, wo = span * (double)sc->os_images / max;
    sb_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"2\" "
                 "fill=\"#1f5fa8\"/>", left, y, wh, bar);
    sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#1d2433\">%s</text>\n",
              left + wh + 6, y + 13, commas(g, sc->hosts));
    sb_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"2\" "
                 "fill=\"#8fb3dc\"/>", left, y + bar + 3, wo, bar);
    sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#1d2433\">%s</text>\n",
              left + wo + 6, y + bar + 16, commas(g, sc->os_images));
    double xl = left + span * (double)sc->lower_bound / max;
    sb_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"3\" height=\"%d\" fill=\"#1d2433\">"
                 "<title>lower bound: %s</title></rect>\n",
              xl - 1.5, y - 2, bar + 4, commas(g, sc->lower_bound));
  }
  double xt = left + span * (double)r->est_servers / max;
  sb_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#b83232\" "
               "stroke-dasharray=\"5 3\" stroke-width=\"2\"/>\n", xt, top - 8, xt, H - 22);
  sb_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"#b83232\" "
               "font-size=\"12\">%s servers today</text>\n", xt, H - 6,
            xt > W - 70 ? "end" : "middle", commas(g, r->est_servers));
  sb_add(b, "</svg>\n");
}

static void scenarios(sbuf *b, const nf_report *r)
{
  sb_add(b, "<section id=\"scenarios\">\n<h2>Scenarios compared</h2>\n");
  if (r->nsc == 0) {
    sb_add(b, "<p class=\"muted\">The plan holds no scenario.</p>\n</section>\n");
    return;
  }
  int any_price = 0, any_base = 0;
  for (int i = 0; i < r->nsc; i++) {
    any_price |= r->sc[i].has_price;
    any_base |= r->sc[i].has_baseline;
  }
  int pv = r->params_vary;
  if (pv) {
    sb_add(b, "<p class=\"note\">This plan compares several headrooms or percentiles. The "
              "recommendation is chosen among the scenarios at the plan's default (the first "
              "given): demand at the ");
    num(b, r->percentile, 0);
    sb_add(b, "th percentile, headroom ");
    num(b, r->headroom_cpu * 100, 0);
    sb_add(b, " % CPU, ");
    num(b, r->headroom_ram * 100, 0);
    sb_add(b, " % RAM; the others show what a different setting would need.</p>\n");
  }
  sb_add(b, "<div class=\"scroll\"><table>\n<thead><tr><th>Scenario</th><th>Host model</th>");
  if (pv)
    sb_add(b, "<th class=\"num\" title=\"share of each host kept free\">Headroom CPU / RAM</th>"
              "<th class=\"num\" title=\"slot value: percentile of the samples in each "
              "slot\">Percentile</th>");
  sb_add(b, "<th class=\"num\">Hosts</th><th class=\"num\">Lower bound</th>");
  if (any_base)
    sb_add(b, "<th class=\"num\" title=\"first-fit on 95th-percentile peaks, no time "
              "folding\">Peak-sum hosts</th>");
  sb_add(b, "<th class=\"num\">OS images</th><th class=\"num\">Overhead CPU</th>"
            "<th class=\"num\">Overhead RAM</th>");
  if (any_price)
    sb_add(b, "<th class=\"num\">Price</th>");
  sb_add(b, "</tr></thead>\n<tbody>\n");
  for (int i = 0; i < r->nsc; i++) {
    const rp_scenario *sc = &r->sc[i];
    int rec = i == r->recommended;
    int notes = sc->notes && *sc->notes;
    sb_printf(b, "<tr class=\"%s%s\"><td><b>", rec ? "rec" : "", notes ? " has-notes" : "");
    esc(b, sc->name);
    sb_add(b, "</b>");
    if (rec)
      sb_add(b, " <span class=\"pill rec\">recommended</span>");
    sb_add(b, "</td><td class=\"nw\">");
    model(b, sc->host_model);
    sb_add(b, "</td>");
    if (pv) {
      sb_add(b, "<td class=\"num nw\"");
      if (sc->headroom_iops >= 0 && sc->headroom_net >= 0) {
        sb_add(b, " title=\"IOPS ");
        num(b, sc->headroom_iops * 100, 0);
        sb_add(b, " %, network ");
        num(b, sc->headroom_net * 100, 0);
        sb_add(b, " %\"");
      }
      sb_add(b, ">");
      num(b, sc->headroom_cpu * 100, 0);
      sb_add(b, " % / ");
      num(b, sc->headroom_ram * 100, 0);
      sb_printf(b, " %%</td><td class=\"num\">p%g</td>", sc->percentile);
    }
    char g[2][NF_GROUPED_LEN];
    sb_printf(b, "<td class=\"num\">%s</td><td class=\"num\">%s</td>", commas(g[0], sc->hosts),
              commas(g[1], sc->lower_bound));
    if (any_base) {
      if (sc->has_baseline && sc->baseline_overloaded > 0)
        sb_printf(b, "<td class=\"num\">%s<div class=\"sub\">%s over capacity</div></td>",
                  commas(g[0], sc->baseline_hosts), commas(g[1], sc->baseline_overloaded));
      else if (sc->has_baseline)
        sb_printf(b, "<td class=\"num\">%s</td>", commas(g[0], sc->baseline_hosts));
      else
        sb_add(b, "<td class=\"num\">—</td>");
    }
    sb_printf(b, "<td class=\"num\">%s</td><td class=\"num\">", commas(g[0], sc->os_images));
    num(b, sc->oh_cpu_pct, 1);
    sb_add(b, " %</td><td class=\"num\">");
    grouped(b, sc->oh_ram_mb);
    sb_add(b, " MB</td>");
    if (any_price) {
      sb_add(b, "<td class=\"num\">");
      if (sc->has_price)
        grouped(b, sc->price);
      else
        sb_add(b, "—");
      sb_add(b, "</td>");
    }
    sb_add(b, "</tr>\n");
    /* The planner's notes run long: a full-width line under the row. */
    if (notes) {
      sb_printf(b, "<tr class=\"notes%s\"><td colspan=\"%d\">", rec ? " rec" : "",
                7 + any_base + any_price + 2 * pv);
      esc(b, sc->notes);
      sb_add(b, "</td></tr>\n");
    }
  }
  sb_add(b, "</tbody></table></div>\n");
  scenario_chart(b, r);

  const char *names[32];
  int ns = source_names(r, names, (int)NF_ARRAY_LEN(names));
  if (ns > 0) {
    sb_add(b, "<h3 style=\"margin-top:18px\">Overhead by source</h3>\n"
              "<div class=\"scroll\"><table>\n<thead><tr><th>Scenario</th>");
    for (int k = 0; k < ns; k++) {
      sb_add(b, "<th class=\"num\">");
      esc(b, names[k]);
      sb_add(b, "</th>");
    }
    sb_add(b, "</tr></thead>\n<tbody>\n");
    for (int i = 0; i < r->nsc; i++) {
      const rp_scenario *sc = &r->sc[i];
      sb_add(b, i == r->recommended ? "<tr class=\"rec\"><td>" : "<tr><td>");
      esc(b, sc->name);
      sb_add(b, " <span class=\"kind\">");
      model(b, sc->host_model);
      sb_add(b, "</span>");
      params(b, r, sc);
      sb_add(b, "</td>");
      for (int k = 0; k < ns; k++) {
        const rp_source *s = NULL;
        for (int j = 0; j < sc->noh; j++)
          if (strcmp(sc->oh[j].name, names[k]) == 0)
            s = &sc->oh[j];
        sb_add(b, "<td class=\"num\">");
        if (s == NULL) {
          sb_add(b, "—");
        } else {
          num(b, s->cpu_pct, 1);
          sb_add(b, " % · ");
          grouped(b, s->ram_mb);
          sb_add(b, " MB");
        }
        sb_add(b, "</td>");
      }
      sb_add(b, "</tr>\n");
    }
    sb_add(b, "</tbody></table></div>\n<p class=\"note\">CPU overhead as a share of the "
              "scenario's placed CPU demand; RAM overhead in MB. Scheduler: dispatching "
              "guests; privileged: instruction emulation; io-path: the doubled interrupt "
              "path; co-scheduling: capacity lost to gang-dispatched SMP guests; memory: "
              "per-VM and host reservations.</p>\n");
  }
  model_terms(b, r);
  sb_add(b, "</section>\n");
}

/* Appends an SVG polyline's points for SERIES scaled into the plot box,
 * reduced to at most MAX_POINTS by the peak of each bucket. */
static void polyline(sbuf *b, const double *v, int n, double x0, double y0, double w, double h,
                     double ymax, const char *color)
{
  if (n <= 0)
    return;
  int buckets = n > MAX_POINTS ? MAX_POINTS : n;
  sb_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" "
               "stroke-linejoin=\"round\" points=\"", color);
  for (int i = 0; i < buckets; i++) {
    int a = (int)((long long)i * n / buckets), z = (int)((long long)(i + 1) * n / buckets);
    double peak = v[a];
    for (int j = a + 1; j < z; j++)
      if (v[j] > peak)
        peak = v[j];
    if (peak < 0)
      peak = 0;
    if (peak > ymax)
      peak = ymax;
    double x = buckets == 1 ? x0 : x0 + w * i / (buckets - 1);
    sb_printf(b, "%s%.1f,%.1f", i ? " " : "", x, y0 + h - h * peak / ymax);
  }
  sb_add(b, "\"/>\n");
}

/* Host H's CPU limit in % of its capacity. CORES: the host model's (0
 * unknown), of which the dedicated cores of its guests are theirs whole,
 * with no headroom (core/plan_build.c, project); *PINNED (when set) gets
 * how many. */
static double cpu_limit_pct(const nf_report *r, const rp_host *h, int cores, int *pinned)
{
  int n = 0;
  for (int k = 0; k < h->npl; k++)
    n += h->pl[k].dedicated_cores;
  if (pinned)
    *pinned = n;
  double own = cores > 0 && n < cores ? (double)n / cores : 0;
  return 100 * (own + (1 - own) * (1 - r->headroom_cpu));
}

/* A host's CPU and RAM % over the plan's slots, with the headroom limits
 * (cpu_limit_pct). */
static void host_chart(sbuf *b, const nf_report *r, const rp_host *h, int cores)
{
  const double W = 560, H = 190, x0 = 40, y0 = 10, pw = W - x0 - 12, ph = H - y0 - 28;
  int n = h->ncpu > h->nram ? h->ncpu : h->nram;
  double ymax = 100;
  for (int i = 0; i < h->ncpu; i++)
    if (h->cpu_series[i] > ymax)
      ymax = h->cpu_series[i];
  for (int i = 0; i < h->nram; i++)
    if (h->ram_series[i] > ymax)
      ymax = h->ram_series[i];
  ymax = ceil(ymax / 20) * 20;
  sb_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
               "aria-label=\"CPU and RAM over time\" xmlns=\"http://www.w3.org/2000/svg\" "
               "font-size=\"10\" font-family=\"inherit\">\n", W, H);
  for (double g = 0; g <= ymax + 1e-9; g += 20) {
    double y = y0 + ph - ph * g / ymax;
    sb_printf(b, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#e6e9ef\"/>"
                 "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#8a93a3\">%.0f%%</text>\n",
              x0, y, x0 + pw, y, x0 - 5, y + 3.5, g);
  }
  /* Time axis: dates when the study says where the slots start, else the
   * time since the first slot; days when the series spans more than two. */
  double span_s = (double)n * (double)h->step_s;
  if (n > 1 && span_s > 0) {
    double span_h = span_s / 3600.0;
    double step_h = span_h > 24 * 20 ? 24 * 7 : span_h > 48 ? 24 : span_h > 12 ? 6 : 1;
    /* With real dates, ticks fall on UTC midnights (or hours). */
    double first = 0;
    if (r->has_slots) {
      int64_t unit = (int64_t)(step_h >= 24 ? 86400 : 3600 * step_h);
      int64_t t = (r->slot0 + unit - 1) / unit * unit;
      first = (double)(t - r->slot0) / 3600.0;
    }
    for (double t = first; t <= span_h + 1e-9; t += step_h) {
      double x = x0 + pw * t / span_h;
      sb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c9ced8\"/>",
                x, y0 + ph, x, y0 + ph + 4);
      /* The last label would run off the drawing if centred on its tick. */
      sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"#8a93a3\">",
                x, y0 + ph + 15, x > x0 + pw - 20 ? "end" : "middle");
      if (r->has_slots) {
        static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        char buf[32];
        rp_time(buf, sizeof buf, r->slot0 + (int64_t)llround(t * 3600));
        int m = atoi(buf + 5), d = atoi(buf + 8);
        if (step_h >= 24 || strncmp(buf + 11, "00:00", 5) == 0)
          sb_printf(b, "%s %d", mon[(m + 11) % 12], d);
        else
          sb_printf(b, "%.5s", buf + 11);
      } else if (step_h >= 24) {
        sb_printf(b, "day %.0f", t / 24 + 1);
      } else {
        sb_printf(b, "%.0fh", t);
      }
      sb_add(b, "</text>\n");
    }
  }
  double lc = cpu_limit_pct(r, h, cores, NULL), lr = 100 * (1 - r->headroom_ram);
  if (lc > 0 && lc <= ymax)
    sb_printf(b, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#1f5fa8\" "
                 "stroke-opacity=\".55\" stroke-dasharray=\"4 3\"/>\n",
              x0, y0 + ph - ph * lc / ymax, x0 + pw, y0 + ph - ph * lc / ymax);
  if (lr > 0 && lr <= ymax && fabs(lr - lc) > 1e-9)
    sb_printf(b, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#d9822b\" "
                 "stroke-opacity=\".55\" stroke-dasharray=\"4 3\"/>\n",
              x0, y0 + ph - ph * lr / ymax, x0 + pw, y0 + ph - ph * lr / ymax);
  polyline(b, h->ram_series, h->nram, x0, y0, pw, ph, ymax, "#d9822b");
  polyline(b, h->cpu_series, h->ncpu, x0, y0, pw, ph, ymax, "#1f5fa8");
  sb_printf(b, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#8a93a3\"/>\n",
            x0, y0 + ph, x0 + pw, y0 + ph);
  sb_add(b, "</svg>\n");
}

/* The site a host serves (every workload on it has the same): its first
 * workload's site constraint, else its inventory site; NULL when none. */
static const char *host_site(const nf_report *r, const rp_host *h)
{
  for (int k = 0; k < h->npl; k++) {
    if (h->pl[k].wl < 0)
      continue;
    const rp_workload *w = &r->w[h->pl[k].wl];
    for (int c = 0; c < w->nconstraints; c++)
      if (nf_strcaseeq(w->constraints[c].kind, "site"))
        return w->constraints[c].value;
    return w->site && *w->site ? w->site : NULL;
  }
  return NULL;
}

enum { HOSTS_OPEN = 48 }; /* host cards shown before the rest are folded */

/* A card per host of the recommended scenario: its kind, site, OS images,
 * peaks, chart and workloads; past HOSTS_OPEN cards (an estate of
 * thousands) the rest under one line that counts them. */
static void hosts(sbuf *b, const nf_report *r)
{
  if (r->recommended < 0)
    return;
  const rp_scenario *sc = &r->sc[r->recommended];
  nf_host_model hm; /* its cores, for the CPU limit of hosts with dedicated cores */
  nf_err err;
  int cores = 0;
  if (host_parse(sc->host_model, &hm, &err) == 0) {
    cores = hm.cores;
    host_free(&hm);
  }
  sb_add(b, "<section id=\"hosts\">\n<h2>Hosts of the recommended scenario (");
  esc(b, sc->name);
  sb_add(b, ")</h2>\n<p class=\"legend\">Projected utilization per time slot, overhead "
            "included:<i style=\"background:#1f5fa8\"></i>CPU<i style=\"background:#d9822b\">"
            "</i>RAM<i style=\"border-top:2px dashed #8a93a3;height:0\"></i>limit after "
            "headroom</p>\n<div class=\"hosts\">\n");
  for (int i = 0; i < sc->nh; i++) {
    const rp_host *h = &sc->h[i];
    if (i == HOSTS_OPEN) { /* the rest folded: a thousand charts is no page to scroll */
      char g[NF_GROUPED_LEN];
      sb_printf(b, "</div>\n<details class=\"fold\"><summary>%s more %s</summary>\n"
                   "<div class=\"hosts\">\n",
                commas(g, sc->nh - HOSTS_OPEN), plural(sc->nh - HOSTS_OPEN, "host", "hosts"));
    }
    sb_add(b, "<div class=\"host\">\n<h3>");
    esc(b, h->label);
    sb_add(b, " <span class=\"kind\">");
    esc(b, h->kind);
    const char *site = host_site(r, h);
    if (site) {
      sb_add(b, " · ");
      esc(b, site);
    }
    char og[NF_GROUPED_LEN];
    sb_printf(b, " · %s OS %s</span></h3>\n<div class=\"peaks\">Peak CPU <b>",
              commas(og, h->os_images), plural(h->os_images, "image", "images"));
    num(b, h->cpu_peak_pct, 1);
    sb_add(b, " %</b>");
    int pinned;
    double lim = cpu_limit_pct(r, h, cores, &pinned);
    if (pinned > 0 && cores > pinned) { /* its limit is not the headroom's */
      sb_add(b, " (limit ");
      num(b, lim, 1);
      sb_printf(b, " %%: %d %s dedicated)", pinned, plural(pinned, "core", "cores"));
    }
    sb_add(b, " · peak RAM <b>");
    num(b, h->ram_peak_pct, 1);
    sb_add(b, " %</b> (");
    grouped(b, h->ram_mb);
    sb_add(b, " of ");
    grouped(b, h->ram_mb_capacity);
    sb_add(b, " MB)</div>\n");
    if (h->ncpu || h->nram)
      host_chart(b, r, h, cores);
    else
      sb_add(b, "<p class=\"muted\">No per-slot series stored for this host.</p>\n");
    sb_add(b, "<div class=\"placed\">");
    for (int k = 0; k < h->npl; k++) {
      const rp_placement *p = &h->pl[k];
      /* One unit a line breaks around, not inside (a name breaks after
       * its hyphens otherwise), unless it is wider than the card. */
      sb_add(b, k ? " <span class=\"wl\">" : "<span class=\"wl\">");
      strategy_pill(b, p->strategy);
      sb_add(b, " ");
      esc(b, p->workload);
      if (p->dedicated_cores > 0)
        sb_printf(b, " <span class=\"kind\">(%d dedicated %s)</span>", p->dedicated_cores,
                  plural(p->dedicated_cores, "core", "cores"));
      sb_add(b, "</span>");
    }
    if (h->npl == 0)
      sb_add(b, "<span class=\"muted\">no workload placed</span>");
    sb_add(b, "</div>\n</div>\n");
  }
  sb_add(b, sc->nh > HOSTS_OPEN ? "</div>\n</details>\n</section>\n" : "</div>\n</section>\n");
}

/* The host label a workload gets in the recommended scenario, or NULL. */
static int same_reason(const rp_reason *a, const rp_reason *b)
{
  return strcmp(a->rule, b->rule) == 0 && strcmp(a->text, b->text) == 0;
}

/* The reasons for other verdicts, each text once with its signed points per
 * strategy; a text already shown under "why" is named by its rule only. */
static void also_weighed(sbuf *b, const rp_workload *w)
{
  sb_add(b, "<div class=\"also\">Also weighed: ");
  int first = 1;
  for (int k = 0; k < w->nreasons; k++) {
    const rp_reason *x = &w->reasons[k];
    if (strcmp(x->strategy, w->strategy) == 0)
      continue;
    int seen = 0, in_why = 0;
    for (int j = 0; j < w->nreasons; j++) {
      if (j == k || !same_reason(x, &w->reasons[j]))
        continue;
      if (strcmp(w->reasons[j].strategy, w->strategy) == 0)
        in_why = 1;
      else if (j < k)
        seen = 1;
    }
    if (seen)
      continue;
    sb_add(b, first ? "" : "; ");
    first = 0;
    if (in_why) {
      sb_add(b, "<span class=\"rule\">");
      esc(b, x->rule);
      sb_add(b, "</span>");
    } else {
      esc(b, x->text);
    }
    sb_add(b, " (");
    int n = 0;
    for (int j = k; j < w->nreasons; j++) {
      const rp_reason *y = &w->reasons[j];
      if (!same_reason(x, y) || strcmp(y->strategy, w->strategy) == 0)
        continue;
      sb_printf(b, "%s%s %+g", n++ ? ", " : "", strategy_label(y->strategy), y->points);
    }
    sb_add(b, ")");
  }
  sb_add(b, "</div>");
}

static const char *placed_on(const nf_report *r, int wl)
{
  if (r->recommended < 0)
    return NULL;
  const rp_scenario *sc = &r->sc[r->recommended];
  for (int j = 0; j < sc->nh; j++)
    for (int k = 0; k < sc->h[j].npl; k++)
      if (sc->h[j].pl[k].wl == wl)
        return sc->h[j].label;
  return NULL;
}

enum { WORKLOADS_OPEN = 100 }; /* past this many workloads, grouped (group_of) */

/* One row of the workloads table: the workload, today's server, verdict,
 * confidence, reasons and constraints, and its host. */
static void workload_row(sbuf *b, const nf_report *r, int i)
{
  const rp_workload *w = &r->w[i];
  sb_add(b, "<tr><td><b>");
  esc(b, w->name);
  sb_add(b, "</b>");
  if (w->role || w->site) {
    sb_add(b, "<div class=\"kind\">");
    esc(b, w->role);
    if (w->role && w->site)
      sb_add(b, " · ");
    esc(b, w->site);
    sb_add(b, "</div>");
  }
  sb_add(b, "</td><td><span class=\"nw\">");
  if (w->cores > 0)
    sb_printf(b, "%d %s", w->cores, plural(w->cores, "core", "cores"));
  if (w->ram_mb > 0) {
    sb_add(b, w->cores > 0 ? ", " : "");
    num(b, w->ram_mb / 1024, w->ram_mb < 10240 ? 1 : 0);
    sb_add(b, " GB");
  }
  sb_add(b, "</span>");
  if (w->os) {
    sb_add(b, "<div class=\"kind\">");
    esc(b, w->os);
    sb_add(b, "</div>");
  }
  if (w->is_guest)
    sb_add(b, "<div class=\"kind\">already a VM guest</div>");
  sb_add(b, "</td><td>");
  strategy_pill(b, w->strategy);
  if (w->co_host_kind) {
    sb_add(b, "<div class=\"kind\">as ");
    esc(b, co_host_label(w->co_host_kind));
    sb_add(b, "</div>");
  }
  sb_add(b, "</td><td>");
  confidence_pill(b, w->confidence);
  sb_add(b, "<div class=\"kind\">");
  esc(b, w->confidence_why);
  sb_add(b, "</div></td><td><ul class=\"reasons\">");
  int others = 0;
  for (int k = 0; k < w->nreasons; k++) {
    const rp_reason *x = &w->reasons[k];
    if (strcmp(x->strategy, w->strategy) != 0) {
      others++;
      continue;
    }
    sb_add(b, "<li>");
    esc(b, x->text);
    sb_add(b, " <span class=\"rule\">");
    esc(b, x->rule);
    sb_add(b, "</span></li>");
  }
  sb_add(b, "</ul>");
  if (others)
    also_weighed(b, w);
  if (w->nconstraints) {
    sb_add(b, "<div class=\"also\">Constraints: ");
    for (int k = 0; k < w->nconstraints; k++) {
      sb_add(b, k ? "; " : "");
      esc(b, w->constraints[k].kind);
      sb_add(b, " ");
      esc(b, w->constraints[k].value);
    }
    sb_add(b, "</div>");
  }
  sb_add(b, "</td><td>");
  const char *on = placed_on(r, i);
  if (on)
    esc(b, on);
  else
    sb_add(b, "<span class=\"muted\">—</span>");
  sb_add(b, "</td></tr>\n");
}

/* Past WORKLOADS_OPEN workloads the table is split into groups, in the
 * order a reader asks about them: the verdicts held with less than high
 * confidence, then, held with high confidence, the native ones, those on
 * dedicated cores, the co-hosted, the VM guests. */
enum { WG_UNSURE, WG_NATIVE, WG_DEDICATED, WG_COHOST, WG_GUEST, WG__COUNT };

static int group_of(const rp_workload *w)
{
  static const char *const by[] = {"native", "vm-dedicated-cpu", "co-host"};
  if (!w->confidence || strcmp(w->confidence, "high") != 0)
    return WG_UNSURE;
  for (int k = 0; k < 3; k++)
    if (strcmp(w->strategy, by[k]) == 0)
      return WG_NATIVE + k;
  return WG_GUEST;
}

static const char workloads_head[] =
    "<div class=\"scroll\"><table>\n<thead><tr><th>Workload</th><th>Today</th><th>Verdict</th>"
    "<th>Confidence</th><th>Why</th><th>Host</th></tr></thead>\n<tbody>\n";

/* The workloads table, by name. Past WORKLOADS_OPEN workloads (at 10,000
 * the risks would sit behind 10,000 rows) one table a group (group_of),
 * each under a line that counts it: a group of up to WORKLOADS_OPEN open,
 * a bigger one and the VM guests folded, not dropped. */
static void workloads(sbuf *b, const nf_report *r)
{
  sb_add(b, "<section id=\"workloads\">\n<h2>Workloads</h2>\n");
  if (r->nw == 0) {
    sb_add(b, "<p class=\"muted\">No verdicts: the plan has no score run.</p>\n</section>\n");
    return;
  }
  int counts[4];
  char g[NF_GROUPED_LEN];
  verdict_counts(r, counts);
  sb_add(b, "<p>");
  for (int k = 0; k < 4; k++) {
    strategy_pill(b, strategies[k]);
    sb_printf(b, " %s &nbsp; ", commas(g, counts[k]));
  }
  sb_add(b, "</p>\n");
  if (r->nw <= WORKLOADS_OPEN) {
    sb_add(b, workloads_head);
    for (int i = 0; i < r->nw; i++)
      workload_row(b, r, i);
    sb_add(b, "</tbody></table></div>\n</section>\n");
    return;
  }
  static const char *const what[WG__COUNT][2] = {
      {"workload held with less than high confidence", "workloads held with less than high confidence"},
      {"native workload, high confidence", "native workloads, high confidence"},
      {"workload on dedicated cores, high confidence", "workloads on dedicated cores, high confidence"},
      {"co-hosted workload, high confidence", "co-hosted workloads, high confidence"},
      {"VM guest, high confidence", "VM guests, high confidence"}};
  long n[WG__COUNT] = {0};
  for (int i = 0; i < r->nw; i++)
    n[group_of(&r->w[i])]++;
  for (int k = 0; k < WG__COUNT; k++) {
    if (n[k] == 0)
      continue;
    int open = k != WG_GUEST && n[k] <= WORKLOADS_OPEN;
    sb_printf(b, "<details class=\"fold\"%s><summary>%s %s</summary>\n", open ? " open" : "",
              commas(g, n[k]), what[k][n[k] != 1]);
    sb_add(b, workloads_head);
    for (int i = 0; i < r->nw; i++)
      if (group_of(&r->w[i]) == k)
        workload_row(b, r, i);
    sb_add(b, "</tbody></table></div>\n</details>\n");
  }
  sb_add(b, "</section>\n");
}

/* A kind of risk in one scenario, and how many workloads it names. */
typedef struct risk_kind {
  const char *kind;
  int n;
} risk_kind;

static int cmp_risk_kind(const void *x, const void *y)
{
  const risk_kind *a = x, *b = y;
  return a->n != b->n ? (a->n > b->n) - (a->n < b->n) : strcmp(a->kind, b->kind);
}

enum { RISKS_OPEN = 12 }; /* a kind with more rows than this starts folded */

/* Per scenario (the recommended one first: its risks are the ones that
 * matter), per kind, the rarest kind first: on an estate of hundreds of
 * guests nearly every SMP one gets co-scheduling, and the one workload
 * that pages must not drown in that list. A kind of many rows is folded
 * (<details>, no script needed) under a line that counts them. */
static void risks(sbuf *b, const nf_report *r)
{
  char g[NF_GROUPED_LEN];
  int n = 0;
  for (int i = 0; i < r->nsc; i++)
    n += r->sc[i].nrisks;
  sb_add(b, "<section id=\"risks\">\n<h2>Risks</h2>\n");
  if (n == 0) {
    sb_add(b, "<p class=\"muted\">No risks flagged in any scenario.</p>\n</section>\n");
    return;
  }
  sb_printf(b, "<p class=\"note\">By scenario, the recommended one first, and by kind, the "
               "rarest first; a kind of more than %d rows is folded: click its line.</p>\n",
            RISKS_OPEN);
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < r->nsc; i++) {
      const rp_scenario *sc = &r->sc[i];
      if ((pass == 0) != (i == r->recommended) || sc->nrisks == 0)
        continue;
      risk_kind *kinds = xmalloc((size_t)sc->nrisks * sizeof *kinds);
      int nk = 0;
      for (int k = 0; k < sc->nrisks; k++) {
        int q = 0;
        while (q < nk && strcmp(kinds[q].kind, sc->risks[k].kind) != 0)
          q++;
        if (q == nk)
          kinds[nk++] = (risk_kind){sc->risks[k].kind, 0};
        kinds[q].n++;
      }
      qsort(kinds, (size_t)nk, sizeof *kinds, cmp_risk_kind);
      sb_add(b, "<h3>");
      esc(b, sc->name);
      sb_add(b, " <span class=\"kind\">");
      model(b, sc->host_model);
      sb_add(b, "</span>");
      params(b, r, sc);
      sb_printf(b, "%s · %s %s</h3>\n",
                i == r->recommended ? " <span class=\"pill rec\">recommended</span>" : "",
                commas(g, sc->nrisks), plural(sc->nrisks, "risk", "risks"));
      for (int q = 0; q < nk; q++) {
        sb_printf(b, "<details class=\"risk\"%s><summary><b>", kinds[q].n > RISKS_OPEN ? "" : " open");
        esc(b, kinds[q].kind);
        sb_printf(b, "</b> · %s</summary>\n<div class=\"scroll\"><table>\n<tbody>\n",
                  commas(g, kinds[q].n));
        for (int k = 0; k < sc->nrisks; k++) {
          const rp_risk *x = &sc->risks[k];
          if (strcmp(x->kind, kinds[q].kind) != 0)
            continue;
          sb_add(b, i == r->recommended ? "<tr class=\"rec\"><td class=\"nw\">" : "<tr><td class=\"nw\">");
          if (x->workload)
            esc(b, x->workload);
          else
            sb_add(b, "<span class=\"muted\">all</span>");
          sb_add(b, "</td><td>");
          esc(b, x->text);
          sb_add(b, "</td></tr>\n");
        }
        sb_add(b, "</tbody></table></div>\n</details>\n");
      }
      free(kinds);
    }
  sb_add(b, "</section>\n");
}

static void replays(sbuf *b, const nf_report *r)
{
  sb_add(b, "<section id=\"replay\">\n<h2>Replay against another period</h2>\n");
  int any = 0;
  for (int i = 0; i < r->nsc; i++) {
    const rp_replay *p = r->sc[i].replay;
    if (p == NULL)
      continue;
    any = 1;
    sb_add(b, "<h3>");
    esc(b, r->sc[i].name);
    sb_add(b, " <span class=\"kind\">");
    model(b, r->sc[i].host_model);
    sb_add(b, "</span>");
    params(b, r, &r->sc[i]);
    sb_add(b, "</h3>\n<p>Replayed on the samples of ");
    time_(b, p->from);
    sb_add(b, " to ");
    time_(b, p->to);
    char g[2][NF_GROUPED_LEN];
    sb_printf(b, ": <b>%s of %s</b> host-intervals overloaded", commas(g[0], p->overloaded),
              commas(g[1], p->host_intervals));
    if (p->host_intervals > 0) {
      sb_add(b, " (");
      num(b, 100.0 * (double)p->overloaded / (double)p->host_intervals, 1);
      sb_add(b, " %)");
    }
    sb_add(b, ".</p>\n");
    if (p->nhosts) {
      sb_add(b, "<table>\n<thead><tr><th>Host</th><th class=\"num\">Intervals</th>"
                "<th class=\"num\">Overloaded</th><th>Worst CPU</th><th>Worst RAM</th>"
                "</tr></thead>\n<tbody>\n");
      for (int k = 0; k < p->nhosts; k++) {
        const rp_replay_host *h = &p->hosts[k];
        sb_add(b, "<tr><td>");
        esc(b, h->host);
        sb_printf(b, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td>",
                  commas(g[0], h->intervals), commas(g[1], h->overloaded));
        for (int d = 0; d < 2; d++) {
          int has = d ? h->has_worst_ram : h->has_worst_cpu;
          double v = d ? h->worst_ram_pct : h->worst_cpu_pct;
          sb_add(b, "<td>");
          if (has) {
            double wpx = v < 0 ? 0 : v > 100 ? 100 : v;
            sb_add(b, "<span class=\"meter\"><b ");
            sb_add(b, v > 100 ? "class=\"over\" " : "");
            sb_add(b, "style=\"width:");
            num(b, wpx, 0);
            sb_add(b, "%\"></b></span>");
            num(b, v, 1);
            sb_add(b, " %");
          } else {
            sb_add(b, "<span class=\"muted\">—</span>");
          }
          sb_add(b, "</td>");
        }
        sb_add(b, "</tr>\n");
      }
      sb_add(b, "</tbody></table>\n");
    }
  }
  if (!any)
    sb_add(b, "<p class=\"muted\">No replay yet. <code>nfold replay --window FROM..TO</code> "
              "tests this plan against the samples of another period.</p>\n");
  sb_add(b, "</section>\n");
}

static void footer(sbuf *b, const nf_report *r)
{
  sb_add(b, "<footer>Generated by nfold " NFOLD_VERSION " on ");
  time_(b, r->generated_at);
  sb_printf(b, " from plan %lld", (long long)r->plan_id);
  if (r->score_run_id)
    sb_printf(b, " and score run %lld", (long long)r->score_run_id);
  if (r->options && *r->options) {
    sb_add(b, " (<code>");
    esc(b, r->options);
    sb_add(b, "</code>)");
  }
  sb_add(b, ". The same plan as data: <code>nfold report --format xml</code> or "
            "<code>--format csv</code>.</footer>\n</main>\n</body>\n</html>\n");
}

int rp_render_html(const nf_report *r, sbuf *out, nf_err *err)
{
  head(out, r);
  headline(out, r);
  scenarios(out, r);
  hosts(out, r);
  workloads(out, r);
  risks(out, r);
  replays(out, r);
  footer(out, r);
  return 0;
}
