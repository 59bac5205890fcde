/* sysstat_map.c — the half of the sysstat importers that does not care
 * whether the file was `sadf -x` or `sadf -d` (sysstat.h): field names
 * across sysstat versions, the canonical mapping of DESIGN §3, guest
 * detection from steal time, and the per-file bookkeeping. The readers
 * (sysstat_xml.c, sysstat_csv.c) fill a sy_acc per server and timestamp
 * and hand it to sy_emit. */
#include "sysstat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

/* Every name a field has had: XML attribute or element names of sysdata
 * 2.x and 3.x, and `sadf -d` column names of sysstat 9 to 12. */
static const struct {
  enum sy_group group;
  const char *name;
  int field;
} names[] = {
  {SY_G_CPU, "idle", SY_IDLE},       {SY_G_CPU, "%idle", SY_IDLE},
  {SY_G_CPU, "sys", SY_SYS},         {SY_G_CPU, "%sys", SY_SYS},
  {SY_G_CPU, "system", SY_SYS},      {SY_G_CPU, "%system", SY_SYS},
  {SY_G_CPU, "irq", SY_IRQ},         {SY_G_CPU, "%irq", SY_IRQ},
  {SY_G_CPU, "soft", SY_SOFT},       {SY_G_CPU, "%soft", SY_SOFT},
  {SY_G_CPU, "usr", SY_USR},         {SY_G_CPU, "%usr", SY_USR},
  {SY_G_CPU, "user", SY_USR},        {SY_G_CPU, "%user", SY_USR},
  {SY_G_CPU, "nice", SY_NICE},       {SY_G_CPU, "%nice", SY_NICE},
  {SY_G_CPU, "iowait", SY_IOWAIT},   {SY_G_CPU, "%iowait", SY_IOWAIT},
  {SY_G_CPU, "steal", SY_STEAL},     {SY_G_CPU, "%steal", SY_STEAL},
  {SY_G_CPU, "guest", SY_GUEST},     {SY_G_CPU, "%guest", SY_GUEST},
  {SY_G_ACT, "proc", SY_PROC},       {SY_G_ACT, "proc/s", SY_PROC},
  {SY_G_ACT, "cswch", SY_CSWCH},     {SY_G_ACT, "cswch/s", SY_CSWCH},
  {SY_G_ACT, "pgpgin", SY_PGPGIN},   {SY_G_ACT, "pgpgin/s", SY_PGPGIN},
  {SY_G_ACT, "pgpgout", SY_PGPGOUT}, {SY_G_ACT, "pgpgout/s", SY_PGPGOUT},
  {SY_G_ACT, "fault", SY_FAULT},     {SY_G_ACT, "fault/s", SY_FAULT},
  {SY_G_ACT, "majflt", SY_MAJFLT},   {SY_G_ACT, "majflt/s", SY_MAJFLT},
  {SY_G_ACT, "pswpin", SY_PSWPIN},   {SY_G_ACT, "pswpin/s", SY_PSWPIN},
  {SY_G_ACT, "pswpout", SY_PSWPOUT}, {SY_G_ACT, "pswpout/s", SY_PSWPOUT},
  {SY_G_ACT, "tps", SY_TPS},
  {SY_G_ACT, "bread", SY_BREAD},     {SY_G_ACT, "bread/s", SY_BREAD},
  {SY_G_ACT, "bwrtn", SY_BWRTN},     {SY_G_ACT, "bwrtn/s", SY_BWRTN},
  {SY_G_ACT, "memfree", SY_MEMFREE}, {SY_G_ACT, "kbmemfree", SY_MEMFREE},
  {SY_G_ACT, "avail", SY_AVAIL},     {SY_G_ACT, "kbavail", SY_AVAIL},
  {SY_G_ACT, "buffers", SY_BUFFERS}, {SY_G_ACT, "kbbuffers", SY_BUFFERS},
  {SY_G_ACT, "cached", SY_CACHED},   {SY_G_ACT, "kbcached", SY_CACHED},
  {SY_G_ACT, "commit", SY_COMMIT},   {SY_G_ACT, "kbcommit", SY_COMMIT},
  {SY_G_ACT, "memused-percent", SY_MEMUSED_PCT}, {SY_G_ACT, "%memused", SY_MEMUSED_PCT},
  {SY_G_ACT, "swpused-percent", SY_SWPUSED_PCT}, {SY_G_ACT, "%swpused", SY_SWPUSED_PCT},
  {SY_G_ACT, "runq-sz", SY_RUNQ},
  {SY_G_ACT, "ldavg-1", SY_LDAVG1},
  {SY_G_ACT, "blocked", SY_BLOCKED},
};

