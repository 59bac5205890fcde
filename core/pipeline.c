/* pipeline.c — import → score → plan → report, for `run` and `demo`
 * (pipeline.h). Prints what an architect reads on the terminal: one line
 * per imported file, the verdict counts, the scenario table, the reports'
 * paths and the scenario they recommend. Folders among the inputs are read
 * whole, in name order, and every file is checked (import_check) before any
 * is imported, as are the --rules and --policy files, the hypervisor
 * profile and the host models (options_check). */
#include "pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "importer.h"
#include "profile.h"
#include "report.h"
#include "score.h"

/* cmd_import.c */
void import_print_result(const char *path, const nf_import_result *r);
void import_sum(nf_import_result *sum, const nf_import_result *r);
void import_print_total(const nf_import_result *sum, int files);

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folders from the input down to the one being read: a link back to
 * one of them is a loop (find(1) says so and goes on; so does this). */
typedef struct dir_up {
  dev_t dev;
  ino_t ino;
  const char *path;
  const struct dir_up *up;
} dir_up;

/* Appends PATH, or every regular file below it in name order, to *LIST. */
static int expand(const char *path, const dir_up *up, char ***list, size_t *n, size_t *cap,
                  nf_err *err)
{
  struct stat sb;
  if (stat(path, &sb) != 0)
    return nf_errf(err, path, 0, "cannot read: %s", strerror(errno));
  if (!S_ISDIR(sb.st_mode)) {
    xgrow(list, cap, *n + 1, sizeof **list);
    (*list)[(*n)++] = xstrdup(path);
    return 0;
  }
  for (const dir_up *a = up; a; a = a->up)
    if (a->dev == sb.st_dev && a->ino == sb.st_ino) {
      fprintf(stderr, "nfold: %s: a link back to %s, not followed (its files are read there)\n",
              path, a->path);
      return 0;
    }
  dir_up here = {sb.st_dev, sb.st_ino, path, up};
  DIR *d = opendir(path);
  if (d == NULL)
    return nf_errf(err, path, 0, "cannot read folder: %s", strerror(errno));
  char **names = NULL;
  size_t nn = 0, nc = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.')
      continue; /* hidden files, . and .. */
    xgrow(&names, &nc, nn + 1, sizeof *names);
    size_t len = strlen(path);
    names[nn++] = xasprintf("%s%s%s", path, len && path[len - 1] == '/' ? "" : "/", de->d_name);
  }
  closedir(d);
  if (nn > 1) /* qsort wants a non-null array, even of none */
    qsort(names, nn, sizeof *names, cmp_str);
  int rc = 0;
  for (size_t i = 0; i < nn; i++) {
    if (rc == 0)
      rc = expand(names[i], &here, list, n, cap, err);
    free(names[i]);
  }
  free(names);
  return rc;
}

static void print_verdicts(const nf_estate *e, const nf_verdict *v)
{
  int count[NF_S__COUNT] = {0};
  for (int i = 0; i < e->n; i++)
    count[v[i].strategy]++;
  printf("\n%d workload%s scored:", e->n, e->n == 1 ? "" : "s");
  for (int s = 0; s < NF_S__COUNT; s++)
    printf("%s %d %s", s ? "," : "", count[s], nf_strategy_names[s]);
  printf("\n");
}

/* Loads the --rules files, each --policy file after them, and the
 * hypervisor profile with its --set overrides, and checks each host model
 * against it, as the score and plan stages will: a file missing or in
 * error, an unknown profile or parameter, or a host too small for the
 * hypervisor, stops the run before anything is imported. */
