/* cmd_demo.c — `nfold demo`: `run` on the bundled sample estate
 * (samples/README.md), into a fresh study in the output folder. The
 * samples are found with --samples DIR, $NFOLD_SAMPLES, the source tree
 * nfold was built from, or beside the binary (../samples/estate,
 * ../share/nfold/samples/estate). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "pipeline.h"
#include "planopts.h"

int run_parse(const struct nf_cmd *cmd, int argc, char **argv, nf_plan_opts *po,
              const char ***rules, int *nrules, const char **outdir);
sqlite3 *run_open_db(nf_ctx *ctx, const char *outdir, int fresh);

static int exec_demo(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_demo = {
  "demo", "[-o DIR] [--rules FILE.lua]... [plan options]",
  "run the whole pipeline on the bundled sample estate (36 servers, a week of perfmon logs)",
  "  -o, --output DIR   where the reports and the study go (default: nfold-demo)\n"
  "  --rules FILE.lua   add or override policy rules (repeatable)\n"
  "  (the samples: $NFOLD_SAMPLES, else samples/estate of the source tree)\n",
  exec_demo,
};

static int is_dir(const char *p)
{
  struct stat sb;
  return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The bundled estate's folder, or NULL. BUF holds what is returned. */
static const char *find_samples(char *buf, size_t n)
{
  const char *env = getenv("NFOLD_SAMPLES");
  if (env && *env)
    return env;
  snprintf(buf, n, "%s/samples/estate", NFOLD_SOURCE_DIR);
  if (is_dir(buf))
    return buf;
  char exe[PATH_MAX];
  ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (k > 0) {
    exe[k] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
      *slash = '\0';
    static const char *const rel[] = {"../samples/estate", "../share/nfold/samples/estate"};
    for (size_t i = 0; i < 2; i++) {
      snprintf(buf, n, "%s/%s", exe, rel[i]);
      if (is_dir(buf))
        return buf;
    }
  }
  return NULL;
}

static int exec_demo(nf_ctx *ctx, int argc, char **argv)
{
  nf_plan_opts po;
  planopts_init(&po);
  const char **rules = NULL;
  int nrules = 0;
  const char *outdir = "nfold-demo";
  int rc = run_parse(&cmd_demo, argc, argv, &po, &rules, &nrules, &outdir);
  if (rc < 0 && optind < argc)
    rc = cmd_bad_usage(&cmd_demo);
  if (rc < 0) {
    char buf[PATH_MAX + 64];
    const char *samples = find_samples(buf, sizeof buf);
    rc = 1;
    if (samples == NULL) {
      fprintf(stderr, "nfold: cannot find the sample estate (set NFOLD_SAMPLES to samples/estate)\n");
    } else {
      sqlite3 *db = run_open_db(ctx, outdir, 1);
      if (db) {
        printf("nfold demo: the sample estate in %s\n\n", samples);
        const char *inputs[1] = {samples};
        nf_pipeline_opts o = {inputs, 1, rules, nrules, outdir, &po};
        nf_err err = {0};
        rc = pipeline_run(db, &o, &err) ? cmd_fail(&err) : 0;
      }
    }
  }
  free(rules);
  planopts_free(&po);
  return rc;
}
