/* perfmon.c — Windows performance logs as written by `relog -f csv|tsv` and
 * `typeperf` (DESIGN §3): a PDH-CSV or PDH-TSV header of counter paths
 * \\HOST\Object(Instance)\Counter, then one row per timestamp in local
 * time. Each host in the header becomes a server. Counters in the
 * canonical table are mapped onto canonical metrics (localized names
 * through importers/counters.tsv, multi-instance objects by their _Total or
 * combined over instances); every other column is kept under its source
 * name. The header is looked at once to build a column plan; the rows then
 * stream through pdh_run (pdh.h). docs/formats-perfmon.md is the user's
 * description of all this. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "importer.h"
#include "metrics.h"
#include "pdh.h"

/* A canonical counter and how it becomes a canonical metric. Of several
 * rules for one metric, the lowest tier present in a host's columns wins
 * (Available MBytes over Available KBytes over Available Bytes). */
struct rule {
  const char *object, *counter;
  int metric;
  double scale;
  int agg;   /* how instances combine when there is no _Total */
  int tier;
};

#define MB (1.0 / 1048576.0)
static const struct rule rules[] = {
  {"Processor", "% Processor Time", NF_M_CPU_PCT, 1, PDH_AVG, 0},
  {"Processor", "% Privileged Time", NF_M_CPU_PRIV_PCT, 1, PDH_AVG, 0},
  {"Processor", "% Interrupt Time", NF_M_CPU_INTR_PCT, 1, PDH_AVG, 0},
  {"Processor", "% DPC Time", NF_M_CPU_DPC_PCT, 1, PDH_AVG, 0},
  /* Windows 7 and later also have Processor Information (instances
   * "0,0", "0,_Total", "_Total"): used only when Processor is absent. */
  {"Processor Information", "% Processor Time", NF_M_CPU_PCT, 1, PDH_AVG, 1},
  {"Processor Information", "% Privileged Time", NF_M_CPU_PRIV_PCT, 1, PDH_AVG, 1},
  {"Processor Information", "% Interrupt Time", NF_M_CPU_INTR_PCT, 1, PDH_AVG, 1},
  {"Processor Information", "% DPC Time", NF_M_CPU_DPC_PCT, 1, PDH_AVG, 1},
  {"System", "Processor Queue Length", NF_M_CPU_QUEUE, 1, PDH_SUM, 0},
  {"System", "Context Switches/sec", NF_M_CTX_SWITCH, 1, PDH_SUM, 0},
  {"Memory", "Available MBytes", NF_M_MEM_AVAIL_MB, 1, PDH_SUM, 0},
  {"Memory", "Available KBytes", NF_M_MEM_AVAIL_MB, 1.0 / 1024.0, PDH_SUM, 1},
  {"Memory", "Available Bytes", NF_M_MEM_AVAIL_MB, MB, PDH_SUM, 2},
  {"Memory", "Committed Bytes", NF_M_MEM_COMMITTED_MB, MB, PDH_SUM, 0},
  {"Memory", "Pages/sec", NF_M_PAGING, 1, PDH_SUM, 0},
  {"Memory", "Pool Nonpaged Bytes", NF_M_NONPAGED_POOL_MB, MB, PDH_SUM, 0},
  {"PhysicalDisk", "Disk Transfers/sec", NF_M_DISK_IOPS, 1, PDH_SUM, 0},
  {"PhysicalDisk", "Disk Bytes/sec", NF_M_DISK_MBPS, MB, PDH_SUM, 0},
  {"PhysicalDisk", "Avg. Disk sec/Transfer", NF_M_DISK_LATENCY_MS, 1000, PDH_AVG, 0},
  {"Network Interface", "Bytes Total/sec", NF_M_NET_MBPS, 8.0 / 1e6, PDH_SUM, 0},
  /* Windows 8 and later log the same NICs under Network Adapter too:
   * counting both would double the traffic. */
  {"Network Adapter", "Bytes Total/sec", NF_M_NET_MBPS, 8.0 / 1e6, PDH_SUM, 1},
};

/* The processes of VMware Tools: a log holding them comes from a guest. */
static const char *const vmware_tools[] = {"vmtoolsd", "VMwareService", "VMwareTray", "VMwareUser",
                                           NULL};

/* What the header says about one column. */
struct cand {
  int host;           /* index into hosts */
  int rule;           /* index into rules, or -1 */
  int total;          /* instance _Total */
  int skip;           /* an instance that must not enter the combination */
  int chosen;
  char *name;         /* source name: Object(Instance)\Counter */
  char *cpu;          /* Processor(N) or Processor Information(N,M): one logical
                         processor, or NULL */
};

