/* plan_bench.c — benchmarks of the folding core (core/fold.h), run by
 * bench/plan.sh: realistic generated traces at 5-minute resolution for a
 * week (diurnal web, night batch, flat, spiky), normalized to a 32-core /
 * 512 GB host with 20 % CPU and 10 % RAM headroom.
 *
 *   plan_bench quality SEED N [nospiky|estate] [effort=E] [slots=S]
 *                                    hosts vs lower bound vs sum-of-p95 first fit;
 *                                    nospiky: without the spiky kind; estate: every
 *                                    workload a server as gen_server models it;
 *                                    effort: fold_cfg.effort (default 1); slots:
 *                                    the week in S slots (a divisor of 2016; 168:
 *                                    60 minutes)
 *   plan_bench scale N               time to fold N workloads × 2016 slots × 4 dims
 *   plan_bench mip SEED N SLOTS FILE writes a CPLEX LP of the exact problem and
 *                                    prints the fold's hosts and lower bound
 *   plan_bench mipslots SEED N K FILE the quality instance restricted to its K
 *                                    most loaded slots (a relaxation) as an LP
 *   plan_bench cliquelp SEED N FILE  the quality instance's relaxation that keeps
 *                                    a conflict clique whole, as an LP
 *                                    (write_clique_lp)
 *   plan_bench planted SEED K [estate] [filler=F] [effort=E]
 *                                    an instance with a known packing on K hosts
 *                                    (each host filled with random workloads until
 *                                    FILL_TRIES in a row do not fit): the optimum is
 *                                    at most K, so hosts - K bounds the fold's gap
 *                                    to the optimum from above; filler: each host
 *                                    gets one more workload, F times its free room
 *                                    in every slot (F = 0.9: where the lower bound
 *                                    then reaches K, K is the optimum) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fold.h"

static unsigned long long rs = 88172645463325252ULL;
static double rnd(void)
{
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return (double)(rs >> 11) / 9007199254740992.0;
}

enum { WEB, BATCH, FLAT, SPIKY, NKIND };

/* Fills one workload's 4 series (normalized to the usable host). */
static void gen(float *u[FOLD_D], int ns, int slot_min, int kind)
{
  const double host_cu = 32 * 0.8, host_ram = 512 * 1024 * 0.9, host_iops = 80000 * 0.8,
               host_net = 20000 * 0.8;
  static const int cores_opt[] = {2, 2, 4, 4, 4, 8, 8, 16};
  int cores = cores_opt[(int)(rnd() * 8)];
  double ram_mb = cores * (2048 + rnd() * 6144);
  double base = 0.03 + rnd() * 0.12, amp = 0.2 + rnd() * 0.5;
  double phase = (rnd() - 0.5) * 3; /* hours */
  double ram_use = 0.4 + rnd() * 0.4;
  double iops = 50 + rnd() * 1500, net = 5 + rnd() * 200;
  for (int s = 0; s < ns; s++) {
    double t_h = s * slot_min / 60.0;
    double h = fmod(t_h + phase + 24, 24);
    int day = (int)(t_h / 24) % 7;
    double util;
    switch (kind) {
    case WEB: {
      double d = sin(M_PI * (h - 7) / 14);
      util = base + amp * (d > 0 ? d : 0) * (day >= 5 ? 0.4 : 1);
      break;
    }
    case BATCH:
      util = base + (h >= 1 && h < 5 ? amp + 0.2 : 0);
      break;
    case FLAT:
      util = base + amp * 0.4;
      break;
    default:
      util = base + (rnd() < 0.03 ? amp + 0.2 : 0);
      break;
    }
    util += (rnd() - 0.5) * 0.04;
    util = util < 0 ? 0 : util > 1 ? 1 : util;
    u[0][s] = (float)(util * cores / host_cu);
    u[1][s] = (float)(ram_mb * (ram_use + 0.05 * util) / host_ram);
    u[2][s] = (float)(iops * (0.3 + util) / host_iops);
    u[3][s] = (float)(net * (0.2 + util) / host_net);
  }
}

/* Fills one server's 4 series as the sample estate's generator models a
 * server (samples/gen_estate.c): a low base, a business-day hump (or a
 * night batch window) scaled by a per-day factor, noise that is quieter
 * when idle, and short spikes (a scan, a report: 0.3 % of samples start
 * one, lasting 1-3 samples at 12-40 % of the processors). */
