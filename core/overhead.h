/* overhead.h — the virtualization overhead model of DESIGN §1, driven by a
 * hypervisor profile (rules/profiles/NAME.lua, or a user's .lua file): Lua
 * data whose every number cites its source. Each term is computed
 * separately so that reports and `nfold explain` can show it by source.
 *
 * CPU figures are in capacity units (CU, cpurating.h). RAM in MB.
 *
 * Ownership: hv_load returns a profile the caller frees with hv_free; the
 * strings hv_* return belong to the profile. Errors through nf_err. */
#ifndef NF_OVERHEAD_H
#define NF_OVERHEAD_H

#include "profile.h"
#include "util.h"

enum nf_oh_source {
  NF_OH_SCHEDULER,   /* dispatching guests: linear in the guests on a host */
  NF_OH_PRIVILEGED,  /* privileged-instruction emulation, from % Privileged Time */
  NF_OH_IO_PATH,     /* the doubled I/O path, from % Interrupt + % DPC Time */
  NF_OH_COSCHED,     /* capacity lost to gang-dispatching SMP guests */
  NF_OH_MEMORY,      /* per-VM memory overhead + the host's share (RAM only) */
  NF_OH__COUNT
};
/* "scheduler", "privileged", "io-path", "co-scheduling", "memory" */
extern const char *const nf_oh_source_names[NF_OH__COUNT];

typedef struct nf_hv nf_hv;

/* Loads profile NAME ("esx2", "esxi8", "none", ... from rules/profiles/) or
 * a path ending in ".lua"; SETS are "key=value" overrides (--set). */
nf_hv *hv_load(const char *name, const char *const *sets, int nsets, nf_err *err);
void hv_free(nf_hv *hv);
const char *hv_name(const nf_hv *hv);   /* "esx2" */
const char *hv_title(const nf_hv *hv);  /* "VMware ESX Server 2.5 (binary translation)" */
/* A numeric parameter (DFLT when the profile lacks it) and its source. */
double hv_get(const nf_hv *hv, const char *key, double dflt);
const char *hv_source(const nf_hv *hv, const char *key);
/* The I-th parameter's key (NULL past the last), its value and source, in
 * load order (common.lua, cohost.lua, base, profile, --set). */
const char *hv_param(const nf_hv *hv, int i, double *value, const char **source);

/* The host a guest is placed on, as far as the CPU terms need it. */
typedef struct nf_oh_host {
  double capacity;   /* CU */
  int pcpus;         /* physical cores (threads if the profile counts them) */
  int nguests;       /* guests on the host, this one included */
  int vcpus;         /* vCPUs of all guests on the host */
  double demand;     /* CU the guests on the host ask for, overhead included;
                        0 = unknown (then no CPU-ready estimate) */
} nf_oh_host;

/* CPU overhead of guest W when its native demand is DEMAND (CU) on HOST.
 * TERMS (may be NULL) gets the share of each source (CU; NF_OH_MEMORY 0).
 * Returns the total. */
double oh_guest_cpu(const nf_hv *hv, const nf_workload *w, double demand, const nf_oh_host *host,
                    double terms[NF_OH__COUNT]);

/* The inputs oh_guest_cpu derived from the workload and host, for
 * `nfold explain` and `nfold figures` (the same code, no second model). */
typedef struct nf_oh_detail {
  double priv_share;  /* mean % Privileged Time / mean % Processor Time, 0..1 */
  double io_share;    /* mean (% Interrupt + % DPC) / mean % Processor Time, 0..1 */
  double npp_mb;      /* mean nonpaged pool, MB (0 unknown) */
  double kio_heavy;   /* 0..1: how I/O-stack-heavy the kernel time is (nonpaged
                         pool / npp_heavy_mb, or io_share / io_bound_share) */
  double npp_mult;    /* privileged-term multiplier: 1 + (npp_factor − 1) × kio_heavy */
  double sched_frac;  /* share of the host the scheduler takes, 0..sched_frac_max */
  int vcpus;          /* oh_guest_vcpus */
  double vcpu_util;   /* per-vCPU utilisation of a host core, 0..1 (co-scheduling) */
  double gang_eff;    /* useful / occupied pCPU time of a gang, 0..1 */
  double multi_share; /* share of the gang's busy time with >= 2 vCPUs runnable */
  double contention;  /* 0..1: how far the host's vCPUs outnumber its pCPUs */
} nf_oh_detail;
double oh_guest_cpu_detail(const nf_hv *hv, const nf_workload *w, double demand,
                           const nf_oh_host *host, double terms[NF_OH__COUNT], nf_oh_detail *d);

/* The CPU terms of one guest on one host, prepared once and evaluated per
 * slot: the scheduler, privileged and I/O-path terms are linear in demand
 * (one coefficient each), co-scheduling is evaluated exactly from the
 * guest's gang and the host's contention. oh_prep_cpu(p, D, ...) returns
 * exactly what oh_guest_cpu_detail(hv, w, D, host, ...) returns; the
 * planner uses it in its per-slot loops. Plain data, nothing to free. */
typedef struct nf_oh_prep {
  double lin[NF_OH__COUNT]; /* CU of overhead per CU of demand (linear terms) */
  double strict, gang, core; /* cosched, gang size, host CU per core (0 = no host) */
  nf_oh_detail d;            /* the demand-independent inputs */
} nf_oh_prep;
void oh_prepare(const nf_hv *hv, const nf_workload *w, const nf_oh_host *host, nf_oh_prep *p);
double oh_prep_cpu(const nf_oh_prep *p, double demand, double terms[NF_OH__COUNT],
                   nf_oh_detail *d);