/* Source names and units of the fields kept beside the canonical metrics
 * (NULL: used only to compute a canonical metric, or not kept). */
static const struct {
  const char *name, *unit;
} kept[SY__COUNT] = {
  [SY_USR] = {"sysstat:cpu-load:usr", "%"},
  [SY_NICE] = {"sysstat:cpu-load:nice", "%"},
  [SY_IOWAIT] = {"sysstat:cpu-load:iowait", "%"},
  [SY_STEAL] = {"sysstat:cpu-load:steal", "%"},
  [SY_GUEST] = {"sysstat:cpu-load:guest", "%"},
  [SY_PROC] = {"sysstat:process-and-context-switch:proc", "/s"},
  [SY_FAULT] = {"sysstat:paging:fault", "/s"},
  [SY_MAJFLT] = {"sysstat:paging:majflt", "/s"},
  [SY_PSWPIN] = {"sysstat:swap-pages:pswpin", "pages/s"},
  [SY_PSWPOUT] = {"sysstat:swap-pages:pswpout", "pages/s"},
  [SY_MEMUSED_PCT] = {"sysstat:memory:memused-percent", "%"},
  [SY_SWPUSED_PCT] = {"sysstat:memory:swpused-percent", "%"},
  [SY_LDAVG1] = {"sysstat:queue:ldavg-1", "threads"},
  [SY_BLOCKED] = {"sysstat:queue:blocked", "threads"},
  [SY_CPUFREQ] = {"sysstat:cpu-frequency:all", "MHz"},
};

int sy_field_find(enum sy_group group, const char *name)
{
  for (size_t i = 0; i < NF_ARRAY_LEN(names); i++)
    if (names[i].group == group && strcmp(names[i].name, name) == 0)
      return names[i].field;
  return -1;
}

void sy_add(sy_acc *a, int f, double v)
{
  if (a->has[f] && f >= SY_NET_KB)
    a->v[f] += v;
  else
    a->v[f] = v;
  a->has[f] = 1;
}

char *sy_strip(char *s)
{
  char *t = nf_trim(s);
  if (t != s)
    memmove(s, t, strlen(t) + 1);
  return s;
}

int sy_parse_number(const char *s, double *out)
{
  if (nf_parse_double(s, out) == 0)
    return 0;
  /* `sadf -d` prints numbers in the user's locale: one decimal comma. */
  const char *c = strchr(s, ',');
  if (c == NULL || strchr(c + 1, ',') != NULL || strchr(s, '.') != NULL || strlen(s) > 63)
    return -1;
  char buf[64];
  snprintf(buf, sizeof buf, "%s", s);
  buf[c - s] = '.';
  return nf_parse_double(buf, out);
}

static struct sy_host *host_of(sy_file *f, int64_t server)
{
  for (size_t i = 0; i < f->nhosts; i++)
    if (f->hosts[i].server == server)
      return &f->hosts[i];
  xgrow(&f->hosts, &f->hosts_cap, f->nhosts + 1, sizeof *f->hosts);
  struct sy_host *h = &f->hosts[f->nhosts++];
  memset(h, 0, sizeof *h);
  h->server = server;
  return h;
}

static int put(nf_sink *s, int64_t server, int64_t ts, enum nf_metric m, double v, nf_err *err)
{
  return sink_value(s, server, ts, (int64_t)m + 1, v, err);
}

