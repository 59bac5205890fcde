/* planner.h — scenarios and folding (DESIGN §2, issue "Folding planner").
 * For each scenario (all-vm, co-host, hybrid) and each --host model, the
 * planner places every workload at its strategy, applies the overhead model
 * to VM guests, folds the per-slot demand onto as few hosts as it can under
 * headroom and placement constraints (fold.h), computes a lower bound, and
 * stores the result as a new plan. docs/planner.md explains the method.
 *
 * Two layers: plan_scenario builds one scenario from an estate and its
 * verdicts without touching a database (tests and benchmarks call it
 * directly); plan_run is the database wrapper that loads the estate and the
 * latest verdicts, runs every scenario × host model and stores them in one
 * transaction. plan_replay replays the latest plan against another window.
 *
 * Ownership: plan_run reads the estate (unless its caller has it loaded)
 * and the latest verdicts from DB and writes one plan in one transaction;
 * everything it allocates it frees.
 * plan_scenario fills an nf_scenario the caller releases with
 * plan_scenario_free. Allocation failure is fatal (xmalloc). */
#ifndef NF_PLANNER_H
#define NF_PLANNER_H

#include <sqlite3.h>
#include <stdint.h>

#include "overhead.h"
#include "profile.h"
#include "score.h"
#include "util.h"

typedef struct nf_host_model {
  char *spec;        /* as given: "cores=32,mhz=2600,ram_gb=512" */
  char *name;        /* name= or a generated "32c-2600MHz-512GB" */
  char *model;       /* model= (processor model string, picks the rating), or NULL */
  int cores;
  double mhz, ram_mb, iops, net_mbps; /* iops/net 0 = not constrained */
  double core_rating; /* CU per core */
  double capacity;   /* cores × core_rating, CU */
  double price;      /* 0 = unknown */
} nf_host_model;

/* Parses a --host SPEC: cores=N,mhz=N,ram_gb=N[,iops=N][,net_gbps=N]
 * [,cpu_rating=R][,model=TEXT][,price=N][,name=TEXT] (ram_mb=N is accepted
 * for ram_gb). Missing keys take the default host's values:
 * cores=32,mhz=2600,ram_gb=512,model=Xeon Gold. */
int host_parse(const char *spec, nf_host_model *out, nf_err *err);
void host_free(nf_host_model *h);

enum nf_scen { NF_SC_ALL_VM, NF_SC_CO_HOST, NF_SC_HYBRID, NF_SC__COUNT };
extern const char *const nf_scen_names[NF_SC__COUNT]; /* "all-vm", "co-host", "hybrid" */
int nf_scen_find(const char *name);

/* One headroom setting: the fraction of each dimension kept free. */
typedef struct nf_headroom {
  double cpu, ram, iops, net;
} nf_headroom;

/* --policy NAME=FILE.lua: a scenario NAME, each workload at the verdict
 * the latest score run's rules plus FILE give it. */
typedef struct nf_policy {
  char *name, *file;
} nf_policy;

typedef struct nf_plan_opts {
  nf_host_model *hosts;   /* at least one (planopts_finish adds the default) */
  int nhosts;
  const char *hypervisor; /* profile name or .lua path; default "esxi8" */
  char **sets;            /* --set key=value, owned */
  int nsets;
  double headroom_cpu, headroom_ram; /* fractions kept free; default 0.2 / 0.1 */
  double headroom_iops, headroom_net; /* default 0.2 / 0.2 */
  nf_profile_opts prof;   /* percentile, slot, window */
  int slot_given;         /* --slot was given: no narrower than the sampling interval */
  /* What-if: every distinct --headroom setting and --percentile value, in
   * the order given (duplicates dropped). planopts_finish makes each list
   * hold at least the default, and sets headroom_* and prof.percentile
   * above to the first entry: the plan's default, which plan_scenario
   * uses; plan_run builds each scenario once per entry of each list. */
  nf_headroom *headrooms;
  int nheadrooms;
  double *percentiles;
  int npercentiles;
  int scen[NF_SC__COUNT]; /* scenarios to build (all when none named) */
  nf_policy *policies;    /* --policy: more scenarios, each a hybrid at other verdicts */
  int npolicies;
  int effort;             /* --effort: the fold's squeeze may work this many times
                             its default budget (1, the default, to 1000) */
  int jobs;               /* --jobs: scenarios built at once; 0 (the default) = one per
                             processor, as free memory allows (build_all). Not
                             recorded: the plan is the same either way */
  char *options;          /* the plan options as given, for the record (owned) */
  char *hv_owned;         /* the hypervisor name when read from a record (owned) */
} nf_plan_opts;

enum nf_host_kind { NF_HK_HYPERVISOR, NF_HK_CO_HOST, NF_HK_NATIVE, NF_HK__COUNT };
extern const char *const nf_host_kind_names[NF_HK__COUNT]; /* "hypervisor", "co-host", "native" */

/* One workload's place in a scenario. */
typedef struct nf_placement {
  int w;                  /* index into the estate */
  int host;               /* index into nf_scenario.h */
  int strategy;           /* enum nf_strategy as placed in this scenario */
  const char *co_host_kind; /* static string or NULL */
  int dedicated_cores;
  int vcpus;
  double cpu_peak, ram_peak_mb;   /* incl. overhead: CU, MB */
  double cpu_demand;      /* Σ over slots of native CPU demand (CU·slots) */
  double oh_cpu[NF_OH__COUNT];    /* Σ over slots of each overhead term (CU·slots) */
  double oh_ram_mb;       /* per-VM memory overhead */
  double contention;      /* Σ over slots of co-host contention (CU·slots) */
} nf_placement;

