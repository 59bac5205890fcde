/* score.h — the policy engine: runs the Lua rules (rules/default.lua, then
 * each --rules file, later files adding rules or replacing ones of the same
 * id) over every workload of an estate, and picks each workload's verdict.
 * The rule author's API is docs/rules.md.
 *
 * Ownership: score_run fills an array of nf_verdict (one per workload, in
 * estate order) that the caller releases with score_free. score_store
 * writes them as a new score run in one transaction.
 *
 * Verdict: the strategy with the highest total of its reasons' points;
 * ties go, in this order, to vm-guest, co-host, vm-dedicated-cpu, native
 * (the least disruptive first). co_host_kind is set only for a co-host
 * verdict (resource-policy unless a rule chose another). Every verdict has
 * at least one reason. */
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
int score_run(const nf_estate *e, const char *const *rules, int nrules, nf_verdict **out, nf_err *err);
void score_free(nf_verdict *v, int n);
/* The reason to show first for V: the strongest one for its verdict, else
 * (the verdict won because the others lost points) the weightiest of all.
 * NULL only when V has no reasons, which score_run never leaves. */
const nf_reason *score_top_reason(const nf_verdict *v);

/* A rule as loaded, for `nfold score --list`. */
typedef struct nf_rule_info {
  char *id, *file, *doc;
  char *replaces;      /* the file whose rule of the same id this one replaced, or NULL */
} nf_rule_info;

/* Loads the default policy plus RULES as score_run does and lists the rules
 * in run order into *OUT (*N of them), released with score_rules_free. */
int score_rules(const char *const *rules, int nrules, nf_rule_info **out, int *n, nf_err *err);
void score_rules_free(nf_rule_info *r, int n);

/* Stores the verdicts as a new score run; *RUN_ID gets its id. */
int score_store(sqlite3 *db, const nf_estate *e, const nf_verdict *v, const char *const *rules,
                int nrules, int64_t *run_id, nf_err *err);

#endif
