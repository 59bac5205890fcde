/* pipeline.h — the whole job in one call, shared by `nfold run` and
 * `nfold demo`: import every input (files, or folders walked in name
 * order), score with the default policy plus the user's rules, plan, and
 * write report.xml (validated against the shipped XSD), report.html and
 * report.csv into an output folder.
 *
 * Ownership: the caller owns the database and the options; nothing
 * returned needs freeing. Each stage commits on its own, so a failure
 * leaves the earlier stages' results in the study and says which stage
 * failed. */
#ifndef NF_PIPELINE_H
#define NF_PIPELINE_H

#include <sqlite3.h>

#include "planner.h"
#include "util.h"

typedef struct nf_pipeline_opts {
  const char *const *inputs;  /* files or folders */
  int ninputs;
  const char *const *rules;   /* --rules FILE.lua */
  int nrules;
  const char *outdir;         /* created if missing */
  const nf_plan_opts *plan;
} nf_pipeline_opts;

int pipeline_run(sqlite3 *db, const nf_pipeline_opts *o, nf_err *err);

#endif
