/* fold.c — time-aware multi-dimensional bin packing (fold.h).
 *
 * Constructive phase: items in decreasing order of their time-aware size
 * (sum over dimensions of the normalized peak plus the normalized mean, so
 * that a flat workload counts as bigger than a spike of the same peak), each
 * put on the host where it fits and leaves the least slack at the host's
 * tightest slot (best fit in the dimension and slot that bind), or on a new
 * host. Improvement phase: hosts in increasing order of load are emptied by
 * moving their items elsewhere, falling back to a one-level ejection (make
 * room on a host by moving one of its items to a third host); a pass that
 * empties nothing ends it, as does the work budget. Then the spiky split
 * (fold_split: the same again with each partition's spiky items apart,
 * kept where it needs fewer hosts) and the squeeze (squeeze, anneal_host:
 * a host's items spread over its neighbours through states that overload,
 * until the overload is gone; chain_move trades one big item for several
 * small ones). More effort (fold_cfg.effort), or fewer slots than a week
 * at 5 minutes, runs the squeeze again in rounds, each with twice the
 * budget and a random stream of its own, from the hosts the last round
 * left.
 *
 * The fit test is the hot loop. Each host keeps, beside its per-slot load,
 * an envelope (the maximum load over each block of BLK slots); each item has
 * the same envelope precomputed. Where envelope plus envelope stays within
 * the host, the whole block fits without looking at its slots; only blocks
 * where the envelopes collide are checked slot by slot.
 *
 * Lower bound (fold_lower_bound): per partition the strongest of volume,
 * L2 at the busiest slots, max guests, anti-affinity groups and conflict
 * cliques (bound_conflict), each valid for any packing the fit test
 * accepts; the comment on each says why. */
#define _GNU_SOURCE /* qsort_r */
#include "fold.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define BLK 12 /* a multiple of 4 (bin_shift) */
#define EPS ((float)FOLD_EPS)
#define CLOSE_AFTER 1024
#define BUDGET_BASE 500000L /* the improvement budget: this many fit checks, */
#define BUDGET_ITEM 1000L   /* and this many more a workload */
#define SQUEEZE_X 4        /* the squeeze may spend this many improvement budgets, */
#define SQUEEZE_MAX 3000000L /* but no more evaluations than this, */
#define SQUEEZE_WORK 8000000L /* and only in partitions of items × slots at most this,
                                 times the effort (squeezable) */
#define SQUEEZE_K 32       /* hosts an attempt works on: the one to save and 31 others */
#define ANNEAL_T0 0.02     /* the annealing's temperature, first (overload, share of a host-slot) */
#define ANNEAL_T1 2e-5     /* and last */
#define ANNEAL_CHAIN 0.25  /* the share of its moves that are chains (chain_move) */
#define CHAIN_MAX 8        /* items a chain brings back */
#define NEAR_MISS 0.01     /* an annealing that ends under this overload is tried again */
#define SLOTS_X_MAX 12     /* fewer slots than FOLD_WEEK_SLOTS: at most this many more
                              squeeze budgets (a week at 60 minutes) */

/* Four slots at a time (GCC's vector extension; SSE on x86-64) in the hot
 * loops. */
typedef float v4f __attribute__((vector_size(16)));
typedef int v4i __attribute__((vector_size(16)));

static inline v4f v4load(const float *p)
{
  v4f v;
  memcpy(&v, p, sizeof v); /* series need not be aligned */
  return v;
}

static inline void v4store(float *p, v4f v)
{
  memcpy(p, &v, sizeof v);
}

static inline v4f v4max(v4f a, v4f b)
{
  v4i m = a > b;
  return (v4f)(((v4i)a & m) | ((v4i)b & ~m));
}

typedef struct bin {
  int part, alive, alone, maxn, oversized;
  int refused;      /* consecutive items it could not take (constructive phase) */
  int ops;          /* removals since the load was last summed afresh */
  int dirty;        /* items added or removed since then */
  int n, cap;
  int *items;
  float *L[FOLD_D]; /* per-slot load */
  float *E[FOLD_D]; /* per-block maximum of L */
  float pk[FOLD_D]; /* maximum of E */
  double s[FOLD_S];
  int *anti, *antc; /* anti-affinity groups present, with member counts */
  int nanti, antcap;
} bin;

typedef struct fstate {
  const fold_cfg *c;
  const fold_item *it;
  int n, ns, nb;
  int act[FOLD_D];
  float *IE;     /* item envelopes, n × FOLD_D × nb */
  float *IM;     /* item block minima, n × FOLD_D × nb (swap checks) */
  float *IP;     /* item peaks, n × FOLD_D */
  double *acc;   /* ns scratch */
  float *tmp;    /* nb scratch */
  float *zero;   /* ns zeros: the series of an item absent from a move */
  double *size;
  bin *b;
  int nbins;
  size_t bcap;
  int *bin_of;
  long checks;
  int building;     /* constructive phase: skip hosts that keep refusing */
  int floor;        /* the lower bound: the improvement phase stops there */
} fstate;

static float *ienv(const fstate *f, int i, int d)
{
  return f->IE + ((size_t)i * FOLD_D + (size_t)d) * (size_t)f->nb;
}

static float *imin(const fstate *f, int i, int d)
{
  return f->IM + ((size_t)i * FOLD_D + (size_t)d) * (size_t)f->nb;
}

/* Adds SIGN (1 or -1) times series U to a host's load of dimension D, or
 * nothing when U is NULL, and recomputes the envelope in the same pass
 * over the load. */
static void bin_shift(fstate *f, bin *b, int d, const float *u, float sign)
{
  float *L = b->L[d], pk = 0;
  for (int k = 0; k < f->nb; k++) {
    int s0 = k * BLK, s1 = s0 + BLK < f->ns ? s0 + BLK : f->ns;
    float m = -INFINITY;
    if (s1 - s0 == BLK) { /* a whole block, BLK / 4 vectors */
      v4f mx = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
      for (int s = s0; s < s1; s += 4) {
        v4f v = v4load(L + s);
        if (u) {
          v += sign * v4load(u + s);
          v4store(L + s, v);
        }
        mx = v4max(v, mx);
      }
      for (int l = 0; l < 4; l++)
        m = mx[l] > m ? mx[l] : m;
    } else {
      for (int s = s0; s < s1; s++) {
        float v = u ? L[s] + sign * u[s] : L[s];
        L[s] = v;
        m = v > m ? v : m;
      }
    }
    b->E[d][k] = m;
    if (m > pk)
      pk = m;
  }
  b->pk[d] = pk;
}

static int bin_new(fstate *f, int part)
{
  xgrow(&f->b, &f->bcap, (size_t)f->nbins + 1, sizeof *f->b);
  bin *b = &f->b[f->nbins];
  memset(b, 0, sizeof *b);
  b->part = part;
  b->alive = 1;
  for (int d = 0; d < FOLD_D; d++)
    if (f->act[d]) {
      b->L[d] = xcalloc((size_t)f->ns, sizeof(float));
      b->E[d] = xcalloc((size_t)f->nb, sizeof(float));
    }
  return f->nbins++;
}

static void bin_release(bin *b)
{
  for (int d = 0; d < FOLD_D; d++) {
    free(b->L[d]);
    free(b->E[d]);
    b->L[d] = b->E[d] = NULL;
  }
  free(b->items);
  free(b->anti);
  free(b->antc);
  b->items = b->anti = b->antc = NULL;
  b->n = b->cap = b->nanti = b->antcap = 0;
  b->alive = 0;
}

static void bin_limits(fstate *f, bin *b)
{
  b->maxn = 0;
  b->alone = 0;
  for (int j = 0; j < b->n; j++) {
    const fold_item *x = &f->it[b->items[j]];
    if (x->maxn && (b->maxn == 0 || x->maxn < b->maxn))
      b->maxn = x->maxn;
    if (x->alone)
      b->alone = 1;
  }
}

static void bin_add(fstate *f, int bi, int i)
{
  bin *b = &f->b[bi];
  const fold_item *x = &f->it[i];
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 8;
    b->items = xrealloc(b->items, (size_t)b->cap * sizeof *b->items);
  }
  b->items[b->n++] = i;
  b->dirty = 1;
  for (int d = 0; d < FOLD_D; d++) {
    if (!f->act[d] || x->u[d] == NULL)
      continue;
    bin_shift(f, b, d, x->u[d], 1);
  }
  for (int k = 0; k < FOLD_S; k++)
    b->s[k] += x->s[k];
  for (int a = 0; a < x->nanti; a++) {
    int g = x->anti[a], j;
    for (j = 0; j < b->nanti && b->anti[j] != g; j++)
      ;
    if (j == b->nanti) {
      if (b->nanti == b->antcap) {
        b->antcap = b->antcap ? b->antcap * 2 : 4;
        b->anti = xrealloc(b->anti, (size_t)b->antcap * sizeof *b->anti);
        b->antc = xrealloc(b->antc, (size_t)b->antcap * sizeof *b->antc);
      }
      b->anti[j] = g;
      b->antc[j] = 0;
      b->nanti++;
    }
    b->antc[j]++;
  }
  bin_limits(f, b);
  f->bin_of[i] = bi;
}

/* Sums host B's load in dimension D afresh from its items, into f->acc. */
static void sum_afresh(fstate *f, const bin *b, int d)
{
  memset(f->acc, 0, (size_t)f->ns * sizeof *f->acc);
  for (int j = 0; j < b->n; j++) {
    const float *u = f->it[b->items[j]].u[d];
    if (u)
      for (int s = 0; s < f->ns; s++)
        f->acc[s] += u[s];
  }
}

/* Sums a host's load afresh from its items: float subtraction drifts over
 * many moves, and the fit test must stay exact to within EPS. */
static void bin_resum(fstate *f, bin *b)
{
  for (int d = 0; d < FOLD_D; d++) {
    if (!f->act[d])
      continue;
    sum_afresh(f, b, d);
    for (int s = 0; s < f->ns; s++)
      b->L[d][s] = (float)f->acc[s];
    bin_shift(f, b, d, NULL, 1);
  }
  for (int k = 0; k < FOLD_S; k++) {
    double v = 0;
    for (int j = 0; j < b->n; j++)
      v += f->it[b->items[j]].s[k];
    b->s[k] = v;
  }
  b->ops = b->dirty = 0;
}

static void bin_remove(fstate *f, int bi, int i)
{
  bin *b = &f->b[bi];
  const fold_item *x = &f->it[i];
  int j;
  for (j = 0; j < b->n && b->items[j] != i; j++)
    ;
  if (j == b->n)
    return;
  b->items[j] = b->items[--b->n];
  b->dirty = 1;
  for (int d = 0; d < FOLD_D; d++) {
    if (!f->act[d] || x->u[d] == NULL)
      continue;
    if (b->n == 0)
      memset(b->L[d], 0, (size_t)f->ns * sizeof *b->L[d]);
    bin_shift(f, b, d, b->n ? x->u[d] : NULL, -1);
  }
  for (int k = 0; k < FOLD_S; k++)
    b->s[k] = b->n ? b->s[k] - x->s[k] : 0;
  for (int a = 0; a < x->nanti; a++)
    for (int g = 0; g < b->nanti; g++)
      if (b->anti[g] == x->anti[a]) {
        if (--b->antc[g] == 0) {
          b->nanti--;
          b->anti[g] = b->anti[b->nanti];
          b->antc[g] = b->antc[b->nanti];
        }
        break;
      }
  bin_limits(f, b);
  f->bin_of[i] = -1;
  if (++b->ops >= 64 && b->n > 0)
    bin_resum(f, b);
}

