/* esxtop.c — `esxtop -b` batch logs (DESIGN §3): PDH-CSV shaped, written on
 * an ESX host, so the CPU figures of its guests are measured host-side and
 * can be trusted where the guests' own perfmon figures cannot (DESIGN §1,
 * measurement caveats). Each `Group Cpu(GID:NAME)` that is a virtual
 * machine becomes (or joins) the server NAME, marked as a guest, with its
 * % Used, % Ready, % CoStop and % Max Limited as the vm_cpu_* metrics; the
 * host becomes a server of kind 'host' holding its own counters. ESX's own
 * groups (idle, system, helper, drivers, daemons, ...) are not guests: they
 * stay with the host under their source names. Reading goes through the
 * shared PDH machinery (pdh.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "importer.h"
#include "metrics.h"
#include "pdh.h"

/* ESX's own scheduler groups, never virtual machines. */
static const char *const system_groups[] = {
  "idle", "system", "helper", "drivers", "ft", "vmotion", "init", "sh", "user", "login", "tmp",
  "plugins", "vobd", "vmsyslogd", "vmkeventd", "vmkiscsid", "hostd", "vpxa", "sfcb", "slpd",
  "dcui", "sshd", "ntpd", "smartd", "lwsmd", "nscd", "rhttpproxy", "swapobjd", "busybox",
  "openwsmand", "sdrsinjector", "storagerm", "vmware-usbarbitrator", "usbarbitrator",
  "vsanvpd", "vvold", "lacp", "nfsgssd", "wsman", "snmpd", "crond", "dhclient-uw",
  "pktcap-agent", "vdpi", "hostdcgiserver", "iofiltervpserver", "settingsd", "vpxa-workers",
  NULL,
};
/* ... and the prefixes of families of them (vmkernel modules, providers). */
static const char *const system_prefixes[] = {"vmk", "sfcb-", "iofilter", "net-", "hostd-",
                                              "nfs", "vsanmgmt", NULL};

/* What a Group Cpu counter of a guest becomes. */
static const struct {
  const char *counter;
  int metric;
} group_cpu[] = {
  {"% Used", NF_M_VM_CPU_USED_PCT},
  {"% Ready", NF_M_VM_CPU_READY_PCT},
  {"% CoStop", NF_M_VM_CPU_COSTOP_PCT},
  {"% Max Limited", NF_M_VM_CPU_MLMTD_PCT},
};

/* Does S contain NEEDLE, ignoring ASCII case? */
static int has_ci(const char *s, const char *needle)
{
  size_t n = strlen(needle);
  for (; *s; s++)
    if (strncasecmp(s, needle, n) == 0)
      return 1;
  return 0;
}

static int detect_esxtop(const char *head, size_t n)
{
  if (!pdh_is_pdh(head, n))
    return 0;
  /* Only the header line matters. */
  while (n > 0 && (*head == '\r' || *head == '\n' || *head == ' ')) {
    head++;
    n--;
  }
  const char *eol = memchr(head, '\n', n);
  char *hdr = xstrndup(head, eol ? (size_t)(eol - head) : n);
  static const char *const marks[] = {"\\Group Cpu(", "\\Physical Cpu(", "\\Physical Cpu Load\\",
                                      "\\Memory\\Memory Overcommit", "\\Vcpu(", NULL};
  int hit = 0;
  for (const char *const *m = marks; *m && !hit; m++)
    hit = has_ci(hdr, *m);
  free(hdr);
  return hit ? 95 : 0;
}

static int is_system_group(const char *name)
{
  for (const char *const *p = system_groups; *p; p++)
    if (nf_strcaseeq(*p, name))
      return 1;
  for (const char *const *p = system_prefixes; *p; p++)
    if (strncasecmp(*p, name, strlen(*p)) == 0)
      return 1;
  return 0;
}

/* The group name of an instance "GID:NAME", or NULL when it has no GID. */
static const char *group_name(const char *instance)
{
  const char *p = instance;
  while (*p >= '0' && *p <= '9')
    p++;
  return (p > instance && *p == ':' && p[1]) ? p + 1 : NULL;
}

struct server {
  char *name;
  int64_t id;
};

struct servers {
  struct server *v;
  int n;
  size_t cap;
};

/* The server called NAME, created on first sight; for a guest, also
 * marked as one, with HOST as the evidence. -1 with ERR. */
