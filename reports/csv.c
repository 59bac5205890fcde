/* csv.c — the CSV printer, for spreadsheets: one row per workload per
 * scenario, saying where the plan puts the workload and how loaded that
 * host gets (docs/report.md lists the columns). RFC 4180: CRLF line ends,
 * a header row, fields quoted when they hold a comma, quote or line break,
 * quotes doubled. Text that a spreadsheet would run as a formula (leading
 * = + - @) gets a leading apostrophe, the usual CSV-injection guard. */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char *const columns[] = {
  "workload", "server", "site", "role", "strategy", "co_host_kind", "confidence",
  "scenario", "host_model", "recommended", "placed_strategy", "host", "host_kind",
  "host_cpu_peak_pct", "host_ram_peak_pct", "workload_cpu_peak", "workload_ram_peak_mb",
  "overhead_cpu_pct", "overhead_ram_mb",
};

/* Appended when the plan compares several headrooms or percentiles: what
 * each scenario was planned with (IOPS and network empty when not
 * recorded). */
static const char *const param_columns[] = {
  "headroom_cpu", "headroom_ram", "headroom_iops", "headroom_net", "percentile",
};

/* Appends one text field (NULL = empty) and its separator. */
static void field(sbuf *b, const char *s, int first)
{
  if (!first)
    sb_addc(b, ',');
  if (s == NULL || *s == '\0')
    return;
  char *c = rp_clean(s);
  int formula = c[0] != '\0' && strchr("=+-@", c[0]) != NULL;
  int quote = formula || strpbrk(c, ",\"\r\n") != NULL;
  if (quote)
    sb_addc(b, '"');
  if (formula)
    sb_addc(b, '\'');
  for (const char *p = c; *p; p++) {
    if (*p == '"')
      sb_addc(b, '"');
    sb_addc(b, *p);
  }
  if (quote)
    sb_addc(b, '"');
  free(c);
}

static void num_field(sbuf *b, double v, int dec)
{
  char buf[64];
  sb_addc(b, ',');
  sb_add(b, rp_num(buf, sizeof buf, v, dec));
}

static void placement(sbuf *b, const rp_host *h, const rp_placement *p);

/* One row: workload W (may be NULL for a placement without verdict, whose
 * name is NAME), in scenario SC on host H with placement P (both NULL when
 * the scenario did not place it). */
static void row(sbuf *b, const nf_report *r, int sci, const rp_workload *w, const char *name,
                const rp_host *h, const rp_placement *p)
{
  const rp_scenario *sc = &r->sc[sci];
  field(b, name, 1);
  field(b, name, 0);
  field(b, w ? w->site : NULL, 0);
  field(b, w ? w->role : NULL, 0);
  field(b, w ? w->strategy : NULL, 0);
  field(b, w ? w->co_host_kind : NULL, 0);
  field(b, w ? w->confidence : NULL, 0);
  field(b, sc->name, 0);
  field(b, sc->host_model, 0);
  field(b, sci == r->recommended ? "yes" : "no", 0);
  if (p == NULL) {
    for (size_t i = 10; i < NF_ARRAY_LEN(columns); i++)
      sb_addc(b, ',');
  } else {
    placement(b, h, p);
  }
  if (r->params_vary) {
    num_field(b, sc->headroom_cpu, 3);
    num_field(b, sc->headroom_ram, 3);
    if (sc->headroom_iops >= 0)
      num_field(b, sc->headroom_iops, 3);
    else
      sb_addc(b, ',');
    if (sc->headroom_net >= 0)
      num_field(b, sc->headroom_net, 3);
    else
      sb_addc(b, ',');
    num_field(b, sc->percentile, 1);
  }
  sb_add(b, "\r\n");
}

/* The placement columns of a row: where P put the workload, on host H. */
static void placement(sbuf *b, const rp_host *h, const rp_placement *p)
{
  field(b, p->strategy, 0);
  field(b, h->label, 0);
  field(b, h->kind, 0);
  num_field(b, h->cpu_peak_pct, 1);
  num_field(b, h->ram_peak_pct, 1);
  num_field(b, p->cpu_peak, 2);
  num_field(b, p->ram_peak_mb, 0);
  double cpu = 0, ram = 0;
  for (int i = 0; i < p->noh; i++) {
    cpu += p->oh[i].cpu_pct;
    ram += p->oh[i].ram_mb;
  }
  num_field(b, cpu, 2);
  num_field(b, ram, 1);
}

int rp_render_csv(const nf_report *r, sbuf *out, nf_err *err)
{
  for (size_t i = 0; i < NF_ARRAY_LEN(columns); i++) {
    if (i)
      sb_addc(out, ',');
    sb_add(out, columns[i]);
  }
  for (size_t i = 0; r->params_vary && i < NF_ARRAY_LEN(param_columns); i++) {
    sb_addc(out, ',');
    sb_add(out, param_columns[i]);
  }
  sb_add(out, "\r\n");
  for (int s = 0; s < r->nsc; s++) {
    const rp_scenario *sc = &r->sc[s];
    for (int i = 0; i < r->nw; i++) {
      const rp_host *h = NULL;
      const rp_placement *p = NULL;
      for (int j = 0; j < sc->nh && p == NULL; j++)
        for (int k = 0; k < sc->h[j].npl; k++)
          if (sc->h[j].pl[k].wl == i) {
            h = &sc->h[j];
            p = &sc->h[j].pl[k];
            break;
          }
      row(out, r, s, &r->w[i], r->w[i].name, h, p);
    }
    /* Placed workloads the score run has no verdict for still get a row. */
    for (int j = 0; j < sc->nh; j++)
      for (int k = 0; k < sc->h[j].npl; k++)
        if (sc->h[j].pl[k].wl < 0)
          row(out, r, s, NULL, sc->h[j].pl[k].workload, &sc->h[j], &sc->h[j].pl[k]);
  }
  return 0;
}
