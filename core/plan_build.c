/* plan_build.c — one scenario from an estate and its verdicts (planner.h
 * plan_scenario), without a database: strategy per workload, placement
 * constraints, demand series with the overhead model applied, the fold
 * (fold.h), the exact projection of every host with its real guest count,
 * repair of any host the exact overhead pushes over, the lower bound, the
 * sum-of-p95 first-fit baseline, overhead by source and risks.
 *
 * Units: CPU in CU, RAM in MB, disk in IOPS, network in Mbit/s. A host's
 * usable capacity is its capacity less the headroom of each dimension; on a
 * hypervisor host the RAM left for guests is what remains after the host's
 * fixed reservation and free-memory floor (oh_host_ram). Page sharing is
 * credited in the projection but never relied on for packing. */
#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fold.h"
#include "planner.h"

/* How far over its usable capacity a host may go and still fit: what the
 * fold's fit test accepts (FOLD_EPS, on float sums), with as much again
 * for their rounding. The repair's projection and the bounds below hold
 * to it: with less, the repair moved guests the fold had rightly placed
 * and opened a host for them, and a bound could claim a host more than
 * the fold needs. */
#define FIT_OVER (1 + 2 * FOLD_EPS)

const char *const nf_host_kind_names[NF_HK__COUNT] = {"hypervisor", "co-host", "native"};

/* A small string → id table. */
typedef struct strtab {
  char **s;
  int n;
  size_t cap;
} strtab;

static int st_id(strtab *t, const char *s)
{
  for (int i = 0; i < t->n; i++)
    if (strcmp(t->s[i], s) == 0)
      return i;
  xgrow(&t->s, &t->cap, (size_t)t->n + 1, sizeof *t->s);
  t->s[t->n] = xstrdup(s);
  return t->n++;
}

static void st_free(strtab *t)
{
  for (int i = 0; i < t->n; i++)
    free(t->s[i]);
  free(t->s);
  memset(t, 0, sizeof *t);
}

/* One workload as placed in the scenario. */
typedef struct pw {
  int strategy, hk, part, item;
  const char *chk;    /* co-host kind */
  int light;          /* co-host contention: light (pools, file shares) */
  double cohost_k;    /* its co-host contention factor (oh_cohost_k) */
  int ded;            /* dedicated cores */
  int vcpus;
  double ram_need;    /* MB a VM guest is given whatever it uses; < 0 when the
                         hypervisor overcommits (its need follows its use) */
  int nanti;
  int anti[4];
  int affinity;       /* affinity group id or -1 */
} pw;

/* One fold item: an affinity group (or a single workload). */
typedef struct pitem {
  int *w;
  int nw;
} pitem;

typedef struct ctx {
  const nf_estate *e;
  const nf_verdict *v;
  const nf_hv *hv;
  nf_oh_hostram hram; /* hv's host RAM terms */
  const nf_plan_opts *o;
  const nf_host_model *hm;
  nf_scenario *out;
  int ns;
  pw *pw;
  strtab parts, groups;
  pitem *pi;
  int nit;
  fold_item *it;
  unsigned char *own; /* per item, while the bounds run: it takes a host alone
                         (fold_lower_bound says), so the bounds count it as one host */
  float *buf;         /* item series: nit × FOLD_D × ns */
  int act[FOLD_D];
  double cpu_use;     /* usable CPU of a host, CU */
  double ram_use[NF_HK__COUNT]; /* usable RAM for what the fold counts, MB */
  double ram_limit;   /* usable RAM of a host (after headroom), MB */
  double iops_use, net_use;
  double ratio;       /* vCPU:pCPU ceiling, 0 = none */
  int maxg;           /* guests per host ceiling, 0 = none */
  nf_oh_host *est;    /* per partition: the host the fold assumes */
  int *vcap;          /* per partition: vCPUs a host may hold in the fold, 0 = any */
  double *charge;     /* per partition: CPU charged per guest in phase B (share of a
                         host's usable CPU) for the scheduler term's growth with the
                         host's guest count; NULL in phase A */
  /* scratch for projections */
  double *pcpu, *pram, *piops, *pnet;
} ctx;

