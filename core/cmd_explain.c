/* cmd_explain.c — `nfold explain WORKLOAD`: the overhead arithmetic for one
 * workload, term by term (DESIGN §1): for each CPU source and for memory,
 * the input figure taken from the workload, the profile parameter with its
 * source, and the result; then the co-host contention it would pay under
 * one OS image, and the risks. It reads the workload from the
 * study database (profile_load) and calls the same overhead.h functions the
 * planner does, so what it prints is what the plan used.
 * `--profile-only` lists a profile's parameters and sources instead. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "overhead.h"
#include "planner.h"
#include "profile.h"

static int exec_explain(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_explain = {
  "explain",
  "[--hypervisor P] [--set K=V]... [--host SPEC] [--guests N] [--percentile P] [--window FROM..TO] "
  "WORKLOAD | --profile-only",
  "the overhead arithmetic for one workload, term by term, with sources and risks",
  "  --hypervisor P     profile name (esx2, esxi8, ...) or FILE.lua (default esxi8)\n"
  "  --set KEY=VALUE    override one profile parameter (repeatable)\n"
  "  --host SPEC        target host: cores=N,mhz=N,ram_gb=N[,cpu_rating=R][,model=..]\n"
  "                     (default: a host like the workload's own server)\n"
  "  --guests N         guests on that host, this one included, all alike (default 1)\n"
  "  --percentile P     slot value and RAM need percentile (default 95)\n"
  "  --window FROM..TO  only samples in [FROM, TO)\n"
  "  --profile-only     print the profile's parameters and their sources, no workload\n",
  exec_explain,
};

/* Prints "      source: ..." for KEY. */
static void src(const nf_hv *hv, const char *key)
{
  printf("      %-17s %s\n", key, hv_source(hv, key));
}

static void print_profile(const nf_hv *hv)
{
  printf("profile %s: %s\n", hv_name(hv), hv_title(hv));
  double v;
  const char *s;
  const char *k;
  for (int i = 0; (k = hv_param(hv, i, &v, &s)) != NULL; i++)
    printf("  %-24s %-10g %s\n", k, v, s);
  printf("  %-24s %-10s %s\n", "vm_memory", "(table)", hv_source(hv, "vm_memory"));
}

struct risk_print {
  int n;
};

static void print_risk(void *ud, const char *kind, double figure, const char *text)
{
  struct risk_print *r = ud;
  r->n++;
  printf("  %-24s %8.1f  %s\n", kind, figure, text);
}

/* The explanation of the privileged term: why it is large or small. */
static const char *assist_why(double assist)
{
  if (assist >= 0.5)
    return "hardware assist (VT-x/AMD-V, nested paging) removes most of the emulation";
  if (assist > 0)
    return "hardware assist removes part of the emulation";
  return "no hardware assist: every privileged instruction is translated or trapped";
}

/* The co-host contention term (the co-host scenario, and the hybrid where
 * the verdict is co-host): the kind the planner gives the workload under
 * one OS image (plan_cohost_kind), from its verdict in the latest score run
 * (STRATEGY and KIND, NULL when it has none), and what sharing the image
 * with at least one other workload costs it. */
static void explain_cohost(const nf_hv *hv, const nf_workload *w, double demand,
                           const char *strategy, const char *kind)
{
  int co = strategy && strcmp(strategy, "co-host") == 0, light;
  const char *k = plan_cohost_kind(co ? kind : NULL, &w->srv, &light);
  const char *param = light ? "cohost_contention_light" : "cohost_contention";
  double f = oh_cohost_k(hv, light), extra = oh_cohost_cpu(hv, demand, 2, light);
  printf("Co-host (one OS image: the co-host scenario%s)\n",
         co ? ", and the hybrid, where its verdict is co-host" : "");
  if (co && kind)
    printf("  kind           %s (its verdict in the latest score run: co-host, %s)\n", k, kind);
  else if (strategy)
    printf("  kind           %s (the default for its role; its verdict in the latest score run "
           "is %s%s)\n", k, strategy, co ? ", of no kind" : "");
  else
    printf("  kind           %s (the default for its role; no score run yet)\n", k);
  printf("  param          %s %g: beside at least one other workload in the image its throughput "
         "falls by k, so it needs demand / (1 - k), demand x %g / %g more%s\n",
         param, f, f, 1 - f,
         light ? " (light: application pools, web and file servers own no buffer pool)" : "");
  src(hv, param);
  printf("  result         %.4f CU (%.2f %% of demand)\n\n", extra,
         demand > 0 ? 100 * extra / demand : 0);
}

