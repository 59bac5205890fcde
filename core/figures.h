/* figures.h — the published figures of DESIGN §1b, recomputed with the
 * live overhead model (overhead.h) from the shipped profiles: no stored
 * answers. `nfold figures` prints them; the tests run it.
 *
 * Ownership: each nf_figure passed to the callback lives only during the
 * call; its strings are static or inside it. */
#ifndef NF_FIGURES_H
#define NF_FIGURES_H

#include "util.h"

typedef struct nf_figure {
  const char *figure;    /* "ESX 2 worked example, no page sharing" */
  const char *source;    /* "VMware ESX Server 2.x Administration Guide, ch. 12" */
  const char *expected;  /* "5016 MB (± 1)" */
  char computed[200];    /* what the model gives, with its unit */
  int pass;
} nf_figure;

typedef void (*nf_fig_emit)(void *ud, const nf_figure *f);

/* Recomputes every figure, calling EACH once per figure in DESIGN order.
 * Returns how many failed, or -1 with ERR when a profile does not load. */
int fig_run(nf_fig_emit each, void *ud, nf_err *err);

/* A synthetic workload of CORES reference cores (1 CU each) with RAM_MB
 * installed, NEED_MB needed, and mean CPU, privileged, interrupt and DPC
 * percentages and nonpaged pool (a value < 0: no such counter). Its name
 * is borrowed, never freed; the figures and the tests build workloads with
 * it. Include profile.h for nf_workload. */
struct nf_workload;
struct nf_workload fig_workload(const char *name, int cores, double ram_mb, double need_mb,
                                double cpu, double priv, double intr, double dpc, double npp);

#endif