typedef struct nf_plan_host {
  int kind;               /* enum nf_host_kind */
  int os_images;
  int nguests;
  double cpu_cap, ram_cap; /* CU, MB of the host (before headroom) */
  double cpu_peak_pct, ram_peak_pct, ram_mb; /* projected peaks incl. overhead */
  double iops_peak, net_peak;
  float *cpu_pct, *ram_pct; /* per slot, % of the host */
  long over_slots;        /* slots over the usable capacity (after repair: over 100 %) */
  nf_oh_ram ram_at_peak;  /* the host RAM breakdown at the peak slot */
} nf_plan_host;

typedef struct nf_plan_risk {
  int w;                  /* workload index, -1 for the scenario as a whole */
  char *kind, *text;
  double figure;
  int has_figure;
} nf_plan_risk;

typedef struct nf_scenario {
  int scen;               /* enum nf_scen */
  const char *policy;     /* a --policy NAME's scenario (scen is NF_SC_HYBRID), or NULL */
  const nf_host_model *hm;
  nf_headroom headroom;   /* the headroom it was built with (o->headroom_*) */
  double percentile;      /* the slot percentile of its demand series (o->prof.percentile) */
  int nslots, slot_s;
  int hosts, os_images, lower_bound, baseline_hosts;
  int baseline_overloaded; /* baseline hosts over capacity in some slot */
  int first_fit_hosts;    /* hosts after the constructive phase, for the record */
  int repairs;            /* workloads moved because the exact overhead overflowed a host */
  double oh_cpu_pct, oh_ram_mb;             /* total overhead */
  double src_cpu_pct[NF_OH__COUNT], src_ram_mb[NF_OH__COUNT];
  double contention_pct;  /* co-host contention, % of placed CPU demand */
  double price;           /* hosts × price per host, 0 when unknown */
  nf_plan_host *h;
  int nh;
  nf_placement *pl;       /* one per workload, estate order */
  int npl;
  nf_plan_risk *risks;
  int nrisks;
  size_t riskcap;
  char *notes;
} nf_scenario;

/* Builds scenario SCEN for host model HM from estate E and verdicts V (one
 * per workload in estate order; NULL = every workload a vm-guest without
 * rule constraints), with hypervisor profile HV. */
int plan_scenario(const nf_estate *e, const nf_verdict *v, const nf_hv *hv,
                  const nf_plan_opts *o, int scen, const nf_host_model *hm, nf_scenario *out,
                  nf_err *err);
void plan_scenario_free(nf_scenario *s);
/* The co-host kind a workload takes under one OS image: KIND, the
 * verdict's, when it is app-pool, sql-instance, resource-policy or
 * container; else the default for its role (web or iis: app-pool; sql, db
 * or database: sql-instance; any other: resource-policy). *LIGHT gets
 * whether its contention is cohost_contention_light (application pools,
 * web and file servers) rather than cohost_contention. */
const char *plan_cohost_kind(const char *kind, const nf_server *s, int *light);
/* Whether host model HM, at RAM headroom HEADROOM_RAM, leaves hypervisor
 * HV's guests any RAM: 0, or -1 with ERR. plan_scenario checks it; `run`
 * checks it before importing. */
int plan_host_check(const nf_hv *hv, const nf_host_model *hm, double headroom_ram, nf_err *err);
/* Appends to N, for the scenario's notes, why S's hosts stand above its
 * lower bound (nothing when they do not): its shared hosts' median fill
 * at their own busiest slot, and their peaks summed over the peak of
 * their sum in each partition (PART: host -> one of NPARTS partitions). */
void plan_gap_note(const nf_scenario *s, const int *part, int nparts, sbuf *n);

/* A replayed host: slots, and slots where the host's workloads at their
 * replayed demand (overhead at the host's real guest count) exceed its
 * whole capacity in any dimension; the worst CPU and RAM, % of the host. */
typedef struct nf_replay_host {
  long intervals, overloaded;
  double worst_cpu_pct, worst_ram_pct;
} nf_replay_host;

/* Replays one host of model HM holding workloads W[0..K) (estate indices)
 * placed with STRATEGY, CO-HOST KIND (may be NULL) and DEDICATED cores. */
int plan_replay_host(const nf_estate *e, const nf_hv *hv, const nf_host_model *hm, const int *w,
                     const int *strategy, const char *const *chk, const int *ded, int k,
                     nf_replay_host *out);

/* Builds and stores a plan from the latest verdicts. *PLAN_ID gets its id.
 * Fails with "run `nfold score` first" when there are no verdicts. LOADED,
 * when not NULL, is an estate the caller loaded already (`run`, for the
 * scoring): it serves wherever it is what profile_load would give
 * (profile_matches) and stays the caller's. */
int plan_run(sqlite3 *db, const nf_plan_opts *o, const nf_estate *loaded, int64_t *plan_id,
             nf_err *err);

/* Prints the summary table of plan PLAN_ID to stdout. */
int plan_print(sqlite3 *db, int64_t plan_id, nf_err *err);

/* Replays the latest plan against the samples of [FROM, TO) at full
 * resolution; stores one replay per scenario; *REPLAY_ID gets the first. */
int plan_replay(sqlite3 *db, int64_t from, int64_t to, int64_t *replay_id, nf_err *err);

#endif