/* Whether item I fits host B; *WORST gets the highest load the host would
 * reach in any dimension and slot (an upper estimate where the envelopes
 * suffice to decide). */
/* Whether item I may join host B by every rule but the time dimensions:
 * partition, alone, max guests, scalars, anti-affinity. */
static int fit_rules(const fstate *f, const bin *b, int i)
{
  const fold_item *x = &f->it[i];
  if (!b->alive || b->part != x->part || b->oversized)
    return 0;
  if (b->n > 0 && (b->alone || x->alone))
    return 0;
  int lim = b->maxn;
  if (x->maxn && (lim == 0 || x->maxn < lim))
    lim = x->maxn;
  if (lim && b->n + 1 > lim)
    return 0;
  for (int k = 0; k < FOLD_S; k++)
    if (b->s[k] + x->s[k] > 1 + EPS)
      return 0;
  for (int a = 0; a < x->nanti; a++)
    for (int g = 0; g < b->nanti; g++)
      if (b->anti[g] == x->anti[a])
        return 0;
  return 1;
}

static int fit(fstate *f, const bin *b, int i, float *worst, float *cost)
{
  const fold_item *x = &f->it[i];
  if (!fit_rules(f, b, i))
    return 0;
  f->checks++;
  float w = 0, cst = 0;
  for (int d = 0; d < FOLD_D; d++) {
    if (!f->act[d])
      continue;
    if (x->u[d] == NULL) {
      if (b->pk[d] > w)
        w = b->pk[d];
      continue;
    }
    float wd = 0; /* the host's new peak in this dimension */
    const float *E = b->E[d], *IE = ienv(f, i, d);
    float *t = f->tmp, m = 0;
    for (int k = 0; k < f->nb; k++) {
      t[k] = E[k] + IE[k];
      m = t[k] > m ? t[k] : m;
    }
    if (m <= 1 + EPS) {
      if (m > w)
        w = m;
      cst += m - b->pk[d];
      continue;
    }
    const float *L = b->L[d], *u = x->u[d];
    for (int k = 0; k < f->nb; k++) {
      if (t[k] <= 1 + EPS) {
        wd = t[k] > wd ? t[k] : wd;
        continue;
      }
      int s0 = k * BLK, s1 = s0 + BLK < f->ns ? s0 + BLK : f->ns;
      float e = 0;
      for (int s = s0; s < s1; s++) {
        float v = L[s] + u[s];
        e = v > e ? v : e;
      }
      if (e > 1 + EPS)
        return 0;
      wd = e > wd ? e : wd;
    }
    w = wd > w ? wd : w;
    cst += wd - b->pk[d];
  }
  *worst = w;
  *cost = cst;
  return 1;
}

/* The host item I should go to (best or first fit), skipping host SKIP; -1 if none. */
static int choose(fstate *f, int i, int skip)
{
  int best = -1;
  float bestw = -1, bestc = 1e30f;
  for (int bi = 0; bi < f->nbins; bi++) {
    float w, cst;
    if (bi == skip)
      continue;
    /* A host that refused many items in a row is as good as full: the
     * improvement phase still sees it, the constructive scan does not. */
    if (f->building && f->b[bi].refused > CLOSE_AFTER)
      continue;
    if (!fit(f, &f->b[bi], i, &w, &cst)) {
      if (f->building && f->b[bi].part == f->it[i].part)
        f->b[bi].refused++;
      continue;
    }
    if (f->building)
      f->b[bi].refused = 0;
    if (f->c->first_fit)
      return bi;
    /* Least increase of the host's peaks (the item fills valleys), then
     * the tightest host (best fit). */
    if (cst < bestc - 1e-4f || (cst <= bestc + 1e-4f && w > bestw)) {
      bestw = w;
      bestc = cst;
      best = bi;
    }
  }
  return best;
}

/* Whether item I exceeds an empty host on its own. */
static int too_big(const fstate *f, int i)
{
  const fold_item *x = &f->it[i];
  for (int k = 0; k < FOLD_S; k++)
    if (x->s[k] > 1 + EPS)
      return 1;
  for (int d = 0; d < FOLD_D; d++)
    if (f->act[d] && x->u[d])
      for (int s = 0; s < f->ns; s++)
        if (x->u[d][s] > 1 + EPS)
          return 1;
  return 0;
}

/* Sorts the indexes IDX[0..n) by KEY[idx], descending when DESC, ties by
 * index (so results are deterministic). The key travels in qsort_r's
 * context, not a global: folds may run side by side (plan_run). */
struct sort_key {
  const double *key;
  int desc;
};

static int cmp_key(const void *a, const void *b, void *ctx)
{
  const struct sort_key *k = ctx;
  int i = *(const int *)a, j = *(const int *)b;
  if (k->key[i] != k->key[j])
    return (k->key[i] < k->key[j]) == k->desc ? 1 : -1;
  return (i > j) - (i < j);
}

static void sort_by(int *idx, int n, const double *key, int desc)
{
  struct sort_key k = {key, desc};
  qsort_r(idx, (size_t)n, sizeof *idx, cmp_key, &k);
}

/* The share of its host's capacity a host's load takes: mean over dimensions
 * of the block envelopes, plus the scalars (the order hosts are emptied in). */
static double bin_load(const fstate *f, const bin *b)
{
  double v = 0;
  for (int d = 0; d < FOLD_D; d++)
    if (f->act[d]) {
      double s = 0;
      for (int k = 0; k < f->nb; k++)
        s += b->E[d][k];
      v += s / f->nb;
    }
  for (int k = 0; k < FOLD_S; k++)
    v += b->s[k];
  return v;
}

/* Whether item X may join host B once the items EX[0..nex) (all on B) have
 * left it, by every rule but the time dimensions. The maxn test keeps the
 * leavers' own limits (conservative). */
static int swap_rules(const fstate *f, const bin *b, int x, const int *ex, int nex)
{
  const fold_item *it = &f->it[x];
  if (!b->alive || b->part != it->part || b->oversized || b->alone || it->alone)
    return 0;
  int rest = b->n - nex + 1;
  if ((b->maxn && rest > b->maxn) || (it->maxn && rest > it->maxn))
    return 0;
  for (int k = 0; k < FOLD_S; k++) {
    double v = b->s[k] + it->s[k];
    for (int e = 0; e < nex; e++)
      v -= f->it[ex[e]].s[k];
    if (v > 1 + EPS)
      return 0;
  }
  for (int a = 0; a < it->nanti; a++)
    for (int g = 0; g < b->nanti; g++) {
      if (b->anti[g] != it->anti[a])
        continue;
      int cnt = b->antc[g];
      for (int e = 0; e < nex; e++)
        for (int a2 = 0; a2 < f->it[ex[e]].nanti; a2++)
          cnt -= f->it[ex[e]].anti[a2] == b->anti[g];
      if (cnt > 0)
        return 0;
    }
  return 1;
}

/* Whether item X fits host B once the items EX[0..nex) (all on B) have left
 * it. Block test: the host's envelope minus the leavers' block minima plus
 * X's envelope; only blocks where that exceeds the host are checked slot by
 * slot. */
static int fit_swap(fstate *f, const bin *b, int x, const int *ex, int nex)
{
  const fold_item *it = &f->it[x];
  if (!swap_rules(f, b, x, ex, nex))
    return 0;
  f->checks++;
  for (int d = 0; d < FOLD_D; d++) {
    const float *u = it->u[d];
    if (!f->act[d] || u == NULL)
      continue;
    const float *E = b->E[d], *IE = ienv(f, x, d), *L = b->L[d];
    for (int k = 0; k < f->nb; k++) {
      float t = E[k] + IE[k];
      if (t <= 1 + EPS)
        continue;
      for (int e = 0; e < nex; e++)
        if (f->it[ex[e]].u[d])
          t -= imin(f, ex[e], d)[k];
      if (t <= 1 + EPS)
        continue;
      int s0 = k * BLK, s1 = s0 + BLK < f->ns ? s0 + BLK : f->ns;
      for (int s = s0; s < s1; s++) {
        float v = L[s] + u[s];
        for (int e = 0; e < nex; e++)
          if (f->it[ex[e]].u[d])
            v -= f->it[ex[e]].u[d][s];
        if (v > 1 + EPS)
          return 0;
      }
    }
  }
  return 1;
}

/* Empties host B's load, items and constraint bookkeeping (it stays alive). */
static void bin_clear(fstate *f, bin *b)
{
  for (int d = 0; d < FOLD_D; d++)
    if (f->act[d]) {
      memset(b->L[d], 0, (size_t)f->ns * sizeof(float));
      memset(b->E[d], 0, (size_t)f->nb * sizeof(float));
      b->pk[d] = 0;
    }
  for (int k = 0; k < FOLD_S; k++)
    b->s[k] = 0;
  b->n = b->nanti = b->maxn = b->alone = b->ops = b->dirty = 0;
}

/* Scratch of the improvement phase. */
typedef struct pscratch {
  int *snap;   /* per item: its host before the attempt */
  char *mark;  /* per host: touched by the attempt */
  int *touch;  /* the touched hosts */
  int ntouch;
  int *pool;   /* items without a host */
  long *tabu;  /* per item: the last step in which it may not be displaced */
  int tenure;
  long step;   /* steps so far, over all attempts */
} pscratch;

static void touch(pscratch *p, int bi)
{
  if (!p->mark[bi]) {
    p->mark[bi] = 1;
    p->touch[p->ntouch++] = bi;
  }
}

/* Begins an attempt to empty host V: remembers every item's host, moves
 * V's items to the pool and takes V out of service. Returns the pool size. */
static int attempt_begin(fstate *f, pscratch *p, int v)
{
  bin *bv = &f->b[v];
  memcpy(p->snap, f->bin_of, (size_t)f->n * sizeof *p->snap);
  p->ntouch = 0;
  int np = 0;
  while (bv->n > 0) {
    int x = bv->items[bv->n - 1];
    bin_remove(f, v, x);
    p->pool[np++] = x;
  }
  bv->alive = 0;
  touch(p, v);
  return np;
}

/* Ends an attempt to empty host V: releases V when it succeeded (OK),
 * else puts every host the attempt touched back as it was. Returns OK. */
