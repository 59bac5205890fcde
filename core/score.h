/* score.h — the policy engine: runs the Lua rules (rules/default.lua, then
 * each --rules file, later files adding rules or replacing ones of the same
 * id) over every workload of an estate, and picks each workload's verdict.
 * The rule author's API is docs/rules.md.
 *
 * Ownership: score_run fills an array of nf_verdict (one per workload, in
 * estate order) that the caller releases with score_free. score_store
 * writes them as a new score run in one transaction. */
#ifndef NF_SCORE_H
#define NF_SCORE_H

#include <sqlite3.h>

#include "profile.h"
#include "util.h"

enum nf_strategy { NF_S_VM_GUEST, NF_S_VM_DEDICATED, NF_S_NATIVE, NF_S_CO_HOST, NF_S__COUNT };
/* "vm-guest", "vm-dedicated-cpu", "native", "co-host" */
extern const char *const nf_strategy_names[NF_S__COUNT];
int nf_strategy_find(const char *name);

typedef struct nf_reason {
  char *rule;      /* rule id, e.g. "io-bound" */
  int strategy;    /* enum nf_strategy */
  double points;
  char *text;      /* plain-language reason */
} nf_reason;

typedef struct nf_constraint {
  char *kind;      /* "anti-affinity", "affinity", "site", "dedicated-cores", "max-guests" */
  char *value;
} nf_constraint;

typedef struct nf_verdict {
  int strategy;
  char *co_host_kind;  /* "app-pool", "sql-instance", "resource-policy", "container", or NULL */
  double score[NF_S__COUNT];
  char *confidence;    /* "high", "medium", "low" */
  char *confidence_why;
  nf_reason *reasons;
  int nreasons;
  nf_constraint *constraints;
  int nconstraints;
} nf_verdict;

/* Runs the default policy plus RULES[0..NRULES) (paths) over E. */
int score_run(nf_estate *e, const char *const *rules, int nrules, nf_verdict **out, nf_err *err);
void score_free(nf_verdict *v, int n);
/* Stores the verdicts as a new score run; *RUN_ID gets its id. */
int score_store(sqlite3 *db, const nf_estate *e, const nf_verdict *v, const char *const *rules,
                int nrules, int64_t *run_id, nf_err *err);

#endif
