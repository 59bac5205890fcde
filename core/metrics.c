/* metrics.c — the table behind metrics.h. The order is the schema's: the
 * samples table has one column per entry, in this order, and the metrics
 * table gives entry i the id i + 1. Append only. */
#include "metrics.h"

#include "util.h"

const struct nf_metric_info nf_metrics[NF_M__COUNT] = {
  {"cpu_pct", "%", "processor busy, % of all the server's processors"},
  {"cpu_priv_pct", "%", "privileged (kernel) time, % of all processors"},
  {"cpu_intr_pct", "%", "interrupt time, % of all processors"},
  {"cpu_dpc_pct", "%", "DPC / softirq time, % of all processors"},
  {"cpu_queue", "threads", "processor queue length"},
  {"ctx_switch_per_s", "/s", "context switches per second"},
  {"mem_avail_mb", "MB", "available memory"},
  {"mem_committed_mb", "MB", "committed memory"},
  {"paging_per_s", "pages/s", "hard paging rate"},
  {"nonpaged_pool_mb", "MB", "nonpaged pool in use"},
  {"disk_iops", "I/O/s", "disk transfers per second"},
  {"disk_mbps", "MB/s", "disk throughput"},
  {"disk_latency_ms", "ms", "average disk latency per transfer"},
  {"net_mbps", "Mbit/s", "network throughput, all interfaces"},
  {"vm_cpu_used_pct", "%", "host-side CPU used by the guest, % of one vCPU (esxtop %USED)"},
  {"vm_cpu_ready_pct", "%", "host-side CPU ready time (esxtop %RDY)"},
  {"vm_cpu_costop_pct", "%", "host-side co-stop time (esxtop %CSTP)"},
  {"vm_cpu_mlmtd_pct", "%", "host-side time held by a CPU limit (esxtop %MLMTD)"},
};

int nf_metric_find(const char *name)
{
  for (int i = 0; i < NF_M__COUNT; i++)
    if (nf_strcaseeq(nf_metrics[i].name, name))
      return i;
  return -1;
}