static int attempt_end(fstate *f, pscratch *p, int v, int ok)
{
  if (ok) {
    bin_release(&f->b[v]);
  } else {
    for (int t = 0; t < p->ntouch; t++) {
      bin_clear(f, &f->b[p->touch[t]]);
      f->b[p->touch[t]].alive = 1;
    }
    for (int i = 0; i < f->n; i++)
      if (p->snap[i] >= 0 && p->mark[p->snap[i]])
        bin_add(f, p->snap[i], i);
  }
  for (int t = 0; t < p->ntouch; t++)
    p->mark[p->touch[t]] = 0;
  return ok;
}

/* Tries to empty host V. Its items go to a pool; then, step by step, a
 * pooled item goes to the host where it fits best or, when none has room,
 * displaces one or two items of that host (which join the pool): the move
 * that leaves the least pooled size, even when it adds to it, among moves
 * that do not displace an item placed in the last few steps (tabu). The
 * pooled items are tried biggest first; a step takes the first that has a
 * move. It ends with an empty pool (V is released) or, after LIMIT fit
 * checks or when no pooled item can move, with every touched host put back
 * as it was. */
static int pool_empty(fstate *f, pscratch *p, int v, long limit)
{
  long start = f->checks;
  int np = attempt_begin(f, p, v);
  int ok = 0;
  for (;;) {
    long step = ++p->step;
    if (np == 0) {
      ok = 1;
      break;
    }
    if (f->checks - start > limit || (f->c->budget > 0 && f->checks > f->c->budget))
      break;
    /* Pool biggest first (insertion sort: the pool is short). */
    for (int j = 1; j < np; j++) {
      int x = p->pool[j], q = j;
      while (q > 0 && (f->size[p->pool[q - 1]] < f->size[x] ||
                       (f->size[p->pool[q - 1]] == f->size[x] && p->pool[q - 1] > x))) {
        p->pool[q] = p->pool[q - 1];
        q--;
      }
      p->pool[q] = x;
    }
    int moved = 0;
    for (int q = 0; q < np && !moved; q++) {
      int x = p->pool[q];
      int to = choose(f, x, -1);
      if (to >= 0) {
        bin_add(f, to, x);
        p->tabu[x] = step + p->tenure;
        touch(p, to);
        p->pool[q] = p->pool[--np];
        moved = 1;
        break;
      }
      /* The displacement that leaves the least pooled size; pairs only
       * when no single item makes room. */
      int bh = -1, ey[2] = {-1, -1}, ne = 0;
      double bs = 1e300;
      for (int pairs = 0; pairs <= 1 && bh < 0; pairs++)
        for (int h = 0; h < f->nbins; h++) {
          bin *b = &f->b[h];
          if (!b->alive || b->part != f->it[x].part || b->alone || b->oversized || b->n == 0)
            continue;
          for (int j = 0; j < b->n; j++) {
            int y = b->items[j];
            double sy = f->size[y];
            if (p->tabu[y] >= step || sy >= bs)
              continue;
            if (!pairs) {
              if (fit_swap(f, b, x, &y, 1)) {
                bs = sy;
                bh = h;
                ey[0] = y;
                ne = 1;
              }
              continue;
            }
            for (int l = j + 1; l < b->n; l++) {
              int yz[2] = {y, b->items[l]};
              if (p->tabu[yz[1]] >= step || sy + f->size[yz[1]] >= bs || !fit_swap(f, b, x, yz, 2))
                continue;
              bs = sy + f->size[yz[1]];
              bh = h;
              ey[0] = yz[0];
              ey[1] = yz[1];
              ne = 2;
            }
          }
        }
      if (bh < 0)
        continue;
      p->pool[q] = p->pool[--np];
      for (int e = 0; e < ne; e++) {
        bin_remove(f, bh, ey[e]);
        p->pool[np++] = ey[e];
      }
      bin_add(f, bh, x);
      p->tabu[x] = step + p->tenure;
      touch(p, bh);
      moved = 1;
    }
    if (!moved)
      break;
  }
  return attempt_end(f, p, v, ok);
}

/* Empties hosts, lightest first, until no attempt succeeds or the budget
 * is spent. Returns the hosts emptied. */
static int improve(fstate *f)
{
  int emptied = 0;
  double *load = xmalloc(((size_t)f->nbins + 1) * sizeof *load);
  int *order = xmalloc(((size_t)f->nbins + 1) * sizeof *order);
  pscratch p = {
    .snap = xmalloc(((size_t)f->n + 1) * sizeof *p.snap),
    .mark = xcalloc((size_t)f->nbins + 1, 1),
    .touch = xmalloc(((size_t)f->nbins + 1) * sizeof *p.touch),
    .pool = xmalloc(((size_t)f->n + 1) * sizeof *p.pool),
    .tabu = xcalloc((size_t)f->n + 1, sizeof *p.tabu),
    .tenure = 7,
  };
  long budget = f->c->budget;
  /* One attempt may spend an eighth of what is left, at least 20,000 checks. */
  for (;;) {
    int k = 0;
    for (int bi = 0; bi < f->nbins; bi++) {
      bin *b = &f->b[bi];
      if (b->alive && b->n > 0 && !b->alone && !b->oversized) {
        load[bi] = bin_load(f, b);
        order[k++] = bi;
      }
    }
    sort_by(order, k, load, 0);
    int got = 0, alive = 0;
    for (int bi = 0; bi < f->nbins; bi++)
      alive += f->b[bi].alive && f->b[bi].n > 0;
    if (alive <= f->floor)
      break;
    for (int j = 0; j < k && !got; j++) {
      if (budget > 0 && f->checks > budget)
        break;
      long lim = budget > 0 ? (budget - f->checks) / 8 : 1L << 40;
      if (lim < 20000)
        lim = 20000;
      got = pool_empty(f, &p, order[j], lim);
    }
    emptied += got;
    if (!got)
      break;
  }
  free(p.snap);
  free(p.mark);
  free(p.touch);
  free(p.pool);
  free(p.tabu);
  free(load);
  free(order);
  return emptied;
}

/* A uniform number in [0, 1) from the xorshift state *S. */
static double urand(unsigned long long *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return (double)(*s >> 11) / 9007199254740992.0;
}

/* ---- squeeze: one host fewer, the overload searched away ------------
 *
 * The improvement phase only ever makes moves that fit. On spiky traces a
 * host can often be saved only through states that do not: the squeeze
 * empties a host onto its partition's others wherever that overloads them
 * least, then moves items off overloaded slots, one at a time, to the host
 * where the move removes the most overload (tabu search: an item may not
 * go back to the host it just left for a while, unless that gives the best
 * overload seen). Overload = the load above the fit test's limit, summed
 * over dimensions and slots; zero means every host fits again. The block
 * envelopes keep each evaluation to the blocks where loads collide. */

/* Load above what the fit test accepts. */
static inline float excess(float v)
{
  return v > 1 + EPS ? v - (1 + EPS) : 0;
}

/* The same four slots at a time: the squeeze spends most of its time
 * here. A comparison of vectors gives -1 in the lanes where it holds, so
 * the AND keeps v - limit there. */
static inline v4f v4excess(v4f v)
{
  const v4f zero = {0, 0, 0, 0};
  v4f e = v - (1 + EPS);
  return (v4f)((v4i)e & (e > zero));
}

/* Overload change over slots S0..S1 when ADD joins load L and SUB leaves it. */
static double excess_change(const float *L, const float *add, const float *sub, int s0, int s1)
{
  v4f acc = {0, 0, 0, 0};
  int s = s0;
  for (; s + 4 <= s1; s += 4) {
    v4f l = v4load(L + s);
    acc += v4excess(l + v4load(add + s) - v4load(sub + s)) - v4excess(l);
  }
  double g = (double)acc[0] + acc[1] + acc[2] + acc[3];
  for (; s < s1; s++)
    g += excess(L[s] + add[s] - sub[s]) - excess(L[s]);
  return g;
}

/* Host B's overload. */
static double bin_over(const fstate *f, const bin *b)
{
  double o = 0;
  for (int d = 0; d < FOLD_D; d++) {
    if (!f->act[d] || b->pk[d] <= 1 + EPS)
      continue;
    for (int k = 0; k < f->nb; k++) {
      if (b->E[d][k] <= 1 + EPS)
        continue;
      int s0 = k * BLK, s1 = s0 + BLK < f->ns ? s0 + BLK : f->ns;
      for (int s = s0; s < s1; s++)
        o += excess(b->L[d][s]);
    }
  }
  return o;
}

/* Overload host B would lose (SIGN -1: item X leaves it) or gain (SIGN +1:
 * X joins it). */
static double over_delta(fstate *f, const bin *b, int x, int sign)
{
  f->checks++;
  double g = 0;
  for (int d = 0; d < FOLD_D; d++) {
    const float *u = f->it[x].u[d];
    if (!f->act[d] || u == NULL)
      continue;
    /* A host that stays within its limit everywhere changes nothing. */
    if ((sign > 0 ? b->pk[d] + f->IP[(size_t)x * FOLD_D + (size_t)d] : b->pk[d]) <= 1 + EPS)
      continue;
    const float *E = b->E[d], *IE = ienv(f, x, d), *L = b->L[d];
    for (int k = 0; k < f->nb; k++) {
      if ((sign > 0 ? E[k] + IE[k] : E[k]) <= 1 + EPS)
        continue;
      int s0 = k * BLK, s1 = s0 + BLK < f->ns ? s0 + BLK : f->ns;
      g += sign > 0 ? excess_change(L, u, f->zero, s0, s1) : -excess_change(L, f->zero, u, s0, s1);
    }
  }
  return g;
}

/* Scratch of the squeeze. */
typedef struct sqz {
  int hosts[SQUEEZE_K]; /* the hosts that take the items, lightest first */
  double load[SQUEEZE_K];
  int nh;
  int *left;     /* per item: the host it last left */
  long *until;   /* per item: the step until which it may not go back */
  int *cand;     /* items of the overloaded host */
  long step;     /* steps so far, over all attempts (the tabu's clock) */
  unsigned long long rng;
} sqz;

/* Overload of the hosts the attempt touched (the others fit), each summed
 * afresh if it changed since it last was. */
static double touched_over(fstate *f, const pscratch *p)
{
  double o = 0;
  for (int t = 0; t < p->ntouch; t++) {
    bin *b = &f->b[p->touch[t]];
    if (b->alive && b->n > 0) {
      if (b->dirty)
        bin_resum(f, b);
#ifndef NDEBUG /* (the tests' debug build) a host that did not change holds its fresh sums */
      else
        for (int d = 0; d < FOLD_D; d++)
          if (f->act[d]) {
            sum_afresh(f, b, d);
            for (int s = 0; s < f->ns; s++)
              assert(b->L[d][s] == (float)f->acc[s]);
          }
#endif
      o += bin_over(f, b);
    }
  }
  return o;
}

/* One step: an overloaded slot of an overloaded host (picked at random,
 * seeded), and the move of one of that host's items contributing to it
 * that removes the most overload. Returns the change in overload, or a
 * NaN when nothing can move. */
