/* cmd_run.c — `nfold run INPUT... [-o DIR]`: the main job. Imports every
 * input (files, or folders of them), scores, plans and writes the reports
 * into DIR (pipeline.h). The study database is DIR/nfold.db unless --db
 * names one, so a run is self-contained and can be reopened with every
 * other command: `nfold --db DIR/nfold.db explain SQL01`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "db.h"
#include "pipeline.h"
#include "planopts.h"

static int exec_run(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_run = {
  "run", "[-o DIR] [--rules FILE.lua]... [plan options] INPUT...",
  "the whole pipeline: import, score, plan, report (XML, HTML, CSV) in one go",
  "  -o, --output DIR   where the reports and the study go (default: nfold-out)\n"
  "  --rules FILE.lua   add or override policy rules (repeatable)\n",
  exec_run,
};

/* Parses run's and demo's options. Returns -1 to go on, else an exit status. */
int run_parse(const struct nf_cmd *cmd, int argc, char **argv, nf_plan_opts *po,
              const char ***rules, int *nrules, const char **outdir);
int run_parse(const struct nf_cmd *cmd, int argc, char **argv, nf_plan_opts *po,
              const char ***rules, int *nrules, const char **outdir)
{
  static const struct option opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"rules", required_argument, NULL, 'r'},
    {"help", no_argument, NULL, 'h'},
    NF_PLANOPTS_LONGOPTS,
    {NULL, 0, NULL, 0},
  };
  nf_err err = {0};
  int c;
  while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
    int r = planopts_parse(c, optarg, po, &err);
    if (r < 0) {
      nf_err_print(&err);
      return 2;
    }
    if (r == 0)
      continue;
    switch (c) {
    case 'o':
      *outdir = optarg;
      break;
    case 'r':
      *rules = xrealloc(*rules, (size_t)(*nrules + 1) * sizeof **rules);
      (*rules)[(*nrules)++] = optarg;
      break;
    case 'h':
      cmd_usage(cmd, 1);
      fputs(nf_planopts_help, stdout);
      return 0;
    default:
      return cmd_bad_usage(cmd);
    }
  }
  planopts_finish(po);
  return -1;
}

/* Opens the study for run/demo: --db when given, else DIR/nfold.db. FRESH
 * removes an earlier study of ours in DIR first (demo). */
sqlite3 *run_open_db(nf_ctx *ctx, const char *outdir, int fresh);
sqlite3 *run_open_db(nf_ctx *ctx, const char *outdir, int fresh)
{
  if (ctx->db_given)
    return ctx_db(ctx);
  if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "nfold: %s: cannot create folder: %s\n", outdir, strerror(errno));
    return NULL;
  }
  static char path[4096];
  snprintf(path, sizeof path, "%s/nfold.db", outdir);
  if (fresh) {
    static const char *const sfx[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
      char p[4200];
      snprintf(p, sizeof p, "%s%s", path, sfx[i]);
      unlink(p);
    }
  }
  ctx->db_path = path;
  return ctx_db(ctx);
}

static int exec_run(nf_ctx *ctx, int argc, char **argv)
{
  nf_plan_opts po;
  planopts_init(&po);
  const char **rules = NULL;
  int nrules = 0;
  const char *outdir = "nfold-out";
  int rc = run_parse(&cmd_run, argc, argv, &po, &rules, &nrules, &outdir);
  if (rc < 0 && optind >= argc)
    rc = cmd_bad_usage(&cmd_run);
  if (rc < 0) {
    sqlite3 *db = run_open_db(ctx, outdir, 0);
    rc = 1;
    if (db) {
      nf_pipeline_opts o = {(const char *const *)argv + optind, argc - optind, rules, nrules,
                            outdir, &po};
      nf_err err = {0};
      rc = pipeline_run(db, &o, &err) ? cmd_fail(&err) : 0;
    }
  }
  free(rules);
  planopts_free(&po);
  return rc;
}