static void gen_server(float *u[FOLD_D], int ns, int slot_min)
{
  const double host_cu = 32 * 0.8, host_ram = 512 * 1024 * 0.9, host_iops = 80000 * 0.8,
               host_net = 20000 * 0.8;
  static const int cores_opt[] = {2, 2, 4, 4, 4, 8, 8, 16};
  int cores = cores_opt[(int)(rnd() * 8)];
  double ram_mb = cores * (2048 + rnd() * 6144), ram_use = 0.4 + rnd() * 0.4;
  double iops = 50 + rnd() * 1500, net = 5 + rnd() * 200;
  double base = 0.01 + rnd() * 0.05, amp = 0.03 + rnd() * 0.27;
  int night = rnd() < 0.2;
  double dayf[7];
  for (int d = 0; d < 7; d++)
    dayf[d] = (d >= 5 ? 0.3 : 1) * (0.8 + rnd() * 0.4);
  int spike_left = 0;
  double spike = 0;
  for (int s = 0; s < ns; s++) {
    double t_h = s * slot_min / 60.0, h = fmod(t_h, 24);
    int day = (int)(t_h / 24) % 7;
    double shape = night ? (h >= 1 && h < 5 ? 1 : 0) : (h >= 8 && h < 18 ? sin(M_PI * (h - 8) / 10) : 0);
    double act = shape * dayf[day];
    double util = base + amp * act + (rnd() - 0.5) * 0.03 * (0.25 + act);
    if (spike_left > 0) {
      spike_left--;
    } else if (rnd() < 0.003) {
      spike_left = (int)(rnd() * 3);
      spike = 0.12 + rnd() * 0.28;
    } else {
      spike = 0;
    }
    util += spike;
    util = util < 0.001 ? 0.001 : util > 1 ? 1 : util;
    u[0][s] = (float)(util * cores / host_cu);
    u[1][s] = (float)(ram_mb * (ram_use + 0.05 * util) / host_ram);
    u[2][s] = (float)(iops * (0.3 + util) / host_iops);
    u[3][s] = (float)(net * (0.2 + util) / host_net);
  }
}

typedef struct inst {
  int n, ns;
  float *buf;
  fold_item *it;
  int *kind;
} inst;

static int no_spiky; /* quality ... nospiky: web, batch and flat only */
static double filler; /* planted ... filler=F: each planted host gets one more workload, F times its free room */
static int estate;   /* quality ... estate: every workload a server as gen_server models it */

static void inst_make(inst *x, int n, int ns, int slot_min)
{
  x->n = n;
  x->ns = ns;
  x->buf = malloc((size_t)n * FOLD_D * ns * sizeof(float));
  x->it = calloc((size_t)n, sizeof *x->it);
  x->kind = malloc((size_t)n * sizeof *x->kind);
  for (int i = 0; i < n; i++) {
    /* Mix: 40 % web, 20 % batch, 25 % flat, 15 % spiky. */
    double r = rnd();
    int k = r < 0.4 ? WEB : r < 0.6 ? BATCH : r < 0.85 || no_spiky ? FLAT : SPIKY;
    x->kind[i] = k;
    float *u[FOLD_D];
    for (int d = 0; d < FOLD_D; d++) {
      u[d] = x->buf + ((size_t)i * FOLD_D + d) * ns;
      x->it[i].u[d] = u[d];
    }
    if (estate)
      gen_server(u, ns, slot_min);
    else
      gen(u, ns, slot_min, k);
  }
}

static void inst_free(inst *x)
{
  free(x->buf);
  free(x->it);
  free(x->kind);
}