static double squeeze_step(fstate *f, pscratch *p, sqz *q, double ov, double best)
{
  long step = q->step;
  /* An overloaded host among the touched ones, from a random start. */
  int h = -1;
  for (int t = 0, r = (int)(urand(&q->rng) * p->ntouch); t < p->ntouch && h < 0; t++) {
    bin *b = &f->b[p->touch[(r + t) % p->ntouch]];
    for (int d = 0; d < FOLD_D && h < 0; d++)
      if (f->act[d] && b->alive && b->pk[d] > 1 + EPS)
        h = p->touch[(r + t) % p->ntouch];
  }
  if (h < 0)
    return NAN;
  bin *bh = &f->b[h];
  /* A random overloaded (dimension, slot) of it. */
  long cnt = 0;
  for (int d = 0; d < FOLD_D; d++)
    if (f->act[d])
      for (int k = 0; k < f->nb; k++)
        if (bh->E[d][k] > 1 + EPS)
          for (int s = k * BLK; s < k * BLK + BLK && s < f->ns; s++)
            cnt += bh->L[d][s] > 1 + EPS;
  if (cnt == 0)
    return NAN;
  long pick = (long)(urand(&q->rng) * (double)cnt);
  int pd = -1, ps = -1;
  for (int d = 0; d < FOLD_D && pd < 0; d++)
    if (f->act[d])
      for (int k = 0; k < f->nb && pd < 0; k++)
        if (bh->E[d][k] > 1 + EPS)
          for (int s = k * BLK; s < k * BLK + BLK && s < f->ns && pd < 0; s++)
            if (bh->L[d][s] > 1 + EPS && pick-- == 0) {
              pd = d;
              ps = s;
            }
  if (pd < 0)
    return NAN;
  /* Its items that weigh in that slot; the best move of any of them. */
  float need = excess(bh->L[pd][ps]);
  float floor_u = need < 0.02f ? need : 0.02f;
  int nc = 0;
  for (int j = 0; j < bh->n; j++) {
    int x = bh->items[j];
    if (f->it[x].u[pd] && f->it[x].u[pd][ps] >= floor_u)
      q->cand[nc++] = x;
  }
  double bd = INFINITY;
  int bx = -1, bto = -1;
  for (int c = 0; c < nc; c++) {
    int x = q->cand[c];
    double gl = over_delta(f, bh, x, -1);
    for (int k = 0; k < q->nh; k++) {
      int g = q->hosts[k];
      if (g == h || !fit_rules(f, &f->b[g], x))
        continue;
      double dlt = over_delta(f, &f->b[g], x, +1) - gl;
      int tabu = q->left[x] == g && q->until[x] >= step;
      if (tabu && !(ov + dlt < best - 1e-7))
        continue;
      dlt += 1e-9 * urand(&q->rng); /* ties broken at random: no cycling on plateaus */
      if (dlt < bd) {
        bd = dlt;
        bx = x;
        bto = g;
      }
    }
  }
  if (bx < 0)
    return NAN;
  bin_remove(f, h, bx);
  bin_add(f, bto, bx);
  touch(p, bto);
  q->left[bx] = h;
  q->until[bx] = step + 10 + (long)(urand(&q->rng) * 10);
  return bd;
}

/* The neighbourhood of an attempt to do without host V: the partition's
 * SQUEEZE_K - 1 lightest other hosts, lightest first, into Q. */
static void neighbourhood(fstate *f, sqz *q, int v)
{
  int part = f->b[v].part;
  q->nh = 0;
  for (int bi = 0; bi < f->nbins; bi++) {
    bin *b = &f->b[bi];
    if (bi == v || !b->alive || b->n == 0 || b->part != part || b->oversized || b->alone)
      continue;
    double l = bin_load(f, b);
    int at = q->nh < SQUEEZE_K - 1 ? q->nh++ : SQUEEZE_K - 1;
    if (at == SQUEEZE_K - 1 && l >= q->load[at - 1])
      continue;
    while (at > 0 && q->load[at - 1] > l) {
      q->load[at] = q->load[at - 1];
      q->hosts[at] = q->hosts[at - 1];
      at--;
    }
    q->load[at] = l;
    q->hosts[at] = bi;
  }
  if (q->nh > SQUEEZE_K - 1)
    q->nh = SQUEEZE_K - 1;
}

/* The start of an attempt to do without host V: V's items (ALL 0), or
 * every item of the neighbourhood's hosts too (ALL 1), go to the
 * neighbourhood's hosts, biggest first, each where it adds the least
 * overload, ties to the least loaded host. *OV gets the overload; returns
 * 0 when an item may go to none of them. */
static int spread(fstate *f, pscratch *p, sqz *q, int v, int all, double *ov)
{
  neighbourhood(f, q, v);
  int np = attempt_begin(f, p, v);
  for (int k = 0; k < q->nh && all; k++) {
    bin *b = &f->b[q->hosts[k]];
    touch(p, q->hosts[k]);
    while (b->n > 0) {
      int x = b->items[b->n - 1];
      bin_remove(f, q->hosts[k], x);
      p->pool[np++] = x;
    }
  }
  sort_by(p->pool, np, f->size, 1);
  *ov = 0;
  for (int j = 0; j < np; j++) {
    int x = p->pool[j], to = -1;
    double bd = INFINITY, bl = INFINITY;
    for (int k = 0; k < q->nh; k++) {
      int g = q->hosts[k];
      if (!fit_rules(f, &f->b[g], x))
        continue;
      double dlt = over_delta(f, &f->b[g], x, +1), l = bin_load(f, &f->b[g]);
      if (dlt < bd - 1e-9 || (dlt <= bd + 1e-9 && l < bl)) {
        bd = dlt;
        bl = l;
        to = g;
      }
    }
    if (to < 0)
      return 0;
    bin_add(f, to, x);
    touch(p, to);
    q->left[x] = -1;
    *ov += bd;
  }
  return 1;
}

/* Tries to do without host V: V's items (ALL 0), or every item of V's
 * neighbourhood too (ALL 1), spread over the neighbourhood; then squeeze
 * steps until no host is over or LIMIT evaluations are spent (then every
 * touched host is put back). Neither start always wins: the fold's
 * packing one host short is near a solution when the host is nearly
 * redundant, but it is a tight local optimum; spreading from scratch
 * leaves it. */
static int squeeze_host(fstate *f, pscratch *p, sqz *q, int v, int all, long limit)
{
  long start = f->checks;
  double ov;
  int ok = spread(f, p, q, v, all, &ov);
  double best = ov;
  for (long step = 1; ok && ov > 0; step++) {
    q->step++;
    if (f->checks - start > limit) {
      ok = 0;
      break;
    }
    /* Float drift: re-sum where it matters. */
    if (step % 64 == 0 || ov < 1e-3)
      ov = touched_over(f, p);
    if (ov <= 0)
      break;
    double dlt = squeeze_step(f, p, q, ov, best);
    if (isnan(dlt)) {
      ok = 0;
      break;
    }
    ov += dlt;
    if (ov < best)
      best = ov;
  }
  /* Success is what the loads say, not the running sum. */
  return attempt_end(f, p, v, ok && touched_over(f, p) <= 0);
}

/* Overload change of host B when item OUT leaves it and IN joins it. */
static double swap_delta(fstate *f, const bin *b, int out, int in)
{
  f->checks++;
  double g = 0;
  for (int d = 0; d < FOLD_D; d++) {
    const float *uo = f->it[out].u[d], *ui = f->it[in].u[d];
    if (!f->act[d] || (uo == NULL && ui == NULL))
      continue;
    const float *E = b->E[d], *L = b->L[d];
    const float *IEi = ui ? ienv(f, in, d) : NULL, *IMo = uo ? imin(f, out, d) : NULL;
    for (int k = 0; k < f->nb; k++) {
      float after = E[k] + (IEi ? IEi[k] : 0) - (IMo ? IMo[k] : 0);
      if (E[k] <= 1 + EPS && after <= 1 + EPS)
        continue;
      int s0 = k * BLK, s1 = s0 + BLK < f->ns ? s0 + BLK : f->ns;
      g += excess_change(L, ui ? ui : f->zero, uo ? uo : f->zero, s0, s1);
    }
  }
  return g;
}

/* A chain: item X to host G, then, one at a time, the item of G whose
 * move to X's old host lowers the overload most, while one does (at most
 * CHAIN_MAX): one big item traded for several small ones, which single
 * moves and swaps reach only through states far more overloaded. MV gets
 * the moves (item, host it left), *NM their count. Returns the change in
 * overload. */
static double chain_move(fstate *f, int x, int g, int *mv, int *nm)
{
  int hx = f->bin_of[x];
  double dlt = over_delta(f, &f->b[g], x, +1) - over_delta(f, &f->b[hx], x, -1);
  bin_remove(f, hx, x);
  bin_add(f, g, x);
  mv[0] = x;
  mv[1] = hx;
  *nm = 1;
  while (*nm <= CHAIN_MAX) {
    bin *bg = &f->b[g];
    double bd = 0;
    int by = -1;
    for (int j = 0; j < bg->n; j++) {
      int y = bg->items[j];
      if (y == x || !fit_rules(f, &f->b[hx], y))
        continue;
      double d = over_delta(f, &f->b[hx], y, +1) - over_delta(f, bg, y, -1);
      if (d < bd - 1e-9) {
        bd = d;
        by = y;
      }
    }
    if (by < 0)
      break;
    bin_remove(f, g, by);
    bin_add(f, hx, by);
    mv[2 * *nm] = by;
    mv[2 * *nm + 1] = g;
    ++*nm;
    dlt += bd;
  }
  return dlt;
}

/* Undoes a chain's NM moves MV, last first. */
static void chain_undo(fstate *f, const int *mv, int nm)
{
  for (int k = nm - 1; k >= 0; k--) {
    int y = mv[2 * k];
    bin_remove(f, f->bin_of[y], y);
    bin_add(f, mv[2 * k + 1], y);
  }
}

/* The squeeze's third try at doing without host V, when the steps above
 * found no way: simulated annealing over the items of V and of the
 * neighbourhood (Q->hosts). V's items are spread (ALL 0); then
 * random moves (an item to another host), swaps (two items of two
 * hosts) and chains (chain_move, ANNEAL_CHAIN of them), each taken when
 * it lowers the overload, or with probability exp(-increase / T) as T
 * cools from ANNEAL_T0 to ANNEAL_T1 over LIMIT evaluations. Unlike the
 * steps, a move may touch any item, not only one weighing in an
 * overloaded slot, and worsening moves are taken at random: that leaves
 * the local optima the steps stop in. *LEFT gets the overload it ended
 * at (0 when it succeeded). */