int sy_emit(nf_sink *s, sy_file *f, int64_t server, int64_t ts, const sy_acc *a, nf_err *err)
{
  const double *v = a->v;
  const unsigned char *has = a->has;
  if (has[SY_IDLE] && put(s, server, ts, NF_M_CPU_PCT, 100.0 - v[SY_IDLE], err))
    return -1;
  if (has[SY_SYS] && put(s, server, ts, NF_M_CPU_PRIV_PCT, v[SY_SYS], err))
    return -1;
  if (has[SY_IRQ] && put(s, server, ts, NF_M_CPU_INTR_PCT, v[SY_IRQ], err))
    return -1;
  if (has[SY_SOFT] && put(s, server, ts, NF_M_CPU_DPC_PCT, v[SY_SOFT], err))
    return -1;
  if (has[SY_RUNQ] && put(s, server, ts, NF_M_CPU_QUEUE, v[SY_RUNQ], err))
    return -1;
  if (has[SY_CSWCH] && put(s, server, ts, NF_M_CTX_SWITCH, v[SY_CSWCH], err))
    return -1;
  /* MemAvailable exists since Linux 3.14 / sysstat 11.x; before it, free +
   * buffers + page cache is the figure `free` itself showed. */
  if (has[SY_AVAIL]) {
    if (put(s, server, ts, NF_M_MEM_AVAIL_MB, v[SY_AVAIL] / 1024.0, err))
      return -1;
  } else if (has[SY_MEMFREE] && has[SY_BUFFERS] && has[SY_CACHED]) {
    double kb = v[SY_MEMFREE] + v[SY_BUFFERS] + v[SY_CACHED];
    if (put(s, server, ts, NF_M_MEM_AVAIL_MB, kb / 1024.0, err))
      return -1;
  }
  if (has[SY_COMMIT] && put(s, server, ts, NF_M_MEM_COMMITTED_MB, v[SY_COMMIT] / 1024.0, err))
    return -1;
  /* DESIGN §3 takes pgpgin/s + pgpgout/s as pages/s; sysstat counts them
   * in kB/s (docs/formats-sysstat.md). */
  if (has[SY_PGPGIN] || has[SY_PGPGOUT]) {
    double p = (has[SY_PGPGIN] ? v[SY_PGPGIN] : 0) + (has[SY_PGPGOUT] ? v[SY_PGPGOUT] : 0);
    if (put(s, server, ts, NF_M_PAGING, p, err))
      return -1;
  }
  if (has[SY_TPS] && put(s, server, ts, NF_M_DISK_IOPS, v[SY_TPS], err))
    return -1;
  if (has[SY_BREAD] || has[SY_BWRTN]) {
    double blocks = (has[SY_BREAD] ? v[SY_BREAD] : 0) + (has[SY_BWRTN] ? v[SY_BWRTN] : 0);
    if (put(s, server, ts, NF_M_DISK_MBPS, blocks * 512.0 / 1048576.0, err))
      return -1;
  }
  if (has[SY_DISK_N] && v[SY_DISK_N] > 0) {
    /* Weighted by transfers, so an idle device's stale await counts for
     * nothing; with no transfers at all, the plain mean. */
    double ms = v[SY_DISK_TPS] > 0 ? v[SY_DISK_AWAIT_W] / v[SY_DISK_TPS]
                                   : v[SY_DISK_AWAIT] / v[SY_DISK_N];
    if (put(s, server, ts, NF_M_DISK_LATENCY_MS, ms, err))
      return -1;
  }
  if (has[SY_NET_KB] || has[SY_NET_BYTES]) {
    double mbit = (has[SY_NET_KB] ? v[SY_NET_KB] * 8.0 / 1000.0 : 0) +
                  (has[SY_NET_BYTES] ? v[SY_NET_BYTES] * 8.0 / 1e6 : 0);
    if (put(s, server, ts, NF_M_NET_MBPS, mbit, err))
      return -1;
  }
  for (int i = 0; i < SY__COUNT; i++) {
    if (!has[i] || kept[i].name == NULL)
      continue;
    if (f->src_id[i] == 0) {
      f->src_id[i] = sink_metric(s, kept[i].name, kept[i].unit, err);
      if (f->src_id[i] < 0) {
        f->src_id[i] = 0;
        return -1;
      }
    }
    if (sink_value(s, server, ts, f->src_id[i], v[i], err))
      return -1;
  }
  if (has[SY_STEAL]) {
    struct sy_host *h = host_of(f, server);
    h->steal_sum += v[SY_STEAL];
    h->steal_n++;
  }
  return 0;
}

