/* planner.h — scenarios and folding (DESIGN §2, issue "Folding planner").
 * For each scenario (all-vm, co-host, hybrid, and any the user names) and
 * each --host model, the planner places every workload at its strategy,
 * applies the overhead model to VM guests, folds the per-slot demand onto
 * as few hosts as it can under headroom and placement constraints, computes
 * a lower bound, and stores the result as a new plan.
 *
 * Ownership: plan_run reads the estate and the latest verdicts from DB and
 * writes one plan in one transaction; everything it allocates it frees. */
#ifndef NF_PLANNER_H
#define NF_PLANNER_H

#include <sqlite3.h>
#include <stdint.h>

#include "profile.h"
#include "util.h"

typedef struct nf_host_model {
  char *spec;        /* as given: "cores=32,mhz=2600,ram_gb=512" */
  char *name;        /* name= or a generated "32c-2600MHz-512GB" */
  int cores;
  double mhz, ram_mb, iops, net_mbps; /* iops/net 0 = not constrained */
  double core_rating; /* CU per core */
  double capacity;   /* cores × core_rating, CU */
  double price;      /* 0 = unknown */
} nf_host_model;

/* Parses a --host SPEC: cores=N,mhz=N,ram_gb=N[,iops=N][,net_gbps=N]
 * [,cpu_rating=R][,model=TEXT][,price=N][,name=TEXT]. */
int host_parse(const char *spec, nf_host_model *out, nf_err *err);
void host_free(nf_host_model *h);

typedef struct nf_plan_opts {
  nf_host_model *hosts;   /* at least one */
  int nhosts;
  const char *hypervisor; /* profile name or .lua path; default "esxi8" */
  const char *const *sets; /* --set key=value */
  int nsets;
  double headroom_cpu, headroom_ram; /* fractions kept free; default 0.2 / 0.1 */
  nf_profile_opts prof;   /* percentile, slot, window */
  const char *options;    /* the command line, for the record */
} nf_plan_opts;

/* Builds and stores a plan from the latest verdicts. *PLAN_ID gets its id. */
int plan_run(sqlite3 *db, const nf_plan_opts *o, int64_t *plan_id, nf_err *err);

#endif