static int anneal_host(fstate *f, pscratch *p, sqz *q, int v, long limit, double *left)
{
  long start = f->checks;
  double ov;
  int started = spread(f, p, q, v, 0, &ov) && q->nh > 1, ok = started;
  /* The items in play: those of the neighbourhood, V's among them now. */
  int ni = 0;
  for (int k = 0; k < q->nh && ok; k++) {
    bin *b = &f->b[q->hosts[k]];
    touch(p, q->hosts[k]);
    for (int j = 0; j < b->n; j++)
      q->cand[ni++] = b->items[j];
  }
  int moved = 0;
  for (long it = 0; ok && ov > 0; it++) {
    /* Every iteration counts, a move the rules refuse too: the limit
     * bounds the time whatever the instance. */
    long used = f->checks++ - start;
    if (used > limit || ni < 2) {
      ok = 0;
      break;
    }
    /* Float drift: re-sum now and then, and when the tracked overload
     * says the last move may have cleared it. */
    if (it % 4096 == 0 || (moved && ov < 1e-4)) {
      ov = touched_over(f, p);
      if (ov <= 0)
        break;
    }
    moved = 0;
    double t = ANNEAL_T0 * pow(ANNEAL_T1 / ANNEAL_T0, (double)used / (double)limit);
    int x = q->cand[(int)(urand(&q->rng) * ni)], hx = f->bin_of[x];
    double kind = urand(&q->rng);
    if (kind < ANNEAL_CHAIN) {
      int g = q->hosts[(int)(urand(&q->rng) * q->nh)], mv[2 * (CHAIN_MAX + 1)], nm;
      if (g == hx || !fit_rules(f, &f->b[g], x))
        continue;
      double dlt = chain_move(f, x, g, mv, &nm);
      if (dlt > 0 && urand(&q->rng) >= exp(-dlt / t)) {
        chain_undo(f, mv, nm);
        continue;
      }
      ov += dlt;
      moved = 1;
    } else if (kind < (1 + ANNEAL_CHAIN) / 2) {
      int g = q->hosts[(int)(urand(&q->rng) * q->nh)];
      if (g == hx || !fit_rules(f, &f->b[g], x))
        continue;
      double dlt = over_delta(f, &f->b[g], x, +1) - over_delta(f, &f->b[hx], x, -1);
      if (dlt > 0 && urand(&q->rng) >= exp(-dlt / t))
        continue;
      bin_remove(f, hx, x);
      bin_add(f, g, x);
      ov += dlt;
      moved = 1;
    } else {
      int y = q->cand[(int)(urand(&q->rng) * ni)], hy = f->bin_of[y];
      if (hy == hx || !swap_rules(f, &f->b[hx], y, &x, 1) || !swap_rules(f, &f->b[hy], x, &y, 1))
        continue;
      double dlt = swap_delta(f, &f->b[hx], x, y) + swap_delta(f, &f->b[hy], y, x);
      if (dlt > 0 && urand(&q->rng) >= exp(-dlt / t))
        continue;
      bin_remove(f, hx, x);
      bin_remove(f, hy, y);
      bin_add(f, hy, x);
      bin_add(f, hx, y);
      ov += dlt;
      moved = 1;
    }
  }
  *left = started ? touched_over(f, p) : INFINITY;
  return attempt_end(f, p, v, ok && *left <= 0);
}

/* Squeezes hosts out, lightest first, skipping a partition once an attempt
 * in it failed (twice, when the first ended within NEAR_MISS of success)
 * or it is down to its lower bound (FLOOR, per partition),
 * until BUDGET evaluations are spent. ROUND picks the random stream, so
 * that a round after the first does not repeat the attempts that failed
 * in the one before. Returns the hosts saved. */
static int squeeze(fstate *f, const int *floor, int nparts, long budget, unsigned round, int *tries)
{
  pscratch p = {
      .snap = xmalloc(((size_t)f->n + 1) * sizeof *p.snap),
      .mark = xcalloc((size_t)f->nbins + 1, 1),
      .touch = xmalloc(((size_t)f->nbins + 1) * sizeof *p.touch),
      .pool = xmalloc(((size_t)f->n + 1) * sizeof *p.pool),
  };
  sqz q = {
      .left = xmalloc(((size_t)f->n + 1) * sizeof *q.left),
      .until = xcalloc((size_t)f->n + 1, sizeof *q.until),
      .cand = xmalloc(((size_t)f->n + 1) * sizeof *q.cand),
      .rng = 0x2545F4914F6CDD1DULL ^ (round * 0x9E3779B97F4A7C15ULL),
  };
  for (int i = 0; i < f->n; i++)
    q.left[i] = -1;
  int *count = xcalloc((size_t)nparts + 1, sizeof *count);
  char *failed = xcalloc((size_t)nparts + 1, 1); /* per partition: 2 ends its attempts */
  long start = f->checks;
  int saved = 0;
  for (;;) {
    memset(count, 0, (size_t)nparts * sizeof *count);
    for (int bi = 0; bi < f->nbins; bi++)
      if (f->b[bi].alive && f->b[bi].n > 0)
        count[f->b[bi].part]++;
    int v = -1;
    double lv = INFINITY;
    for (int bi = 0; bi < f->nbins; bi++) {
      bin *b = &f->b[bi];
      if (!b->alive || b->n == 0 || b->alone || b->oversized || failed[b->part] >= 2 ||
          count[b->part] <= floor[b->part] || count[b->part] < 2)
        continue;
      double l = bin_load(f, b);
      if (l < lv) {
        lv = l;
        v = bi;
      }
    }
    long left = budget - (f->checks - start);
    if (v < 0 || left <= 0)
      break;
    /* One attempt may spend a third of the budget, a quarter of it from
     * the fold's packing and the rest spread afresh: a partition that
     * cannot lose a host does not starve the others. */
    long lim = left < budget / 3 ? left : budget / 3;
    ++*tries;
    double left_over = INFINITY;
    if (squeeze_host(f, &p, &q, v, 0, lim / 4) || squeeze_host(f, &p, &q, v, 1, lim - lim / 4) ||
        anneal_host(f, &p, &q, v, lim, &left_over))
      saved++;
    else /* a near miss is tried once more, the random stream gone on */
      failed[f->b[v].part] += left_over < NEAR_MISS ? 1 : 2;
  }
  free(count);
  free(failed);
  free(q.left);
  free(q.until);
  free(q.cand);
  free(p.snap);
  free(p.mark);
  free(p.touch);
  free(p.pool);
  return saved;
}

static void state_init(fstate *f, const fold_cfg *c, const fold_item *it, int n, int variant)
{
  memset(f, 0, sizeof *f);
  f->c = c;
  f->it = it;
  f->n = n;
  f->ns = c->nslots > 0 ? c->nslots : 1;
  f->nb = (f->ns + BLK - 1) / BLK;
  for (int i = 0; i < n; i++)
    for (int d = 0; d < FOLD_D; d++)
      if (it[i].u[d])
        f->act[d] = 1;
  f->IE = xcalloc((size_t)n * FOLD_D * (size_t)f->nb + 1, sizeof(float));
  f->IM = xcalloc((size_t)n * FOLD_D * (size_t)f->nb + 1, sizeof(float));
  f->IP = xcalloc((size_t)n * FOLD_D + 1, sizeof(float));
  f->acc = xmalloc((size_t)f->ns * sizeof *f->acc);
  f->tmp = xmalloc((size_t)f->nb * sizeof(float));
  f->zero = xcalloc((size_t)f->ns, sizeof(float));
  f->size = xcalloc((size_t)n + 1, sizeof *f->size);
  f->bin_of = xmalloc(((size_t)n + 1) * sizeof *f->bin_of);
  unsigned long long seed = 0x9E3779B97F4A7C15ULL * (unsigned long long)(variant + 1);
  for (int i = 0; i < n; i++) {
    f->bin_of[i] = -1;
    double sz = 0;
    for (int d = 0; d < FOLD_D; d++) {
      if (!f->act[d] || it[i].u[d] == NULL)
        continue;
      const float *u = it[i].u[d];
      float *e = ienv(f, i, d), *mn = imin(f, i, d);
      double pk = 0, sum = 0;
      for (int k = 0; k < f->nb; k++) {
        int s0 = k * BLK, s1 = s0 + BLK < f->ns ? s0 + BLK : f->ns;
        float m = u[s0], lo = u[s0];
        for (int s = s0; s < s1; s++) {
          m = u[s] > m ? u[s] : m;
          lo = u[s] < lo ? u[s] : lo;
          sum += u[s];
        }
        e[k] = m;
        mn[k] = lo;
        pk = m > pk ? m : pk;
      }
      f->IP[(size_t)i * FOLD_D + (size_t)d] = (float)pk;
      /* Variant 0: peak + mean; 1: peak; 2: mean; more: perturbed 0. */
      sz += variant == 1 ? pk : variant == 2 ? sum / f->ns : pk + sum / f->ns;
    }
    for (int k = 0; k < FOLD_S; k++)
      sz += it[i].s[k];
    if (variant > 2)
      sz *= 0.85 + 0.3 * urand(&seed);
    f->size[i] = sz;
  }
}

static void state_free(fstate *f)
{
  for (int bi = 0; bi < f->nbins; bi++)
    bin_release(&f->b[bi]);
  free(f->b);
  free(f->IE);
  free(f->IM);
  free(f->IP);
  free(f->acc);
  free(f->tmp);
  free(f->zero);
  free(f->size);
  free(f->bin_of);
}

/* Fills R's hosts and placements from state F: surviving hosts numbered
 * in creation order. */
static void state_result(const fstate *f, fold_result *r)
{
  int *map = xmalloc(((size_t)f->nbins + 1) * sizeof *map);
  int nb = 0;
  for (int bi = 0; bi < f->nbins; bi++)
    map[bi] = f->b[bi].alive && f->b[bi].n > 0 ? nb++ : -1;
  r->nbins = nb;
  r->bin = xmalloc(((size_t)f->n + 1) * sizeof *r->bin);
  r->oversized = xcalloc((size_t)nb + 1, sizeof *r->oversized);
  for (int i = 0; i < f->n; i++)
    r->bin[i] = map[f->bin_of[i]];
  for (int bi = 0; bi < f->nbins; bi++)
    if (map[bi] >= 0)
      r->oversized[map[bi]] = f->b[bi].oversized;
  r->checks = f->checks;
  free(map);
}

/* One constructive + improvement run with ordering VARIANT. */
static void solve_once(const fold_cfg *cc, const fold_item *it, int n, int variant, int floor, fold_result *r)
{
  memset(r, 0, sizeof *r);
  fstate f;
  state_init(&f, cc, it, n, variant);
  f.floor = floor;
  int *order = xmalloc(((size_t)n + 1) * sizeof *order);
  for (int i = 0; i < n; i++)
    order[i] = i;
  sort_by(order, n, f.size, 1);
  f.building = 1;
  for (int j = 0; j < n; j++) {
    int i = order[j];
    int bi = -1;
    if (too_big(&f, i)) {
      bi = bin_new(&f, it[i].part);
      f.b[bi].oversized = 1;
      bin_add(&f, bi, i);
      continue;
    }
    if (!it[i].alone)
      bi = choose(&f, i, -1);
    if (bi < 0)
      bi = bin_new(&f, it[i].part);
    bin_add(&f, bi, i);
  }
  r->first_bins = f.nbins;
  f.building = 0;
  if (cc->improve)
    r->emptied = improve(&f);
  state_result(&f, r);
  free(order);
  state_free(&f);
}

