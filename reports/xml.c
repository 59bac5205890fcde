/* xml.c — the XML printer: the report model as the document DESIGN §4b
 * specifies and reports/nfold-report.xsd describes (docs/report.md walks
 * through it element by element). Written with libxml2's xmlTextWriter,
 * which does all the escaping; report_render validates the result against
 * the embedded schema before anyone sees it. */
#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* The writer and whether any call failed so far; every helper below is a
 * no-op once one has, and the printer checks the flag at the end. */
typedef struct xw {
  xmlTextWriterPtr w;
  int bad;
} xw;

static void start(xw *x, const char *name)
{
  if (!x->bad && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
    x->bad = 1;
}

static void end(xw *x)
{
  if (!x->bad && xmlTextWriterEndElement(x->w) < 0)
    x->bad = 1;
}

static void text(xw *x, const char *s)
{
  char *c = rp_clean(s ? s : "");
  if (!x->bad && xmlTextWriterWriteString(x->w, BAD_CAST c) < 0)
    x->bad = 1;
  free(c);
}

static void attr(xw *x, const char *name, const char *value)
{
  if (value == NULL)
    return;
  char *c = rp_clean(value);
  if (!x->bad && xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST c) < 0)
    x->bad = 1;
  free(c);
}

static void attr_long(xw *x, const char *name, long long v)
{
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", v);
  attr(x, name, buf);
}

static void attr_num(xw *x, const char *name, double v, int dec)
{
  char buf[64];
  attr(x, name, rp_num(buf, sizeof buf, v, dec));
}

static void attr_time(xw *x, const char *name, int64_t ts)
{
  char buf[32];
  attr(x, name, rp_time(buf, sizeof buf, ts));
}

/* A whole element with text content and up to two attributes. */
static void text_element(xw *x, const char *name, const char *a1, const char *v1,
                         const char *a2, const char *v2, const char *body)
{
  start(x, name);
  if (a1)
    attr(x, a1, v1);
  if (a2)
    attr(x, a2, v2);
  text(x, body);
  end(x);
}

/* <overhead cpu-pct ram-mb> with one <source> per source. The total CPU is
 * the sum of the sources (all are % of the same demand) unless the stage
 * that wrote them recorded a total of its own (TOTAL_CPU >= 0). */
static void overhead(xw *x, const rp_source *s, int n, double total_cpu, double total_ram)
{
  if (total_cpu < 0) {
    total_cpu = total_ram = 0;
    for (int i = 0; i < n; i++) {
      total_cpu += s[i].cpu_pct;
      total_ram += s[i].ram_mb;
    }
  }
  start(x, "overhead");
  attr_num(x, "cpu-pct", total_cpu, 2);
  attr_num(x, "ram-mb", total_ram, 1);
  for (int i = 0; i < n; i++) {
    start(x, "source");
    attr(x, "name", s[i].name);
    attr_num(x, "cpu-pct", s[i].cpu_pct, 2);
    attr_num(x, "ram-mb", s[i].ram_mb, 1);
    end(x);
  }
  end(x);
}

static void series_attr(xw *x, const char *name, const double *v, int n)
{
  sbuf b = {0};
  char buf[64];
  for (int i = 0; i < n; i++) {
    if (i)
      sb_addc(&b, ' ');
    sb_add(&b, rp_num(buf, sizeof buf, v[i], 1));
  }
  attr(x, name, b.s ? b.s : "");
  sb_free(&b);
}

static const char *const score_attrs[4] = {"vm-guest", "vm-dedicated-cpu", "native", "co-host"};

static void workload(xw *x, const rp_workload *w)
{
  start(x, "workload");
  attr(x, "name", w->name);
  attr(x, "server", w->name);
  attr(x, "site", w->site);
  attr(x, "role", w->role);
  attr(x, "os", w->os);
  if (w->cores > 0)
    attr_long(x, "cores", w->cores);
  if (w->ram_mb > 0)
    attr_num(x, "ram-mb", w->ram_mb, 0);
  attr(x, "is-guest", w->is_guest ? "true" : "false");

  start(x, "recommendation");
  attr(x, "strategy", w->strategy);
  attr(x, "co-host-kind", w->co_host_kind);
  for (int i = 0; i < w->nreasons; i++) {
    const rp_reason *r = &w->reasons[i];
    char pts[64];
    start(x, "reason");
    attr(x, "rule", r->rule);
    attr(x, "strategy", r->strategy);
    attr(x, "points", rp_num(pts, sizeof pts, r->points, 2));
    text(x, r->text);
    end(x);
  }
  end(x);
  text_element(x, "confidence", "level", w->confidence, NULL, NULL, w->confidence_why);

  int any = 0;
  for (int k = 0; k < 4; k++)
    any |= w->has_score[k];
  if (any) {
    start(x, "scores");
    for (int k = 0; k < 4; k++)
      if (w->has_score[k])
        attr_num(x, score_attrs[k], w->score[k], 2);
    end(x);
  }
  for (int i = 0; i < w->nconstraints; i++) {
    start(x, "constraint");
    attr(x, "kind", w->constraints[i].kind);
    attr(x, "value", w->constraints[i].value);
    end(x);
  }
  end(x);
}