static void add_risk(nf_scenario *s, int w, const char *kind, double figure, int has,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void add_risk(nf_scenario *s, int w, const char *kind, double figure, int has,
                     const char *fmt, ...)
{
  xgrow(&s->risks, &s->riskcap, (size_t)s->nrisks + 1, sizeof *s->risks);
  nf_plan_risk *r = &s->risks[s->nrisks++];
  sbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  r->w = w;
  r->kind = xstrdup(kind);
  r->text = sb_take(&b);
  r->figure = figure;
  r->has_figure = has;
}

static int contains_ci(const char *hay, const char *needle)
{
  if (hay == NULL)
    return 0;
  size_t n = strlen(needle);
  for (const char *p = hay; *p; p++)
    if (strncasecmp(p, needle, n) == 0)
      return 1;
  return 0;
}

/* The OS family a co-host image is built from: workloads of one family can
 * share an image. */
static const char *os_family(const char *os)
{
  static const struct {
    const char *needle, *family;
  } fam[] = {
    {"windows", "windows"}, {"win2", "windows"},  {"linux", "linux"},   {"rhel", "linux"},
    {"red hat", "linux"},   {"centos", "linux"},  {"ubuntu", "linux"},  {"debian", "linux"},
    {"suse", "linux"},      {"sles", "linux"},    {"rocky", "linux"},   {"alma", "linux"},
    {"solaris", "solaris"}, {"sunos", "solaris"}, {"aix", "aix"},       {"hp-ux", "hp-ux"},
    {"bsd", "bsd"},
  };
  if (os == NULL || *os == '\0')
    return "unknown";
  for (size_t i = 0; i < NF_ARRAY_LEN(fam); i++)
    if (contains_ci(os, fam[i].needle))
      return fam[i].family;
  return os;
}

const char *plan_cohost_kind(const char *kind, const nf_server *s, int *light)
{
  static const char *const names[] = {"app-pool", "sql-instance", "resource-policy", "container"};
  const char *k = NULL;
  for (size_t i = 0; i < NF_ARRAY_LEN(names) && k == NULL; i++)
    if (kind && nf_strcaseeq(kind, names[i]))
      k = names[i];
  if (k == NULL) /* the policy picked none: the default for the role */
    k = contains_ci(s->role, "web") || contains_ci(s->role, "iis") ? names[0]
        : contains_ci(s->role, "sql") || contains_ci(s->role, "db") ||
                contains_ci(s->role, "database")
            ? names[1]
            : names[2];
  *light = k == names[0] || contains_ci(s->role, "web") || contains_ci(s->role, "file");
  return k;
}

static const char *constraint(const nf_verdict *v, const char *kind)
{
  if (v == NULL)
    return NULL;
  for (int i = 0; i < v->nconstraints; i++)
    if (v->constraints[i].kind && nf_strcaseeq(v->constraints[i].kind, kind))
      return v->constraints[i].value;
  return NULL;
}

static void add_anti(ctx *c, pw *p, const char *key)
{
  int g = st_id(&c->groups, key);
  for (int i = 0; i < p->nanti; i++)
    if (p->anti[i] == g)
      return;
  if (p->nanti < (int)NF_ARRAY_LEN(p->anti))
    p->anti[p->nanti++] = g;
}

/* What the overhead model fixes per workload, once: vCPUs, the RAM a
 * guest is given when the hypervisor does not overcommit, and the co-host
 * contention factor (P->light already set). */
static void pw_model(pw *p, const nf_hv *hv, const nf_workload *w)
{
  p->vcpus = oh_guest_vcpus(hv, w);
  p->ram_need = oh_overcommit(hv) ? -1 : oh_guest_ram_need(hv, w);
  p->cohost_k = oh_cohost_k(hv, p->light);
}

/* Strategy, host kind, partition and constraints of every workload. */
static void classify(ctx *c)
{
  const nf_estate *e = c->e;
  int scen = c->out->scen;
  c->pw = xcalloc((size_t)e->n + 1, sizeof *c->pw);
  for (int i = 0; i < e->n; i++) {
    const nf_workload *w = &e->w[i];
    const nf_verdict *v = c->v ? &c->v[i] : NULL;
    pw *p = &c->pw[i];
    p->affinity = -1;
    if (scen == NF_SC_ALL_VM)
      p->strategy = NF_S_VM_GUEST;
    else if (scen == NF_SC_CO_HOST)
      p->strategy = NF_S_CO_HOST;
    else
      p->strategy = v ? v->strategy : NF_S_VM_GUEST;
    if (p->strategy < 0 || p->strategy >= NF_S__COUNT)
      p->strategy = NF_S_VM_GUEST;
    p->hk = p->strategy == NF_S_CO_HOST ? NF_HK_CO_HOST
            : p->strategy == NF_S_NATIVE ? NF_HK_NATIVE
                                         : NF_HK_HYPERVISOR;
    if (p->strategy == NF_S_CO_HOST)
      p->chk = plan_cohost_kind(v && v->strategy == NF_S_CO_HOST ? v->co_host_kind : NULL,
                                &w->srv, &p->light);
    pw_model(p, c->hv, w);
    const char *site = constraint(v, "site");
    if (site == NULL)
      site = w->srv.site ? w->srv.site : "";
    char *key = xasprintf("%s|%s|%s", nf_host_kind_names[p->hk], site,
                          p->hk == NF_HK_CO_HOST ? os_family(w->srv.os) : "");
    for (char *q = key; *q; q++)
      *q = (char)tolower((unsigned char)*q);
    p->part = st_id(&c->parts, key);
    free(key);
    const char *cl = server_tag(&w->srv, "cluster");
    if (cl && *cl) {
      char *k = xasprintf("cluster=%s", cl);
      add_anti(c, p, k);
      free(k);
    }
    const char *dom = server_tag(&w->srv, "domain");
    if (dom && *dom && (nf_strcaseeq(w->srv.role ? w->srv.role : "", "dc") ||
                        contains_ci(w->srv.role, "domain controller"))) {
      char *k = xasprintf("dc domain=%s", dom);
      add_anti(c, p, k);
      free(k);
    }
    if (v)
      for (int k = 0; k < v->nconstraints; k++) {
        const nf_constraint *ct = &v->constraints[k];
        if (ct->kind == NULL || ct->value == NULL)
          continue;
        if (nf_strcaseeq(ct->kind, "anti-affinity")) {
          char *key2 = xasprintf("anti-affinity=%s", ct->value);
          add_anti(c, p, key2);
          free(key2);
        } else if (nf_strcaseeq(ct->kind, "affinity")) {
          char *key2 = xasprintf("affinity=%s", ct->value);
          p->affinity = st_id(&c->groups, key2);
          free(key2);
        }
      }
  }
}

/* Groups workloads into fold items: one per affinity group within one
 * partition, one per other workload. Conflicts make a risk and split. */
static void make_items(ctx *c)
{
  const nf_estate *e = c->e;
  c->pi = xcalloc((size_t)e->n + 1, sizeof *c->pi);
  c->nit = 0;
  for (int i = 0; i < e->n; i++)
    c->pw[i].item = -1;
  for (int i = 0; i < e->n; i++) {
    pw *p = &c->pw[i];
    if (p->item >= 0)
      continue;
    int j = c->nit++;
    pitem *it = &c->pi[j];
    it->w = xmalloc(sizeof *it->w);
    it->w[it->nw++] = i;
    p->item = j;
    if (p->affinity < 0)
      continue;
    if (p->hk == NF_HK_NATIVE) {
      add_risk(c->out, i, "constraint-unsatisfiable", 0, 0,
               "%s is kept native on a host of its own, so its affinity group '%s' cannot be "
               "honoured",
               e->w[i].srv.name, c->groups.s[p->affinity] + 9);
      continue;
    }
    for (int k = i + 1; k < e->n; k++) {
      pw *q = &c->pw[k];
      if (q->item >= 0 || q->affinity != p->affinity || q->hk == NF_HK_NATIVE)
        continue;
      int clash = q->part != p->part;
      for (int a = 0; a < p->nanti && !clash; a++)
        for (int b = 0; b < q->nanti; b++)
          if (p->anti[a] == q->anti[b])
            clash = 1;
      for (int m = 1; m < it->nw && !clash; m++) {
        const pw *r = &c->pw[it->w[m]];
        for (int a = 0; a < r->nanti; a++)
          for (int b = 0; b < q->nanti; b++)
            if (r->anti[a] == q->anti[b])
              clash = 1;
      }
      if (clash) {
        add_risk(c->out, k, "constraint-unsatisfiable", 0, 0,
                 "%s cannot join its affinity group '%s' with %s: %s", e->w[k].srv.name,
                 c->groups.s[p->affinity] + 9, e->w[i].srv.name,
                 q->part != p->part ? "they belong on different sites or host kinds"
                                    : "an anti-affinity rule keeps them apart");
        continue;
      }
      it->w = xrealloc(it->w, (size_t)(it->nw + 1) * sizeof *it->w);
      it->w[it->nw++] = k;
      q->item = j;
    }
  }
}

/* Native demand of workload I in dimension D at slot S. */
static double dem(const ctx *c, int i, int d, int s)
{
  const float *v = c->e->w[i].demand[d];
  double x = v ? v[s] : 0;
  return isfinite(x) && x > 0 ? x : 0;
}

/* RAM a VM guest needs at slot S, before its per-VM overhead. */
static double vm_ram(const ctx *c, int i, int s)
{
  return c->pw[i].ram_need >= 0 ? c->pw[i].ram_need : dem(c, i, NF_D_RAM, s);
}

/* Dedicated cores of a vm-dedicated-cpu guest: the policy's figure, else
 * enough whole cores of the target host for its peak with overhead at the
 * CPU headroom, at least one. */
static int dedicated_cores(ctx *c, int i, const nf_oh_host *h)
{
  const char *val = constraint(c->v ? &c->v[i] : NULL, "dedicated-cores");
  double v;
  if (val && nf_parse_double(val, &v) == 0 && v >= 1)
    return (int)ceil(v);
  const nf_workload *w = &c->e->w[i];
  double pk = 0;
  nf_oh_prep op;
  oh_prepare(c->hv, w, h, &op);
  for (int s = 0; s < c->ns; s++) {
    double d = dem(c, i, NF_D_CPU, s);
    double t = d + oh_prep_cpu(&op, d, NULL, NULL);
    pk = t > pk ? t : pk;
  }
  int k = (int)ceil(pk / (c->hm->core_rating * (1 - c->o->headroom_cpu)) - 1e-9);
  return k < 1 ? 1 : k;
}

static int cmp_dbl(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

enum { TOP_SLOTS = 16 };

/* The TOP_SLOTS slots (fewer when there are fewer) where the CPU of fold
 * items ITEMS[0..n) adds up most, busiest first, into TOP, with that sum in
 * TOPV. Returns how many. The count-aware bounds check only these: a
 * subset of slots only weakens a bound. */
static int busiest_slots(const ctx *c, const int *items, int n, int *top, double *topv)
{
  int ntop = 0;
  for (int s = 0; s < c->ns; s++) {
    double v = 0;
    for (int k = 0; k < n; k++)
      v += c->it[items[k]].u[NF_D_CPU][s];
    if (ntop == TOP_SLOTS && v <= topv[TOP_SLOTS - 1])
      continue;
    int at = ntop < TOP_SLOTS ? ntop++ : TOP_SLOTS - 1;
    while (at > 0 && topv[at - 1] < v) {
      topv[at] = topv[at - 1];
      top[at] = top[at - 1];
      at--;
    }
    topv[at] = v;
    top[at] = s;
  }
  return ntop;
}

/* A lower bound for co-host partition PART from phase A's contention-free
 * items. On H hosts at most H items run alone; the other n - H share an OS
 * image and pay contention, at least the n - H smallest contributions of
 * each slot. So H must satisfy, at every slot t,
 *   sum_j u_j(t) + (sum of the n - H smallest e_j(t)) <= H,
 * where e_j is item j's contention had it a neighbour (0 for an item that
 * already holds several workloads: its contention is in u_j). Checking
 * the 16 busiest slots keeps it cheap and still valid (a subset of slots
 * only weakens it). An item that takes a host alone (c->own) is one host
 * and no load on the others. Returns 0 when PART is not co-host. */
static int cohost_bound(const ctx *c, int part)
{
  int n = 0, own = 0;
  for (int j = 0; j < c->nit; j++)
    if (c->it[j].part == part && c->pw[c->pi[j].w[0]].hk == NF_HK_CO_HOST && c->it[j].u[NF_D_CPU]) {
      if (c->own[j])
        own++;
      else
        n++;
    }
  if (n < 2)
    return 0;
  int *items = xmalloc((size_t)n * sizeof *items);
  n = 0;
  for (int j = 0; j < c->nit; j++)
    if (c->it[j].part == part && c->pw[c->pi[j].w[0]].hk == NF_HK_CO_HOST && c->it[j].u[NF_D_CPU] &&
        !c->own[j])
      items[n++] = j;
  /* The busiest slots by contention-free volume. */
  int top[TOP_SLOTS];
  double topv[TOP_SLOTS];
  int ntop = busiest_slots(c, items, n, top, topv);
  double *e = xmalloc((size_t)n * sizeof *e);
  int best = 1;
  for (int q = 0; q < ntop; q++) {
    int s = top[q];
    for (int k = 0; k < n; k++) {
      const pitem *pi = &c->pi[items[k]];
      double u = c->it[items[k]].u[NF_D_CPU][s];
      double d = u * c->cpu_use;
      e[k] = pi->nw > 1 || d <= 0
                 ? 0
                 : oh_cohost_extra(d, 2, c->pw[pi->w[0]].cohost_k) / c->cpu_use;
    }
    qsort(e, (size_t)n, sizeof *e, cmp_dbl);
    /* prefix[m] = sum of the m smallest e; find the least H that fits. */
    for (int H = best; H <= n; H++) {
      double extra = 0;
      for (int m = 0; m < n - H; m++)
        extra += e[m];
      if (topv[q] + extra <= H * FIT_OVER) {
        best = H;
        break;
      }
    }
  }
  free(e);
  free(items);
  return own + best;
}

/* The items of hypervisor partition PART and, when RHO is set, in *RHO
 * the least ratio of a shared guest's raw demand to its phase-A size (1 /
 * (1 + its one-guest scheduler, privileged and I/O-path coefficients)).
 * Returns 0 when another host kind is in the partition. */
static int sched_rho(const ctx *c, int part, double *rho)
{
  int n = 0;
  if (rho)
    *rho = 1;
  for (int j = 0; j < c->nit; j++) {
    if (c->it[j].part != part)
      continue;
    n++;
    for (int m = 0; m < c->pi[j].nw; m++) {
      const pw *p = &c->pw[c->pi[j].w[m]];
      if (p->hk != NF_HK_HYPERVISOR)
        return 0;
      if (rho == NULL || p->strategy == NF_S_VM_DEDICATED)
        continue;
      nf_oh_prep op;
      oh_prepare(c->hv, &c->e->w[c->pi[j].w[m]], &c->est[part], &op);
      double r = 1 / (1 + op.lin[NF_OH_SCHEDULER] + op.lin[NF_OH_PRIVILEGED] + op.lin[NF_OH_IO_PATH]);
      *rho = r < *rho ? r : *rho;
    }
  }
  return n;
}

/* A lower bound for hypervisor partition PART that sees the scheduler
 * term grow with the guests on a host, from phase A's items (each with its
 * one-guest overhead, u_j). A host of g guests pays sigma(g) - sigma(1)
 * more per unit of raw demand, and a shared guest's raw demand is at least
 * rho u_j (rho: the least raw-to-phase-A ratio of the partition's shared
 * guests), so a host of g items holds at most c(g) = 1 / (1 + rho
 * (sigma(g) - sigma(1))) of shared phase-A load, and never more than
 * S_t(g), the g largest u_j(t). A dedicated-CPU guest pays no scheduler
 * term: with D_h of it a host holds at most min(S_t(g), c(g) + D_h (1 -
 * c(g))) <= min(S_t(g), c(g)) + D_h (1 - c(n)). On H hosts holding all n
 * items, a slot t can thus take at most
 *   max over g_1 + ... + g_H = n of sum_h min(c(g_h), S_t(g_h)) + D(t) (1 - c(n))
 *   <= H phi(n / H) + D(t) (1 - c(n)),
 * phi the concave envelope of min(c, S_t). The least H, from FROM (a bound
 * already known) up, for which that covers the 16 busiest slots' volume is
 * a valid bound. Returns 0 when it does not apply (another host kind in
 * the partition, no growth with guests, an item no host holds). */
static int sched_bound(const ctx *c, int part, int from)
{
  double s1 = oh_sched_coef(c->hv, 1), rho;
  int n = sched_rho(c, part, &rho);
  if (n < 2 || !(oh_sched_coef(c->hv, n) > s1))
    return 0;
  int *items = xmalloc((size_t)n * sizeof *items), own = 0;
  char *ded = xcalloc((size_t)n, 1); /* holds a dedicated-CPU guest: its load counts as such */
  n = 0;
  for (int j = 0; j < c->nit; j++)
    if (c->it[j].part == part && c->own[j])
      own++; /* a host alone: one host, no load on the others */
    else if (c->it[j].part == part) {
      for (int m = 0; m < c->pi[j].nw; m++)
        ded[n] |= c->pw[c->pi[j].w[m]].strategy == NF_S_VM_DEDICATED;
      items[n++] = j;
    }
  if (n < 2) {
    free(items);
    free(ded);
    return 0;
  }
  double cmin = 1 / (1 + rho * (oh_sched_coef(c->hv, n) - s1));
  /* The busiest slots by phase-A CPU volume, and what H phi(n / H) must
   * cover there. */
  int top[TOP_SLOTS];
  double topv[TOP_SLOTS];
  int ntop = busiest_slots(c, items, n, top, topv);
  for (int q = 0; q < ntop; q++)
    for (int k = 0; k < n; k++)
      if (ded[k])
        topv[q] -= c->it[items[k]].u[NF_D_CPU][top[q]] * (1 - cmin);
  double *cap = xmalloc(((size_t)n + 1) * sizeof *cap);
  double *u = xmalloc(((size_t)n + 1) * sizeof *u);
  double *ph = xmalloc(((size_t)n + 1) * sizeof *ph);
  int *hull = xmalloc(((size_t)n + 1) * sizeof *hull);
  for (int g = 1; g <= n; g++)
    cap[g] = 1 / (1 + rho * (oh_sched_coef(c->hv, g) - s1));
  int best = from - own > 1 ? from - own : 1;
  for (int q = 0; q < ntop; q++) {
    for (int k = 0; k < n; k++)
      u[k] = c->it[items[k]].u[NF_D_CPU][top[q]];
    qsort(u, (size_t)n, sizeof *u, cmp_dbl);
    if (u[n - 1] > 1) { /* an item no host holds: the fold gives it one alone */
      best = 0;
      break;
    }
    /* phi(g) = min(c(g), S(g)) at g = 0..n, S summed from the largest
     * down; its upper hull (monotone chain) is the concave envelope. */
    double S = 0;
    ph[0] = 0;
    for (int g = 1; g <= n; g++) {
      S += u[n - g];
      ph[g] = S < cap[g] ? S : cap[g];
    }
    int nh = 0;
    for (int g = 0; g <= n; g++) {
      while (nh >= 2) {
        int a = hull[nh - 2], b = hull[nh - 1];
        /* drop b when it lies on or under the chord a-g */
        if ((ph[b] - ph[a]) * (g - a) <= (ph[g] - ph[a]) * (b - a))
          nh--;
        else
          break;
      }
      hull[nh++] = g;
    }
    for (int H = best;; H++) {
      double x = (double)n / H, env = ph[n];
      for (int k = 1; k < nh; k++)
        if (hull[k] >= x) {
          int a = hull[k - 1], b = hull[k];
          env = ph[a] + (ph[b] - ph[a]) * (x - a) / (b - a);
          break;
        }
      if (H * env * FIT_OVER >= topv[q] || H >= n) {
        best = H;
        break;
      }
    }
  }
  free(ph);
  free(cap);
  free(u);
  free(hull);
  free(ded);
  free(items);
  return best ? own + best : 0;
}

/* Item order for the knapsack below: co-scheduling cost per vCPU, highest
 * first. */
typedef struct cs_item {
  double a, v; /* cost at full contention (share of a host), vCPUs */
} cs_item;

static int cmp_cs(const void *x, const void *y)
{
  const cs_item *a = x, *b = y;
  double ra = a->a / a->v, rb = b->a / b->v;
  return (ra < rb) - (ra > rb);
}

/* The least scheduler cost sum_h D(g_h) R_h over every packing of the raw
 * demands (n of them, descending; prefix sums P) on H hosts, D(g) =
 * sigma(g) - sigma(1) for a host of g guests, each host holding at most 1.
 * With the hosts in ascending guest count and L_k the demand of the first
 * k, the cost is D(g_H) T - sum_k (D(g_k+1) - D(g_k)) L_k, and L_k <=
 * min(P of their G_k guests, k, T); a dynamic program over ascending
 * counts (host k, guests G) finds the least such value. In ascending
 * order host k of g guests follows k - 1 hosts of 1..g and precedes H - k
 * of at least g, so only g + k - 1 <= G <= n - g (H - k) can lead to a
 * packing: some n^2 (ln H + 1) / 2 steps instead of n^2 H. F is (H + 1)
 * (n + 1). */
static double sched_min(const double *P, const double *D, int n, int H, double *F)
{
  double T = P[n];
  size_t w = (size_t)n + 1;
  for (size_t i = 0; i < (size_t)(H + 1) * w; i++)
    F[i] = INFINITY;
  F[0] = 0;
  for (int g = 1; g <= n; g++)
    for (int k = 1; k <= H; k++) {
      int lo = k == H ? n : g + k - 1, hi = n - g * (H - k);
      for (int G = lo; G <= hi; G++) {
        double prev = F[(size_t)(k - 1) * w + (size_t)(G - g)];
        if (!isfinite(prev))
          continue;
        double lk = k == H ? T : fmin(fmin(P[G], k), T);
        double lp = k == 1 ? 0 : fmin(fmin(P[G - g], k - 1), T);
        double v = prev + D[g] * (lk - lp);
        double *f = &F[(size_t)k * w + (size_t)G];
        if (v < *f)
          *f = v;
      }
    }
  return F[(size_t)H * w + (size_t)n];
}

/* A host of the plan's model whose vCPUs outnumber its cores twice over:
 * co-scheduling at full contention, which on any host is that times the
 * host's contention (oh_contention). */
static nf_oh_host full_contention(const ctx *c)
{
  return (nf_oh_host){.capacity = c->hm->capacity, .pcpus = c->hm->cores, .nguests = 1,
                      .vcpus = 2 * c->hm->cores};
}

/* A lower bound for hypervisor partition PART that counts the scheduler
 * and co-scheduling terms together. Phase A's items u_j carry the
 * one-guest overhead and no co-scheduling (a one-guest host has no vCPU
 * contention). A host h of g_h guests and V_h vCPUs on P cores holds
 *   U_h + D(g_h) R_h + kappa(V_h) A_h <= 1,
 * U_h its phase-A load, R_h its guests' raw demand (the scheduler term is
 * linear in it: D(g) = sigma(g) - sigma(1) more than phase A charged),
 * kappa = min(1, max(0, (V_h - P) / P)) and A_h its guests' co-scheduling
 * term at full contention (linear in kappa; none for one vCPU or
 * dedicated cores). Summed over H hosts: T + sum_h D(g_h) R_h + sum_h
 * kappa_h A_h <= H, T the slot's load. The first sum is at least
 * sched_min's over the raw demands. For the second, give each vCPU of a
 * guest its host's weight 1 - kappa: a host's weights add up to at most P
 * (V (2P - V) / P at most, at V = P), so on H hosts the guests spared
 * contention weigh at most P H vCPUs, and the contention paid is at least
 * sum_j a_j minus the most a-cost any guests of P H vCPUs carry
 * (fractional knapsack by cost per vCPU). The least H, from FROM up, that
 * covers the 16 busiest slots is a valid bound. The dynamic program's
 * n^2 (ln H + 1) / 2 steps a slot stay under 2e7 (about 2,800 guests on
 * 50 hosts); in a bigger partition the scheduler sum counts at its least,
 * nothing, and co-scheduling alone lifts the bound. Returns 0 when it
 * does not apply (another host kind, fewer than two items, no term it can
 * count). */
static int overhead_bound(const ctx *c, int part, int from)
{
  int n = sched_rho(c, part, NULL), P = c->hm->cores;
  double s1 = oh_sched_coef(c->hv, 1);
  int dp = (double)n * n * (log(from + 2) + 1) / 2 <= 2e7;
  if (n < 2 || P < 1 ||
      (!(dp && oh_sched_coef(c->hv, n) > s1) && !(hv_get(c->hv, "cosched", 0) > 0)))
    return 0;
  int *items = xmalloc((size_t)n * sizeof *items), own = 0;
  n = 0;
  for (int j = 0; j < c->nit; j++)
    if (c->it[j].part == part && c->own[j])
      own++; /* a host alone: one host, no load on the others */
    else if (c->it[j].part == part)
      items[n++] = j;
  if (n < 2) {
    free(items);
    return 0;
  }
  int top[TOP_SLOTS];
  double topv[TOP_SLOTS];
  int ntop = busiest_slots(c, items, n, top, topv);
  /* Each guest prepared once, on a host at full contention. */
  int nw = 0;
  for (int k = 0; k < n; k++)
    nw += c->pi[items[k]].nw;
  nf_oh_prep *op = xmalloc((size_t)nw * sizeof *op);
  nf_oh_host full = full_contention(c);
  for (int k = 0, q = 0; k < n; k++)
    for (int m = 0; m < c->pi[items[k]].nw; m++, q++)
      oh_prepare(c->hv, &c->e->w[c->pi[items[k]].w[m]], &full, &op[q]);
  double *D = xmalloc(((size_t)n + 1) * sizeof *D), *u = xmalloc((size_t)n * sizeof *u);
  double *Pre = xmalloc(((size_t)n + 1) * sizeof *Pre), *F = NULL;
  for (int g = 0; g <= n; g++)
    D[g] = g > 0 ? oh_sched_coef(c->hv, g) - s1 : 0;
  cs_item *cs = xmalloc((size_t)n * sizeof *cs);
  int best = from - own > 1 ? from - own : 1;
  for (int t = 0; t < ntop; t++) {
    int s = top[t];
    double total = 0;
    for (int k = 0, q = 0; k < n; k++) {
      cs[k] = (cs_item){0, 0};
      u[k] = 0; /* raw shared demand: a dedicated guest pays no scheduler term */
      for (int m = 0; m < c->pi[items[k]].nw; m++, q++) {
        const pw *p = &c->pw[c->pi[items[k]].w[m]];
        cs[k].v += p->strategy == NF_S_VM_DEDICATED ? p->ded : p->vcpus;
        if (p->strategy == NF_S_VM_DEDICATED)
          continue;
        double terms[NF_OH__COUNT], d = dem(c, c->pi[items[k]].w[m], NF_D_CPU, s);
        oh_prep_cpu(&op[q], d, terms, NULL);
        u[k] += d / c->cpu_use; /* raw: the scheduler term grows with it */
        cs[k].a += terms[NF_OH_COSCHED] / c->cpu_use;
      }
      if (cs[k].v < 1)
        cs[k].v = 1;
      total += cs[k].a;
    }
    qsort(cs, (size_t)n, sizeof *cs, cmp_cs);
    if (dp) { /* the largest demands' prefix sums, for sched_min */
      qsort(u, (size_t)n, sizeof *u, cmp_dbl);
      Pre[0] = 0;
      for (int g = 1; g <= n; g++)
        Pre[g] = Pre[g - 1] + u[n - g];
    }
    for (int H = best; H < n; H++) {
      double room = (double)P * H, spared = 0;
      for (int k = 0; k < n && room > 0; k++) {
        double take = cs[k].v < room ? 1 : room / cs[k].v;
        spared += take * cs[k].a;
        room -= take * cs[k].v;
      }
      double sched = 0;
      if (dp) {
        F = xrealloc(F, (size_t)(H + 1) * ((size_t)n + 1) * sizeof *F);
        sched = sched_min(Pre, D, n, H, F);
      }
      double need = topv[t] + sched + fmax(total - spared, 0);
      if (H * FIT_OVER >= need) {
        best = H;
        break;
      }
    }
  }
  free(F);
  free(cs);
  free(Pre);
  free(u);
  free(D);
  free(op);
  free(items);
  return own + best;
}

/* Fills the normalized series of every fold item, the overhead evaluated on
 * the host each partition is assumed to have (c->est). */
static void fill_items(ctx *c)
{
  int ns = c->ns;
  memset(c->buf, 0, (size_t)c->nit * FOLD_D * (size_t)ns * sizeof(float));
  for (int j = 0; j < c->nit; j++) {
    fold_item *x = &c->it[j];
    pitem *pi = &c->pi[j];
    const pw *p0 = &c->pw[pi->w[0]];
    memset(x, 0, sizeof *x);
    x->part = p0->part;
    x->alone = p0->hk == NF_HK_NATIVE;
    float *u[FOLD_D];
    for (int d = 0; d < FOLD_D; d++) {
      u[d] = c->buf + ((size_t)j * FOLD_D + (size_t)d) * (size_t)ns;
      x->u[d] = c->act[d] ? u[d] : NULL;
    }
    const nf_oh_host *h = &c->est[x->part];
    /* Instances under the item's OS image: the host's estimate, else the
     * item's own workloads (a lone workload pays no contention, which keeps
     * phase A's lower bound valid). */
    int ninst = h->nguests > 1 ? h->nguests : pi->nw;
    for (int m = 0; m < pi->nw; m++) {
      int i = pi->w[m];
      const pw *p = &c->pw[i];
      const nf_workload *w = &c->e->w[i];
      double vmoh = p->hk == NF_HK_HYPERVISOR ? oh_guest_ram(c->hv, w) : 0;
      double ram_norm = c->ram_use[p->hk];
      nf_oh_prep op;
      /* With a per-guest charge the guest's own terms are those of a
       * one-guest host: the charge stands for the rest of the scheduler
       * term, on whatever host the guest lands. */
      nf_oh_host hh = *h;
      double charge = c->charge && p->hk == NF_HK_HYPERVISOR ? c->charge[x->part] : 0;
      if (charge > 0)
        hh.nguests = 1;
      if (p->hk == NF_HK_HYPERVISOR)
        oh_prepare(c->hv, w, &hh, &op);
      for (int s = 0; s < ns; s++) {
        double d = dem(c, i, NF_D_CPU, s), cpu;
        if (p->strategy == NF_S_VM_DEDICATED)
          cpu = (double)p->ded / c->hm->cores * c->cpu_use;
        else if (p->hk == NF_HK_HYPERVISOR)
          cpu = d + oh_prep_cpu(&op, d, NULL, NULL);
        else if (p->hk == NF_HK_CO_HOST)
          cpu = d + oh_cohost_extra(d, ninst, p->cohost_k);
        else
          cpu = d;
        u[NF_D_CPU][s] += (float)(cpu / c->cpu_use + charge);
        double ram = p->hk == NF_HK_HYPERVISOR ? vm_ram(c, i, s) + vmoh : dem(c, i, NF_D_RAM, s);
        u[NF_D_RAM][s] += (float)(ram / ram_norm);
        if (c->act[NF_D_IOPS])
          u[NF_D_IOPS][s] += (float)(dem(c, i, NF_D_IOPS, s) / c->iops_use);
        if (c->act[NF_D_NET])
          u[NF_D_NET][s] += (float)(dem(c, i, NF_D_NET, s) / c->net_use);
      }
      if (p->hk == NF_HK_HYPERVISOR && c->ratio > 0)
        x->s[0] += p->strategy == NF_S_VM_DEDICATED ? (double)p->ded / c->hm->cores
                                                   : p->vcpus / (c->ratio * c->hm->cores);
      if (p->hk == NF_HK_HYPERVISOR && c->vcap && c->vcap[x->part] > 0)
        x->s[2] += (double)(p->strategy == NF_S_VM_DEDICATED ? p->ded : p->vcpus) / c->vcap[x->part];
      if (p->hk == NF_HK_HYPERVISOR && c->maxg > 0)
        x->s[1] += 1.0 / c->maxg;
      const char *mg = constraint(c->v ? &c->v[i] : NULL, "max-guests");
      double lim;
      if (mg && nf_parse_double(mg, &lim) == 0 && lim >= 1 &&
          (x->maxn == 0 || (int)lim < x->maxn))
        x->maxn = (int)lim;
      if (m == 0) {
        x->anti = p->anti;
        x->nanti = p->nanti;
      }
    }
  }
}

/* The projection of one host holding fold items ITEMS[0..k): per-slot CPU,
 * RAM, IOPS and network with the overhead at the host's real guest count.
 * Returns the slots over the usable capacity; with H and PL set, records
 * the host and its placements. */
static long project(ctx *c, const int *items, int k, nf_plan_host *H, nf_placement *pl,
                    nf_oh_host *ohh_out)
{
  int ns = c->ns;
  const nf_host_model *hm = c->hm;
  nf_oh_host ohh = {.capacity = hm->capacity, .pcpus = hm->cores};
  int hk = NF_HK_HYPERVISOR, ninst = 0, pinned = 0, nw = 0;
  for (int j = 0; j < k; j++) {
    const pitem *pi = &c->pi[items[j]];
    for (int m = 0; m < pi->nw; m++) {
      const pw *p = &c->pw[pi->w[m]];
      hk = p->hk;
      nw++;
      if (p->hk == NF_HK_HYPERVISOR) {
        ohh.nguests++;
        ohh.vcpus += p->strategy == NF_S_VM_DEDICATED ? p->ded : p->vcpus;
        if (p->strategy == NF_S_VM_DEDICATED)
          pinned += p->ded;
      } else if (p->hk == NF_HK_CO_HOST) {
        ninst++;
      }
    }
  }
  memset(c->pcpu, 0, (size_t)ns * sizeof *c->pcpu);
  memset(c->pram, 0, (size_t)ns * sizeof *c->pram);
  memset(c->piops, 0, (size_t)ns * sizeof *c->piops);
  memset(c->pnet, 0, (size_t)ns * sizeof *c->pnet);
  double vmoh = 0;
  const nf_workload **guests = xmalloc(((size_t)nw + 1) * sizeof *guests);
  int ng = 0;
  for (int j = 0; j < k; j++) {
    const pitem *pi = &c->pi[items[j]];
    for (int m = 0; m < pi->nw; m++) {
      int i = pi->w[m];
      const pw *p = &c->pw[i];
      const nf_workload *w = &c->e->w[i];
      nf_placement *P = pl ? &pl[i] : NULL;
      if (P) {
        memset(P, 0, sizeof *P);
        P->w = i;
        P->strategy = p->strategy;
        P->co_host_kind = p->chk;
        P->dedicated_cores = p->strategy == NF_S_VM_DEDICATED ? p->ded : 0;
        P->vcpus = p->hk == NF_HK_HYPERVISOR ? (P->dedicated_cores ? p->ded : p->vcpus) : 0;
      }
      double g_oh = p->hk == NF_HK_HYPERVISOR ? oh_guest_ram(c->hv, w) : 0;
      vmoh += g_oh;
      if (p->hk == NF_HK_HYPERVISOR)
        guests[ng++] = w;
      double cpk = 0, rpk = 0;
      nf_oh_prep op;
      if (p->hk == NF_HK_HYPERVISOR)
        oh_prepare(c->hv, w, &ohh, &op);
      for (int s = 0; s < ns; s++) {
        double d = dem(c, i, NF_D_CPU, s), t[NF_OH__COUNT] = {0}, extra = 0, cont = 0;
        if (p->hk == NF_HK_HYPERVISOR)
          extra = oh_prep_cpu(&op, d, t, NULL);
        else if (p->hk == NF_HK_CO_HOST)
          extra = cont = oh_cohost_extra(d, ninst, p->cohost_k);
        if (p->strategy != NF_S_VM_DEDICATED)
          c->pcpu[s] += d + extra;
        cpk = d + extra > cpk ? d + extra : cpk;
        double r = p->hk == NF_HK_HYPERVISOR ? vm_ram(c, i, s) : dem(c, i, NF_D_RAM, s);
        c->pram[s] += r;
        rpk = r > rpk ? r : rpk;
        c->piops[s] += dem(c, i, NF_D_IOPS, s);
        c->pnet[s] += dem(c, i, NF_D_NET, s);
        if (P) {
          P->cpu_demand += d;
          for (int q = 0; q < NF_OH__COUNT; q++)
            P->oh_cpu[q] += t[q];
          P->contention += cont;
        }
      }
      if (P) {
        P->cpu_peak = cpk;
        P->ram_peak_mb = rpk + g_oh;
        P->oh_ram_mb = g_oh;
      }
    }
  }
  double sharing = hk == NF_HK_HYPERVISOR ? oh_page_sharing(c->hv, guests, ng) : 0;
  free(guests);
  double pinned_cu = pinned * hm->core_rating;
  double shared_use = c->cpu_use - (double)pinned / hm->cores * c->cpu_use;
  long over = 0;
  double cpk = 0, rpk = 0, ipk = 0, npk = 0, ram_mb = 0;
  int rpk_s = 0;
  for (int s = 0; s < ns; s++) {
    double ram = hk == NF_HK_HYPERVISOR ? oh_host_ram_at(&c->hram, c->pram[s], vmoh, sharing, NULL)
                                        : c->pram[s];
    c->pram[s] = ram;
    int bad = c->pcpu[s] > shared_use * FIT_OVER + 1e-9 || ram > c->ram_limit * FIT_OVER + 1e-9 ||
              (c->act[NF_D_IOPS] && c->piops[s] > c->iops_use * FIT_OVER) ||
              (c->act[NF_D_NET] && c->pnet[s] > c->net_use * FIT_OVER);
    over += bad;
    double cp = (c->pcpu[s] + pinned_cu) / hm->capacity;
    if (cp > cpk)
      cpk = cp;
    if (ram > ram_mb) {
      ram_mb = ram;
      rpk_s = s;
    }
    ipk = c->piops[s] > ipk ? c->piops[s] : ipk;
    npk = c->pnet[s] > npk ? c->pnet[s] : npk;
  }
  rpk = ram_mb / hm->ram_mb;
  if (ohh_out) {
    double dpk = 0;
    for (int s = 0; s < ns; s++)
      dpk = c->pcpu[s] + pinned_cu > dpk ? c->pcpu[s] + pinned_cu : dpk;
    ohh.demand = dpk;
    *ohh_out = ohh;
  }
  if (H) {
    memset(H, 0, sizeof *H);
    H->kind = hk;
    H->nguests = nw;
    H->os_images = hk == NF_HK_HYPERVISOR ? ohh.nguests : 1;
    H->cpu_cap = hm->capacity;
    H->ram_cap = hm->ram_mb;
    H->cpu_peak_pct = 100 * cpk;
    H->ram_peak_pct = 100 * rpk;
    H->ram_mb = ram_mb;
    H->iops_peak = ipk;
    H->net_peak = npk;
    H->over_slots = over;
    H->cpu_pct = xmalloc((size_t)ns * sizeof(float));
    H->ram_pct = xmalloc((size_t)ns * sizeof(float));
    for (int s = 0; s < ns; s++) {
      H->cpu_pct[s] = (float)(100 * (c->pcpu[s] + pinned_cu) / hm->capacity);
      H->ram_pct[s] = (float)(100 * c->pram[s] / hm->ram_mb);
    }
    if (hk == NF_HK_HYPERVISOR) {
      /* The breakdown at the RAM peak slot, recomputed from the guests' need. */
      double gmb = 0;
      for (int j = 0; j < k; j++)
        for (int m = 0; m < c->pi[items[j]].nw; m++)
          gmb += vm_ram(c, c->pi[items[j]].w[m], rpk_s);
      oh_host_ram_at(&c->hram, gmb, vmoh, sharing, &H->ram_at_peak);
    }
  }
  return over;
}

/* Whether fold item J may join the items of a host by the fold's rules;
 * NS: the scalar dimensions checked (FOLD_S, or 2 to leave out the vCPU
 * hold, which serves only the fold's overhead estimate). */
static int may_join(const ctx *c, const int *items, int k, int j, int ns)
{
  const fold_item *x = &c->it[j];
  if (x->alone)
    return k == 0;
  double s[FOLD_S] = {0};
  int lim = x->maxn, n = 1;
  for (int q = 0; q < FOLD_S; q++)
    s[q] = x->s[q];
  for (int a = 0; a < k; a++) {
    const fold_item *y = &c->it[items[a]];
    if (y->alone || y->part != x->part)
      return 0;
    for (int p = 0; p < x->nanti; p++)
      for (int q = 0; q < y->nanti; q++)
        if (x->anti[p] == y->anti[q])
          return 0;
    if (y->maxn && (lim == 0 || y->maxn < lim))
      lim = y->maxn;
    for (int q = 0; q < FOLD_S; q++)
      s[q] += y->s[q];
    n++;
  }
  if (lim && n > lim)
    return 0;
  for (int q = 0; q < ns; q++)
    if (s[q] > FIT_OVER)
      return 0;
  return 1;
}

/* Items of host H into LIST (sized nit); returns the count. */
static int host_items(const ctx *c, const int *host_of, int h, int *list)
{
  int k = 0;
  for (int j = 0; j < c->nit; j++)
    if (host_of[j] == h)
      list[k++] = j;
  return k;
}

/* Moves items off every host from FROM on that the exact projection finds
 * over its usable capacity, onto other such hosts where the exact
 * projection still fits, or new ones. Returns the number of items moved,
 * MOVED_IN[p] (per partition) gets those of partition p; updates *NHOSTS. */
static int repair(ctx *c, int *host_of, int from, int *nhosts, const int *oversized_item,
                  int *moved_in)
{
  int moved = 0;
  int *list = xmalloc(((size_t)c->nit + 1) * sizeof *list);
  int *pend = xmalloc(((size_t)c->nit + 1) * sizeof *pend);
  int npend = 0;
  for (int h = from; h < *nhosts; h++) {
    int k = host_items(c, host_of, h, list);
    while (k > 1 && project(c, list, k, NULL, NULL, NULL) > 0) {
      /* Drop the item that weighs most at the host's tightest slot. */
      int worst_s = 0;
      double wv = -1;
      for (int s = 0; s < c->ns; s++) {
        double v = c->pcpu[s] / c->cpu_use;
        double r = c->pram[s] / c->ram_limit;
        if (v < r)
          v = r;
        if (v > wv) {
          wv = v;
          worst_s = s;
        }
      }
      int drop = 0;
      double dv = -1;
      for (int a = 0; a < k; a++) {
        const fold_item *x = &c->it[list[a]];
        double v = x->u[NF_D_CPU][worst_s] + x->u[NF_D_RAM][worst_s];
        if (v > dv) {
          dv = v;
          drop = a;
        }
      }
      pend[npend++] = list[drop];
      host_of[list[drop]] = -1;
      moved_in[c->it[list[drop]].part]++;
      list[drop] = list[--k];
      moved++;
    }
  }
  for (int q = 0; q < npend; q++) {
    int j = pend[q], placed = 0;
    for (int h = from; h < *nhosts && !placed; h++) {
      int k = host_items(c, host_of, h, list);
      if (k == 0 || c->it[list[0]].part != c->it[j].part || !may_join(c, list, k, j, FOLD_S) ||
          oversized_item[list[0]])
        continue;
      list[k] = j;
      if (project(c, list, k + 1, NULL, NULL, NULL) == 0) {
        host_of[j] = h;
        placed = 1;
      }
    }
    if (!placed)
      host_of[j] = (*nhosts)++;
  }
  free(list);
  free(pend);
  return moved;
}

/* One host of the drain: its items and the shared CPU the exact projection
 * gives it per slot. */
typedef struct dhost {
  int *it, n, cap;
  float *cpu, *raw; /* raw: its VM guests' own demand, before overhead */
  float *cos;       /* its shared guests' co-scheduling CPU at full contention (item_cos) */
  int guests;       /* its VM guests */
  int vcpus;        /* theirs, dedicated ones too */
  int pinned;       /* the cores its dedicated guests take */
  int part, fixed;  /* fixed: left alone (an oversized or native item's own, or co-host) */
} dhost;

/* Adds item J's VM guests' own CPU demand per slot (the shared ones')
 * to ACC, their vCPUs to *VCPUS and the cores the dedicated ones take to
 * *PINNED; returns its VM guests. */
static int item_raw(const ctx *c, int j, float *acc, int *vcpus, int *pinned)
{
  int g = 0;
  for (int m = 0; m < c->pi[j].nw; m++) {
    int i = c->pi[j].w[m];
    const pw *p = &c->pw[i];
    if (p->hk != NF_HK_HYPERVISOR)
      continue;
    g++;
    *vcpus += p->strategy == NF_S_VM_DEDICATED ? p->ded : p->vcpus;
    *pinned += p->strategy == NF_S_VM_DEDICATED ? p->ded : 0;
    if (p->strategy != NF_S_VM_DEDICATED)
      for (int s = 0; s < c->ns; s++)
        acc[s] += (float)dem(c, i, NF_D_CPU, s);
  }
  return g;
}

/* Adds item J's co-scheduling CPU per slot, its shared guests' on a host
 * of full contention, to ACC: on any host it is that times the host's
 * contention (oh_prep_cpu). */
static void item_cos(const ctx *c, int j, float *acc)
{
  nf_oh_host full = full_contention(c);
  for (int m = 0; m < c->pi[j].nw; m++) {
    int i = c->pi[j].w[m];
    if (c->pw[i].hk != NF_HK_HYPERVISOR || c->pw[i].strategy == NF_S_VM_DEDICATED)
      continue;
    nf_oh_prep op;
    oh_prepare(c->hv, &c->e->w[i], &full, &op);
    for (int s = 0; s < c->ns; s++) {
      double t[NF_OH__COUNT];
      oh_prep_cpu(&op, dem(c, i, NF_D_CPU, s), t, NULL);
      acc[s] += (float)t[NF_OH_COSCHED];
    }
  }
}

/* H's CPU from the projection just made (c->pcpu). */
static void dh_take(const ctx *c, dhost *H)
{
  for (int s = 0; s < c->ns; s++)
    H->cpu[s] = (float)c->pcpu[s];
}

/* A sort key: hosts by their summed CPU (the lightest drains first), a
 * host's items by their peak alone, negated (the biggest moves first). */
typedef struct {
  double vol;
  int h;
} dh_key;

static int cmp_dh_key(const void *a, const void *b)
{
  const dh_key *x = a, *y = b;
  return x->vol != y->vol ? (x->vol > y->vol) - (x->vol < y->vol) : x->h - y->h;
}

/* Empties what hypervisor hosts it can after the fold and the repair, by
 * the exact projection. Phase B sized each guest with a safe estimate of
 * its overhead (a per-guest scheduler charge, the partition's average
 * guests and vCPUs at its lower bound's host count), which is not what it
 * pays where it landed: the hosts have room the fold did not see. (A
 * co-host item's contention is exact in phase B: nothing to find there.)
 * Lightest first, a host's items move, biggest first, onto the other
 * hosts of their partition, heaviest first, where may_join's rules (but
 * the vCPU hold) allow and the exact projection fits; a host is emptied
 * whole or not at all. A target is taken only where its CPU after the
 * move, worked out from the parts that change (the scheduler of more
 * guests, the co-scheduling of more vCPUs, the item's own), fits at every
 * slot: the projection then has only RAM and rounding left to refuse, so
 * a host's moves are planned by that estimate and each target is
 * projected once with all it got. Renumbers HOST_OF (OVER_ITEM is per
 * item); returns the hosts emptied. */
static int drain(ctx *c, int *host_of, const int *over_item, int *nhosts)
{
  int nh = *nhosts, ns = c->ns, emptied = 0;
  dhost *H = xcalloc((size_t)nh + 1, sizeof *H);
  for (int j = 0; j < c->nit; j++) {
    dhost *h = &H[host_of[j]];
    if (h->n == h->cap) {
      h->cap = h->cap ? 2 * h->cap : 8;
      h->it = xrealloc(h->it, (size_t)h->cap * sizeof *h->it);
    }
    h->it[h->n++] = j;
    h->part = c->it[j].part;
    h->fixed |= over_item[j] || c->it[j].alone || c->pw[c->pi[j].w[0]].hk != NF_HK_HYPERVISOR;
  }
  dh_key *key = xmalloc(((size_t)nh + 1) * sizeof *key);
  int no = 0;
  for (int h = 0; h < nh; h++) {
    if (H[h].n == 0 || H[h].fixed)
      continue;
    H[h].cap = H[h].n + 1; /* room for one more, as a target */
    H[h].it = xrealloc(H[h].it, (size_t)H[h].cap * sizeof *H[h].it);
    H[h].cpu = xmalloc((size_t)ns * sizeof *H[h].cpu);
    H[h].cos = xcalloc((size_t)ns, sizeof *H[h].cos);
    H[h].raw = xcalloc((size_t)ns, sizeof *H[h].raw);
    for (int q = 0; q < H[h].n; q++) {
      H[h].guests += item_raw(c, H[h].it[q], H[h].raw, &H[h].vcpus, &H[h].pinned);
      item_cos(c, H[h].it[q], H[h].cos);
    }
    project(c, H[h].it, H[h].n, NULL, NULL, NULL);
    dh_take(c, &H[h]);
    double vol = 0;
    for (int s = 0; s < ns; s++)
      vol += c->pcpu[s];
    key[no++] = (dh_key){vol, h};
  }
  qsort(key, (size_t)no, sizeof *key, cmp_dh_key);
  int *order = xmalloc(((size_t)no + 1) * sizeof *order);
  for (int a = 0; a < no; a++)
    order[a] = key[a].h;
  free(key);
  int *to = xmalloc(((size_t)c->nit + 1) * sizeof *to);
  /* Per item of the host being drained, NS values each: its CPU on a host
   * alone, its VM guests' own demand, its co-scheduling at full
   * contention; per move, its target's CPU before. */
  float *low = NULL, *raw = NULL, *cos1 = NULL, *was = NULL;
  float *est = xmalloc((size_t)ns * sizeof *est); /* a target's CPU after a move, estimated */
  size_t lcap = 0, rcap = 0, ccap = 0, wcap = 0;
  int *ng = NULL, *nv = NULL, *np = NULL; /* per item: its VM guests, their vCPUs, the
                                              cores its dedicated ones take */
  size_t gcap = 0, vcap = 0, pcap = 0;
  dh_key *ik = NULL; /* the host's items, biggest first: a host that cannot go fails fast */
  size_t ikcap = 0;
  for (int a = 0; a < no; a++) {
    dhost *src = &H[order[a]];
    if (src->n == 0)
      continue;
    size_t sz = (size_t)src->n * (size_t)ns;
    xgrow(&low, &lcap, sz, sizeof *low);
    xgrow(&raw, &rcap, sz, sizeof *raw);
    xgrow(&cos1, &ccap, sz, sizeof *cos1);
    xgrow(&ng, &gcap, (size_t)src->n, sizeof *ng);
    xgrow(&nv, &vcap, (size_t)src->n, sizeof *nv);
    xgrow(&np, &pcap, (size_t)src->n, sizeof *np);
    xgrow(&ik, &ikcap, (size_t)src->n, sizeof *ik);
    memset(raw, 0, sz * sizeof *raw);
    memset(cos1, 0, sz * sizeof *cos1);
    for (int q = 0; q < src->n; q++) {
      size_t o = (size_t)q * ns;
      nv[q] = np[q] = 0;
      ng[q] = item_raw(c, src->it[q], raw + o, &nv[q], &np[q]);
      item_cos(c, src->it[q], cos1 + o);
      project(c, &src->it[q], 1, NULL, NULL, NULL);
      double pk = 0;
      for (int t = 0; t < ns; t++) {
        low[o + t] = (float)c->pcpu[t];
        pk = c->pcpu[t] > pk ? c->pcpu[t] : pk;
      }
      ik[q] = (dh_key){-pk, q};
    }
    qsort(ik, (size_t)src->n, sizeof *ik, cmp_dh_key);
    /* First by the estimate alone (EXACT 0), then, where it moved every
     * item, one projection per target of what it got; where that refuses
     * (RAM, rounding), again item by item with a projection each. */
    int done = 0;
    for (int exact = 0; exact <= 1 && !done; exact++) {
      int k = 0;
      for (; k < src->n; k++) {
        int q = ik[k].h, j = src->it[q], placed = -1;
        size_t o = (size_t)q * ns;
        const float *lo = low + o, *rj = raw + o, *cj = cos1 + o;
        double alone = oh_contention(nv[q], c->hm->cores);
        for (int b = no - 1; b >= 0 && placed < 0; b--) {
          dhost *t = &H[order[b]];
          if (b == a || t->n == 0 || t->part != src->part || !may_join(c, t->it, t->n, j, 2))
            continue;
          /* The guests there pay the scheduler of more guests and the
           * co-scheduling of more vCPUs (linear in the contention); the
           * item pays those of the target instead of its own; dedicated
           * cores leave the shared ones less. The projection's limit
           * (project), and a hair above it for the float sums here. */
          double up = 0, own = 0, now_c = oh_contention(t->vcpus + nv[q], c->hm->cores);
          if (ng[q] > 0) {
            double s1 = oh_sched_coef(c->hv, t->guests + ng[q]);
            up = t->guests > 0 ? s1 - oh_sched_coef(c->hv, t->guests) : 0;
            own = s1 - oh_sched_coef(c->hv, ng[q]);
          }
          double more = now_c - oh_contention(t->vcpus, c->hm->cores), dc = now_c - alone;
          double shared = c->cpu_use - (double)(t->pinned + np[q]) / c->hm->cores * c->cpu_use;
          double pre = (shared * FIT_OVER + 1e-9) * (1 + 1e-5);
          int s = 0;
          while (s < ns && (est[s] = t->cpu[s] + up * t->raw[s] + more * t->cos[s] + lo[s] +
                                     own * rj[s] + dc * cj[s]) <= pre)
            s++;
          t->it[t->n] = j;
#ifndef NDEBUG /* (the tests' debug build) the estimate is the projection's CPU, and where it
                  turns a target away, so does the projection */
          long over = project(c, t->it, t->n + 1, NULL, NULL, NULL);
          for (int r = 0; r <= s && r < ns; r++)
            assert(fabs(est[r] - c->pcpu[r]) <= 1e-4 * c->cpu_use);
          assert(s == ns || over > 0);
#endif
          if (s < ns)
            continue;
          if (!exact || project(c, t->it, t->n + 1, NULL, NULL, NULL) == 0)
            placed = order[b];
        }
        if (placed < 0)
          break;
        dhost *t = &H[placed];
        t->n++;
        if (t->n == t->cap) {
          t->cap *= 2;
          t->it = xrealloc(t->it, (size_t)t->cap * sizeof *t->it);
        }
        xgrow(&was, &wcap, (size_t)(k + 1) * (size_t)ns, sizeof *was);
        memcpy(was + (size_t)k * ns, t->cpu, (size_t)ns * sizeof *was);
        if (exact)
          dh_take(c, t);
        else
          memcpy(t->cpu, est, (size_t)ns * sizeof *est);
        for (int s = 0; s < ns; s++) {
          t->raw[s] += rj[s];
          t->cos[s] += cj[s];
        }
        t->guests += ng[q];
        t->vcpus += nv[q];
        t->pinned += np[q];
        to[k] = placed;
      }
      done = k == src->n;
      for (int m = 0; done && !exact && m < k; m++) { /* each target once */
        int seen = 0;
        for (int e = 0; e < m && !seen; e++)
          seen = to[e] == to[m];
        if (seen)
          continue;
        dhost *t = &H[to[m]];
        if (project(c, t->it, t->n, NULL, NULL, NULL) == 0)
          dh_take(c, t);
        else
          done = 0;
      }
      if (done) {
        for (int m = 0; m < k; m++)
          host_of[src->it[ik[m].h]] = to[m];
        src->n = 0;
        emptied++;
        break;
      }
      for (int m = k - 1; m >= 0; m--) { /* undo, last move first */
        dhost *t = &H[to[m]];
        int q = ik[m].h;
        const float *rj = raw + (size_t)q * ns, *cj = cos1 + (size_t)q * ns;
        t->n--;
        memcpy(t->cpu, was + (size_t)m * ns, (size_t)ns * sizeof *was);
        for (int s = 0; s < ns; s++) {
          t->raw[s] -= rj[s];
          t->cos[s] -= cj[s];
        }
        t->guests -= ng[q];
        t->vcpus -= nv[q];
        t->pinned -= np[q];
      }
      if (k < src->n)
        break; /* no room for an item by the estimate, the projection's CPU: none by it */
    }
  }
  /* Renumber the hosts left, in their order. */
  int *num = xmalloc(((size_t)nh + 1) * sizeof *num), m = 0;
  for (int h = 0; h < nh; h++)
    num[h] = H[h].n > 0 ? m++ : -1;
  for (int j = 0; j < c->nit; j++)
    host_of[j] = num[host_of[j]];
  *nhosts = m;
  for (int h = 0; h < nh; h++) {
    free(H[h].it);
    free(H[h].cpu);
    free(H[h].cos);
    free(H[h].raw);
  }
  free(num);
  free(was);
  free(low);
  free(raw);
  free(cos1);
  free(est);
  free(ng);
  free(nv);
  free(np);
  free(ik);
  free(to);
  free(order);
  free(H);
  return emptied;
}

/* What one fold of phase B did, for the notes. */
typedef struct fold_stats {
  int first;   /* hosts after the constructive phase */
  int folded;  /* hosts after the improvement and the squeeze */
  int split;   /* partitions folded with their spiky workloads apart */
  int rounds;  /* the squeeze's extra rounds (--effort) */
  int effort;  /* hosts they saved */
  int repairs; /* items the exact-overhead repair moved */
} fold_stats;

/* Phase B's fold of the items SUB[0..m) as filled now (every item when SUB
 * is NULL), on hosts numbered from BASE, then the exact projection with
 * the real guest counts and the repair of what overflows on those hosts:
 * HOST_OF and OVER_ITEM (sized nit) get each of those items' host and
 * whether that host is an oversized item's own, MOVED (per partition) the
 * items the repair moved, ST what the fold did. Returns the hosts
 * numbered so far. */
static int fold_repair(ctx *c, const fold_cfg *cfg, const int *sub, int m, int base, int *host_of,
                       int *over_item, int *moved, fold_stats *st)
{
  fold_item *its = c->it;
  if (sub) {
    its = xmalloc(((size_t)m + 1) * sizeof *its);
    for (int k = 0; k < m; k++)
      its[k] = c->it[sub[k]];
  }
  fold_result fr;
  fold_solve(cfg, its, m, &fr);
  for (int k = 0; k < m; k++) {
    int j = sub ? sub[k] : k;
    host_of[j] = base + fr.bin[k];
    over_item[j] = fr.oversized[fr.bin[k]];
  }
  int nhosts = base + fr.nbins;
  st->first = fr.first_bins;
  st->folded = fr.nbins;
  st->split = fr.split;
  st->rounds = fr.rounds > 1 ? fr.rounds - 1 : 0;
  st->effort = fr.effort_saved;
  fold_result_free(&fr);
  if (sub)
    free(its);
  st->repairs = repair(c, host_of, base, &nhosts, over_item, moved);
  return nhosts;
}

/* Phase B's vCPUs per host of hypervisor partition P for the fold after a
 * repair: WAY 0 the estimate KEEP, 1 every host's contention at its most
 * (vCPUs twice the cores), 2 every host held to CAP vCPUs (c->vcap) and
 * contention at CAP. Returns whether WAY changes the partition. */
static int refold_set(ctx *c, const int *keep, const int *cap, int p, int way)
{
  c->est[p].vcpus = keep[p];
  c->vcap[p] = 0;
  if (way == 1 && keep[p] < 2 * c->est[p].pcpus) {
    c->est[p].vcpus = 2 * c->est[p].pcpus;
    return 1;
  }
  if (way == 2 && cap[p] > 0) {
    c->est[p].vcpus = c->vcap[p] = cap[p];
    return 1;
  }
  return 0;
}

/* Per partition, into HOSTS (sized parts.n), the hosts HOST_OF uses among
 * its first NHOSTS. Returns their total. */
static int part_hosts(const ctx *c, const int *host_of, int nhosts, int *hosts)
{
  int *seen = xcalloc((size_t)nhosts + 1, sizeof *seen), total = 0;
  memset(hosts, 0, (size_t)c->parts.n * sizeof *hosts);
  for (int j = 0; j < c->nit; j++)
    if (!seen[host_of[j]]) {
      seen[host_of[j]] = 1;
      hosts[c->it[j].part]++;
      total++;
    }
  free(seen);
  return total;
}

/* The gap note, in the dimension (CPU or RAM) the shared hosts fill most:
 * how full a shared host is at its own busiest slot (the median over them,
 * in % of what the headroom leaves), and how far apart those slots fall
 * (the hosts' peaks summed, over the sum of each partition's peak of their
 * sum). The volume bound looks at one slot of a partition at a time, so
 * full hosts whose busiest slots differ are a gap it cannot see;
 * half-empty hosts would be the fold's. */
void plan_gap_note(const nf_scenario *out, const int *part, int nparts, sbuf *n)
{
  if (out->hosts <= out->lower_bound || out->nslots <= 0)
    return;
  int nh = 0;
  for (int h = 0; h < out->nh; h++)
    nh += out->h[h].kind != NF_HK_NATIVE && out->h[h].nguests > 1;
  if (nh < 2)
    return;
  size_t ns = (size_t)out->nslots;
  double *fill = xmalloc((size_t)nh * sizeof *fill);
  double *sum = xmalloc((size_t)nparts * ns * sizeof *sum);
  double best_fill = -1, best_spread = 0;
  int best = 0;
  for (int d = 0; d < 2; d++) {
    double use = 1 - (d == 0 ? out->headroom.cpu : out->headroom.ram), peaks = 0, top = 0;
    int k = 0;
    memset(sum, 0, (size_t)nparts * ns * sizeof *sum);
    for (int h = 0; h < out->nh; h++) {
      const nf_plan_host *H = &out->h[h];
      if (H->kind == NF_HK_NATIVE || H->nguests < 2)
        continue;
      const float *pct = d == 0 ? H->cpu_pct : H->ram_pct;
      double cap = d == 0 ? H->cpu_cap : H->ram_cap, pk = 0, *ps = sum + (size_t)part[h] * ns;
      for (size_t s = 0; s < ns; s++) {
        pk = pct[s] > pk ? pct[s] : pk;
        ps[s] += pct[s] / 100 * cap;
      }
      peaks += pk / 100 * cap;
      fill[k++] = use > 0 ? pk / use : 0;
    }
    for (int p = 0; p < nparts; p++) {
      double pt = 0;
      for (size_t s = 0; s < ns; s++)
        pt = sum[(size_t)p * ns + s] > pt ? sum[(size_t)p * ns + s] : pt;
      top += pt;
    }
    qsort(fill, (size_t)k, sizeof *fill, cmp_dbl);
    double med = k % 2 ? fill[k / 2] : (fill[k / 2 - 1] + fill[k / 2]) / 2;
    if (med > best_fill && top > 0) {
      best_fill = med;
      best_spread = peaks / top;
      best = d;
    }
  }
  free(fill);
  free(sum);
  if (best_fill < 0)
    return;
  sb_printf(n, "; above the bound: the %d shared hosts reach a median %.0f %% of their usable %s "
               "at their own busiest slot, and their peaks add up to %.2f× the peak of their sum "
               "(1.00 if they all peaked in one slot): a bound taken slot by slot sees only the sum",
            nh, best_fill, best == 0 ? "CPU" : "RAM", best_spread);
}

/* Appends each partition's hosts and bound to the notes, so that a reader
 * of a several-site plan sees where the gap is ("fra co-host windows 19/15":
 * the site, the host kind and, for co-host partitions, the OS family). */
static void part_notes(const ctx *c, const int *host_of, int nhosts, const int *bound, sbuf *n)
{
  int *hosts = xcalloc((size_t)c->parts.n + 1, sizeof *hosts);
  part_hosts(c, host_of, nhosts, hosts);
  sb_printf(n, "; per partition, hosts/bound:");
  for (int p = 0; p < c->parts.n; p++) {
    /* The key is "kind|site|family": kind and family never hold a '|'. */
    const char *kind = c->parts.s[p], *site = strchr(kind, '|') + 1, *family = strrchr(kind, '|') + 1;
    int kind_len = (int)(site - 1 - kind), site_len = (int)(family - 1 - site);
    if (site_len == 0)
      sb_printf(n, "%s no site", p ? "," : "");
    else
      sb_printf(n, "%s %.*s", p ? "," : "", site_len, site);
    sb_printf(n, " %.*s%s%s %d/%d", kind_len, kind, *family ? " " : "", family, hosts[p], bound[p]);
  }
  free(hosts);
}

static void emit_risk(void *ud, const char *kind, double figure, const char *text)
{
  void **p = ud;
  nf_scenario *s = p[0];
  int w = *(int *)p[1];
  add_risk(s, w, kind, figure, 1, "%s", text);
}

/* Phase B's host for partition P of NVM guests with VC vCPUs in all:
 * the average of HOSTS hosts, and the per-guest scheduler charge. */
static void set_estimate(ctx *c, int p, int hosts, int nvm, int vc)
{
  hosts = hosts > 0 ? hosts : 1;
  c->est[p].nguests = (nvm + hosts - 1) / hosts;
  c->est[p].vcpus = (vc + hosts - 1) / hosts;
  /* The scheduler term grows with the guests on a host, and hosts differ
   * (a few big guests on one, a hundred idle ones on another). A charge
   * of k per guest, with the guest's own term as on a one-guest host,
   * covers it: a host the fold fills holds at most 1 / (1 + sigma(1)) of
   * its usable CPU in raw demand, so its extra scheduler cost is at most
   * (sigma(g) - sigma(1)) / (1 + sigma(1)) <= g k for every g up to
   * g_ref (sigma is convex in g). g_ref is twice the average, capped by
   * the partition; hosts beyond it are left to the repair. The charge
   * is exact where it matters: at the slot that binds the host. */
  int gref = 2 * c->est[p].nguests;
  gref = gref > nvm ? nvm : gref;
  double s1 = oh_sched_coef(c->hv, 1);
  c->charge[p] = gref > 1 ? (oh_sched_coef(c->hv, gref) - s1) / (gref * (1 + s1)) : 0;
}

/* The RAM a hypervisor host of RAM_LIMIT MB (its headroom taken off)
 * leaves its guests under HV, after the hypervisor's own reservation
 * (into *RESERVE when not NULL). */
static double guest_ram(const nf_hv *hv, double ram_limit, double *reserve)
{
  double a = oh_host_ram(hv, 0, 0, 0, NULL);
  double slope = (oh_host_ram(hv, 1000, 0, 0, NULL) - a) / 1000;
  if (reserve)
    *reserve = a;
  return slope > 0 ? (ram_limit - a) / slope : ram_limit - a;
}

int plan_host_check(const nf_hv *hv, const nf_host_model *hm, double headroom_ram, nf_err *err)
{
  double a, g = guest_ram(hv, hm->ram_mb * (1 - headroom_ram), &a);
  if (!(g > 0))
    return nf_errf(err, NULL, 0,
                   "host model '%s': its %.0f MB of RAM do not cover the hypervisor's own "
                   "reservation (%.0f MB) and the RAM headroom",
                   hm->name, hm->ram_mb, a);
  return 0;
}

int plan_scenario(const nf_estate *e, const nf_verdict *v, const nf_hv *hv,
                  const nf_plan_opts *o, int scen, const nf_host_model *hm, nf_scenario *out,
                  nf_err *err)
{
  memset(out, 0, sizeof *out);
  out->scen = scen;
  out->hm = hm;
  out->headroom = (nf_headroom){o->headroom_cpu, o->headroom_ram, o->headroom_iops, o->headroom_net};
  out->percentile = o->prof.percentile;
  out->nslots = e->nslots > 0 ? e->nslots : 1;
  out->slot_s = e->slot_s;
  ctx c = {.e = e, .v = v, .hv = hv, .o = o, .hm = hm, .out = out, .ns = out->nslots};
  oh_host_ram_prep(hv, &c.hram);
  if (e->n == 0)
    return nf_errf(err, NULL, 0, "no workloads to plan: import an inventory and samples first");

  /* Usable capacity of one host. */
  if (plan_host_check(hv, hm, o->headroom_ram, err))
    return -1;
  c.cpu_use = hm->capacity * (1 - o->headroom_cpu);
  c.ram_limit = hm->ram_mb * (1 - o->headroom_ram);
  c.ram_use[NF_HK_HYPERVISOR] = guest_ram(hv, c.ram_limit, NULL);
  c.ram_use[NF_HK_CO_HOST] = c.ram_use[NF_HK_NATIVE] = c.ram_limit;
  c.iops_use = hm->iops * (1 - o->headroom_iops);
  c.net_use = hm->net_mbps * (1 - o->headroom_net);
  c.act[NF_D_CPU] = c.act[NF_D_RAM] = 1;
  c.act[NF_D_IOPS] = hm->iops > 0;
  c.act[NF_D_NET] = hm->net_mbps > 0;
  c.ratio = hv_get(hv, "max_vcpu_per_pcpu", 0);
  c.maxg = (int)hv_get(hv, "max_guests_per_host", 0);

  classify(&c);
  /* A workload nothing tells the RAM of is planned at 0 MB, one nothing
   * tells the cores or clock of on a guess: say so, as when its logs and
   * its inventory disagree on its processors. */
  for (int i = 0; i < e->n; i++) {
    const nf_workload *w = &e->w[i];
    if (!(w->ram_need_mb > 0) && !(w->srv.ram_mb > 0))
      add_risk(out, i, "ram-unknown", 0, 0,
               "%s: no memory counters and no installed RAM in the inventory, so it is "
               "planned with no RAM; add its RAM to the inventory",
               w->srv.name);
    int logical, d = profile_cpu_doubt(w, &logical);
    if ((d & NF_CPU_NO_CORES) && (d & NF_CPU_NO_CLOCK))
      add_risk(out, i, "cpu-size-unknown", 0, 0,
               "%s: no core count and no clock speed in the inventory or its logs, so its CPU %% "
               "is taken of one core of 1 CU; add its cores and MHz (or cpu_rating) to the "
               "inventory",
               w->srv.name);
    else if (d & NF_CPU_NO_CORES)
      add_risk(out, i, "cpu-size-unknown", 0, 0,
               "%s: no core count in the inventory or its logs, so its CPU %% is taken of one "
               "core (%.2f CU); add its cores to the inventory",
               w->srv.name, w->capacity);
    else if (d & NF_CPU_NO_CLOCK)
      add_risk(out, i, "cpu-size-unknown", 0, 0,
               "%s: no clock speed in the inventory, so each of its cores counts 1 CU; add its "
               "MHz and processor model (or cpu_rating) to the inventory",
               w->srv.name);
    if (d & NF_CPU_MISMATCH)
      add_risk(out, i, "cpu-count-mismatch", logical, 1,
               "%s: its logs show %d logical processors where the inventory gives %d %s, and "
               "its CPU %% is taken of the inventory's; check which is right",
               w->srv.name, logical, w->srv.cores > 0 ? w->srv.cores : w->srv.threads,
               w->srv.cores > 0 ? "cores" : "threads");
  }
  /* Nor has a workload without a sample anything but its inventory, and
   * one whose samples span less than half the period is mostly its own
   * data repeated; one that logged apart from the rest stretches the
   * plan's time axis. */
  int64_t bulk_lo, bulk_hi;
  int strays = profile_strays(e, &bulk_lo, &bulk_hi);
  for (int i = 0; i < e->n; i++) {
    if (strays && profile_apart(&e->w[i], bulk_lo, bulk_hi)) {
      char a[32], b[32], f[32];
      add_risk(out, i, "logged-apart", 0, 0,
               "%s: its samples (from %.10s) lie apart from the period most logs cover "
               "(%s..%s), stretching the plan over %d slots; plan with --window on that period, "
               "or import its logs for it",
               e->w[i].srv.name, nf_format_time(e->w[i].first_ts, f, sizeof f),
               nf_format_time(bulk_lo, a, sizeof a), nf_format_time(bulk_hi, b, sizeof b),
               e->nslots);
    }
    double cover = profile_coverage(e, &e->w[i]);
    if (e->w[i].nsamples == 0)
      add_risk(out, i, "no-samples", 0, 0,
               "%s: no performance samples%s, so it is planned at its installed capacity, "
               "every core busy in every slot; import its logs for the period",
               e->w[i].srv.name, e->opts.from || e->opts.to ? " in the plan's window" : "");
    else if (cover < 0.5)
      add_risk(out, i, "partial-samples", 100 * cover, 1,
               "%s: its samples span %.0f %% of the period logged at its site; its other "
               "slots repeat its own data (same time of week, else its percentile): import its "
               "logs for the rest of the period",
               e->w[i].srv.name, 100 * cover);
  }
  make_items(&c);
  c.it = xcalloc((size_t)c.nit + 1, sizeof *c.it);
  c.buf = xmalloc(((size_t)c.nit * FOLD_D * (size_t)c.ns + 1) * sizeof(float));
  c.est = xcalloc((size_t)c.parts.n + 1, sizeof *c.est);
  double *charge = xcalloc((size_t)c.parts.n + 1, sizeof *charge);
  c.pcpu = xmalloc((size_t)c.ns * sizeof(double));
  c.pram = xmalloc((size_t)c.ns * sizeof(double));
  c.piops = xmalloc((size_t)c.ns * sizeof(double));
  c.pnet = xmalloc((size_t)c.ns * sizeof(double));

  /* Phase A: overhead as on a host of one guest (the least it can be),
   * which makes the lower bound valid whatever the final guest counts. */
  for (int p = 0; p < c.parts.n; p++)
    c.est[p] = (nf_oh_host){.capacity = hm->capacity, .pcpus = hm->cores, .nguests = 1, .vcpus = 1};
  for (int i = 0; i < e->n; i++)
    if (c.pw[i].strategy == NF_S_VM_DEDICATED)
      c.pw[i].ded = dedicated_cores(&c, i, &c.est[c.pw[i].part]);
  fill_items(&c);
  fold_cfg cfg = {.nslots = c.ns, .improve = 1, .effort = o->effort};
  int *per_part = xcalloc((size_t)c.parts.n + 1, sizeof *per_part);
  c.own = xmalloc((size_t)c.nit + 1);
  fold_lb lb = {.per_part = per_part, .own = c.own};
  fold_lower_bound(&cfg, c.it, c.nit, &lb);
  int cohost_binds = 0, sched_binds = 0, ohb_binds = 0;
  for (int p = 0; p < c.parts.n; p++) {
    int cb = cohost_bound(&c, p);
    if (cb > per_part[p]) {
      lb.total += cb - per_part[p];
      per_part[p] = cb;
      cohost_binds = 1;
    }
    int sb = sched_bound(&c, p, per_part[p]);
    if (sb > per_part[p]) {
      lb.total += sb - per_part[p];
      per_part[p] = sb;
      sched_binds = 1;
    }
    int ob = overhead_bound(&c, p, per_part[p]);
    if (ob > per_part[p]) {
      lb.total += ob - per_part[p];
      per_part[p] = ob;
      ohb_binds = 1;
    }
  }
  free(c.own);
  c.own = NULL;
  out->lower_bound = lb.total;

  /* Phase B: overhead on the host each partition will have on average. */
  int *nvm = xcalloc((size_t)c.parts.n + 1, sizeof *nvm);
  int *vc = xcalloc((size_t)c.parts.n + 1, sizeof *vc);
  for (int i = 0; i < e->n; i++) {
    nvm[c.pw[i].part]++;
    vc[c.pw[i].part] += c.pw[i].strategy == NF_S_VM_DEDICATED ? c.pw[i].ded : c.pw[i].vcpus;
  }
  c.charge = charge;
  for (int p = 0; p < c.parts.n; p++)
    set_estimate(&c, p, per_part[p], nvm[p], vc[p]);
  free(nvm);
  free(vc);
  fill_items(&c);
  /* A co-host partition's phase-B items carry the contention of a shared
   * OS image, which every workload pays unless it has a host to itself,
   * and then it takes a whole host, at least its item's size. So every
   * packing of the workloads is a packing of these items, and every bound
   * on them holds (conflicts and L2 among them: two items that share a
   * host both pay contention). */
  int contended = 0;
  for (int j = 0; j < c.nit && !contended; j++)
    contended = c.pw[c.pi[j].w[0]].hk == NF_HK_CO_HOST && c.est[c.it[j].part].nguests > 1;
  if (contended) {
    int *pb = xcalloc((size_t)c.parts.n + 1, sizeof *pb);
    fold_lb lbb = {.per_part = pb};
    fold_lower_bound(&cfg, c.it, c.nit, &lbb);
    for (int j = 0; j < c.nit; j++) {
      int p = c.it[j].part;
      if (c.pw[c.pi[j].w[0]].hk == NF_HK_CO_HOST && c.est[p].nguests > 1 && pb[p] > per_part[p]) {
        out->lower_bound += pb[p] - per_part[p];
        per_part[p] = pb[p];
        cohost_binds = 1;
      }
    }
    free(pb);
  }
  int *host_of = xmalloc(((size_t)c.nit + 1) * sizeof *host_of);
  int *over_item = xcalloc((size_t)c.nit + 1, sizeof *over_item);
  int np = c.parts.n, refold_from = 0, won_by[3] = {0};
  int *moved = xcalloc((size_t)np + 1, sizeof *moved);
  fold_stats st;
  int nhosts = fold_repair(&c, &cfg, NULL, c.nit, 0, host_of, over_item, moved, &st);
  /* Co-scheduling depends on the vCPUs a host holds, which phase B saw
   * only as the partition's average: a hypervisor partition where the
   * repair had to move guests is folded again two ways, and keeps the
   * packing with the fewest hosts (the first on a tie): (1) every host's
   * contention at its most (vCPUs twice the cores); (2) every host held
   * to the vCPUs phase B assumed (at least the cores, where there is no
   * contention, and the biggest guest), so that none pays more contention
   * than its items carry. The other partitions keep their packing: no
   * host spans two partitions, and the exact projection the repair checks
   * does not depend on the way. */
  if (st.repairs > 0) {
    int *keep = xmalloc(((size_t)np + 1) * sizeof *keep);
    int *cap = xcalloc((size_t)np + 1, sizeof *cap);
    int *won = xcalloc((size_t)np + 1, sizeof *won);
    int *redo = xcalloc((size_t)np + 1, sizeof *redo);
    for (int p = 0; p < np; p++)
      keep[p] = c.est[p].vcpus;
    int cosched = hv_get(hv, "cosched", 0) > 0;
    for (int i = 0; i < e->n; i++) {
      const pw *q = &c.pw[i];
      int p = q->part, nv = q->strategy == NF_S_VM_DEDICATED ? q->ded : q->vcpus;
      if (q->hk != NF_HK_HYPERVISOR)
        continue;
      redo[p] = moved[p] > 0;
      if (!cosched)
        continue;
      if (cap[p] == 0)
        cap[p] = keep[p] > c.hm->cores ? keep[p] : c.hm->cores;
      if (nv > cap[p])
        cap[p] = nv;
    }
    int m = 0;
    int *sub = xmalloc(((size_t)c.nit + 1) * sizeof *sub);
    for (int j = 0; j < c.nit; j++)
      if (redo[c.it[j].part])
        sub[m++] = j;
    c.vcap = xcalloc((size_t)np + 1, sizeof *c.vcap);
    int *hosts = xcalloc((size_t)np + 1, sizeof *hosts);
    int *hosts2 = xcalloc((size_t)np + 1, sizeof *hosts2);
    int *moved2 = xcalloc((size_t)np + 1, sizeof *moved2);
    int *host2 = xmalloc(((size_t)c.nit + 1) * sizeof *host2);
    int *over2 = xcalloc((size_t)c.nit + 1, sizeof *over2);
    int total = part_hosts(&c, host_of, nhosts, hosts);
    for (int way = 1; way <= 2 && m > 0; way++) {
      int any = 0;
      for (int p = 0; p < np; p++)
        any |= refold_set(&c, keep, cap, p, redo[p] ? way : 0);
      if (!any)
        continue;
      fold_stats st2;
      fill_items(&c);
      memset(moved2, 0, (size_t)np * sizeof *moved2);
      memcpy(host2, host_of, (size_t)c.nit * sizeof *host2);
      int n2 = fold_repair(&c, &cfg, sub, m, nhosts, host2, over2, moved2, &st2);
      part_hosts(&c, host2, n2, hosts2);
      for (int p = 0; p < np; p++) {
        if (!redo[p] || hosts2[p] >= hosts[p])
          continue;
        for (int k = 0; k < m; k++)
          if (c.it[sub[k]].part == p) {
            host_of[sub[k]] = host2[sub[k]];
            over_item[sub[k]] = over2[sub[k]];
          }
        if (!refold_from)
          refold_from = total;
        hosts[p] = hosts2[p];
        moved[p] = moved2[p];
        won[p] = way;
        nhosts = n2;
      }
    }
    /* The items of the plan kept: the baseline below reads them. */
    st.repairs = 0;
    for (int p = 0; p < np; p++) {
      refold_set(&c, keep, cap, p, won[p]);
      won_by[won[p]]++;
      st.repairs += moved[p];
    }
    fill_items(&c);
    free(host2);
    free(over2);
    free(moved2);
    free(hosts2);
    free(hosts);
    free(sub);
    free(redo);
    free(won);
    free(cap);
    free(keep);
  }
  free(moved);
  int drained = drain(&c, host_of, over_item, &nhosts);

  out->first_fit_hosts = st.first;
  out->repairs = st.repairs;

  /* Baseline: each item at the p95 of its series, first fit decreasing. */
  {
    fold_item *bi = xmalloc(((size_t)c.nit + 1) * sizeof *bi);
    float *bv = xmalloc(((size_t)c.nit * FOLD_D + 1) * sizeof *bv);
    double *tmp = xmalloc((size_t)c.ns * sizeof *tmp);
    for (int j = 0; j < c.nit; j++) {
      bi[j] = c.it[j];
      for (int d = 0; d < FOLD_D; d++) {
        if (c.it[j].u[d] == NULL)
          continue;
        for (int s = 0; s < c.ns; s++)
          tmp[s] = c.it[j].u[d][s];
        bv[(size_t)j * FOLD_D + (size_t)d] = (float)nf_percentile(tmp, c.ns, 95);
        bi[j].u[d] = &bv[(size_t)j * FOLD_D + (size_t)d];
      }
    }
    fold_cfg bc = {.nslots = 1, .first_fit = 1};
    fold_result br;
    fold_solve(&bc, bi, c.nit, &br);
    out->baseline_hosts = br.nbins;
    /* What that packing does at the slots' real demand: sizing by p95
     * needs few hosts, and some of them overload when peaks meet. */
    int *idx = xmalloc(((size_t)c.nit + 1) * sizeof *idx);
    fold_cfg fc = {.nslots = c.ns};
    for (int b = 0; b < br.nbins; b++) {
      int k = 0;
      for (int j = 0; j < c.nit; j++)
        if (br.bin[j] == b)
          idx[k++] = j;
      if (k > 1 && !fold_fits(&fc, c.it, idx, k))
        out->baseline_overloaded++;
    }
    free(idx);
    fold_result_free(&br);
    free(tmp);
    free(bv);
    free(bi);
  }

  /* Record hosts, placements, overhead and risks. */
  out->h = xcalloc((size_t)nhosts + 1, sizeof *out->h);
  out->pl = xcalloc((size_t)e->n + 1, sizeof *out->pl);
  out->npl = e->n;
  int *list = xmalloc(((size_t)c.nit + 1) * sizeof *list);
  int *hpart = xmalloc(((size_t)nhosts + 1) * sizeof *hpart); /* out's host -> partition */
  double sum_dem = 0, sum_src[NF_OH__COUNT] = {0}, sum_cont = 0, ram_host = 0, ram_vm = 0;
  for (int h = 0; h < nhosts; h++) {
    int k = host_items(&c, host_of, h, list);
    if (k == 0)
      continue;
    nf_plan_host *H = &out->h[out->nh];
    hpart[out->nh] = c.it[list[0]].part;
    nf_oh_host ohh;
    project(&c, list, k, H, out->pl, &ohh);
    for (int q = 0; q < k; q++)
      for (int m = 0; m < c.pi[list[q]].nw; m++) {
        int i = c.pi[list[q]].w[m];
        out->pl[i].host = out->nh;
        if (c.pw[i].hk == NF_HK_HYPERVISOR) {
          void *ud[2] = {out, &i};
          oh_risks(hv, &e->w[i], &ohh, emit_risk, ud);
        }
      }
    if (H->kind == NF_HK_HYPERVISOR)
      ram_host += H->ram_at_peak.host_fixed + H->ram_at_peak.host_free - H->ram_at_peak.shared;
    out->os_images += H->os_images;
    if (H->cpu_peak_pct > 100 + 1e-6)
      add_risk(out, -1, "host-overload", H->cpu_peak_pct, 1,
               "host h%02d reaches %.0f %% of its CPU in its busiest slot", out->nh + 1,
               H->cpu_peak_pct);
    if (H->ram_peak_pct > 100 + 1e-6)
      add_risk(out, -1, "host-overload", H->ram_peak_pct, 1,
               "host h%02d needs %.0f %% of its RAM in its busiest slot", out->nh + 1,
               H->ram_peak_pct);
    if (over_item[list[0]])
      for (int m = 0; m < c.pi[list[0]].nw; m++) {
        int i = c.pi[list[0]].w[m];
        int over = H->cpu_peak_pct > 100 || H->ram_peak_pct > 100;
        add_risk(out, i, over ? "does-not-fit" : "exceeds-headroom",
                 fmax(H->cpu_peak_pct, H->ram_peak_pct), 1,
                 "%s alone needs more of a %s host than the headroom leaves (%.0f %% CPU, "
                 "%.0f %% RAM at peak): it gets a host of its own%s",
                 e->w[i].srv.name, hm->name, H->cpu_peak_pct, H->ram_peak_pct,
                 over ? " and still overloads it" : "");
      }
    out->nh++;
  }
  free(list);
  out->hosts = out->nh;
  for (int i = 0; i < e->n; i++) {
    nf_placement *P = &out->pl[i];
    sum_dem += P->cpu_demand;
    for (int q = 0; q < NF_OH__COUNT; q++)
      sum_src[q] += P->oh_cpu[q];
    sum_cont += P->contention;
    ram_vm += P->oh_ram_mb;
    if (P->dedicated_cores && P->cpu_peak > P->dedicated_cores * hm->core_rating + 1e-9)
      add_risk(out, i, "dedicated-cores-short", P->cpu_peak, 1,
               "%s peaks at %.2f CU with overhead on the host it got, more than its %d dedicated "
               "cores give (%.2f CU)",
               e->w[i].srv.name, P->cpu_peak, P->dedicated_cores,
               P->dedicated_cores * hm->core_rating);
  }
  for (int q = 0; q < NF_OH__COUNT; q++) {
    out->src_cpu_pct[q] = sum_dem > 0 ? 100 * sum_src[q] / sum_dem : 0;
    out->oh_cpu_pct += out->src_cpu_pct[q];
  }
  out->contention_pct = sum_dem > 0 ? 100 * sum_cont / sum_dem : 0;
  out->oh_cpu_pct += out->contention_pct;
  out->src_ram_mb[NF_OH_MEMORY] = ram_vm + ram_host;
  out->oh_ram_mb = ram_vm + ram_host;
  out->price = hm->price > 0 ? hm->price * out->hosts : 0;
  sbuf n = {0};
  sb_printf(&n, "lower bound %d (volume %d, %d on hosts of their own%s%s%s%s); constructive fold %d "
                "hosts, %d after improvement",
            out->lower_bound, lb.volume, lb.alone, lb.l2 ? ", L2 bound binding" : "",
            cohost_binds ? ", co-host contention bound binding" : "",
            sched_binds ? ", scheduler guest-count bound binding" : "",
            ohb_binds ? ", scheduler and co-scheduling bound binding" : "", st.first, st.folded);
  if (st.split)
    sb_printf(&n, " (spiky workloads on hosts of their own in %d partition%s)", st.split,
              st.split == 1 ? "" : "s");
  /* The squeeze's extra rounds: asked for, or afforded by fewer slots
   * than a week at 5 minutes (fold_solve). */
  char why[64];
  if (o->effort > 1 && 2 * c.ns <= FOLD_WEEK_SLOTS)
    snprintf(why, sizeof why, "--effort %d, %d slots", o->effort, c.ns);
  else if (o->effort > 1)
    snprintf(why, sizeof why, "--effort %d", o->effort);
  else
    snprintf(why, sizeof why, "%d slots", c.ns);
  if (st.rounds > 0)
    sb_printf(&n, " (%s: %d more round%s of the squeeze saved %d host%s)", why, st.rounds,
              st.rounds == 1 ? "" : "s", st.effort, st.effort == 1 ? "" : "s");
  else if (o->effort > 1)
    sb_printf(&n, " (%s: no more rounds, the fold being at its bound or too big for the "
                  "squeeze)", why);
  sb_printf(&n, "; %d workload%s moved by the exact-overhead repair", st.repairs,
            st.repairs == 1 ? "" : "s");
  if (drained)
    sb_printf(&n, ", %d host%s emptied by the exact-overhead drain", drained,
              drained == 1 ? "" : "s");
  sb_printf(&n, "; sum-of-p95 first-fit baseline %d hosts, %d of them over capacity in some slot",
            out->baseline_hosts, out->baseline_overloaded);
  if (refold_from) {
    const char *most = "every host's co-scheduling contention at its most",
               *held = "every host held to the vCPUs the fold assumed";
    if (won_by[1] && won_by[2])
      sb_printf(&n, "; folded again with %s in %d partition%s and with %s in %d", most, won_by[1],
                won_by[1] == 1 ? "" : "s", held, won_by[2]);
    else
      sb_printf(&n, "; folded again with %s", won_by[1] ? most : held);
    sb_printf(&n, ": %d hosts where the repair needed %d", out->hosts, refold_from);
  }
  plan_gap_note(out, hpart, c.parts.n, &n);
  free(hpart);
  if (c.parts.n > 1)
    part_notes(&c, host_of, nhosts, per_part, &n);
  if (out->price > 0) {
    char total[NF_GROUPED_LEN], each[NF_GROUPED_LEN];
    sb_printf(&n, "; cost %s (%d × %s)", nf_grouped(total, sizeof total, out->price), out->hosts,
              nf_grouped(each, sizeof each, hm->price));
  }
  out->notes = sb_take(&n);

  free(per_part);
  free(host_of);
  free(over_item);
  for (int j = 0; j < c.nit; j++)
    free(c.pi[j].w);
  free(c.pi);
  free(c.pw);
  free(c.it);
  free(c.buf);
  free(c.est);
  free(c.vcap);
  free(charge);
  free(c.pcpu);
  free(c.pram);
  free(c.piops);
  free(c.pnet);
  st_free(&c.parts);
  st_free(&c.groups);
  return 0;
}

void plan_scenario_free(nf_scenario *s)
{
  for (int h = 0; h < s->nh; h++) {
    free(s->h[h].cpu_pct);
    free(s->h[h].ram_pct);
  }
  free(s->h);
  free(s->pl);
  for (int r = 0; r < s->nrisks; r++) {
    free(s->risks[r].kind);
    free(s->risks[r].text);
  }
  free(s->risks);
  free(s->notes);
  memset(s, 0, sizeof *s);
}

int plan_replay_host(const nf_estate *e, const nf_hv *hv, const nf_host_model *hm, const int *w,
                     const int *strategy, const char *const *chk, const int *ded, int k,
                     nf_replay_host *out)
{
  memset(out, 0, sizeof *out);
  nf_plan_opts o;
  memset(&o, 0, sizeof o); /* no headroom: a replay measures against the whole host */
  nf_scenario sc;
  memset(&sc, 0, sizeof sc);
  ctx c = {.e = e, .hv = hv, .o = &o, .hm = hm, .out = &sc, .ns = e->nslots > 0 ? e->nslots : 1};
  oh_host_ram_prep(hv, &c.hram);
  c.cpu_use = hm->capacity;
  c.ram_limit = hm->ram_mb;
  c.iops_use = hm->iops;
  c.net_use = hm->net_mbps;
  c.act[NF_D_CPU] = c.act[NF_D_RAM] = 1;
  c.act[NF_D_IOPS] = hm->iops > 0;
  c.act[NF_D_NET] = hm->net_mbps > 0;
  c.pw = xcalloc((size_t)e->n + 1, sizeof *c.pw);
  c.pi = xcalloc((size_t)k + 1, sizeof *c.pi);
  int *items = xmalloc(((size_t)k + 1) * sizeof *items);
  for (int j = 0; j < k; j++) {
    pw *p = &c.pw[w[j]];
    p->strategy = strategy[j];
    p->hk = p->strategy == NF_S_CO_HOST ? NF_HK_CO_HOST
            : p->strategy == NF_S_NATIVE ? NF_HK_NATIVE
                                         : NF_HK_HYPERVISOR;
    if (p->hk == NF_HK_CO_HOST)
      p->chk = plan_cohost_kind(chk[j], &e->w[w[j]].srv, &p->light);
    p->ded = ded[j];
    pw_model(p, hv, &e->w[w[j]]);
    c.pi[j].w = (int *)&w[j];
    c.pi[j].nw = 1;
    items[j] = j;
  }
  c.nit = k;
  c.pcpu = xmalloc((size_t)c.ns * sizeof(double));
  c.pram = xmalloc((size_t)c.ns * sizeof(double));
  c.piops = xmalloc((size_t)c.ns * sizeof(double));
  c.pnet = xmalloc((size_t)c.ns * sizeof(double));
  nf_plan_host H;
  out->overloaded = project(&c, items, k, &H, NULL, NULL);
  out->intervals = c.ns;
  out->worst_cpu_pct = H.cpu_peak_pct;
  out->worst_ram_pct = H.ram_peak_pct;
  free(H.cpu_pct);
  free(H.ram_pct);
  free(items);
  free(c.pi);
  free(c.pw);
  free(c.pcpu);
  free(c.pram);
  free(c.piops);
  free(c.pnet);
  return 0;
}