static int cmp_f(const void *a, const void *b)
{
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

/* The sum-of-p95 first-fit baseline: each workload at the p95 of its series. */
static int baseline(const inst *x)
{
  float *pv = malloc((size_t)x->n * FOLD_D * sizeof *pv), *tmp = malloc((size_t)x->ns * sizeof *tmp);
  fold_item *bi = calloc((size_t)x->n, sizeof *bi);
  for (int i = 0; i < x->n; i++)
    for (int d = 0; d < FOLD_D; d++) {
      memcpy(tmp, x->it[i].u[d], (size_t)x->ns * sizeof *tmp);
      qsort(tmp, (size_t)x->ns, sizeof *tmp, cmp_f);
      pv[i * FOLD_D + d] = tmp[(int)floor(0.95 * (x->ns - 1))];
      bi[i].u[d] = &pv[i * FOLD_D + d];
    }
  fold_cfg c = {.nslots = 1, .first_fit = 1};
  fold_result r;
  fold_solve(&c, bi, x->n, &r);
  int nb = r.nbins;
  fold_result_free(&r);
  free(pv);
  free(tmp);
  free(bi);
  return nb;
}

/* Writes the exact problem as a CPLEX LP for B hosts over the slots SL[0..k)
 * (all slots when SL is NULL): min Σ y_b; each item on one host; per host,
 * dim and slot Σ u x ≤ y; symmetry: item i only on hosts 0..i, hosts used
 * in order. Over a subset of the slots it is a relaxation: its optimum
 * (or the solver's proven bound) is a lower bound on the full problem. */
static void write_lp(FILE *f, const inst *x, int B, const int *sl, int k)
{
  int n = x->n;
  fprintf(f, "Minimize\n obj:");
  for (int b = 0; b < B; b++)
    fprintf(f, " + y%d", b);
  fprintf(f, "\nSubject To\n");
  for (int i = 0; i < n; i++) {
    fprintf(f, " a%d:", i);
    for (int b = 0; b < B && b <= i; b++)
      fprintf(f, " + x%d_%d", i, b);
    fprintf(f, " = 1\n");
  }
  for (int b = 0; b < B; b++)
    for (int d = 0; d < FOLD_D; d++)
      for (int q = 0; q < k; q++) {
        int s = sl ? sl[q] : q;
        fprintf(f, " c%d_%d_%d:", b, d, s);
        for (int i = b; i < n; i++)
          fprintf(f, " + %.6f x%d_%d", x->it[i].u[d][s], i, b);
        fprintf(f, " - y%d <= 0\n", b);
      }
  for (int b = 0; b + 1 < B; b++)
    fprintf(f, " s%d: y%d - y%d >= 0\n", b, b, b + 1);
  fprintf(f, "Binary\n");
  for (int b = 0; b < B; b++)
    fprintf(f, " y%d\n", b);
  for (int i = 0; i < n; i++)
    for (int b = 0; b < B && b <= i; b++)
      fprintf(f, " x%d_%d\n", i, b);
  fprintf(f, "End\n");
}

/* The K slots of X with the highest summed demand in dimension D, into SL. */
static void busiest(const inst *x, int d, int k, int *sl)
{
  double *sum = calloc((size_t)x->ns, sizeof *sum);
  for (int i = 0; i < x->n; i++)
    for (int s = 0; s < x->ns; s++)
      sum[s] += x->it[i].u[d][s];
  for (int q = 0; q < k; q++) {
    int b = 0;
    for (int s = 1; s < x->ns; s++)
      b = sum[s] > sum[b] ? s : b;
    sl[q] = b;
    sum[b] = -1;
  }
  free(sum);
}

/* Whether items I and K of X may not share a host: in some dimension and
 * slot they add up to more than one. */
static int conflicts(const inst *x, int i, int k)
{
  for (int d = 0; d < FOLD_D; d++)
    for (int s = 0; s < x->ns; s++)
      if (x->it[i].u[d][s] + x->it[k].u[d][s] > 1 + 1e-5f)
        return 1;
  return 0;
}

/* Writes a relaxation of X that keeps one conflict clique whole: its K
 * members (found greedily, biggest CPU peak first) sit on hosts 1..K,
 * every other item may be split among them and host 0, which stands for
 * the other H - K hosts pooled. Host h holds its member and its shares in
 * every dimension at the TOP busiest slots of that dimension and at every
 * slot where the member is above half its peak; the pool holds its shares
 * within H - K at the TOP busiest slots. A packing on H hosts is a
 * solution (its shares 0 or 1), so the optimum, rounded up, is a lower
 * bound on the hosts any packing needs; unlike the volume bound it sees
 * that a clique member's host must keep room for the member's spikes.
 * Returns K. */
static int write_clique_lp(FILE *f, const inst *x, int top)
{
  int n = x->n, ns = x->ns, K = 0;
  int *order = malloc((size_t)n * sizeof *order), *member = calloc((size_t)n, sizeof *member);
  int *clq = malloc((size_t)n * sizeof *clq);
  double *key = malloc((size_t)n * sizeof *key);
  for (int i = 0; i < n; i++) {
    order[i] = i;
    key[i] = 0;
    for (int s = 0; s < ns; s++)
      key[i] = x->it[i].u[0][s] > key[i] ? x->it[i].u[0][s] : key[i];
  }
  for (int a = 1; a < n; a++) /* insertion sort, biggest peak first */
    for (int b = a; b > 0 && key[order[b]] > key[order[b - 1]]; b--) {
      int t = order[b];
      order[b] = order[b - 1];
      order[b - 1] = t;
    }
  for (int a = 0; a < n; a++) {
    int i = order[a], all = 1;
    for (int q = 0; q < K && all; q++)
      all = conflicts(x, i, clq[q]);
    if (all) {
      clq[K++] = i;
      member[i] = 1;
    }
  }
  int *busy = malloc((size_t)FOLD_D * top * sizeof *busy);
  for (int d = 0; d < FOLD_D; d++)
    busiest(x, d, top, busy + d * top);
  fprintf(f, "Minimize\n obj: H\nSubject To\n");
  for (int j = 0; j < n; j++)
    if (!member[j]) {
      fprintf(f, " a%d: x%d_0", j, j);
      for (int h = 1; h <= K; h++)
        fprintf(f, " + x%d_%d", j, h);
      fprintf(f, " = 1\n");
    }
  char *on = malloc((size_t)ns);
  for (int h = 0; h <= K; h++)
    for (int d = 0; d < FOLD_D; d++) {
      const float *m = h ? x->it[clq[h - 1]].u[d] : NULL;
      float pk = 0;
      for (int s = 0; m && s < ns; s++)
        pk = m[s] > pk ? m[s] : pk;
      for (int s = 0; s < ns; s++)
        on[s] = m && m[s] > pk / 2;
      for (int q = 0; q < top; q++)
        on[busy[d * top + q]] = 1;
      for (int s = 0; s < ns; s++) {
        if (!on[s])
          continue;
        fprintf(f, " c%d_%d_%d:", h, d, s);
        for (int j = 0; j < n; j++)
          if (!member[j] && x->it[j].u[d][s] > 1e-7f)
            fprintf(f, " + %.7f x%d_%d", x->it[j].u[d][s], j, h);
        if (h) /* a host holds up to 1 + 1e-5, as in the fit test */
          fprintf(f, " <= %.7f\n", 1.00001 - m[s]);
        else
          fprintf(f, " - 1.00001 H <= %.5f\n", -1.00001 * K);
      }
    }
  fprintf(f, " k: H >= %d\nEnd\n", K); /* the members' own hosts */
  free(on);
  free(busy);
  free(key);
  free(clq);
  free(member);
  free(order);
  return K;
}

/* The planted instance: K hosts, each filled with workloads of the mix
 * (or servers, ESTATE) drawn at random, a workload kept where it fits the
 * host in every dimension and slot, until FILL_TRIES in a row do not.
 * Then the items are shuffled. *FILL gets the mean over hosts of their CPU
 * peak. */
#define FILL_TRIES 40
/* Room for one more workload's PER values at the end of X's buffer. */
static float *next_slot(inst *x, size_t *cap, size_t per)
{
  if ((size_t)x->n == *cap) {
    *cap *= 2;
    x->buf = realloc(x->buf, *cap * per * sizeof(float));
  }
  return x->buf + (size_t)x->n * per;
}

static void inst_planted(inst *x, int k, int ns, double *fill)
{
  size_t cap = 64, per = (size_t)FOLD_D * ns;
  x->n = 0;
  x->ns = ns;
  x->buf = malloc(cap * per * sizeof(float));
  float *load = malloc(per * sizeof *load), *u[FOLD_D];
  *fill = 0;
  for (int h = 0; h < k; h++) {
    memset(load, 0, per * sizeof *load);
    for (int miss = 0; miss < FILL_TRIES;) {
      float *w = next_slot(x, &cap, per);
      for (int d = 0; d < FOLD_D; d++)
        u[d] = w + (size_t)d * ns;
      if (estate)
        gen_server(u, ns, 5);
      else {
        double r = rnd();
        gen(u, ns, 5, r < 0.4 ? WEB : r < 0.6 ? BATCH : r < 0.85 ? FLAT : SPIKY);
      }
      size_t j = 0;
      while (j < per && load[j] + w[j] <= 1)
        j++;
      if (j < per) {
        miss++;
        continue;
      }
      for (j = 0; j < per; j++)
        load[j] += w[j];
      x->n++;
      miss = 0;
    }
    if (filler > 0) { /* one more workload: the host's free room times FILLER */
      float *w = next_slot(x, &cap, per);
      x->n++;
      for (size_t j = 0; j < per; j++) {
        w[j] = (float)(filler * (1 - load[j]));
        load[j] += w[j];
      }
    }
    float pk = 0;
    for (int s = 0; s < ns; s++)
      pk = load[s] > pk ? load[s] : pk;
    *fill += pk / k;
  }
  free(load);
  int *ord = malloc((size_t)x->n * sizeof *ord);
  for (int i = 0; i < x->n; i++)
    ord[i] = i;
  for (int i = x->n - 1; i > 0; i--) {
    int j = (int)(rnd() * (i + 1)), t = ord[i];
    ord[i] = ord[j];
    ord[j] = t;
  }
  x->it = calloc((size_t)x->n, sizeof *x->it);
  x->kind = calloc((size_t)x->n, sizeof *x->kind);
  for (int i = 0; i < x->n; i++)
    for (int d = 0; d < FOLD_D; d++)
      x->it[i].u[d] = x->buf + (size_t)ord[i] * per + (size_t)d * ns;
  free(ord);
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: plan_bench quality SEED N [nospiky|estate] [effort=E] [slots=S] | planted SEED K [estate] "
                    "[filler=F] [effort=E] | scale N | mip SEED N SLOTS FILE | mipslots SEED N K FILE | "
                    "cliquelp SEED N FILE\n");
    return 2;
  }
  if (strcmp(argv[1], "quality") == 0 && argc >= 4) {
    rs += (unsigned long long)atoll(argv[2]) * 0x9E3779B97F4A7C15ULL;
    int n = atoi(argv[3]);
    int effort = 1, ns = 2016;
    for (int a = 4; a < argc; a++) {
      no_spiky |= strcmp(argv[a], "nospiky") == 0;
      estate |= strcmp(argv[a], "estate") == 0;
      if (strncmp(argv[a], "effort=", 7) == 0)
        effort = atoi(argv[a] + 7);
      if (strncmp(argv[a], "slots=", 6) == 0)
        ns = atoi(argv[a] + 6);
    }
    if (ns < 1 || ns > 2016 || 2016 % ns != 0) {
      fprintf(stderr, "plan_bench: slots= wants a divisor of 2016 (a week at 5 minutes), got %d\n", ns);
      return 2;
    }
    inst x;
    inst_make(&x, n, ns, 7 * 24 * 60 / ns);
    fold_cfg c = {.nslots = ns, .improve = 1, .effort = effort};
    double t0 = now();
    fold_result r;
    fold_solve(&c, x.it, n, &r);
    double t1 = now();
    fold_lb lb = {0};
    fold_lower_bound(&c, x.it, n, &lb);
    int base = baseline(&x);
    printf("quality%s seed=%s n=%d slots=%d hosts=%d lower_bound=%d gap=%d first_fit=%d "
           "emptied=%d squeezed=%d split=%d effort=%d rounds=%d effort_saved=%d "
           "baseline_p95_ff=%d seconds=%.2f (bound: volume %d, clique %d, conflict binding %d)\n",
           no_spiky ? "(no spiky)" : estate ? "(estate)" : "", argv[2], n, ns, r.nbins, lb.total, r.nbins - lb.total, r.first_bins,
           r.emptied, r.squeezed, r.split, effort, r.rounds, r.effort_saved, base, t1 - t0, lb.volume,
           lb.clique, lb.conflict);
    fold_result_free(&r);
    inst_free(&x);
    return 0;
  }
  if (strcmp(argv[1], "scale") == 0) {
    int n = atoi(argv[2]);
    double t0 = now();
    inst x;
    inst_make(&x, n, 2016, 5);
    double t1 = now();
    fold_cfg c = {.nslots = 2016, .improve = 1};
    fold_result r;
    fold_solve(&c, x.it, n, &r);
    double t2 = now();
    fold_lb lb = {0};
    fold_lower_bound(&c, x.it, n, &lb);
    double t3 = now();
    printf("scale n=%d slots=2016 dims=4 hosts=%d lower_bound=%d first_fit=%d emptied=%d "
           "squeezed=%d split=%d checks=%ld generate=%.2fs fold=%.2fs bound=%.2fs\n",
           n, r.nbins, lb.total, r.first_bins, r.emptied, r.squeezed, r.split, r.checks, t1 - t0, t2 - t1, t3 - t2);
    fold_result_free(&r);
    inst_free(&x);
    return 0;
  }
  if (strcmp(argv[1], "mip") == 0 && argc >= 6) {
    rs += (unsigned long long)atoll(argv[2]) * 0x9E3779B97F4A7C15ULL;
    int n = atoi(argv[3]), ns = atoi(argv[4]);
    inst x;
    inst_make(&x, n, ns, 7 * 24 * 60 / ns);
    /* Small instances: scale demand up so a host holds a handful. */
    for (size_t k = 0; k < (size_t)n * FOLD_D * ns; k++)
      x.buf[k] *= 4;
    for (int i = 0; i < n; i++)
      for (int d = 0; d < FOLD_D; d++)
        for (int s = 0; s < ns; s++)
          if (x.it[i].u[d][s] > 1)
            ((float *)x.it[i].u[d])[s] = 1;
    fold_cfg c = {.nslots = ns, .improve = 1};
    fold_result r;
    fold_solve(&c, x.it, n, &r);
    fold_lb lb = {0};
    fold_lower_bound(&c, x.it, n, &lb);
    int B = r.nbins;
    FILE *f = fopen(argv[5], "w");
    if (f == NULL) {
      perror(argv[5]);
      return 1;
    }
    write_lp(f, &x, B, NULL, ns);
    fclose(f);
    printf("mip seed=%s n=%d slots=%d fold_hosts=%d lower_bound=%d\n", argv[2], n, ns, r.nbins,
           lb.total);
    fold_result_free(&r);
    inst_free(&x);
    return 0;
  }
  int slots = strcmp(argv[1], "mipslots") == 0 && argc >= 6;
  if (slots || (strcmp(argv[1], "cliquelp") == 0 && argc >= 5)) {
    /* The quality instance of SEED as an LP: restricted to the K slots of
     * highest summed CPU demand, for B = the fold's hosts (mipslots), or
     * the relaxation that keeps a conflict clique whole (cliquelp). */
    rs += (unsigned long long)atoll(argv[2]) * 0x9E3779B97F4A7C15ULL;
    int n = atoi(argv[3]), k = slots ? atoi(argv[4]) : 0;
    const char *file = argv[slots ? 5 : 4];
    inst x;
    inst_make(&x, n, 2016, 5);
    fold_cfg c = {.nslots = 2016, .improve = 1};
    fold_result r;
    fold_solve(&c, x.it, n, &r);
    fold_lb lb = {0};
    fold_lower_bound(&c, x.it, n, &lb);
    FILE *f = fopen(file, "w");
    if (f == NULL) {
      perror(file);
      return 1;
    }
    if (slots) {
      int *sl = malloc((size_t)k * sizeof *sl);
      busiest(&x, 0, k, sl);
      write_lp(f, &x, r.nbins, sl, k);
      free(sl);
      printf("mipslots seed=%s n=%d slots=%d fold_hosts=%d lower_bound=%d\n", argv[2], n, k, r.nbins, lb.total);
    } else {
      k = write_clique_lp(f, &x, 30);
      printf("cliquelp seed=%s n=%d clique=%d fold_hosts=%d lower_bound=%d\n", argv[2], n, k, r.nbins, lb.total);
    }
    fclose(f);
    fold_result_free(&r);
    inst_free(&x);
    return 0;
  }
  if (strcmp(argv[1], "planted") == 0 && argc >= 4) {
    rs += (unsigned long long)atoll(argv[2]) * 0x9E3779B97F4A7C15ULL;
    int k = atoi(argv[3]), effort = 1;
    for (int a = 4; a < argc; a++) {
      estate |= strcmp(argv[a], "estate") == 0;
      if (strncmp(argv[a], "effort=", 7) == 0)
        effort = atoi(argv[a] + 7);
      if (strncmp(argv[a], "filler=", 7) == 0)
        filler = atof(argv[a] + 7);
    }
    inst x;
    double fill;
    inst_planted(&x, k, 2016, &fill);
    fold_cfg c = {.nslots = 2016, .improve = 1, .effort = effort};
    double t0 = now();
    fold_result r;
    fold_solve(&c, x.it, x.n, &r);
    double t1 = now();
    fold_lb lb = {0};
    fold_lower_bound(&c, x.it, x.n, &lb);
    printf("planted%s seed=%s filler=%g planted_hosts=%d n=%d cpu_peak_fill=%.3f hosts=%d over_planted=%d "
           "lower_bound=%d first_fit=%d emptied=%d squeezed=%d split=%d effort=%d "
           "baseline_p95_ff=%d seconds=%.2f\n",
           estate ? "(estate)" : "", argv[2], filler, k, x.n, fill, r.nbins, r.nbins - k, lb.total, r.first_bins,
           r.emptied, r.squeezed, r.split, effort, baseline(&x), t1 - t0);
    fold_result_free(&r);
    inst_free(&x);
    return 0;
  }
  fprintf(stderr, "plan_bench: bad arguments\n");
  return 2;
}