static void host(xw *x, const nf_report *r, const rp_host *h)
{
  start(x, "host");
  attr(x, "id", h->label);
  attr(x, "kind", h->kind);
  attr_long(x, "os-images", h->os_images);
  attr_num(x, "cpu-capacity", h->cpu_capacity, 2);
  attr_num(x, "ram-mb-capacity", h->ram_mb_capacity, 0);
  attr_num(x, "cpu-peak-pct", h->cpu_peak_pct, 1);
  attr_num(x, "ram-peak-pct", h->ram_peak_pct, 1);
  attr_num(x, "ram-mb", h->ram_mb, 0);
  for (int i = 0; i < h->npl; i++) {
    const rp_placement *p = &h->pl[i];
    start(x, "placement");
    attr(x, "workload", p->workload);
    attr(x, "strategy", p->strategy);
    attr(x, "co-host-kind", p->co_host_kind);
    if (p->dedicated_cores > 0)
      attr_long(x, "dedicated-cores", p->dedicated_cores);
    attr_num(x, "cpu-peak", p->cpu_peak, 2);
    attr_num(x, "ram-peak-mb", p->ram_peak_mb, 0);
    if (p->noh)
      overhead(x, p->oh, p->noh, -1, -1);
    end(x);
  }
  if (h->ncpu || h->nram) {
    start(x, "series");
    attr_long(x, "slot-seconds", h->step_s);
    if (r->has_slots)
      attr_time(x, "start", r->slot0);
    if (h->ncpu)
      series_attr(x, "cpu-pct", h->cpu_series, h->ncpu);
    if (h->nram)
      series_attr(x, "ram-pct", h->ram_series, h->nram);
    end(x);
  }
  end(x);
}

static void replay(xw *x, const rp_replay *p)
{
  char a[32], b[32];
  char *win = xasprintf("%s..%s", rp_time(a, sizeof a, p->from), rp_time(b, sizeof b, p->to));
  start(x, "replay");
  attr(x, "window", win);
  attr_long(x, "host-intervals", p->host_intervals);
  attr_long(x, "overloaded", p->overloaded);
  attr_time(x, "created-at", p->created_at);
  free(win);
  for (int i = 0; i < p->nhosts; i++) {
    const rp_replay_host *h = &p->hosts[i];
    start(x, "host-result");
    attr(x, "host", h->host);
    attr_long(x, "intervals", h->intervals);
    attr_long(x, "overloaded", h->overloaded);
    if (h->has_worst_cpu)
      attr_num(x, "worst-cpu-pct", h->worst_cpu_pct, 1);
    if (h->has_worst_ram)
      attr_num(x, "worst-ram-pct", h->worst_ram_pct, 1);
    end(x);
  }
  end(x);
}