/* The scheduler term's coefficient on a host of NGUESTS guests: CU of
 * overhead per CU of a guest's demand (what oh_prep_cpu charges). */
double oh_sched_coef(const nf_hv *hv, int nguests);
/* How far a host's VCPUS vCPUs outnumber its PCPUS cores, 0..1: the
 * co-scheduling term is linear in it. */
double oh_contention(int vcpus, int pcpus);

/* vCPUs the guest gets, right-sized as a P2V does: ceil(peak CPU demand /
 * (its core rating × vcpu_target_util)), at least 1, at most its cores
 * (threads where the profile's vcpu_threads says so), capped by vcpu_max.
 * Without a CPU measurement, its cores (threads). */
int oh_guest_vcpus(const nf_hv *hv, const nf_workload *w);

/* Per-VM memory overhead (MB) from the profile's table by vCPUs and guest
 * RAM, interpolated. */
double oh_guest_ram(const nf_hv *hv, const nf_workload *w);
/* The same for a guest given VCPUS vCPUs (the table's own points). */
double oh_guest_ram_vcpus(const nf_hv *hv, const nf_workload *w, int vcpus);

/* RAM of a host (MB) holding guests whose needs add up to GUEST_MB, with
 * per-VM overheads VM_OH_MB in total and SHARING (0..1) of guest memory
 * reclaimed by page sharing: guests + overheads + the host's fixed
 * reservation + its free-memory fraction − sharing. */
typedef struct nf_oh_ram {
  double guests, vm_overhead, host_fixed, host_free, shared, total;
} nf_oh_ram;
double oh_host_ram(const nf_hv *hv, double guest_mb, double vm_oh_mb, double sharing, nf_oh_ram *b);
/* The same with the profile's terms looked up once, for a loop over slots. */
typedef struct nf_oh_hostram {
  double fixed_mb, free_frac;
} nf_oh_hostram;
void oh_host_ram_prep(const nf_hv *hv, nf_oh_hostram *p);
double oh_host_ram_at(const nf_oh_hostram *p, double guest_mb, double vm_oh_mb, double sharing,
                      nf_oh_ram *b);

/* Fraction of guest memory page sharing reclaims for these guests on one
 * host: 0 when the profile disables sharing; more when they are alike
 * (same OS and role). A --set page_sharing=F fixes it. */
double oh_page_sharing(const nf_hv *hv, const nf_workload *const *guests, int n);

/* Whether the profile allows memory over-commit (Virtual Server does not:
 * a guest needs its full installed RAM). */
int oh_overcommit(const nf_hv *hv);
/* RAM the guest must be given on this hypervisor: its need, or its full
 * installed RAM where over-commit is not allowed. */
double oh_guest_ram_need(const nf_hv *hv, const nf_workload *w);

/* Whether the hypervisor can hold W as a guest at all: 0 and *WHY (a static
 * sentence) when its installed RAM exceeds the profile's per-VM maximum
 * (Virtual Server 2005: 3.6 GB). */
int oh_guest_allowed(const nf_hv *hv, const nf_workload *w, const char **why);

/* Hazards of running W as a guest on HOST (may be NULL: only the
 * host-independent ones), each passed to EMIT with its kind
 * ("io-interrupt-delay", "co-scheduling", "cpu-ready", "paging",
 * "runaway-thread", "distrusted-measurements", "vm-limit"), the figure that
 * triggered it (its unit is in TEXT) and a plain sentence. TEXT is only
 * valid during the call. Returns the number emitted. */
typedef void (*nf_oh_emit)(void *ud, const char *kind, double figure, const char *text);
int oh_risks(const nf_hv *hv, const nf_workload *w, const nf_oh_host *host, nf_oh_emit emit,
             void *ud);

/* Estimated CPU ready (% per vCPU) of a guest using UTIL (0..1) of each of
 * its vCPUs on HOST (needs host->demand): Erlang-C wait of the host's pCPUs
 * at its load. 0 when the host is not loaded enough to queue. */
double oh_cpu_ready(const nf_oh_host *host, double util);

/* Extra CPU (CU) a workload needs when it shares one OS image with
 * NINSTANCES − 1 others (the co-host scenario): DEMAND × k / (1 − k) with k
 * the cohost_contention parameter (cohost_contention_light when LIGHT),
 * 0 for a single instance. */
double oh_cohost_cpu(const nf_hv *hv, double demand, int ninstances, int light);
/* The same in two steps, for a series: K once, then the extra per slot. */
double oh_cohost_k(const nf_hv *hv, int light);
double oh_cohost_extra(double demand, int ninstances, double k);

/* The built-in profile names, NULL-terminated. */
extern const char *const nf_hv_builtin[];

/* The profile's model of source SOURCE (enum nf_oh_source) in words: the
 * formula with this profile's values, and *WHY the source of the parameter
 * that decides it (static in the profile). The caller frees the formula.
 * Reports print these beside the overhead figures, so a reader sees why
 * the same workload costs more under one hypervisor than another. */
char *oh_term_formula(const nf_hv *hv, int source, const char **why);

#endif