static int64_t server_for(struct servers *s, nf_sink *sink, const char *name, const char *host,
                          const char *kind, nf_err *err)
{
  for (int i = 0; i < s->n; i++)
    if (nf_strcaseeq(s->v[i].name, name))
      return s->v[i].id;
  int64_t id = sink_server(sink, name, err);
  if (id < 0)
    return -1;
  if (kind && sink_server_text(sink, id, "kind", kind, err))
    return -1;
  if (host) {
    char *why = xasprintf("esxtop group on host %s", host);
    int bad = sink_mark_guest(sink, id, why, err);
    free(why);
    if (bad)
      return -1;
  }
  xgrow(&s->v, &s->cap, (size_t)s->n + 1, sizeof *s->v);
  s->v[s->n].name = xstrdup(name);
  s->v[s->n].id = id;
  s->n++;
  return id;
}

/* Keeps column COL under source metric NAME (taken) of SERVER. */
static int plan_source(pdh_plan *plan, nf_sink *sink, int col, int64_t server, char *name,
                       nf_err *err)
{
  int64_t m = sink_metric(sink, name, NULL, err);
  free(name);
  if (m < 0)
    return -1;
  pdh_plan_source(plan, col, server, m);
  return 0;
}

/* Decides where column COL (path P) goes. */
static int plan_column(int col, pdh_path *p, struct servers *srv, nf_sink *sink,
                       pdh_plan *plan, nf_err *err)
{
  int64_t host = server_for(srv, sink, p->host, NULL, "host", err);
  if (host < 0)
    return -1;
  const char *gname = p->instance ? group_name(p->instance) : NULL;
  int group_obj = nf_strcaseeq(p->object, "Group Cpu") || nf_strcaseeq(p->object, "Group Memory");
  if (group_obj && gname && !is_system_group(gname)) {
    int64_t guest = server_for(srv, sink, gname, p->host, NULL, err);
    if (guest < 0)
      return -1;
    if (nf_strcaseeq(p->object, "Group Cpu"))
      for (size_t i = 0; i < NF_ARRAY_LEN(group_cpu); i++)
        if (nf_strcaseeq(group_cpu[i].counter, p->counter)) {
          pdh_plan_group(plan, col, guest, group_cpu[i].metric, PDH_SUM, 1);
          return 0;
        }
    return plan_source(plan, sink, col, guest, xasprintf("%s\\%s", p->object, p->counter), err);
  }
  if (group_obj && gname) /* a system group: its GID changes at every boot */
    return plan_source(plan, sink, col, host,
                       xasprintf("%s(%s)\\%s", p->object, gname, p->counter), err);
  if (p->instance && nf_strcaseeq(p->object, "Physical Cpu") &&
      nf_strcaseeq(p->instance, "_Total") && nf_strcaseeq(p->counter, "% Util Time")) {
    pdh_plan_group(plan, col, host, NF_M_CPU_PCT, PDH_SUM, 1);
    return 0;
  }
  if (!p->instance && nf_strcaseeq(p->object, "Memory") && nf_strcaseeq(p->counter, "Free MBytes")) {
    pdh_plan_group(plan, col, host, NF_M_MEM_AVAIL_MB, PDH_SUM, 1);
    return 0;
  }
  if (p->instance)
    return plan_source(plan, sink, col, host,
                       xasprintf("%s(%s)\\%s", p->object, p->instance, p->counter), err);
  return plan_source(plan, sink, col, host, xasprintf("%s\\%s", p->object, p->counter), err);
}

static int read_esxtop(nf_sink *sink, const char *path, const nf_import_opts *opts, nf_err *err)
{
  int rc = -1;
  pdh_plan plan = {0};
  pdh_file f = {0};
  struct servers srv = {0};
  if (pdh_open(&f, path, opts, NULL, err))
    goto done;
  pdh_plan_init(&plan, &f);
  for (int i = 1; i < f.ncols; i++) {
    char *s = xstrdup(f.hdr[i]);
    pdh_path p;
    if (pdh_parse_path(s, &p)) {
      free(s);
      nf_errcf(err, path, f.hdr_line, i + 1,
               "expected a counter path \\\\HOST\\Object(Instance)\\Counter, found '%.80s'",
               f.hdr[i]);
      goto done;
    }
    int bad = plan_column(i, &p, &srv, sink, &plan, err);
    free(s);
    if (bad)
      goto done;
  }
  rc = pdh_run(&f, &plan, sink, err);
done:
  for (int i = 0; i < srv.n; i++)
    free(srv.v[i].name);
  free(srv.v);
  pdh_plan_free(&plan);
  pdh_close(&f);
  return rc;
}

const struct nf_importer imp_esxtop = {
  "esxtop", "VMware esxtop batch log (esxtop -b), host-side CPU of each guest", detect_esxtop,
  read_esxtop,
};