void sy_count_row(nf_sink *s, sy_file *f, int64_t server, int64_t ts)
{
  if ((f->nseen + 1) * 2 > f->seen_cap) {
    int64_t(*old)[2] = f->seen;
    size_t oc = f->seen_cap;
    f->seen_cap = oc ? oc * 2 : 256;
    f->seen = xcalloc(f->seen_cap, sizeof *f->seen);
    f->nseen = 0;
    for (size_t i = 0; i < oc; i++)
      if (old[i][0]) {
        uint64_t h = nf_hash(NF_HASH_INIT, old[i], sizeof old[i]);
        size_t j = (size_t)h & (f->seen_cap - 1);
        while (f->seen[j][0])
          j = (j + 1) & (f->seen_cap - 1);
        f->seen[j][0] = old[i][0];
        f->seen[j][1] = old[i][1];
        f->nseen++;
      }
    free(old);
  }
  /* Server ids start at 1, so 0 marks an empty slot. */
  int64_t key[2] = {server, ts};
  size_t j = (size_t)nf_hash(NF_HASH_INIT, key, sizeof key) & (f->seen_cap - 1);
  while (f->seen[j][0]) {
    if (f->seen[j][0] == server && f->seen[j][1] == ts)
      return;
    j = (j + 1) & (f->seen_cap - 1);
  }
  f->seen[j][0] = server;
  f->seen[j][1] = ts;
  f->nseen++;
  sink_count_rows(s, 1);
}

/* "x86_64" is what DESIGN §3 calls x64, "i686" x86; others as sysstat says. */
static const char *arch_name(const char *machine)
{
  if (strcmp(machine, "x86_64") == 0 || strcmp(machine, "amd64") == 0)
    return "x64";
  if (strlen(machine) == 4 && machine[0] == 'i' && strcmp(machine + 2, "86") == 0)
    return "x86";
  return machine;
}

int sy_server_facts(nf_sink *s, int64_t server, double cpus, const char *os, const char *arch,
                    nf_err *err)
{
  sqlite3_stmt *st = NULL;
  int rc = -1;
  int have_cores = 0, have_os = 0, have_arch = 0;
  if (sqlite3_prepare_v2(sink_db(s), "SELECT cores, os, arch FROM servers WHERE id = ?1", -1, &st,
                         NULL) != SQLITE_OK) {
    nf_errf(err, sink_path(s), 0, "database: %s", sqlite3_errmsg(sink_db(s)));
    goto done;
  }
  sqlite3_bind_int64(st, 1, server);
  if (sqlite3_step(st) == SQLITE_ROW) {
    have_cores = sqlite3_column_type(st, 0) != SQLITE_NULL;
    have_os = sqlite3_column_type(st, 1) != SQLITE_NULL;
    have_arch = sqlite3_column_type(st, 2) != SQLITE_NULL;
  }
  if (cpus >= 0) {
    char buf[32];
    snprintf(buf, sizeof buf, "%.0f", cpus);
    if (sink_server_tag(s, server, "sysstat-cpus", buf, err))
      goto done;
    if (!have_cores && cpus > 0 && sink_server_num(s, server, "cores", cpus, err))
      goto done;
  }
  if (os && *os && !have_os && sink_server_text(s, server, "os", os, err))
    goto done;
  if (arch && *arch && !have_arch && sink_server_text(s, server, "arch", arch_name(arch), err))
    goto done;
  rc = 0;
done:
  sqlite3_finalize(st);
  return rc;
}

int sy_note_local_time(nf_sink *s, sy_file *f, int64_t server, const char *tz, nf_err *err)
{
  struct sy_host *h = host_of(f, server);
  if (h->tz_noted)
    return 0;
  h->tz_noted = 1;
  char *v = tz && *tz ? xasprintf("%s (local time, stored as given)", tz)
                      : xstrdup("local time, stored as given");
  int rc = sink_server_tag(s, server, "sysstat-timezone", v, err);
  free(v);
  return rc;
}

int sy_finish(nf_sink *s, sy_file *f, nf_err *err)
{
  for (size_t i = 0; i < f->nhosts; i++) {
    const struct sy_host *h = &f->hosts[i];
    /* A source whose CPUs lose time to a hypervisor is a guest already;
     * half a percent keeps rounding noise on bare metal out. */
    if (h->steal_n > 0 && h->steal_sum / (double)h->steal_n > 0.5 &&
        sink_mark_guest(s, h->server, "sysstat steal time > 0", err))
      return -1;
  }
  return 0;
}

void sy_file_free(sy_file *f)
{
  free(f->hosts);
  free(f->seen);
  memset(f, 0, sizeof *f);
}