static void explain(const nf_hv *hv, const nf_workload *w, const nf_host_model *hm, int guests,
                    const nf_profile_opts *po, const char *strategy, const char *kind)
{
  const nf_server *s = &w->srv;
  double demand = w->peak[NF_D_CPU] > 0 ? w->peak[NF_D_CPU]
                                        : w->stat[NF_M_CPU_PCT].p95 / 100.0 * w->capacity;
  int vcpus = oh_guest_vcpus(hv, w);
  nf_oh_host h = {.capacity = w->capacity, .pcpus = s->cores > 0 ? s->cores : 1,
                  .nguests = guests, .vcpus = guests * vcpus};
  const char *host_name = "like its own server";
  if (hm) {
    h.capacity = hm->capacity;
    h.pcpus = hm->cores;
    host_name = hm->name;
  }

  printf("profile %s: %s\n", hv_name(hv), hv_title(hv));
  printf("workload %s (%s, %s): %d cores x %.2f CU = %.2f CU (%s); %.0f MB installed\n", s->name,
         s->role && *s->role ? s->role : "no role", s->os && *s->os ? s->os : "OS unknown",
         s->cores, w->core_rating, w->capacity, w->rating_how ? w->rating_how : "", s->ram_mb);
  printf("host %s: %d pCPUs, %.2f CU; %d guest%s like this one, %d vCPUs\n", host_name, h.pcpus,
         h.capacity, h.nguests, h.nguests == 1 ? "" : "s", h.vcpus);
  printf("native CPU demand: %.3f CU (the peak %g-percentile slot)\n\n", demand, po->percentile);

  double t[NF_OH__COUNT];
  nf_oh_detail d;
  double total = oh_guest_cpu_detail(hv, w, demand, &h, t, &d);
  /* The host's load for the CPU-ready estimate: every guest alike. */
  h.demand = guests * (demand + total);
  double pct = demand > 0 ? 100.0 / demand : 0;

  printf("CPU overhead, by source\n");
  printf("  scheduler      input   %d guests on the host\n", h.nguests);
  printf("                 param   sched_base_pct %g + sched_per_vm_pct %g x %d = %.3f %% of the "
         "host; guest needs demand / (1 - f)\n",
         hv_get(hv, "sched_base_pct", 0), hv_get(hv, "sched_per_vm_pct", 0), h.nguests,
         100 * d.sched_frac);
  src(hv, "sched_base_pct");
  src(hv, "sched_per_vm_pct");
  printf("                 result  %.4f CU (%.2f %% of demand)\n", t[NF_OH_SCHEDULER],
         t[NF_OH_SCHEDULER] * pct);

  double assist = hv_get(hv, "hw_assist", 0);
  printf("  privileged     input   %% Privileged Time = %.1f %% of busy time (mean %.1f / %.1f %%)",
         100 * d.priv_share, w->stat[NF_M_CPU_PRIV_PCT].mean, w->stat[NF_M_CPU_PCT].mean);
  if (d.npp_mb > 0)
    printf("; nonpaged pool %.0f MB", d.npp_mb);
  printf("; I/O-stack-heavy %.2f\n", d.kio_heavy);
  printf("                 param   priv_cost %g x (1 - hw_assist %g) x (1 + (npp_factor %g - 1) x "
         "%.2f = %.2f)\n",
         hv_get(hv, "priv_cost", 0), assist, hv_get(hv, "npp_factor", 1), d.kio_heavy,
         d.npp_mult);
  printf("                 why     %s; I/O-stack kernel code (large nonpaged pool or interrupt "
         "share) is hit hardest\n",
         assist_why(assist));
  src(hv, "priv_cost");
  src(hv, "hw_assist");
  src(hv, "npp_factor");
  printf("                 result  %.4f CU (%.2f %% of demand)\n", t[NF_OH_PRIVILEGED],
         t[NF_OH_PRIVILEGED] * pct);

  printf("  io-path        input   %% Interrupt + %% DPC Time = %.1f %% of busy time\n",
         100 * d.io_share);
  printf("                 param   io_cost %g x (1 - pv_io_saving %g)\n", hv_get(hv, "io_cost", 0),
         hv_get(hv, "pv_io_saving", 0));
  src(hv, "io_cost");
  src(hv, "pv_io_saving");
  printf("                 result  %.4f CU (%.2f %% of demand)\n", t[NF_OH_IO_PATH],
         t[NF_OH_IO_PATH] * pct);

  printf("  co-scheduling  input   %d vCPU%s of %d cores (right-sized at vcpu_target_util %g, "
         "vcpu_max %g)",
         d.vcpus, d.vcpus == 1 ? "" : "s", s->cores, hv_get(hv, "vcpu_target_util", 0),
         hv_get(hv, "vcpu_max", 0));
  if (d.vcpus > 1)
    printf(", each %.0f %% busy; gang efficiency %.3f; >= 2 runnable %.0f %% of its busy time; "
           "contention %.2f (%d vCPUs on %d pCPUs)",
           100 * d.vcpu_util, d.gang_eff, 100 * d.multi_share, d.contention, h.vcpus, h.pcpus);
  printf("\n                 param   cosched %g (0 none; esx2's 3.15 calibrated on Shelden)\n",
         hv_get(hv, "cosched", 0));
  src(hv, "cosched");
  printf("                 result  %.4f CU (%.2f %% of demand)%s\n", t[NF_OH_COSCHED],
         t[NF_OH_COSCHED] * pct,
         d.vcpus == 1 ? ": a single vCPU is never gang-scheduled" : "");
  printf("  total          %.4f CU on %.4f CU native (%.2f %%)\n\n", total, demand, total * pct);
  explain_cohost(hv, w, demand, strategy, kind);

  printf("Memory\n");
  double need = oh_guest_ram_need(hv, w), vmoh = oh_guest_ram(hv, w);
  printf("  guest need     %.0f MB: %s\n", need,
         oh_overcommit(hv) ? (w->ram_how ? w->ram_how : "measured need")
                           : "its full installed RAM (no over-commit)");
  src(hv, "overcommit");
  printf("  per-VM         %.1f MB at %d vCPU, %.0f MB configured (vm_memory table, interpolated)\n",
         vmoh, vcpus, s->ram_mb > 0 ? s->ram_mb : w->ram_need_mb);
  src(hv, "vm_memory");
  const nf_workload *g[64];
  int ng = guests < 64 ? guests : 64;
  for (int i = 0; i < ng; i++)
    g[i] = w;
  double share = oh_page_sharing(hv, g, ng);
  nf_oh_ram r;
  oh_host_ram(hv, guests * need, guests * vmoh, share, &r);
  printf("  page sharing   %.1f %% of guest memory for %d guest%s like this one\n", 100 * share,
         ng, ng == 1 ? "" : "s");
  src(hv, "page_sharing_enabled");
  printf("  host           fixed %.0f MB + free %.0f MB (%g %%) - shared %.0f MB; %d guest%s: "
         "%.0f MB in all\n",
         r.host_fixed, r.host_free, hv_get(hv, "host_free_pct", 0), r.shared, guests,
         guests == 1 ? "" : "s", r.total);
  src(hv, "host_kernel_mb");
  src(hv, "host_console_mb");
  src(hv, "host_free_pct");
  printf("\nRisks\n");
  struct risk_print rp = {0};
  oh_risks(hv, w, &h, print_risk, &rp);
  if (rp.n == 0)
    printf("  none\n");
}

