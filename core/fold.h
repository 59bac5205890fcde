/* fold.h — the folding core of the planner (DESIGN §2): time-aware,
 * multi-dimensional bin packing with placement constraints, and the lower
 * bound it is measured against. It knows nothing of workloads, overhead or
 * the database: the planner (plan_build.c) turns a scenario into items whose
 * demand is already normalized to one host's usable capacity, so a host is
 * the unit cube in every dimension and every slot.
 *
 * An item has, per time dimension, a series of nslots values (fraction of
 * the host's usable capacity in that slot) and, per scalar dimension, one
 * value (guests, vCPU weight, ...). A set of items fits one host when for
 * every dimension and slot their sum is at most 1, their scalars sum to at
 * most 1, they share a partition (site, host kind, OS family), no two of
 * them share an anti-affinity group, none is `alone` unless it is the only
 * one, and their count respects every member's `maxn`.
 *
 * Ownership: items and their series belong to the caller and are only
 * read. fold_solve fills a fold_result the caller releases with
 * fold_result_free. Allocation failure is fatal (xmalloc). */
#ifndef NF_FOLD_H
#define NF_FOLD_H

#define FOLD_D 4 /* time dimensions: cpu, ram, iops, net */
#define FOLD_EPS 1e-5 /* how far over 1 the fit test lets a sum go (float rounding) */
#define FOLD_S 3 /* scalar dimensions: vCPU weight, guests, vCPUs under a cap */

typedef struct fold_item {
  const float *u[FOLD_D]; /* nslots values each; NULL = no demand in that dimension */
  double s[FOLD_S];       /* scalar usage, fraction of the host's limit */
  int part;               /* partition: hosts never mix partitions */
  const int *anti;        /* anti-affinity groups (ids >= 0) */
  int nanti;
  int alone;              /* needs a host of its own (native) */
  int maxn;               /* most items its host may hold; 0 = no limit */
} fold_item;

/* The squeeze's budgets are set for a week at 5 minutes; a fold of fewer
 * slots (half or fewer) gets more rounds of it, its evaluations being
 * cheaper (fold_solve). */
#define FOLD_WEEK_SLOTS 2016

typedef struct fold_cfg {
  int nslots;
  int first_fit;     /* place each item on the first host it fits (baseline) */
  int improve;       /* run the improvement phase (empty hosts, swaps) */
  long budget;       /* improvement work budget in fit checks; 0 = default */
  int effort;        /* the squeeze may work this many times its default budget,
                        in rounds that only ever remove hosts, and take
                        partitions this many times bigger; 0 or 1 = default
                        (fewer slots than FOLD_WEEK_SLOTS add rounds) */
} fold_cfg;

typedef struct fold_result {
  int nbins;
  int *bin;          /* per item: its host, 0..nbins-1 */
  int *oversized;    /* per host: 1 when its single item exceeds a host */
  int first_bins;    /* hosts after the constructive phase */
  int emptied;       /* hosts the improvement phase emptied */
  int squeeze_tries; /* attempts of the squeeze (fold.c) */
  int squeezed;      /* hosts it saved, EFFORT_SAVED of them in its extra rounds */
  int effort_saved;
  int rounds;        /* squeeze rounds run: 0 when it did not run (too big, or
                        already at the bound), more than 1 with fold_cfg.effort */
  int split;         /* partitions folded with their spiky items apart (fold.c) */
  long checks;       /* fit checks made */
} fold_result;

/* Packs N items onto as few hosts as it can. Returns 0. */
int fold_solve(const fold_cfg *c, const fold_item *it, int n, fold_result *r);
void fold_result_free(fold_result *r);

/* Whether the items IDX[0..k) fit one host together (exact check). */
int fold_fits(const fold_cfg *c, const fold_item *it, const int *idx, int k);

typedef struct fold_lb {
  int total;         /* the bound: sum over partitions of the strongest bound */
  int volume;        /* sum over partitions of ceil(max over dims and slots of summed demand) */
  int alone;         /* items that need a host of their own */
  int l2;            /* partitions where the L2 (Martello–Toth) bound was the strongest */
  int conflict;      /* partitions where the conflict-clique bound was the strongest */
  int clique;        /* largest conflict clique found (items no two of which share a host) */
  int *per_part;     /* set by the caller (or NULL): gets each partition's bound,
                        indexed by partition id (size: highest id + 1) */
  unsigned char *own; /* set by the caller (or NULL): gets, per item, whether it
                         takes a host of its own (fold_own_hosts) */
} fold_lb;

/* Into OWN[0..n), whether each item takes a host of its own in any packing
 * the fold accepts: marked alone, or too big for an empty host in some
 * dimension (one the items use) or slot, or in a scalar. */
void fold_own_hosts(const fold_item *it, int n, int nslots, unsigned char *own);

/* A lower bound on the hosts any packing of the items needs. */
int fold_lower_bound(const fold_cfg *c, const fold_item *it, int n, fold_lb *lb);

#endif
