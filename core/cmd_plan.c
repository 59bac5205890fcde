/* cmd_plan.c — `nfold plan`: build the scenarios (all-vm, co-host, hybrid)
 * for every --host model, --headroom setting and --percentile from the
 * latest verdicts, store them as a new plan in one transaction, and print
 * the summary table and the scenario the reports will recommend. */
#include <stdio.h>

#include "cmd.h"
#include "planner.h"
#include "planopts.h"
#include "report.h"

static int exec_plan(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_plan = {
  "plan",
  "[--host SPEC]... [--hypervisor PROFILE] [--set K=V]... [--headroom F]... [--percentile P]... "
  "[--slot MIN] [--window FROM..TO] [--scenario NAME]...",
  "build and store the scenarios: hosts, OS images, lower bound, overhead",
  nf_planopts_help,
  exec_plan,
};

static int exec_plan(nf_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    NF_PLANOPTS_LONGOPTS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  nf_plan_opts o;
  nf_err err = {0};
  planopts_init(&o);
  cmd_getopt_reset();
  int c, status = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    if (c == 'h') {
      cmd_usage(&cmd_plan, 1);
      planopts_free(&o);
      return 0;
    }
    int r = planopts_parse(c, optarg, &o, &err);
    if (r < 0) {
      nf_err_print(&err);
      planopts_free(&o);
      return 2;
    }
    if (r > 0) {
      planopts_free(&o);
      return cmd_bad_usage(&cmd_plan);
    }
  }
  if (optind < argc) {
    fprintf(stderr, "nfold: plan: unexpected argument '%s'\n", argv[optind]);
    planopts_free(&o);
    return cmd_bad_usage(&cmd_plan);
  }
  planopts_finish(&o);
  sqlite3 *db = ctx_db(ctx);
  if (db == NULL) {
    planopts_free(&o);
    return 1;
  }
  int64_t id = 0;
  nf_report r;
  if (plan_run(db, &o, NULL, &id, &err) || plan_print(db, id, &err) ||
      report_load(db, id, &r, &err)) {
    status = cmd_fail(&err);
  } else {
    printf("\n");
    report_print_recommended(&r, stdout);
    report_free(&r);
  }
  planopts_free(&o);
  return status;
}