static int exec_explain(nf_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    {"hypervisor", required_argument, NULL, 'y'},
    {"set", required_argument, NULL, 's'},
    {"host", required_argument, NULL, 'H'},
    {"guests", required_argument, NULL, 'g'},
    NF_PROFILE_OPT_PERCENTILE,
    NF_PROFILE_OPT_WINDOW,
    {"profile-only", no_argument, NULL, 'P'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *hvname = "esxi8", *hostspec = NULL;
  const char **sets = xcalloc((size_t)argc + 1, sizeof *sets);
  int nsets = 0, guests = 1, profile_only = 0, rc = 1;
  nf_profile_opts po = {.percentile = 95, .slot_s = 3600};
  nf_err err = {0};
  nf_hv *hv = NULL;
  nf_host_model hm;
  int have_host = 0;
  nf_estate e;
  int have_estate = 0;
  double v;
  int c;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    int r = profile_opt_parse(c, optarg, &po, &err);
    if (r < 0) {
      rc = cmd_fail(&err);
      goto done;
    }
    if (r == 0)
      continue;
    switch (c) {
    case 'y':
      hvname = optarg;
      break;
    case 's':
      sets[nsets++] = optarg;
      break;
    case 'H':
      hostspec = optarg;
      break;
    case 'g':
      if (nf_parse_double(optarg, &v) || v < 1 || v > 10000 || v != floor(v)) {
        nf_errf(&err, NULL, 0, "--guests wants a whole number from 1 to 10000, got '%s'", optarg);
        rc = cmd_fail(&err);
        goto done;
      }
      guests = (int)v;
      break;
    case 'P':
      profile_only = 1;
      break;
    case 'h':
      cmd_usage(&cmd_explain, 1);
      rc = 0;
      goto done;
    default:
      rc = cmd_bad_usage(&cmd_explain);
      goto done;
    }
  }
  if (profile_only ? optind != argc : optind != argc - 1) {
    rc = cmd_bad_usage(&cmd_explain);
    goto done;
  }
  hv = hv_load(hvname, sets, nsets, &err);
  if (hv == NULL) {
    rc = cmd_fail(&err);
    goto done;
  }
  if (profile_only) {
    print_profile(hv);
    rc = 0;
    goto done;
  }
  if (hostspec) {
    if (host_parse(hostspec, &hm, &err)) {
      rc = cmd_fail(&err);
      goto done;
    }
    have_host = 1;
  }
  sqlite3 *db = ctx_db(ctx);
  if (db == NULL)
    goto done;
  if (profile_load(db, &po, &e, &err)) {
    rc = cmd_fail(&err);
    goto done;
  }
  have_estate = 1;
  nf_workload *w = profile_find(&e, argv[optind]);
  if (w == NULL) {
    nf_errf(&err, NULL, 0, "no workload called '%s' (`nfold servers` lists them)", argv[optind]);
    rc = cmd_fail(&err);
    goto done;
  }
  /* Its verdict in the latest score run, for the co-host kind. */
  sqlite3_stmt *st = db_prepare(db,
                                "SELECT strategy, co_host_kind FROM verdicts WHERE server_id = ?1"
                                " AND run_id = (SELECT max(id) FROM score_runs)",
                                0, &err);
  if (st == NULL) {
    rc = cmd_fail(&err);
    goto done;
  }
  sqlite3_bind_int64(st, 1, w->srv.id);
  int found = sqlite3_step(st) == SQLITE_ROW;
  char *strategy = found ? db_col_str(st, 0) : NULL, *kind = found ? db_col_str(st, 1) : NULL;
  sqlite3_finalize(st);
  explain(hv, w, have_host ? &hm : NULL, guests, &po, strategy, kind);
  free(strategy);
  free(kind);
  rc = 0;
done:
  if (have_estate)
    profile_free(&e);
  if (have_host)
    host_free(&hm);
  hv_free(hv);
  free(sets);
  return rc;
}