/* The squeeze (round ROUND) on result R (its hosts as they are), at most
 * BUDGET evaluations; R gets the hosts that remain. */
static void squeeze_result(const fold_cfg *cc, const fold_item *it, int n, const int *floor,
                           int nparts, long budget, unsigned round, fold_result *r)
{
  fstate f;
  state_init(&f, cc, it, n, 0);
  for (int b = 0; b < r->nbins; b++)
    bin_new(&f, 0);
  for (int i = 0; i < n; i++) {
    f.b[r->bin[i]].part = it[i].part;
    bin_add(&f, r->bin[i], i);
  }
  for (int b = 0; b < r->nbins; b++)
    f.b[b].oversized = r->oversized[b];
  fold_result was = *r;
  int tries = 0, sq = squeeze(&f, floor, nparts, budget, round, &tries);
  state_result(&f, r);
  r->checks += was.checks;
  r->first_bins = was.first_bins;
  r->emptied = was.emptied;
  r->split = was.split;
  r->squeeze_tries = was.squeeze_tries + tries;
  r->squeezed = was.squeezed + sq;
  r->effort_saved = was.effort_saved + (round > 0 ? sq : 0);
  r->rounds = was.rounds + 1;
  fold_result_free(&was);
  state_free(&f);
}

/* Restarts while the instance is small enough to afford them: peak-only
 * and mean-only orderings, then the default one with sizes perturbed by up
 * to ±15 % (seeded, so the result is reproducible), until three runs'
 * budgets are spent or a run meets the lower bound FLOOR. R keeps the best. */
static void fold_solve_more(const fold_cfg *cc, const fold_item *it, int n, int floor, fold_result *r)
{
  long work = (long)n * (cc->nslots > 0 ? cc->nslots : 1);
  if (cc->first_fit || !cc->improve || work > 2000000L)
    return;
  long spent = r->checks;
  for (int variant = 1; r->nbins > floor && spent < 3 * cc->budget && variant < 64; variant++) {
    fold_result alt;
    solve_once(cc, it, n, variant, floor, &alt);
    spent += alt.checks;
    if (alt.nbins < r->nbins) {
      fold_result_free(r);
      *r = alt;
    } else {
      fold_result_free(&alt);
    }
  }
  r->checks = spent;
}

/* Spiky items: in some dimension at most 5 % of the slots (as many as are
 * above the p95) exceed half the item's peak, and that peak is more than
 * 2 % of a host: short spikes, big against the item's usual load. Marks
 * SP[i]. */
static void spiky_items(const fold_cfg *c, const fold_item *it, int n, int *sp)
{
  int ns = c->nslots > 0 ? c->nslots : 1;
  int most = ns - 1 - (int)(0.95 * (ns - 1));
  for (int i = 0; i < n; i++) {
    sp[i] = 0;
    for (int d = 0; d < FOLD_D && !sp[i]; d++) {
      const float *u = it[i].u[d];
      if (!u)
        continue;
      float pk = 0;
      for (int s = 0; s < ns; s++)
        pk = u[s] > pk ? u[s] : pk;
      int above = 0;
      for (int s = 0; s < ns && above <= most; s++)
        above += u[s] > pk / 2;
      sp[i] = pk > 0.02f && above <= most;
    }
  }
}

/* Whether a partition of SIZE items is small enough for the squeeze:
 * items × slots at most SQUEEZE_WORK, times the effort (more effort,
 * bigger partitions). At 10,000 workloads a week at 5 minutes it would
 * take the fold from about 6 s to 9 s, too near the 10 s target for a
 * default. */
static int squeezable(const fold_cfg *c, int size)
{
  long ns = c->nslots > 0 ? c->nslots : 1;
  return size * ns <= SQUEEZE_WORK * (c->effort > 1 ? c->effort : 1);
}

/* Folds again with each partition's spiky items (spiky_items) in a
 * partition of their own. Spikes come at random and are short, so on a
 * host of spiky items few meet and one reserve serves them all, where
 * beside steady workloads each needs its own above the host's daily peak:
 * on large spiky estates keeping them apart saves hosts that no move of
 * the improvement or the squeeze finds from the mixed packing. Only
 * partitions with at least two spiky items and a steady one (SIZE[p]
 * items each) are folded again, big ones too: the split is one more fold,
 * not a search, and saves most where partitions are big. Per partition R
 * keeps the fold with fewer hosts and r->split counts where the split
 * won. Returns the items relabelled for the squeeze
 * (a split partition's spiky items in partition 2p + 1, the rest in 2p),
 * or NULL when the split won nowhere. */
static fold_item *fold_split(const fold_cfg *cc, const fold_item *it, int n, int nparts,
                             const int *size, fold_result *r)
{
  int *sp = xmalloc(((size_t)n + 1) * sizeof *sp);
  int *nsp = xcalloc((size_t)nparts + 1, sizeof *nsp);
  spiky_items(cc, it, n, sp);
  for (int i = 0; i < n; i++)
    nsp[it[i].part] += sp[i];
  /* The items of the partitions worth folding again, relabelled. */
  int *idx = xmalloc(((size_t)n + 1) * sizeof *idx), m = 0;
  fold_item *it2 = xmalloc(((size_t)n + 1) * sizeof *it2);
  for (int i = 0; i < n; i++) {
    int p = it[i].part;
    if (nsp[p] >= 2 && nsp[p] < size[p]) {
      idx[m] = i;
      it2[m] = it[i];
      it2[m++].part = 2 * p + sp[i];
    }
  }
  fold_item *out = NULL;
  if (m > 0) {
    fold_result alt;
    solve_once(cc, it2, m, 0, 0, &alt);
    /* Hosts per partition, each way; WIN[p]: the split needs fewer. */
    int *ha = xcalloc((size_t)nparts + 1, sizeof *ha), *hb = xcalloc((size_t)nparts + 1, sizeof *hb);
    int *seen = xcalloc((size_t)r->nbins + alt.nbins + 1, sizeof *seen);
    for (int k = 0; k < m; k++) {
      int p = it[idx[k]].part, a = r->bin[idx[k]], b = r->nbins + alt.bin[k];
      ha[p] += !seen[a];
      hb[p] += !seen[b];
      seen[a] = seen[b] = 1;
    }
    int *win = xcalloc((size_t)nparts + 1, sizeof *win);
    for (int p = 0; p < nparts; p++) {
      win[p] = hb[p] < ha[p];
      r->split += win[p];
    }
    if (r->split) {
      /* The hosts of the folds kept, renumbered: host k of the first fold
       * or r->nbins + k of the split one. */
      int *host = xmalloc(((size_t)n + 1) * sizeof *host);
      int *map = xmalloc(((size_t)r->nbins + alt.nbins + 1) * sizeof *map);
      for (int i = 0; i < n; i++)
        host[i] = r->bin[i];
      for (int k = 0; k < m; k++)
        if (win[it[idx[k]].part])
          host[idx[k]] = r->nbins + alt.bin[k];
      for (int k = 0; k < r->nbins + alt.nbins; k++)
        map[k] = -1;
      int *over = xcalloc((size_t)r->nbins + alt.nbins + 1, sizeof *over), nb = 0;
      out = xmalloc(((size_t)n + 1) * sizeof *out);
      for (int i = 0; i < n; i++) {
        int k = host[i];
        if (map[k] < 0) {
          map[k] = nb++;
          over[map[k]] = k < r->nbins ? r->oversized[k] : alt.oversized[k - r->nbins];
        }
        r->bin[i] = map[k];
        out[i] = it[i];
        out[i].part = 2 * it[i].part + (win[it[i].part] ? sp[i] : 0);
      }
      free(r->oversized);
      r->oversized = over;
      r->nbins = nb;
      free(map);
      free(host);
    }
    r->checks += alt.checks;
    fold_result_free(&alt);
    free(win);
    free(seen);
    free(hb);
    free(ha);
  }
  free(it2);
  free(idx);
  free(nsp);
  free(sp);
  return out;
}

/* A partition too big for the squeeze (squeezable; SIZE[p] items) gets a
 * floor the squeeze never tries to go below: FLOORS has PER entries a
 * partition (2 after the spiky split, 1 before). Returns whether any
 * partition is small enough. */
static int squeeze_floors(const fold_cfg *c, const int *size, int nparts, int *floors, int per)
{
  int any = 0;
  for (int p = 0; p < nparts; p++) {
    int big = !squeezable(c, size[p]);
    for (int k = 0; k < per && big; k++)
      floors[per * p + k] = INT_MAX;
    any |= !big && size[p] > 0;
  }
  return any;
}

int fold_solve(const fold_cfg *c, const fold_item *it, int n, fold_result *r)
{
  fold_cfg cc = *c;
  if (cc.budget == 0)
    cc.budget = BUDGET_BASE + BUDGET_ITEM * n;
  int floor = 0, nparts = 1;
  for (int i = 0; i < n; i++)
    if (it[i].part + 1 > nparts)
      nparts = it[i].part + 1;
  int *pfloor = xcalloc((size_t)nparts + 1, sizeof *pfloor);
  if (c->improve && !c->first_fit) {
    fold_lb lb = {.per_part = pfloor};
    floor = fold_lower_bound(c, it, n, &lb);
  }
  solve_once(&cc, it, n, 0, floor, r);
  fold_solve_more(&cc, it, n, floor, r);
  int *size = xcalloc((size_t)nparts + 1, sizeof *size);
  for (int i = 0; i < n; i++)
    size[it[i].part]++;
  if (c->improve && !c->first_fit && r->nbins > floor) {
    int squeezing = squeeze_floors(c, size, nparts, pfloor, 1);
    long sq = cc.budget * SQUEEZE_X < SQUEEZE_MAX ? cc.budget * SQUEEZE_X : SQUEEZE_MAX;
    const fold_item *its = it;
    const int *floors = pfloor;
    int np = nparts;
    fold_item *it2 = fold_split(&cc, it, n, nparts, size, r);
    int *pf2 = NULL;
    if (it2) {
      /* The squeeze keeps the split: its floors are those of the split
       * partitions. */
      pf2 = xcalloc((size_t)nparts * 2 + 1, sizeof *pf2);
      fold_lb lb2 = {.per_part = pf2};
      fold_lower_bound(c, it2, n, &lb2);
      squeeze_floors(c, size, nparts, pf2, 2);
      its = it2;
      floors = pf2;
      np = 2 * nparts;
    }
    if (squeezing)
      squeeze_result(&cc, its, n, floors, np, sq, 0, r);
    /* More effort: more rounds, each with twice the budget of the one
     * before (until the effort is spent) and a random stream of its own;
     * a round only ever removes hosts, so more effort never costs one.
     * Fewer slots than a week at 5 minutes add rounds of their own: the
     * budgets count evaluations, and an evaluation costs about in
     * proportion to the slots (the blocks it looks at), so the time a week
     * at 5 minutes takes buys X times as many (X = FOLD_WEEK_SLOTS /
     * slots, at most SLOTS_X_MAX). The X - 1 more are of the squeeze's
     * per-workload part only: a small fold, whose budget is mostly the
     * constant part, is done long before. */
    long x = c->nslots > 0 ? FOLD_WEEK_SLOTS / c->nslots : 1;
    x = x < 1 ? 1 : x > SLOTS_X_MAX ? SLOTS_X_MAX : x;
    long per_item = SQUEEZE_X * BUDGET_ITEM * n;
    if (per_item > SQUEEZE_MAX)
      per_item = SQUEEZE_MAX;
    long more = (cc.effort > 1 ? (long)cc.effort - 1 : 0) * sq + (x - 1) * per_item, bud = sq;
    for (unsigned round = 1; squeezing && more > 0 && r->nbins > floor; round++) {
      bud = 2 * bud < more ? 2 * bud : more;
      squeeze_result(&cc, its, n, floors, np, bud, round, r);
      more -= bud;
    }
    free(pf2);
    free(it2);
  }
  free(size);
  free(pfloor);
  return 0;
}

