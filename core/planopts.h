/* planopts.h — the options every plan-like command shares (`plan`, `run`,
 * `demo`, `explain`, and `replay` when it re-reads a stored plan's
 * options): --host, --hypervisor, --set, --headroom, --percentile,
 * --slot, --slot-stat, --window, --scenario, --policy, --effort, --jobs.
 * A command puts NF_PLANOPTS_LONGOPTS into its getopt_long table and hands
 * each option it does not know itself to planopts_parse.
 *
 *   nf_plan_opts o;
 *   planopts_init(&o);
 *   while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
 *     switch (planopts_parse(c, optarg, &o, &err)) { case 1: ...own options... }
 *   planopts_finish(&o);          -- default host when none was given
 *   ...
 *   planopts_free(&o);
 *
 * Ownership: the host models, the --set strings and the --policy names and
 * files are copied into O and released by planopts_free; o->options (the
 * record of what was given) too. */
#ifndef NF_PLANOPTS_H
#define NF_PLANOPTS_H

#include <getopt.h>

#include "planner.h"

enum {
  NF_PO_HOST = 0x1000,
  NF_PO_HYPERVISOR,
  NF_PO_SET,
  NF_PO_HEADROOM,
  NF_PO_PERCENTILE,
  NF_PO_SLOT,
  NF_PO_SLOT_STAT,
  NF_PO_WINDOW,
  NF_PO_SCENARIO,
  NF_PO_EFFORT,
  NF_PO_JOBS,
  NF_PO_POLICY,
};

#define NF_PLANOPTS_LONGOPTS                                      \
  {"host", required_argument, NULL, NF_PO_HOST},                  \
  {"hypervisor", required_argument, NULL, NF_PO_HYPERVISOR},      \
  {"set", required_argument, NULL, NF_PO_SET},                    \
  {"headroom", required_argument, NULL, NF_PO_HEADROOM},          \
  {"percentile", required_argument, NULL, NF_PO_PERCENTILE},      \
  {"slot", required_argument, NULL, NF_PO_SLOT},                  \
  {"slot-stat", required_argument, NULL, NF_PO_SLOT_STAT},        \
  {"window", required_argument, NULL, NF_PO_WINDOW},              \
  {"scenario", required_argument, NULL, NF_PO_SCENARIO},          \
  {"effort", required_argument, NULL, NF_PO_EFFORT},             \
  {"jobs", required_argument, NULL, NF_PO_JOBS},                 \
  {"policy", required_argument, NULL, NF_PO_POLICY}

/* The help lines for these options, for a command's usage text. */
extern const char nf_planopts_help[];

/* Defaults: hypervisor esxi8, headroom cpu 0.2 / ram 0.1 / iops 0.2 /
 * net 0.2, percentile 95, slot 60 min, no window, all scenarios, effort 1. */
void planopts_init(nf_plan_opts *o);
/* Handles option OPT with argument ARG. 0 handled, 1 not a plan option,
 * -1 bad value (ERR says which; the caller returns 2). */
int planopts_parse(int opt, const char *arg, nf_plan_opts *o, nf_err *err);
/* Adds the default host model when none was given. */
void planopts_finish(nf_plan_opts *o);
void planopts_free(nf_plan_opts *o);

/* Re-reads a stored option record (nf_plan_opts.options, as written by
 * planopts_parse: "--host cores=32,... --headroom cpu=0.2 ...") into O,
 * which planopts_init has prepared. */
int planopts_from_record(const char *record, nf_plan_opts *o, nf_err *err);

#endif
