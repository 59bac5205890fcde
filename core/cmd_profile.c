/* cmd_profile.c — `nfold profile [NAME]`: the statistics the rules and
 * the planner see. Without a name, one line per workload; with one, every
 * canonical metric's percentiles, the demand peaks by dimension, how CPU
 * capacity and RAM need were derived, and the peak-hour shape. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "profile.h"

static int exec_profile(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_profile = {
  "profile", "[--percentile P] [--slot MINUTES] [--window FROM..TO] [NAME]",
  "show the computed statistics of every workload, or all of one",
  "  --percentile P     slot value and RAM need percentile (default 95)\n"
  "  --slot MINUTES     time-slot width for the demand series (default 60)\n"
  "  --window FROM..TO  only samples in [FROM, TO) (ISO dates or times)\n",
  exec_profile,
};

static void print_one(const nf_estate *e, const nf_workload *w)
{
  const nf_server *s = &w->srv;
  char a[32] = "-", b[32] = "-";
  if (w->nsamples) {
    nf_format_time(w->first_ts, a, sizeof a);
    nf_format_time(w->last_ts, b, sizeof b);
  }
  printf("workload %s\n", s->name);
  printf("  inventory   site %s, role %s, os %s, %d cores at %.0f MHz, %.0f MB RAM, model %s\n",
         s->site ? s->site : "-", s->role ? s->role : "-", s->os ? s->os : "-", s->cores, s->mhz,
         s->ram_mb, s->model ? s->model : "-");
  if (s->is_guest)
    printf("  guest       already a VM guest: %s\n", s->guest_evidence ? s->guest_evidence : "");
  printf("  capacity    %.2f CU (%.3f CU per core: %s)\n", w->capacity, w->core_rating,
         w->rating_how);
  printf("  ram need    %.0f MB (%s)\n", w->ram_need_mb, w->ram_how);
  printf("  samples     %ld, every %d s, %s .. %s%s\n", w->nsamples, w->interval_s, a, b,
         w->cpu_from_host ? "; CPU from host-side esxtop figures" : "");
  printf("\n  %-18s %-8s %7s %10s %10s %10s %10s %10s\n", "metric", "unit", "n", "mean", "p50",
         "p95", "p99", "max");
  for (int m = 0; m < NF_M__COUNT; m++) {
    const nf_stat *st = &w->stat[m];
    if (st->n == 0)
      continue;
    printf("  %-18s %-8s %7ld %10.2f %10.2f %10.2f %10.2f %10.2f\n", nf_metrics[m].name,
           nf_metrics[m].unit, st->n, st->mean, st->p50, st->p95, st->p99, st->max);
  }
  static const char *const units[NF_D__COUNT] = {"CU", "MB", "IOPS", "Mbit/s"};
  printf("\n  demand per %d-minute slot (p%g of the slot's samples), %d slots:\n", e->slot_s / 60,
         e->opts.percentile, e->nslots);
  for (int d = 0; d < NF_D__COUNT; d++)
    printf("    %-5s peak %10.2f %-7s (%ld slot%s filled for lack of samples)\n", nf_dim_names[d],
           w->peak[d], units[d], w->filled[d], w->filled[d] == 1 ? "" : "s");
  printf("\n  mean CPU %% by hour of day (UTC):\n   ");
  for (int h = 0; h < 24; h++)
    if (isnan(w->hour_cpu[h]))
      printf("   -");
    else
      printf(" %3.0f", w->hour_cpu[h]);
  printf("\n");
}

static int exec_profile(nf_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    NF_PROFILE_OPT_PERCENTILE,
    NF_PROFILE_OPT_SLOT,
    NF_PROFILE_OPT_WINDOW,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  nf_profile_opts po = {.percentile = 95, .slot_s = 3600};
  nf_err err = {0};
  int c;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    int r = profile_opt_parse(c, optarg, &po, &err);
    if (r < 0)
      return cmd_fail(&err);
    if (r == 0)
      continue;
    switch (c) {
    case 'h':
      cmd_usage(&cmd_profile, 1);
      return 0;
    default:
      return cmd_bad_usage(&cmd_profile);
    }
  }
  if (argc - optind > 1)
    return cmd_bad_usage(&cmd_profile);
  sqlite3 *db = ctx_db(ctx);
  if (db == NULL)
    return 1;
  nf_estate e;
  if (profile_load(db, &po, &e, &err))
    return cmd_fail(&err);
  int rc = 0;
  if (optind < argc) {
    nf_workload *w = profile_find(&e, argv[optind]);
    if (w == NULL) {
      nf_errf(&err, NULL, 0, "no workload called '%s' (`nfold servers` lists them)", argv[optind]);
      rc = cmd_fail(&err);
    } else {
      print_one(&e, w);
    }
  } else {
    printf("%-24s %8s %8s %9s %9s %9s %9s %8s\n", "workload", "cpu p95%", "CU", "CU peak",
           "RAM MB", "IOPS p95", "Mbit p95", "samples");
    for (int i = 0; i < e.n; i++) {
      const nf_workload *w = &e.w[i];
      printf("%-24s %8.1f %8.2f %9.2f %9.0f %9.0f %9.1f %8ld\n", w->srv.name,
             w->stat[NF_M_CPU_PCT].p95, w->capacity, w->peak[NF_D_CPU], w->ram_need_mb,
             w->stat[NF_M_DISK_IOPS].p95, w->stat[NF_M_NET_MBPS].p95, w->nsamples);
    }
    printf("%d workload%s, %d slots of %d minutes\n", e.n, e.n == 1 ? "" : "s", e.nslots,
           e.slot_s / 60);
  }
  profile_free(&e);
  return rc;
}
