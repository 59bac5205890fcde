/* metrics.h — the canonical metric names of DESIGN §3. Every importer maps
 * what it reads onto these; each has a fixed id (its enum value + 1) in the
 * `metrics` table and a column of its own in the wide `samples` table.
 * Counters outside this list are kept under their source name in
 * `samples_extra`. Static data only: nothing to free. */
#ifndef NF_METRICS_H
#define NF_METRICS_H

enum nf_metric {
  NF_M_CPU_PCT,          /* % of all the server's processors */
  NF_M_CPU_PRIV_PCT,     /* % Privileged Time */
  NF_M_CPU_INTR_PCT,     /* % Interrupt Time */
  NF_M_CPU_DPC_PCT,      /* % DPC Time */
  NF_M_CPU_QUEUE,        /* processor queue length, threads */
  NF_M_CTX_SWITCH,       /* context switches/s */
  NF_M_MEM_AVAIL_MB,
  NF_M_MEM_COMMITTED_MB,
  NF_M_PAGING,           /* pages/s */
  NF_M_NONPAGED_POOL_MB,
  NF_M_DISK_IOPS,
  NF_M_DISK_MBPS,        /* MB/s */
  NF_M_DISK_LATENCY_MS,
  NF_M_NET_MBPS,         /* Mbit/s */
  NF_M_VM_CPU_USED_PCT,  /* esxtop %USED, % of one vCPU */
  NF_M_VM_CPU_READY_PCT, /* esxtop %RDY */
  NF_M_VM_CPU_COSTOP_PCT,/* esxtop %CSTP */
  NF_M_VM_CPU_MLMTD_PCT, /* esxtop %MLMTD */
  NF_M__COUNT
};

struct nf_metric_info {
  const char *name;   /* canonical name, also the samples column */
  const char *unit;
  const char *what;   /* one line for docs and `nfold profile` */
};

extern const struct nf_metric_info nf_metrics[NF_M__COUNT];

/* The canonical metric called NAME (case-insensitive), or -1. */
int nf_metric_find(const char *name);

#endif