static int options_check(const nf_pipeline_opts *o, nf_err *err)
{
  const nf_plan_opts *p = o->plan;
  nf_hv *hv = hv_load(p->hypervisor, (const char *const *)p->sets, p->nsets, err);
  if (hv == NULL)
    return -1;
  int bad = 0; /* planopts_finish gave at least one host model and headroom */
  for (int h = 0; h < p->nhosts && !bad; h++)
    for (int r = 0; r < p->nheadrooms && !bad; r++)
      bad = plan_host_check(hv, &p->hosts[h], p->headrooms[r].ram, err);
  hv_free(hv);
  if (bad)
    return -1;
  const char **files = xmalloc(((size_t)o->nrules + 1) * sizeof *files);
  int rc = 0;
  for (int i = 0; i < o->nrules; i++)
    files[i] = o->rules[i];
  for (int q = -1; q < p->npolicies && rc == 0; q++) {
    nf_rule_info *r;
    int n;
    if (q >= 0)
      files[o->nrules] = p->policies[q].file;
    if ((rc = score_rules(files, o->nrules + (q >= 0), &r, &n, err)) == 0)
      score_rules_free(r, n);
  }
  free(files);
  return rc;
}

int pipeline_run(sqlite3 *db, const nf_pipeline_opts *o, nf_err *err)
{
  int rc = -1;
  char **files = NULL;
  size_t nfiles = 0, cap = 0;
  nf_estate e;
  memset(&e, 0, sizeof e);
  nf_verdict *v = NULL;
  char *paths[3] = {NULL, NULL, NULL};
  nf_report rep;
  int loaded = 0;

  if (options_check(o, err))
    goto done;
  for (int i = 0; i < o->ninputs; i++)
    if (expand(o->inputs[i], NULL, &files, &nfiles, &cap, err))
      goto done;
  if (nfiles == 0) {
    nf_errf(err, NULL, 0, "no input files (name files or folders holding them)");
    goto done;
  }
  if (import_check(files, (int)nfiles, NULL, err))
    goto done;
  nf_import_result sum = {0};
  for (size_t i = 0; i < nfiles; i++) {
    nf_import_opts io = {0};
    nf_import_result r;
    if (import_file(db, files[i], &io, &r, err))
      goto done;
    import_print_result(files[i], &r);
    import_sum(&sum, &r);
  }
  import_print_total(&sum, (int)nfiles);

  if (profile_load(db, &o->plan->prof, &e, err))
    goto done;
  if (e.n == 0) {
    nf_errf(err, NULL, 0, "no workloads: the inputs held no server to plan");
    goto done;
  }
  if (score_run(&e, o->rules, o->nrules, &v, err))
    goto done;
  int64_t run_id = 0;
  if (score_store(db, &e, v, o->rules, o->nrules, &run_id, err))
    goto done;
  print_verdicts(&e, v);

  int64_t plan_id = 0;
  if (plan_run(db, o->plan, &e, &plan_id, err)) /* the estate scored: not loaded twice */
    goto done;
  printf("\n");
  if (plan_print(db, plan_id, err))
    goto done;

  if (mkdir(o->outdir, 0777) != 0 && errno != EEXIST) {
    nf_errf(err, o->outdir, 0, "cannot create folder: %s", strerror(errno));
    goto done;
  }
  /* The plan loaded once for the three reports and the line that names
   * what they recommend. */
  if (report_load(db, plan_id, &rep, err))
    goto done;
  loaded = 1;
  static const char *const formats[3] = {"xml", "html", "csv"};
  for (int i = 0; i < 3; i++) {
    paths[i] = xasprintf("%s/report.%s", o->outdir, formats[i]);
    if (report_save(&rep, formats[i], paths[i], err))
      goto done;
  }
  if (report_validate_xml(paths[0], err))
    goto done;
  printf("\nreports: %s (validates against the nfold-report schema), %s, %s\n", paths[0],
         paths[1], paths[2]);
  report_print_recommended(&rep, stdout);
  rc = 0;
done:
  if (loaded)
    report_free(&rep);
  for (size_t i = 0; i < nfiles; i++)
    free(files[i]);
  free(files);
  if (v)
    score_free(v, e.n);
  profile_free(&e);
  for (int i = 0; i < 3; i++)
    free(paths[i]);
  return rc;
}