struct host {
  char *name;
  int64_t id;
  int ncpu;           /* distinct numbered Processor instances: logical processors */
  int ncpu_info;      /* the same of Processor Information ("0,3"), when Processor is absent */
};

static int detect_perfmon(const char *head, size_t n)
{
  return pdh_is_pdh(head, n) ? 90 : 0;
}

static const struct rule *find_rule(const char *object, const char *counter, int *idx)
{
  for (size_t i = 0; i < NF_ARRAY_LEN(rules); i++)
    if (nf_strcaseeq(rules[i].object, object) && nf_strcaseeq(rules[i].counter, counter)) {
      *idx = (int)i;
      return &rules[i];
    }
  *idx = -1;
  return NULL;
}

/* Tunnel and loopback pseudo-interfaces carry traffic that the real NIC
 * carries too (isatap, teredo, 6to4 tunnel over it) or none at all. */
static int pseudo_interface(const char *instance)
{
  static const char *const pseudo[] = {"isatap", "teredo", "6to4", "loopback", "pseudo-interface",
                                       NULL};
  char *f = pdh_fold(instance);
  int hit = 0;
  for (const char *const *p = pseudo; *p && !hit; p++)
    hit = strstr(f, *p) != NULL;
  free(f);
  return hit;
}

/* Is INSTANCE (a process instance, maybe "name#2") one of VMware Tools'? */
static const char *tools_process(const char *instance)
{
  size_t n = strcspn(instance, "#");
  for (const char *const *p = vmware_tools; *p; p++)
    if (strlen(*p) == n && strncasecmp(*p, instance, n) == 0)
      return *p;
  return NULL;
}

static int host_index(struct host **hosts, int *nhosts, size_t *cap, const char *name, nf_sink *sink,
                      nf_err *err)
{
  for (int i = 0; i < *nhosts; i++)
    if (nf_strcaseeq((*hosts)[i].name, name))
      return i;
  int64_t id = sink_server(sink, name, err);
  if (id < 0)
    return -1;
  xgrow(hosts, cap, (size_t)*nhosts + 1, sizeof **hosts);
  (*hosts)[*nhosts] = (struct host){xstrdup(name), id, 0, 0};
  return (*nhosts)++;
}

/* Whether INSTANCE names one logical processor: "3" of Processor, "0,3"
 * of Processor Information (INFO), not a total. */
static int cpu_instance(const char *instance, int info)
{
  const char *s = instance;
  if (info) {
    s += strspn(s, "0123456789");
    if (s == instance || *s++ != ',')
      return 0;
  }
  size_t n = strspn(s, "0123456789");
  return n > 0 && s[n] == '\0';
}

/* A log with a column per processor tells how many logical processors
 * its host has (CPU % is of all of them): the server gets that count as
 * `threads` when nothing gave it a core or thread count (an inventory,
 * imported before or after, does), and a tag either way. Each processor
 * is counted once, at the first column that names its instance. */
static int host_cpus(const struct host *h, nf_sink *sink, nf_err *err)
{
  int n = h->ncpu > 0 ? h->ncpu : h->ncpu_info;
  if (n == 0)
    return 0;
  char buf[16];
  snprintf(buf, sizeof buf, "%d", n);
  if (sink_server_tag(sink, h->id, "perfmon-logical-processors", buf, err))
    return -1;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(sink_db(sink), "SELECT 1 FROM servers WHERE id = ?1 AND"
                         " coalesce(cores, 0) = 0 AND coalesce(threads, 0) = 0", -1, &st,
                         NULL) != SQLITE_OK)
    return nf_errf(err, sink_path(sink), 0, "database: %s", sqlite3_errmsg(sink_db(sink)));
  sqlite3_bind_int64(st, 1, h->id);
  int unknown = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return unknown ? sink_server_num(sink, h->id, "threads", n, err) : 0;
}

