/* profile.h — workloads as the later stages see them: a server's inventory,
 * its statistics per canonical metric (p50/p95/p99/max over the window),
 * and its demand per time slot in normalized units, the series the planner
 * folds (DESIGN §2).
 *
 * Units of the demand series: CPU in capacity units (CU, cpurating.h: one
 * CU is one core of the reference processor fully busy), RAM in MB, disk in
 * I/O per second, network in Mbit/s. Slots are estate-wide: slot i covers
 * [slot0 + i*slot_s, slot0 + (i+1)*slot_s) for every workload. A slot
 * where a workload has no sample is filled from its own data: within an
 * hour of its samples from the larger of its neighbours, else at the same
 * time of week when it has any, else with its percentile value over the
 * window; it is counted in `filled`, so the planner never sees a gap.
 *
 * Ownership: profile_load fills an nf_estate the caller releases with
 * profile_free; every string and array in it belongs to the estate. */
#ifndef NF_PROFILE_H
#define NF_PROFILE_H

#include <sqlite3.h>
#include <stdint.h>

#include "metrics.h"
#include "util.h"

typedef struct nf_stat {
  long n;                      /* samples; 0 = metric absent */
  double mean, p50, p95, p99, max;
} nf_stat;

typedef struct nf_server {
  int64_t id;
  char *name, *site, *role, *os, *arch, *model, *criticality, *kind, *guest_evidence;
  int sockets, cores, threads; /* 0 = unknown */
  double mhz, ram_mb, cpu_rating; /* 0 = unknown */
  int is_guest;
  int ntags;
  char **tag_key, **tag_val;
} nf_server;

enum nf_dim { NF_D_CPU, NF_D_RAM, NF_D_IOPS, NF_D_NET, NF_D__COUNT };
extern const char *const nf_dim_names[NF_D__COUNT]; /* "cpu", "ram", "iops", "net" */

typedef struct nf_profile_opts {
  double percentile;   /* slot value: this percentile of the slot's samples;
                          default 95; 0 means the mean, 100 the max */
  int slot_s;          /* slot width in seconds, default 3600 */
  int64_t from, to;    /* window [from, to) in Unix seconds; 0 = open */
  int readers;         /* sample readers side by side; 0 = one per processor
                          (up to 4); the estate is the same for any number */
} nf_profile_opts;

typedef struct nf_workload {
  nf_server srv;
  nf_stat stat[NF_M__COUNT];
  double core_rating;  /* CU per core of this server */
  const char *rating_how; /* static text: where core_rating came from */
  double capacity;     /* cores × core_rating, CU */
  double ram_need_mb;  /* at the percentile: installed − available (or committed, or installed) */
  const char *ram_how; /* static text: which of those */
  int cpu_from_host;   /* CPU demand comes from host-side esxtop figures */
  int interval_s;      /* median sampling interval, 0 if fewer than 2 samples */
  int64_t first_ts, last_ts;
  int64_t site_first, site_last; /* the first and last sample of any workload at
                          its site (srv.site, case-insensitive; those without
                          one together): the period its coverage is measured
                          against, as workloads of two sites never share a host */
  long nsamples;       /* timestamps with at least one canonical value */
  long filled[NF_D__COUNT]; /* slots filled because the workload had no sample there */
  double hour_cpu[24]; /* mean CPU % by hour of day (UTC), the peak-hour shape */
  float *demand[NF_D__COUNT]; /* nslots values each */
  double peak[NF_D__COUNT];   /* max over slots of demand */
} nf_workload;

typedef struct nf_estate {
  nf_workload *w;
  int n;
  int64_t slot0;
  int slot_s, nslots;
  int64_t first_ts, last_ts; /* the first and last sample of any workload in the window */
  nf_profile_opts opts;
} nf_estate;

/* The profile options commands share: put the entries a command takes in
 * its getopt_long table and hand each option to profile_opt_parse. */
