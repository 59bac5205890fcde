/* cmd_score.c — `nfold score`: loads the estate's profiles, runs the policy
 * (rules/default.lua plus each --rules file) over every workload, stores
 * the verdicts as a new score run and prints one line per workload. A rule
 * error stops the run before anything is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "profile.h"
#include "score.h"

static int exec_score(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_score = {
  "score", "[--rules FILE.lua]... [--percentile P] [--window FROM..TO] [-v] [--list]",
  "run the policy: store and print each workload's strategy and reasons",
  "  --rules FILE.lua   add or override rules (repeatable; later files win; docs/rules.md)\n"
  "  --percentile P     RAM need percentile the rules see (default 95)\n"
  "  --window FROM..TO  only samples in [FROM, TO) (ISO dates or times)\n"
  "  -v, --verbose      every reason, the confidence and the constraints\n"
  "  --list             list the rules in run order and stop\n",
  exec_score,
};

/* "co-host (sql-instance)" or the strategy name. */
static void verdict_label(const nf_verdict *v, char *buf, size_t n)
{
  if (v->co_host_kind)
    snprintf(buf, n, "%s (%s)", nf_strategy_names[v->strategy], v->co_host_kind);
  else
    snprintf(buf, n, "%s", nf_strategy_names[v->strategy]);
}

static void print_verbose(const nf_verdict *v)
{
  for (int i = 0; i < v->nreasons; i++) {
    const nf_reason *r = &v->reasons[i];
    printf("    %+6.0f %-16s %s [%s]\n", r->points, nf_strategy_names[r->strategy], r->text, r->rule);
  }
  printf("    scores: vm-guest %g, vm-dedicated-cpu %g, native %g, co-host %g\n",
         v->score[NF_S_VM_GUEST], v->score[NF_S_VM_DEDICATED], v->score[NF_S_NATIVE],
         v->score[NF_S_CO_HOST]);
  printf("    confidence %s: %s\n", v->confidence, v->confidence_why);
  for (int i = 0; i < v->nconstraints; i++)
    printf("    constraint %s %s\n", v->constraints[i].kind, v->constraints[i].value);
}

static int list_rules(const char *const *files, int nfiles)
{
  nf_err err = {0};
  nf_rule_info *r = NULL;
  int n = 0;
  if (score_rules(files, nfiles, &r, &n, &err))
    return cmd_fail(&err);
  for (int i = 0; i < n; i++) {
    printf("%-20s %s", r[i].id, r[i].file);
    if (r[i].replaces)
      printf(" (replaces %s)", r[i].replaces);
    printf("\n");
    if (r[i].doc && *r[i].doc)
      printf("    %s\n", r[i].doc);
  }
  score_rules_free(r, n);
  return 0;
}

static int exec_score(nf_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    {"rules", required_argument, NULL, 'r'},
    NF_PROFILE_OPT_PERCENTILE,
    NF_PROFILE_OPT_WINDOW,
    {"verbose", no_argument, NULL, 'v'},
    {"list", no_argument, NULL, 'l'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  nf_profile_opts po = {.percentile = 95, .slot_s = 3600};
  nf_err err = {0};
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0, verbose = 0, list = 0, rc = 1;
  int c;
  while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
    int r = profile_opt_parse(c, optarg, &po, &err);
    if (r < 0) {
      rc = cmd_fail(&err);
      goto done;
    }
    if (r == 0)
      continue;
    switch (c) {
    case 'r':
      files[nfiles++] = optarg;
      break;
    case 'v':
      verbose = 1;
      break;
    case 'l':
      list = 1;
      break;
    case 'h':
      cmd_usage(&cmd_score, 1);
      rc = 0;
      goto done;
    default:
      rc = cmd_bad_usage(&cmd_score);
      goto done;
    }
  }
  if (optind < argc) {
    rc = cmd_bad_usage(&cmd_score);
    goto done;
  }
  if (list) {
    rc = list_rules(files, nfiles);
    goto done;
  }
  sqlite3 *db = ctx_db(ctx);
  if (db == NULL)
    goto done;
  nf_estate e;
  if (profile_load(db, &po, &e, &err)) {
    rc = cmd_fail(&err);
    goto done;
  }
  if (e.n == 0) {
    nf_errf(&err, NULL, 0, "no servers in %s: import an inventory first (nfold import FILE)",
            ctx->db_path);
    rc = cmd_fail(&err);
    profile_free(&e);
    goto done;
  }
  nf_verdict *v = NULL;
  int64_t run = 0;
  if (score_run(&e, files, nfiles, &v, &err) ||
      score_store(db, &e, v, files, nfiles, &run, &err)) {
    rc = cmd_fail(&err);
    score_free(v, e.n);
    profile_free(&e);
    goto done;
  }
  int wn = (int)strlen("workload"), wv = (int)strlen("verdict");
  char label[64];
  int count[NF_S__COUNT] = {0};
  for (int i = 0; i < e.n; i++) {
    int n = (int)strlen(e.w[i].srv.name);
    wn = n > wn ? n : wn;
    verdict_label(&v[i], label, sizeof label);
    n = (int)strlen(label);
    wv = n > wv ? n : wv;
    count[v[i].strategy]++;
  }
  printf("%-*s  %-*s  %-10s  %s\n", wn, "workload", wv, "verdict", "confidence", "reason");
  for (int i = 0; i < e.n; i++) {
    const nf_reason *top = score_top_reason(&v[i]);
    verdict_label(&v[i], label, sizeof label);
    printf("%-*s  %-*s  %-10s  %s [%s]\n", wn, e.w[i].srv.name, wv, label, v[i].confidence,
           top->text, top->rule);
    if (verbose)
      print_verbose(&v[i]);
  }
  printf("score run %lld: %d workload%s: %d vm-guest, %d vm-dedicated-cpu, %d native, %d co-host\n",
         (long long)run, e.n, e.n == 1 ? "" : "s", count[NF_S_VM_GUEST], count[NF_S_VM_DEDICATED],
         count[NF_S_NATIVE], count[NF_S_CO_HOST]);
  score_free(v, e.n);
  profile_free(&e);
  rc = 0;
done:
  free(files);
  return rc;
}