static void scenario(xw *x, const nf_report *r, int idx)
{
  const rp_scenario *sc = &r->sc[idx];
  start(x, "scenario");
  attr(x, "name", sc->name);
  attr_long(x, "hosts", sc->hosts);
  attr_long(x, "os-images", sc->os_images);
  attr_long(x, "lower-bound", sc->lower_bound);
  attr(x, "host-model", sc->host_model);
  attr_num(x, "host-cpu-capacity", sc->cpu_capacity, 2);
  attr_num(x, "host-ram-mb", sc->ram_mb, 0);
  if (sc->has_baseline)
    attr_long(x, "baseline-hosts", sc->baseline_hosts);
  if (sc->has_baseline && sc->baseline_overloaded >= 0)
    attr_long(x, "baseline-overloaded", sc->baseline_overloaded);
  if (sc->has_price)
    attr_num(x, "price", sc->price, 2);
  /* A what-if plan compares headrooms or percentiles: each scenario says
   * its own (else the plan element's apply to all). */
  if (r->params_vary) {
    attr_num(x, "headroom-cpu", sc->headroom_cpu, 3);
    attr_num(x, "headroom-ram", sc->headroom_ram, 3);
    if (sc->headroom_iops >= 0)
      attr_num(x, "headroom-iops", sc->headroom_iops, 3);
    if (sc->headroom_net >= 0)
      attr_num(x, "headroom-net", sc->headroom_net, 3);
    attr_num(x, "percentile", sc->percentile, 1);
  }
  if (idx == r->recommended)
    attr(x, "recommended", "true");
  if (sc->notes && *sc->notes)
    text_element(x, "notes", NULL, NULL, NULL, NULL, sc->notes);
  overhead(x, sc->oh, sc->noh, sc->oh_cpu_pct, sc->oh_ram_mb);
  for (int i = 0; i < sc->nh; i++)
    host(x, r, &sc->h[i]);
  for (int i = 0; i < sc->nrisks; i++) {
    const rp_risk *k = &sc->risks[i];
    start(x, "risk");
    attr(x, "workload", k->workload);
    attr(x, "kind", k->kind);
    if (k->has_figure)
      attr_num(x, "figure", k->figure, 2);
    text(x, k->text);
    end(x);
  }
  if (sc->replay)
    replay(x, sc->replay);
  end(x);
}

int rp_render_xml(const nf_report *r, sbuf *out, nf_err *err)
{
  xmlBufferPtr buf = xmlBufferCreate();
  xw x = {0};
  int ret = -1;
  if (buf == NULL || (x.w = xmlNewTextWriterMemory(buf, 0)) == NULL) {
    nf_errf(err, NULL, 0, "cannot create the XML writer");
    goto done;
  }
  if (xmlTextWriterSetIndent(x.w, 1) < 0 || xmlTextWriterSetIndentString(x.w, BAD_CAST "  ") < 0 ||
      xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL) < 0)
    x.bad = 1;

  start(&x, "nfold-report");
  attr(&x, "schema-version", "1");
  attr(&x, "generator", "nfold " NFOLD_VERSION);
  attr_time(&x, "generated-at", r->generated_at);

  start(&x, "plan");
  attr_long(&x, "id", r->plan_id);
  attr_time(&x, "created-at", r->created_at);
  attr(&x, "hypervisor", r->hypervisor);
  attr_num(&x, "percentile", r->percentile, 1);
  attr_long(&x, "slot-seconds", r->slot_s);
  attr_num(&x, "headroom-cpu", r->headroom_cpu, 3);
  attr_num(&x, "headroom-ram", r->headroom_ram, 3);
  if (r->window_from)
    attr_time(&x, "window-from", r->window_from);
  if (r->window_to)
    attr_time(&x, "window-to", r->window_to);
  if (r->score_run_id)
    attr_long(&x, "score-run", r->score_run_id);
  if (r->has_slots) {
    attr_time(&x, "slots-from", r->slot0);
    attr_long(&x, "slots", r->nslots);
  }
  attr(&x, "options", r->options);
  end(&x);

  /* The hypervisor profile's model in words: why each term is what it is. */
  if (r->nmodel > 0) {
    start(&x, "model");
    attr(&x, "hypervisor", r->hypervisor);
    if (r->hv_title)
      attr(&x, "title", r->hv_title);
    for (int i = 0; i < r->nmodel; i++) {
      start(&x, "term");
      attr(&x, "source", r->model[i].source);
      attr(&x, "formula", r->model[i].formula);
      text(&x, r->model[i].why);
      end(&x);
    }
    end(&x);
  }

  start(&x, "estate");
  attr_long(&x, "servers", r->est_servers);
  attr_long(&x, "physical", r->est_physical);
  attr_long(&x, "guests", r->est_guests);
  attr_long(&x, "existing-hosts", r->est_hosts);
  end(&x);

  start(&x, "workloads");
  for (int i = 0; i < r->nw; i++)
    workload(&x, &r->w[i]);
  end(&x);

  start(&x, "scenarios");
  for (int i = 0; i < r->nsc; i++)
    scenario(&x, r, i);
  end(&x);

  end(&x);
  if (!x.bad && xmlTextWriterEndDocument(x.w) < 0)
    x.bad = 1;
  xmlFreeTextWriter(x.w); /* flushes into buf */
  x.w = NULL;
  if (x.bad) {
    nf_errf(err, NULL, 0, "cannot write the XML report (libxml2 writer failed)");
    goto done;
  }
  sb_addn(out, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
  ret = 0;
done:
  if (x.w)
    xmlFreeTextWriter(x.w);
  if (buf)
    xmlBufferFree(buf);
  return ret;
}