enum { NF_PO_OPT_PERCENTILE = 0x2000, NF_PO_OPT_SLOT, NF_PO_OPT_WINDOW };
#define NF_PROFILE_OPT_PERCENTILE {"percentile", required_argument, NULL, NF_PO_OPT_PERCENTILE}
#define NF_PROFILE_OPT_SLOT {"slot", required_argument, NULL, NF_PO_OPT_SLOT}
#define NF_PROFILE_OPT_WINDOW {"window", required_argument, NULL, NF_PO_OPT_WINDOW}
/* 0 handled, 1 not a profile option, -1 bad value (ERR says which). */
int profile_opt_parse(int opt, const char *arg, nf_profile_opts *o, nf_err *err);

/* Loads every server of kind 'server' and its samples in the window. */
int profile_load(sqlite3 *db, const nf_profile_opts *opts, nf_estate *out, nf_err *err);
/* The shortest sampling interval of any workload in [FROM, TO) (0 =
 * open), in *INTERVAL: the least of the workloads' interval_s as
 * profile_load computes them, without loading them; 0 when no workload
 * has two samples there. */
int profile_interval(sqlite3 *db, int64_t from, int64_t to, int *interval, nf_err *err);
/* A window (OPTS' from and to) that holds none of the study's samples is
 * a mistake (a year mistyped, another study's dates), not an estate to
 * plan at its installed capacity: -1 with ERR naming the span the samples
 * cover. 0 when there is no window, it holds samples, or the study has
 * none at all (an inventory alone). profile_load calls it. */
int profile_window_empty(sqlite3 *db, const nf_profile_opts *opts, nf_err *err);
/* The time W's samples cover, in seconds: first to last plus the last
 * one's interval, in whole sampling intervals, so that a clock that drifts
 * a second does not shorten a week of 5-minute samples (2,016 of them are
 * 7 days); without an interval (one sample alone), first to last. */
double profile_span_s(const nf_workload *w);
/* The share of its site's sample span (W's site_first to site_last) that
 * W's samples span, each plus one sampling interval (a slot for a lone
 * sample); 0 without samples, at most 1. A server whose logging stopped on
 * Monday spans a seventh of a week, however often it sampled; the rest of
 * its slots are filled from its own data. Sites that logged different
 * weeks are each whole: their workloads never share a host. */
double profile_coverage(const nf_estate *e, const nf_workload *w);
/* What W's CPU capacity (cores × core_rating) rests on besides the
 * inventory, as flags: NF_CPU_NO_CORES, no core or thread count (one core
 * assumed); NF_CPU_NO_CLOCK, no MHz or cpu_rating (1 CU a core); and
 * NF_CPU_MISMATCH, its logs' processor count (*LOGICAL, from the tag
 * perfmon-logical-processors or sysstat-cpus; 0 without one) is below
 * its cores or above twice them (hyperthreading), or, without cores,
 * differs from its threads. 0 when nothing is in doubt. */
enum { NF_CPU_NO_CORES = 1, NF_CPU_NO_CLOCK = 2, NF_CPU_MISMATCH = 4 };
int profile_cpu_doubt(const nf_workload *w, int *logical);
/* A few logs from another period (one server's log of years ago in the
 * folder) stretch the estate's time axis, every other workload repeating
 * its week over it: the span most logs cover (the 5th percentile of the
 * workloads' first samples to the 95th of their last ones, to the end of
 * its slot) in *LO and *HI, and how many workloads logged wholly outside
 * it when the axis is over twice as long, else 0. */
int profile_strays(const nf_estate *e, int64_t *lo, int64_t *hi);
/* Whether W logged wholly outside [LO, HI). */
int profile_apart(const nf_workload *w, int64_t lo, int64_t hi);
/* Whether E is what profile_load gives for OPTS (the same database). */
int profile_matches(const nf_estate *e, const nf_profile_opts *opts);
void profile_free(nf_estate *e);

/* The workload called NAME (case-insensitive), or NULL. */
nf_workload *profile_find(nf_estate *e, const char *name);
/* The value of tag KEY of a server, or NULL. */
const char *server_tag(const nf_server *s, const char *key);

/* Percentile P (0..100) of V[0..n) by linear interpolation; reorders V. */
double nf_percentile(double *v, long n, double p);

#endif