void fold_result_free(fold_result *r)
{
  free(r->bin);
  free(r->oversized);
  memset(r, 0, sizeof *r);
}

int fold_fits(const fold_cfg *c, const fold_item *it, const int *idx, int k)
{
  int ns = c->nslots > 0 ? c->nslots : 1;
  if (k <= 1)
    return 1;
  double sc[FOLD_S] = {0};
  int lim = 0;
  for (int j = 0; j < k; j++) {
    const fold_item *x = &it[idx[j]];
    if (x->alone || x->part != it[idx[0]].part)
      return 0;
    if (x->maxn && (lim == 0 || x->maxn < lim))
      lim = x->maxn;
    for (int q = 0; q < FOLD_S; q++)
      sc[q] += x->s[q];
    for (int j2 = 0; j2 < j; j2++)
      for (int a = 0; a < x->nanti; a++)
        for (int b = 0; b < it[idx[j2]].nanti; b++)
          if (x->anti[a] == it[idx[j2]].anti[b])
            return 0;
  }
  if (lim && k > lim)
    return 0;
  for (int q = 0; q < FOLD_S; q++)
    if (sc[q] > 1 + EPS)
      return 0;
  for (int d = 0; d < FOLD_D; d++)
    for (int s = 0; s < ns; s++) {
      double v = 0;
      for (int j = 0; j < k; j++)
        if (it[idx[j]].u[d])
          v += it[idx[j]].u[d][s];
      if (v > 1 + EPS)
        return 0;
    }
  return 1;
}

static int cmp_dbl_desc(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x < y) - (x > y);
}

static int cmp_int(const void *a, const void *b)
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* ceil(V), forgiving what the fold itself forgives: it lets a host reach
 * 1 + EPS in every slot, so H hosts may hold H × (1 + EPS) of summed
 * demand; rounding that up would claim a host too many. */
static int ceil_eps(double v)
{
  double c = ceil(v - 1e-6 - 2 * (double)EPS * (v > 1 ? v : 1));
  return c > 0 ? (int)c : 0;
}

/* What the bounds take a host to hold: what the fit test accepts (1 +
 * EPS), with as much again for float rounding, so that no bound counts
 * against a packing the fold would accept. */
#define BOUND_TOL (1 + 2 * (double)EPS)

/* Martello–Toth L2 for one-dimensional sizes X[0..m) (scaled and sorted
 * here). */
static int bound_l2(double *x, int m)
{
  if (m == 0)
    return 0;
  /* In hosts of BOUND_TOL: two items of 0.500004 share one, so neither
   * counts as above one half. */
  for (int i = 0; i < m; i++)
    x[i] /= BOUND_TOL;
  qsort(x, (size_t)m, sizeof *x, cmp_dbl_desc);
  double *pre = xmalloc(((size_t)m + 1) * sizeof *pre);
  pre[0] = 0;
  for (int i = 0; i < m; i++)
    pre[i + 1] = pre[i] + x[i];
  int best = ceil_eps(pre[m]);
  int h = 0; /* items above one half */
  while (h < m && x[h] > 0.5)
    h++;
  /* Counts of items strictly greater than T, items at least T (x sorted desc). */
  for (int ai = m; ai >= h; ai--) {
    double alpha = ai == m ? 0 : x[ai];
    if (ai < m && ai + 1 < m && x[ai + 1] == alpha)
      continue;
    int j1 = 0, lo = 0, hi = h;
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if (x[mid] > 1 - alpha)
        lo = mid + 1;
      else
        hi = mid;
    }
    j1 = lo;
    int ge = ai == m ? m : ai + 1; /* items >= alpha */
    double s2 = pre[h] - pre[j1];
    int j2 = h - j1;
    double s3 = pre[ge] - pre[h];
    int v = j1 + j2 + (s3 - (j2 - s2) > 0 ? ceil_eps(s3 - (j2 - s2)) : 0);
    if (v > best)
      best = v;
  }
  free(pre);
  return best;
}

/* Conflict cliques. Two items conflict when no host may hold both: in some
 * dimension and slot (or scalar) their sum exceeds a host by more than the
 * fold's tolerance, they share an anti-affinity group, or one of them may
 * hold no other item (maxn 1). The conflict is a property of the pair
 * alone: every other item only adds load, so a host holding both is over
 * whatever else it holds. Pairwise-conflicting items (a clique) therefore
 * need a host each (BOUND_TOL: a pair the fold would accept is no
 * conflict). */
#define CLQ_MAX 400  /* most candidates for the clique search (k² pair checks) */
#define CLQ_SLOTS 16 /* most loaded slots per dimension for the combined bound */

typedef struct cgraph {
  const fold_item *it;
  int ns, nb;
  const int *act;
  const int *idx;  /* the partition's items */
  int m;
  float *pk;       /* per item (partition index) and dimension: its peak */
  float *env;      /* per item and dimension: block maxima (nb each) */
} cgraph;

/* Whether partition items A and B conflict (see above). */
static int conflict(const cgraph *g, int a, int b)
{
  const fold_item *x = &g->it[g->idx[a]], *y = &g->it[g->idx[b]];
  if (x->maxn == 1 || y->maxn == 1)
    return 1;
  for (int k = 0; k < FOLD_S; k++)
    if (x->s[k] + y->s[k] > BOUND_TOL)
      return 1;
  for (int p = 0; p < x->nanti; p++)
    for (int q = 0; q < y->nanti; q++)
      if (x->anti[p] == y->anti[q])
        return 1;
  for (int d = 0; d < FOLD_D; d++) {
    if (!g->act[d] || x->u[d] == NULL || y->u[d] == NULL)
      continue;
    if ((double)g->pk[a * FOLD_D + d] + g->pk[b * FOLD_D + d] <= BOUND_TOL)
      continue;
    const float *ea = g->env + ((size_t)a * FOLD_D + d) * g->nb;
    const float *eb = g->env + ((size_t)b * FOLD_D + d) * g->nb;
    for (int k = 0; k < g->nb; k++) {
      if ((double)ea[k] + eb[k] <= BOUND_TOL)
        continue;
      int s0 = k * BLK, s1 = s0 + BLK < g->ns ? s0 + BLK : g->ns;
      for (int s = s0; s < s1; s++)
        if ((double)x->u[d][s] + y->u[d][s] > BOUND_TOL)
          return 1;
    }
  }
  return 0;
}

/* The conflict bound of one partition (items IDX[0..m), none alone or too
 * big): a greedy clique C of pairwise-conflicting items, then the
 * strongest of
 *   |C| + ceil(max over dims and slots of the demand of the items that
 *         conflict with every member of C) — those cannot join any of C's
 *         hosts, so they need hosts of their own beyond |C|;
 *   at each of the most loaded slots of each dimension,
 *   |C| + ceil(Σ_{j∉C} u_j(s) − Σ_{c∈C} min(1 − u_c(s), Σ_{j∉C, j fits
 *         beside c} u_j(s))) — C's hosts hold their member plus at most
 *         the room it leaves, and only items that can share with it; the
 *         rest is on the other H − |C| hosts, at most 1 each.
 * Only items with a peak (or scalar) above one half, anti-affinity
 * members and maxn-1 items can conflict with one another, so those are
 * the candidates (the CLQ_MAX biggest); at most one other item can join
 * a clique (two of them never conflict), and it is tried last. */