/* Builds the column plan from F's header. */
static int plan_header(pdh_file *f, const pdh_names *names, nf_sink *sink, pdh_plan *plan,
                       nf_err *err)
{
  int rc = -1;
  struct host *hosts = NULL;
  int nhosts = 0;
  size_t hcap = 0;
  struct cand *c = xcalloc((size_t)f->ncols, sizeof *c);
  pdh_plan_init(plan, f);
  for (int i = 1; i < f->ncols; i++) {
    char *s = xstrdup(f->hdr[i]);
    pdh_path p;
    if (pdh_parse_path(s, &p)) {
      free(s);
      nf_errcf(err, f->path, f->hdr_line, i + 1,
               "expected a counter path \\\\HOST\\Object(Instance)\\Counter, found '%.80s'",
               f->hdr[i]);
      goto done;
    }
    c[i].host = host_index(&hosts, &nhosts, &hcap, p.host, sink, err);
    if (c[i].host < 0) {
      free(s);
      goto done;
    }
    /* A counter the table knows goes by its English name; any other keeps
     * the name it has in the file. */
    const char *co = p.object, *cc = p.counter;
    pdh_names_counter(names, p.object, p.counter, &co, &cc);
    const char *cobj = pdh_names_object(names, p.object);
    const struct rule *r = find_rule(co, cc, &c[i].rule);
    if (p.instance) {
      c[i].name = xasprintf("%s(%s)\\%s", co, p.instance, cc);
      size_t il = strlen(p.instance);
      c[i].total = nf_strcaseeq(p.instance, "_Total");
      /* Processor Information's per-socket subtotals ("0,_Total"). */
      if (!c[i].total && il > 7 && nf_strcaseeq(p.instance + il - 7, ",_Total"))
        c[i].skip = 1;
      if (r && r->metric == NF_M_NET_MBPS && pseudo_interface(p.instance))
        c[i].skip = 1;
      int info = cobj && nf_strcaseeq(cobj, "Processor Information");
      if (cobj && (info || nf_strcaseeq(cobj, "Processor")) && cpu_instance(p.instance, info)) {
        c[i].cpu = xasprintf("%s(%s)", cobj, p.instance);
        int seen = 0;
        for (int j = 1; j < i && !seen; j++)
          seen = c[j].cpu && c[j].host == c[i].host && nf_strcaseeq(c[j].cpu, c[i].cpu);
        if (!seen)
          ++*(info ? &hosts[c[i].host].ncpu_info : &hosts[c[i].host].ncpu);
      }
      const char *tool =
          cobj && nf_strcaseeq(cobj, "Process") ? tools_process(p.instance) : NULL;
      if (tool) {
        char *why = xasprintf("process %s in %s", tool, f->path);
        int bad = sink_mark_guest(sink, hosts[c[i].host].id, why, err);
        free(why);
        if (bad) {
          free(s);
          goto done;
        }
      }
    } else {
      c[i].name = xasprintf("%s\\%s", co, cc);
    }
    free(s);
  }
  /* For each host and metric: the best tier present, and whether it has a
   * _Total; then choose the columns that feed the metric. */
  for (int h = 0; h < nhosts; h++)
    for (int m = 0; m < NF_M__COUNT; m++) {
      int tier = 99, total = 0;
      for (int i = 1; i < f->ncols; i++)
        if (c[i].host == h && c[i].rule >= 0 && rules[c[i].rule].metric == m && !c[i].skip &&
            rules[c[i].rule].tier < tier)
          tier = rules[c[i].rule].tier;
      if (tier == 99)
        continue;
      for (int i = 1; i < f->ncols; i++)
        if (c[i].host == h && c[i].rule >= 0 && rules[c[i].rule].metric == m &&
            rules[c[i].rule].tier == tier && c[i].total)
          total = 1;
      for (int i = 1; i < f->ncols; i++) {
        if (c[i].host != h || c[i].rule < 0 || c[i].skip)
          continue;
        const struct rule *r = &rules[c[i].rule];
        if (r->metric != m || r->tier != tier || (total && !c[i].total))
          continue;
        c[i].chosen = 1;
        pdh_plan_group(plan, i, hosts[h].id, m, r->agg, r->scale);
      }
    }
  for (int h = 0; h < nhosts; h++)
    if (host_cpus(&hosts[h], sink, err))
      goto done;
  /* Everything else is kept under its source name. */
  for (int i = 1; i < f->ncols; i++) {
    if (c[i].chosen)
      continue;
    int64_t id = sink_metric(sink, c[i].name, NULL, err);
    if (id < 0)
      goto done;
    pdh_plan_source(plan, i, hosts[c[i].host].id, id);
  }
  rc = 0;
done:
  for (int i = 0; i < f->ncols; i++) {
    free(c[i].name);
    free(c[i].cpu);
  }
  free(c);
  for (int i = 0; i < nhosts; i++)
    free(hosts[i].name);
  free(hosts);
  return rc;
}

static int read_perfmon(nf_sink *sink, const char *path, const nf_import_opts *opts, nf_err *err)
{
  int rc = -1;
  pdh_plan plan = {0};
  pdh_file f = {0};
  pdh_names *names = pdh_names_load(opts->counters, err);
  if (names == NULL)
    return -1;
  if (pdh_open(&f, path, opts, names, err))
    goto done;
  if (plan_header(&f, names, sink, &plan, err))
    goto done;
  rc = pdh_run(&f, &plan, sink, err);
done:
  pdh_plan_free(&plan);
  pdh_close(&f);
  pdh_names_free(names);
  return rc;
}

const struct nf_importer imp_perfmon = {
  "perfmon", "Windows perfmon log, relog/typeperf PDH-CSV or PDH-TSV", detect_perfmon,
  read_perfmon,
};