static int bound_conflict(cgraph *g, const double *sum_all, int *clq_out)
{
  int m = g->m, ns = g->ns;
  *clq_out = 0;
  if (m < 2)
    return m;
  double *key = xcalloc((size_t)m + 1, sizeof *key);
  int *cand = xmalloc(((size_t)m + 1) * sizeof *cand);
  int k = 0;
  for (int j = 0; j < m; j++) {
    const fold_item *x = &g->it[g->idx[j]];
    double big = 0;
    for (int d = 0; d < FOLD_D; d++)
      if (g->act[d] && x->u[d] && g->pk[j * FOLD_D + d] > big)
        big = g->pk[j * FOLD_D + d];
    for (int q = 0; q < FOLD_S; q++)
      big = x->s[q] > big ? x->s[q] : big;
    key[j] = big;
    if (big > 0.5 || x->nanti > 0 || x->maxn == 1)
      cand[k++] = j;
  }
  int bound = 0;
  if (k == 0) {
    free(key);
    free(cand);
    return 0;
  }
  sort_by(cand, k, key, 1);
  if (k > CLQ_MAX)
    k = CLQ_MAX;
  /* Conflict matrix among the candidates, and their degrees. */
  unsigned char *cm = xcalloc((size_t)k * (size_t)k + 1, 1);
  double *deg = xcalloc((size_t)m + 1, sizeof *deg);
  for (int a = 0; a < k; a++)
    for (int b = a + 1; b < k; b++)
      if (conflict(g, cand[a], cand[b])) {
        cm[(size_t)a * k + b] = cm[(size_t)b * k + a] = 1;
        deg[cand[a]]++;
        deg[cand[b]]++;
      }
  /* Positions in the candidate list, by degree (then size). */
  int *ord = xmalloc((size_t)k * sizeof *ord);
  double *dk = xmalloc((size_t)k * sizeof *dk);
  for (int a = 0; a < k; a++) {
    ord[a] = a;
    dk[a] = deg[cand[a]] + key[cand[a]] * 1e-3;
  }
  sort_by(ord, k, dk, 1);
  /* Greedy clique from every candidate as a seed; keep the largest. */
  int *cl = xmalloc(((size_t)k + 1) * sizeof *cl), *best = xmalloc(((size_t)k + 2) * sizeof *best);
  int nbest = 0;
  for (int si = 0; si < k; si++) {
    int seed = ord[si], nc = 0;
    if (deg[cand[seed]] + 1 <= nbest)
      continue; /* cannot beat the best clique */
    cl[nc++] = seed;
    for (int oi = 0; oi < k; oi++) {
      int a = ord[oi], ok = a != seed;
      for (int q = 0; q < nc && ok; q++)
        ok = cm[(size_t)a * k + cl[q]];
      if (ok)
        cl[nc++] = a;
    }
    if (nc > nbest) {
      nbest = nc;
      memcpy(best, cl, (size_t)nc * sizeof *cl);
    }
  }
  /* Partition indices of the clique. An item outside the candidates that
   * conflicts with every member is not added to it: it counts among the
   * items that conflict with all of C below, which gives at least as much. */
  char *in = xcalloc((size_t)m + 1, 1);
  for (int q = 0; q < nbest; q++) {
    best[q] = cand[best[q]];
    in[best[q]] = 1;
  }
  /* Per member q, the items outside C that may not share its host
   * (xs[xo[q]..xo[q+1])), usually few: only big items conflict; conf[j]:
   * item j conflicts with every member. */
  char *conf = xcalloc((size_t)m + 1, 1);
  int *cnt = xcalloc((size_t)m + 1, sizeof *cnt);
  int *xo = xcalloc((size_t)nbest + 2, sizeof *xo), *xs = NULL;
  size_t nxs = 0, xcap = 0;
  for (int q = 0; q < nbest; q++) {
    for (int j = 0; j < m; j++)
      if (!in[j] && conflict(g, j, best[q])) {
        xgrow(&xs, &xcap, nxs + 1, sizeof *xs);
        xs[nxs++] = j;
        cnt[j]++;
      }
    xo[q + 1] = (int)nxs;
  }
  int nconf = 0;
  for (int j = 0; j < m; j++) {
    conf[j] = (char)(nbest > 0 && cnt[j] == nbest);
    nconf += conf[j];
  }
  /* |C| + the volume of the items that conflict with all of C. */
  bound = nbest;
  if (nconf > 0) {
    double *v = xcalloc((size_t)ns, sizeof *v);
    int vb = 0;
    for (int d = 0; d < FOLD_D; d++) {
      if (!g->act[d])
        continue;
      memset(v, 0, (size_t)ns * sizeof *v);
      for (int j = 0; j < m; j++)
        if (conf[j] && g->it[g->idx[j]].u[d])
          for (int s = 0; s < ns; s++)
            v[s] += g->it[g->idx[j]].u[d][s];
      for (int s = 0; s < ns; s++)
        if (ceil_eps(v[s]) > vb)
          vb = ceil_eps(v[s]);
    }
    for (int q = 0; q < FOLD_S; q++) {
      double t = 0;
      for (int j = 0; j < m; j++)
        if (conf[j])
          t += g->it[g->idx[j]].s[q];
      if (ceil_eps(t) > vb)
        vb = ceil_eps(t);
    }
    if (vb < 1)
      vb = 1; /* at least one item that cannot share any of C's hosts */
    bound = nbest + vb;
    free(v);
  }
  /* The room on C's hosts, at the most loaded slots of each dimension:
   * what may share member q's host is everything outside C but the items
   * that conflict with q. */
  if (nbest > 0 && sum_all) {
    for (int d = 0; d < FOLD_D; d++) {
      if (!g->act[d])
        continue;
      const double *S = sum_all + (size_t)d * ns;
      int top[CLQ_SLOTS], nt = 0;
      for (int s = 0; s < ns; s++) {
        int t;
        if (nt < CLQ_SLOTS)
          t = nt++;
        else if (S[s] <= S[top[CLQ_SLOTS - 1]])
          continue;
        else
          t = CLQ_SLOTS - 1;
        while (t > 0 && S[top[t - 1]] < S[s]) {
          top[t] = top[t - 1];
          t--;
        }
        top[t] = s;
      }
      for (int t = 0; t < nt; t++) {
        int s = top[t];
        double rest = S[s], room = 0;
        for (int q = 0; q < nbest; q++) {
          const float *uc = g->it[g->idx[best[q]]].u[d];
          rest -= uc ? uc[s] : 0;
        }
        for (int q = 0; q < nbest; q++) {
          const float *uc = g->it[g->idx[best[q]]].u[d];
          double free_ = 1 + EPS - (uc ? uc[s] : 0), share = rest;
          for (int e = xo[q]; e < xo[q + 1]; e++) {
            const float *uj = g->it[g->idx[xs[e]]].u[d];
            share -= uj ? uj[s] : 0;
          }
          room += share < free_ ? (share > 0 ? share : 0) : (free_ > 0 ? free_ : 0);
        }
        int v = nbest + ceil_eps(rest - room);
        if (v > bound)
          bound = v;
      }
    }
  }
  free(cnt);
  free(xo);
  free(xs);
  *clq_out = nbest;
  free(conf);
  free(in);
  free(cl);
  free(best);
  free(ord);
  free(dk);
  free(deg);
  free(cm);
  free(key);
  free(cand);
  return bound;
}

void fold_own_hosts(const fold_item *it, int n, int nslots, unsigned char *own)
{
  fstate probe; /* only for too_big */
  memset(&probe, 0, sizeof probe);
  probe.it = it;
  probe.ns = nslots;
  for (int d = 0; d < FOLD_D; d++)
    for (int i = 0; i < n && !probe.act[d]; i++)
      probe.act[d] = it[i].u[d] != NULL;
  for (int i = 0; i < n; i++)
    own[i] = it[i].alone || too_big(&probe, i);
}

int fold_lower_bound(const fold_cfg *c, const fold_item *it, int n, fold_lb *lb)
{
  int *per_part = lb->per_part;
  unsigned char *own_out = lb->own;
  memset(lb, 0, sizeof *lb);
  lb->per_part = per_part;
  lb->own = own_out;
  int ns = c->nslots > 0 ? c->nslots : 1;
  int maxpart = -1;
  for (int i = 0; i < n; i++)
    if (it[i].part > maxpart)
      maxpart = it[i].part;
  int nb = (ns + BLK - 1) / BLK;
  double *sums = xmalloc((size_t)FOLD_D * ns * sizeof *sums);
  float *pk = xmalloc(((size_t)n + 1) * FOLD_D * sizeof *pk);
  float *env = xmalloc(((size_t)n * FOLD_D * nb + 1) * sizeof *env);
  double *x = xmalloc(((size_t)n + 1) * sizeof *x);
  int *idx = xmalloc(((size_t)n + 1) * sizeof *idx);
  unsigned char *own = lb->own ? lb->own : xmalloc((size_t)n + 1);
  fold_own_hosts(it, n, ns, own);
  int act[FOLD_D] = {0};
  for (int d = 0; d < FOLD_D; d++)
    for (int i = 0; i < n && !act[d]; i++)
      act[d] = it[i].u[d] != NULL;
  for (int p = 0; p <= maxpart; p++) {
    int m = 0, alone = 0;
    for (int i = 0; i < n; i++) {
      if (it[i].part != p)
        continue;
      if (own[i])
        alone++;
      else
        idx[m++] = i;
    }
    if (m == 0 && alone == 0)
      continue;
    int best = 0, vol = 0, l2 = 0;
    for (int d = 0; d < FOLD_D; d++) {
      if (!act[d])
        continue;
      double *sum = sums + (size_t)d * ns;
      memset(sum, 0, (size_t)ns * sizeof *sum);
      for (int j = 0; j < m; j++)
        if (it[idx[j]].u[d])
          for (int s = 0; s < ns; s++)
            sum[s] += it[idx[j]].u[d][s];
      /* The three most loaded slots get the L2 bound as well. */
      int top[3] = {-1, -1, -1};
      for (int s = 0; s < ns; s++) {
        if (ceil_eps(sum[s]) > vol)
          vol = ceil_eps(sum[s]);
        for (int t = 0; t < 3; t++)
          if (top[t] < 0 || sum[s] > sum[top[t]]) {
            for (int q = 2; q > t; q--)
              top[q] = top[q - 1];
            top[t] = s;
            break;
          }
      }
      for (int t = 0; t < 3; t++) {
        if (top[t] < 0)
          continue;
        int k = 0;
        for (int j = 0; j < m; j++)
          x[k++] = it[idx[j]].u[d] ? it[idx[j]].u[d][top[t]] : 0;
        int v = bound_l2(x, k);
        if (v > l2)
          l2 = v;
      }
    }
    for (int q = 0; q < FOLD_S; q++) {
      for (int j = 0; j < m; j++)
        x[j] = it[idx[j]].s[q];
      int v = bound_l2(x, m);
      if (v > l2)
        l2 = v;
    }
    best = vol > l2 ? vol : l2;
    /* Conflict cliques, alone and combined with the volume (bound_conflict). */
    for (int j = 0; j < m; j++)
      for (int d = 0; d < FOLD_D; d++) {
        const float *u = it[idx[j]].u[d];
        float *e = env + ((size_t)j * FOLD_D + d) * nb, p_ = 0;
        for (int k = 0; k < nb; k++) {
          float mx = 0;
          if (act[d] && u) {
            int s0 = k * BLK, s1 = s0 + BLK < ns ? s0 + BLK : ns;
            for (int s = s0; s < s1; s++)
              mx = u[s] > mx ? u[s] : mx;
          }
          e[k] = mx;
          p_ = mx > p_ ? mx : p_;
        }
        pk[j * FOLD_D + d] = p_;
      }
    cgraph cg = {.it = it, .ns = ns, .nb = nb, .act = act, .idx = idx, .m = m, .pk = pk, .env = env};
    int clq = 0, cb = bound_conflict(&cg, sums, &clq);
    if (cb > best) {
      best = cb;
      lb->conflict++;
    }
    if (clq > lb->clique)
      lb->clique = clq;
    /* Items limited to K per host need at least count/K hosts among
     * themselves; members of one anti-affinity group need a host each. */
    int k = 0, na = 0;
    for (int j = 0; j < m; j++) {
      if (it[idx[j]].maxn > 0)
        x[k++] = it[idx[j]].maxn;
      na += it[idx[j]].nanti;
    }
    qsort(x, (size_t)k, sizeof *x, cmp_dbl_desc);
    for (int q = 0; q < k; q++) {
      int cnt = k - q, lim = (int)x[q]; /* items whose limit is at most x[q] */
      if ((cnt + lim - 1) / lim > best)
        best = (cnt + lim - 1) / lim;
    }
    if (na > 0) {
      int *g = xmalloc((size_t)na * sizeof *g);
      na = 0;
      for (int j = 0; j < m; j++)
        for (int a = 0; a < it[idx[j]].nanti; a++)
          g[na++] = it[idx[j]].anti[a];
      qsort(g, (size_t)na, sizeof *g, cmp_int);
      for (int q = 0, run = 0; q < na; q++) {
        run = q > 0 && g[q] == g[q - 1] ? run + 1 : 1;
        if (run > best)
          best = run;
      }
      free(g);
    }
    if (m > 0 && best < 1)
      best = 1;
    if (l2 > vol && l2 == best)
      lb->l2++;
    lb->volume += vol;
    lb->alone += alone;
    lb->total += alone + best;
    if (per_part)
      per_part[p] = alone + best;
  }
  free(sums);
  free(pk);
  free(env);
  free(x);
  free(idx);
  if (own != lb->own)
    free(own);
  return lb->total;
}
