/* overhead.c — the virtualization overhead model of overhead.h. A
 * hypervisor profile is Lua data (rules/profiles/NAME.lua or a user's
 * file): each parameter is {value, "source"}, the per-VM memory table is a
 * small grid. Loading runs common.lua, cohost.lua, the profile's `base`
 * chain and the profile itself in the sandbox, copies every number and its
 * source out into an nf_hv, and closes the Lua state: the planner then
 * calls plain C. docs/overhead.md gives each term's formula and source. */
#include "overhead.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "luahost.h"

const char *const nf_oh_source_names[NF_OH__COUNT] = {
  "scheduler", "privileged", "io-path", "co-scheduling", "memory",
};

const char *const nf_hv_builtin[] = {
  "none", "esx2", "esx3", "vs2005", "xen3-pv", "esxi8", "hyperv2022", "kvm", "vmware-ws32", NULL,
};

struct hv_param {
  char *key;
  double v;
  char *src;
};

/* The per-VM memory grid: mb[r * nv + c] at guest_mb[r] and vcpus[c]. */
struct hv_grid {
  int nv, nr;
  double *vcpus, *ram, *mb;
  char *src;
};

struct nf_hv {
  char *name, *title;
  struct hv_param *p;
  size_t np, cap;
  struct hv_grid vmem;
};

#define HV_MAX_DEPTH 4

static struct hv_param *hv_find(const nf_hv *hv, const char *key)
{
  for (size_t i = 0; i < hv->np; i++)
    if (strcmp(hv->p[i].key, key) == 0)
      return &hv->p[i];
  return NULL;
}

static void hv_put(nf_hv *hv, const char *key, double v, const char *src)
{
  struct hv_param *p = hv_find(hv, key);
  if (p == NULL) {
    xgrow(&hv->p, &hv->cap, hv->np + 1, sizeof *hv->p);
    p = &hv->p[hv->np++];
    p->key = xstrdup(key);
  } else {
    free(p->src);
  }
  p->v = v;
  p->src = xstrdup(src);
}

static void grid_free(struct hv_grid *g)
{
  free(g->vcpus);
  free(g->ram);
  free(g->mb);
  free(g->src);
  memset(g, 0, sizeof *g);
}

void hv_free(nf_hv *hv)
{
  if (hv == NULL)
    return;
  for (size_t i = 0; i < hv->np; i++) {
    free(hv->p[i].key);
    free(hv->p[i].src);
  }
  free(hv->p);
  grid_free(&hv->vmem);
  free(hv->name);
  free(hv->title);
  free(hv);
}

const char *hv_name(const nf_hv *hv)
{
  return hv->name;
}

const char *hv_title(const nf_hv *hv)
{
  return hv->title;
}

double hv_get(const nf_hv *hv, const char *key, double dflt)
{
  const struct hv_param *p = hv_find(hv, key);
  return p ? p->v : dflt;
}

const char *hv_source(const nf_hv *hv, const char *key)
{
  if (strcmp(key, "vm_memory") == 0)
    return hv->vmem.src ? hv->vmem.src : "no per-VM memory table in this profile: 0 MB";
  const struct hv_param *p = hv_find(hv, key);
  return p ? p->src : "not in this profile: built-in default";
}

const char *hv_param(const nf_hv *hv, int i, double *value, const char **source)
{
  if (i < 0 || (size_t)i >= hv->np)
    return NULL;
  if (value)
    *value = hv->p[i].v;
  if (source)
    *source = hv->p[i].src;
  return hv->p[i].key;
}

/* Reads the array at stack top into a fresh double array; -1 unless it is a
 * non-empty sequence of numbers, strictly increasing when INCREASING. */
static int read_numbers(lua_State *L, double **out, int *n, int increasing)
{
  if (!lua_istable(L, -1))
    return -1;
  lua_Integer len = luaL_len(L, -1);
  if (len <= 0 || len > 64)
    return -1;
  double *v = xmalloc((size_t)len * sizeof *v);
  for (lua_Integer i = 1; i <= len; i++) {
    lua_geti(L, -1, i);
    int ok = lua_type(L, -1) == LUA_TNUMBER;
    v[i - 1] = ok ? lua_tonumber(L, -1) : 0;
    lua_pop(L, 1);
    if (!ok || !isfinite(v[i - 1]) || (increasing && i > 1 && v[i - 1] <= v[i - 2])) {
      free(v);
      return -1;
    }
  }
  *out = v;
  *n = (int)len;
  return 0;
}

/* Reads the vm_memory table at stack top into HV's grid. */
static int read_grid(lua_State *L, nf_hv *hv, const char *path, nf_err *err)
{
  struct hv_grid g = {0};
  int rc = -1;
  if (!lua_istable(L, -1)) {
    nf_errf(err, path, 0, "vm_memory must be a table {source=, vcpus=, guest_mb=, mb=}");
    return -1;
  }
  lua_getfield(L, -1, "source");
  if (lua_type(L, -1) != LUA_TSTRING) {
    lua_pop(L, 1);
    nf_errf(err, path, 0, "vm_memory needs a source = \"...\" naming where the table comes from");
    return -1;
  }
  g.src = xstrdup(lua_tostring(L, -1));
  lua_pop(L, 1);
  lua_getfield(L, -1, "vcpus");
  int bad = read_numbers(L, &g.vcpus, &g.nv, 1);
  lua_pop(L, 1);
  if (bad) {
    nf_errf(err, path, 0, "vm_memory.vcpus must be increasing numbers, e.g. {1, 2, 4, 8}");
    goto done;
  }
  lua_getfield(L, -1, "guest_mb");
  bad = read_numbers(L, &g.ram, &g.nr, 1);
  lua_pop(L, 1);
  if (bad) {
    nf_errf(err, path, 0, "vm_memory.guest_mb must be increasing numbers, e.g. {1024, 4096}");
    goto done;
  }
  lua_getfield(L, -1, "mb");
  if (!lua_istable(L, -1) || luaL_len(L, -1) != g.nr) {
    lua_pop(L, 1);
    nf_errf(err, path, 0, "vm_memory.mb must have one row per guest_mb entry (%d)", g.nr);
    goto done;
  }
  g.mb = xmalloc((size_t)g.nr * (size_t)g.nv * sizeof *g.mb);
  for (int r = 0; r < g.nr; r++) {
    lua_geti(L, -1, r + 1);
    double *row = NULL;
    int n = 0;
    bad = read_numbers(L, &row, &n, 0);
    lua_pop(L, 1);
    if (bad || n != g.nv) {
      free(row);
      lua_pop(L, 1);
      nf_errf(err, path, 0, "vm_memory.mb row %d must hold %d numbers, one per vcpus entry", r + 1,
              g.nv);
      goto done;
    }
    memcpy(g.mb + (size_t)r * (size_t)g.nv, row, (size_t)g.nv * sizeof *row);
    free(row);
  }
  lua_pop(L, 1);
  grid_free(&hv->vmem);
  hv->vmem = g;
  memset(&g, 0, sizeof g);
  rc = 0;
done:
  grid_free(&g);
  return rc;
}

/* The file a profile name stands for: a path when it ends in ".lua", else
 * rules/profiles/NAME.lua; NULL with ERR for a name with odd characters. */
static char *profile_path(const char *name, nf_err *err)
{
  size_t n = strlen(name);
  if (n > 4 && strcmp(name + n - 4, ".lua") == 0)
    return xstrdup(name);
  if (n == 0 || n > 64 || strcmp(name, "common") == 0 || strcmp(name, "cohost") == 0)
    goto bad;
  for (const char *c = name; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
      goto bad;
  return xasprintf("rules/profiles/%s.lua", name);
bad:
  nf_errf(err, NULL, 0,
          "hypervisor profile '%s': expected a built-in name (esx2, esxi8, ...) or a file ending in .lua",
          name);
  return NULL;
}

static int load_layer(lua_State *L, nf_hv *hv, const char *path, int depth, nf_err *err);

/* Copies the parameters of the environment table at stack top into HV. */
static int copy_env(lua_State *L, nf_hv *hv, const char *path, nf_err *err)
{
  int env = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, env)) {
    /* key at -2, value at -1 */
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 1);
      continue;
    }
    const char *key = lua_tostring(L, -2);
    int t = lua_type(L, -1);
    if (strcmp(key, "name") == 0 || strcmp(key, "title") == 0) {
      if (t != LUA_TSTRING) {
        lua_pop(L, 2);
        return nf_errf(err, path, 0, "%s must be a string", key);
      }
      char **dst = key[0] == 'n' ? &hv->name : &hv->title;
      free(*dst);
      *dst = xstrdup(lua_tostring(L, -1));
    } else if (strcmp(key, "base") == 0) {
      /* handled before this layer */
    } else if (strcmp(key, "vm_memory") == 0) {
      if (read_grid(L, hv, path, err)) {
        lua_pop(L, 2);
        return -1;
      }
    } else if (t == LUA_TTABLE) {
      lua_geti(L, -1, 1);
      lua_geti(L, -2, 2);
      int ok = lua_type(L, -2) == LUA_TNUMBER && lua_type(L, -1) == LUA_TSTRING &&
               isfinite(lua_tonumber(L, -2));
      if (!ok) {
        lua_pop(L, 4);
        return nf_errf(err, path, 0,
                       "parameter %s: expected {number, \"source\"}, e.g. %s = {0.25, \"estimate: why\"}",
                       key, key);
      }
      hv_put(hv, key, lua_tonumber(L, -2), lua_tostring(L, -1));
      lua_pop(L, 2);
    } else if (t == LUA_TNUMBER || t == LUA_TSTRING || t == LUA_TBOOLEAN) {
      lua_pop(L, 2);
      return nf_errf(err, path, 0,
                     "parameter %s: every number needs its source: write %s = {value, \"source\"}",
                     key, key);
    }
    /* functions and other helpers a profile defines are ignored */
    lua_pop(L, 1);
  }
  return 0;
}

/* Runs one profile file, loading the profile its `base` names first. */
static int load_layer(lua_State *L, nf_hv *hv, const char *path, int depth, nf_err *err)
{
  if (depth > HV_MAX_DEPTH)
    return nf_errf(err, path, 0, "base chain deeper than %d profiles (a loop?)", HV_MAX_DEPTH);
  if (lh_run_file(L, path, 0, err))
    return -1;
  lua_getfield(L, -1, "base");
  if (!lua_isnil(L, -1)) {
    if (lua_type(L, -1) != LUA_TSTRING) {
      lua_pop(L, 2);
      return nf_errf(err, path, 0, "base must name a profile, e.g. base = \"esxi8\"");
    }
    char *bpath = profile_path(lua_tostring(L, -1), err);
    lua_pop(L, 1);
    int rc = bpath ? load_layer(L, hv, bpath, depth + 1, err) : -1;
    free(bpath);
    if (rc) {
      lua_pop(L, 1);
      return -1;
    }
    /* The profile is its own: it inherits numbers, not the base's identity. */
    free(hv->name);
    free(hv->title);
    hv->name = hv->title = NULL;
  } else {
    lua_pop(L, 1);
  }
  int rc = copy_env(L, hv, path, err);
  lua_pop(L, 1);
  return rc;
}

/* Applies one --set KEY=VALUE. */
static int apply_set(nf_hv *hv, const char *set, nf_err *err)
{
  const char *eq = strchr(set, '=');
  if (eq == NULL || eq == set)
    return nf_errf(err, NULL, 0, "--set %s: expected KEY=VALUE, e.g. --set page_sharing=0.25", set);
  char *key = xstrndup(set, (size_t)(eq - set));
  nf_trim(key);
  double v;
  int rc = 0;
  if (nf_parse_double(eq + 1, &v) || !isfinite(v))
    rc = nf_errf(err, NULL, 0, "--set %s: the value must be a number", set);
  else if (hv_find(hv, key) == NULL && strcmp(key, "page_sharing") != 0)
    rc = nf_errf(err, NULL, 0,
                 "--set %s: profile %s has no parameter '%s' (see `nfold explain --help` or docs/overhead.md)",
                 set, hv->name, key);
  else if (v < 0)
    rc = nf_errf(err, NULL, 0, "--set %s: parameters are never negative", set);
  else if (strcmp(key, "page_sharing") == 0 && v >= 1)
    rc = nf_errf(err, NULL, 0, "--set %s: page sharing is a fraction of guest memory, below 1", set);
  else
    hv_put(hv, key, v, "--set on the command line");
  free(key);
  return rc;
}

nf_hv *hv_load(const char *name, const char *const *sets, int nsets, nf_err *err)
{
  nf_hv *hv = xcalloc(1, sizeof *hv);
  lua_State *L = NULL;
  char *path = profile_path(name, err);
  if (path == NULL)
    goto fail;
  L = lh_new(16u << 20, err);
  if (L == NULL)
    goto fail;
  lh_set_budget(L, 10000000L);
  /* A built-in name that is neither on disk nor embedded is a typo. */
  size_t len = strlen(name);
  if (!(len > 4 && strcmp(name + len - 4, ".lua") == 0) && nf_embedded(path, NULL) == NULL) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
      sbuf known = {0};
      for (const char *const *b = nf_hv_builtin; *b; b++)
        sb_printf(&known, "%s%s", b == nf_hv_builtin ? "" : ", ", *b);
      nf_errf(err, NULL, 0, "unknown hypervisor profile '%s' (built in: %s; or a FILE.lua)", name,
              known.s);
      sb_free(&known);
      goto fail;
    }
    fclose(f);
  }
  if (load_layer(L, hv, "rules/profiles/common.lua", HV_MAX_DEPTH, err) ||
      load_layer(L, hv, "rules/profiles/cohost.lua", HV_MAX_DEPTH, err) ||
      load_layer(L, hv, path, 0, err))
    goto fail;
  if (hv->name == NULL) {
    /* A user's file without `name`: its file name, less directory and .lua. */
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    hv->name = xstrndup(b, strlen(b) > 4 ? strlen(b) - 4 : strlen(b));
  }
  if (hv->title == NULL)
    hv->title = xstrdup(hv->name);
  for (int i = 0; i < nsets; i++)
    if (apply_set(hv, sets[i], err))
      goto fail;
  lh_close(L);
  free(path);
  return hv;
fail:
  lh_close(L);
  free(path);
  hv_free(hv);
  return NULL;
}

/* ---- CPU ------------------------------------------------------------- */

static double clamp(double x, double lo, double hi)
{
  return x < lo ? lo : x > hi ? hi : x;
}

static double stat_mean(const nf_workload *w, enum nf_metric m)
{
  return w->stat[m].n > 0 && isfinite(w->stat[m].mean) ? w->stat[m].mean : 0;
}

/* The guest's peak CPU demand (CU) for sizing its vCPUs: its peak slot,
 * else p95 of % Processor Time over its capacity; -1 when unknown. */
static double sizing_peak(const nf_workload *w)
{
  if (w->peak[NF_D_CPU] > 0)
    return w->peak[NF_D_CPU];
  if (w->stat[NF_M_CPU_PCT].n > 0 && w->capacity > 0)
    return w->stat[NF_M_CPU_PCT].p95 / 100.0 * w->capacity;
  return -1;
}

int oh_guest_vcpus(const nf_hv *hv, const nf_workload *w)
{
  int src = hv_get(hv, "vcpu_threads", 0) > 0 && w->srv.threads > 0 ? w->srv.threads : w->srv.cores;
  if (src <= 0)
    src = 1;
  /* Right-sizing as a P2V does it: enough vCPUs of the source's core speed
   * for the peak at the target per-vCPU utilisation, never more than the
   * source had. Without a CPU measurement the source's count stands. */
  int n = src;
  double pk = sizing_peak(w), target = hv_get(hv, "vcpu_target_util", 0);
  double core = w->core_rating > 0 ? w->core_rating
                : w->capacity > 0 && w->srv.cores > 0 ? w->capacity / w->srv.cores
                                                      : 0;
  if (pk >= 0 && target > 0 && core > 0) {
    double need = ceil(pk / (core * clamp(target, 0.05, 1)) - 1e-9);
    n = need < 1 ? 1 : need < src ? (int)need : src;
  }
  int max = (int)hv_get(hv, "vcpu_max", 0);
  if (max > 0 && n > max)
    n = max;
  return n;
}

/* Share of a host's time the scheduler takes with N guests on it. */
static double sched_frac(const nf_hv *hv, int n)
{
  return clamp((hv_get(hv, "sched_base_pct", 0) + n * hv_get(hv, "sched_per_vm_pct", 0)) / 100.0, 0,
               hv_get(hv, "sched_frac_max", 0.9));
}

double oh_contention(int vcpus, int pcpus)
{
  return pcpus > 0 ? clamp((double)(vcpus - pcpus) / pcpus, 0, 1) : 0;
}

double oh_sched_coef(const nf_hv *hv, int nguests)
{
  double f = sched_frac(hv, nguests > 0 ? nguests : 1);
  return f / (1 - f);
}

void oh_prepare(const nf_hv *hv, const nf_workload *w, const nf_oh_host *host, nf_oh_prep *p)
{
  memset(p, 0, sizeof *p);
  nf_oh_detail *dd = &p->d;
  /* Shares of the guest's busy time, as ratios of means: robust to the
   * samples where the processor is nearly idle. */
  double cpu = stat_mean(w, NF_M_CPU_PCT);
  if (cpu > 0) {
    dd->priv_share = clamp(stat_mean(w, NF_M_CPU_PRIV_PCT) / cpu, 0, 1);
    dd->io_share =
        clamp((stat_mean(w, NF_M_CPU_INTR_PCT) + stat_mean(w, NF_M_CPU_DPC_PCT)) / cpu, 0, 1);
  }
  /* How much of the kernel time is I/O-stack code using physical
   * addresses: a large nonpaged pool is the tell on Windows; where there is
   * no such counter (Linux), a high interrupt + DPC share is. */
  dd->npp_mb = stat_mean(w, NF_M_NONPAGED_POOL_MB);
  double heavy = hv_get(hv, "npp_heavy_mb", 100), iob = hv_get(hv, "io_bound_share", 0.15);
  double h = heavy > 0 ? clamp(dd->npp_mb / heavy, 0, 1) : 0;
  if (iob > 0 && dd->io_share / iob > h)
    h = clamp(dd->io_share / iob, 0, 1);
  dd->kio_heavy = h;
  dd->npp_mult = 1 + (hv_get(hv, "npp_factor", 1) - 1) * h;

  /* Scheduler: the host loses f = base + N × per-VM of its time, so the
   * guest needs demand / (1 − f): the inverse of the benchmark formula
   * per-VM % = (theoretical − actual) × 100 / theoretical / #VMs. */
  int n = host && host->nguests > 0 ? host->nguests : 1;
  dd->sched_frac = sched_frac(hv, n);
  /* The first three terms are linear in demand: one coefficient each. */
  p->lin[NF_OH_SCHEDULER] = dd->sched_frac / (1 - dd->sched_frac);
  p->lin[NF_OH_PRIVILEGED] = dd->priv_share * hv_get(hv, "priv_cost", 0) *
                             (1 - clamp(hv_get(hv, "hw_assist", 0), 0, 1)) * dd->npp_mult;
  p->lin[NF_OH_IO_PATH] =
      dd->io_share * hv_get(hv, "io_cost", 0) * (1 - clamp(hv_get(hv, "pv_io_saving", 0), 0, 1));

  dd->vcpus = oh_guest_vcpus(hv, w);
  dd->gang_eff = 1;
  p->strict = hv_get(hv, "cosched", 0);
  p->gang = dd->vcpus;
  double g = hv_get(hv, "cosched_gang", 0);
  if (g >= 2 && p->gang > g)
    p->gang = g;
  if (host && host->pcpus > 0 && host->capacity > 0) {
    p->core = host->capacity / host->pcpus;
    dd->contention = oh_contention(host->vcpus, host->pcpus);
  }
}

/* X to the power N ≥ 0; a gang's size is a whole number of vCPUs but for
 * a --set cosched_gang with a fraction, and the projection of a host calls
 * this per guest and slot: by multiplication where it can. */
static double gang_pow(double x, double n)
{
  if (!(n >= 0 && n <= 64 && n == (int)n))
    return pow(x, n);
  double r = 1;
  for (int i = (int)n; i > 0; i >>= 1, x *= x)
    if (i & 1)
      r *= x;
  return r;
}

double oh_prep_cpu(const nf_oh_prep *p, double demand, double terms[NF_OH__COUNT],
                   nf_oh_detail *d)
{
  if (!(demand > 0))
    demand = 0;
  double t[NF_OH__COUNT] = {0};
  for (int i = 0; i < NF_OH_COSCHED; i++)
    t[i] = demand * p->lin[i];
  nf_oh_detail dd = p->d;
  /* Co-scheduling: a gang of k vCPUs holds k pCPUs while any of its threads
   * runs. With independent threads each busy u, the pCPUs it holds do
   * useful work u / (1 − (1 − u)^k) of the time; the rest is lost, scaled
   * by the profile's strictness and by how far vCPUs outnumber pCPUs. */
  /* (Without a caller for the detail, the gang's figures matter only
   * where they cost something.) */
  int gang = d != NULL || (p->strict > 0 && dd.contention > 0);
  if (gang && p->core > 0 && dd.vcpus > 1 && demand > 0) {
    dd.vcpu_util = clamp(demand / (dd.vcpus * p->core), 1e-6, 1);
    /* Strict co-scheduling starts the whole gang; relaxed co-scheduling
     * (cosched_gang 2) only co-stops a leading vCPU against one lagging
     * sibling, so the loss is that of a pair whatever the vCPU count. */
    double u = dd.vcpu_util, k = p->gang, q = gang_pow(1 - u, k - 1), p0 = q * (1 - u);
    dd.gang_eff = u / (1 - p0);
    /* Only the time the gang has two or more runnable vCPUs can cost
     * anything: an idle (halted) sibling counts as keeping pace and is not
     * co-stopped, even under strict co-scheduling (VMware, "The CPU
     * Scheduler in VMware ESX 4.1", 2010). With independent threads that
     * share of the gang's busy time is P(>= 2 busy) / P(>= 1 busy),
     * ~ (k-1)u/2 near idle: the term vanishes with demand instead of
     * tending to (k-1) x demand. */
    double p1 = k * u * q;
    dd.multi_share = 1 - p0 > 0 ? clamp((1 - p0 - p1) / (1 - p0), 0, 1) : 0;
    if (p->strict > 0 && dd.contention > 0)
      t[NF_OH_COSCHED] = demand * p->strict * dd.contention * dd.multi_share * (1 / dd.gang_eff - 1);
  } else if (p->core > 0) {
    dd.vcpu_util = clamp(demand / (dd.vcpus * p->core), 0, 1);
  }
  if (!(dd.vcpus > 1 && p->core > 0 && demand > 0))
    dd.contention = 0;
  double total = 0;
  for (int i = 0; i < NF_OH__COUNT; i++)
    total += t[i];
  if (terms)
    memcpy(terms, t, sizeof t);
  if (d)
    *d = dd;
  return total;
}

double oh_guest_cpu_detail(const nf_hv *hv, const nf_workload *w, double demand,
                           const nf_oh_host *host, double terms[NF_OH__COUNT], nf_oh_detail *d)
{
  nf_oh_prep p;
  oh_prepare(hv, w, host, &p);
  return oh_prep_cpu(&p, demand, terms, d);
}

double oh_guest_cpu(const nf_hv *hv, const nf_workload *w, double demand, const nf_oh_host *host,
                    double terms[NF_OH__COUNT])
{
  return oh_guest_cpu_detail(hv, w, demand, host, terms, NULL);
}

/* ---- memory ---------------------------------------------------------- */

/* Where X falls on the increasing axis XS[0..n): segment *I and fraction
 * *T, clamped below the first point, extrapolated past the last. */
static void axis_locate(const double *xs, int n, double x, int *i, double *t)
{
  if (n < 2 || x <= xs[0]) {
    *i = 0;
    *t = 0;
    return;
  }
  int k = 0;
  while (k < n - 2 && x > xs[k + 1])
    k++;
  *i = k;
  *t = (x - xs[k]) / (xs[k + 1] - xs[k]);
}

static double grid_at(const struct hv_grid *g, int r, int c)
{
  return g->mb[(size_t)r * (size_t)g->nv + (size_t)c];
}

/* The grid value at guest RAM MB on the column C, interpolated along RAM. */
static double grid_ram(const struct hv_grid *g, int c, double mb)
{
  int i;
  double t;
  axis_locate(g->ram, g->nr, mb, &i, &t);
  if (g->nr < 2)
    return grid_at(g, 0, c);
  return grid_at(g, i, c) + t * (grid_at(g, i + 1, c) - grid_at(g, i, c));
}

double oh_guest_ram(const nf_hv *hv, const nf_workload *w)
{
  return oh_guest_ram_vcpus(hv, w, oh_guest_vcpus(hv, w));
}

double oh_guest_ram_vcpus(const nf_hv *hv, const nf_workload *w, int vcpus)
{
  const struct hv_grid *g = &hv->vmem;
  if (g->nv == 0 || g->nr == 0)
    return 0;
  double mb = w->srv.ram_mb > 0 ? w->srv.ram_mb : w->ram_need_mb;
  int i;
  double t;
  axis_locate(g->vcpus, g->nv, vcpus, &i, &t);
  double a = grid_ram(g, i, mb);
  if (g->nv < 2)
    return a > 0 ? a : 0;
  double v = a + t * (grid_ram(g, i + 1, mb) - a);
  return v > 0 ? v : 0;
}

void oh_host_ram_prep(const nf_hv *hv, nf_oh_hostram *p)
{
  p->fixed_mb = hv_get(hv, "host_kernel_mb", 0) + hv_get(hv, "host_console_mb", 0);
  p->free_frac = hv_get(hv, "host_free_pct", 0) / 100.0;
}

double oh_host_ram(const nf_hv *hv, double guest_mb, double vm_oh_mb, double sharing, nf_oh_ram *b)
{
  nf_oh_hostram p;
  oh_host_ram_prep(hv, &p);
  return oh_host_ram_at(&p, guest_mb, vm_oh_mb, sharing, b);
}

double oh_host_ram_at(const nf_oh_hostram *p, double guest_mb, double vm_oh_mb, double sharing,
                      nf_oh_ram *b)
{
  nf_oh_ram r = {0};
  r.guests = guest_mb;
  r.vm_overhead = vm_oh_mb;
  r.host_fixed = p->fixed_mb;
  /* The free floor is a share of what the guests occupy before sharing,
   * as in the ESX 2 worked example (6 % of 4528 MB). */
  r.host_free = p->free_frac * (guest_mb + vm_oh_mb);
  r.shared = clamp(sharing, 0, 1) * guest_mb;
  r.total = r.guests + r.vm_overhead + r.host_fixed + r.host_free - r.shared;
  if (b)
    *b = r;
  return r.total;
}

static int same_text(const char *a, const char *b)
{
  return a && b && *a && *b && nf_strcaseeq(a, b);
}

double oh_page_sharing(const nf_hv *hv, const nf_workload *const *guests, int n)
{
  const struct hv_param *fixed = hv_find(hv, "page_sharing");
  if (fixed)
    return clamp(fixed->v, 0, 0.99);
  if (n <= 0 || hv_get(hv, "page_sharing_enabled", 0) <= 0)
    return 0;
  /* Similarity: the mean over pairs of 1 (same OS and role), the same-OS
   * weight (same OS only), else 0. One guest shares only with itself. */
  double same_os = hv_get(hv, "share_same_os", 0.3), sum = 0;
  long pairs = 0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      const nf_server *a = &guests[i]->srv, *b = &guests[j]->srv;
      if (same_text(a->os, b->os))
        sum += same_text(a->role, b->role) ? 1 : same_os;
      pairs++;
    }
  double sim = pairs ? sum / pairs : 0;
  double s = hv_get(hv, "share_intra", 0) + hv_get(hv, "share_inter", 0) * sim * (n - 1) / n;
  return clamp(s, 0, 0.9);
}

int oh_overcommit(const nf_hv *hv)
{
  return hv_get(hv, "overcommit", 1) > 0;
}

double oh_guest_ram_need(const nf_hv *hv, const nf_workload *w)
{
  if (!oh_overcommit(hv) && w->srv.ram_mb > 0)
    return w->srv.ram_mb;
  return w->ram_need_mb > 0 ? w->ram_need_mb : w->srv.ram_mb;
}

int oh_guest_allowed(const nf_hv *hv, const nf_workload *w, const char **why)
{
  double max = hv_get(hv, "guest_ram_max_mb", 0);
  double mb = oh_guest_ram_need(hv, w);
  if (max > 0 && mb > max) {
    if (why)
      *why = "its memory exceeds the hypervisor's per-VM maximum";
    return 0;
  }
  if (why)
    *why = NULL;
  return 1;
}

double oh_cohost_k(const nf_hv *hv, int light)
{
  return clamp(hv_get(hv, light ? "cohost_contention_light" : "cohost_contention", 0), 0, 0.9);
}

double oh_cohost_extra(double demand, int ninstances, double k)
{
  if (ninstances < 2 || !(demand > 0))
    return 0;
  return demand * k / (1 - k);
}

double oh_cohost_cpu(const nf_hv *hv, double demand, int ninstances, int light)
{
  return oh_cohost_extra(demand, ninstances, oh_cohost_k(hv, light));
}

/* ---- risks ----------------------------------------------------------- */

double oh_cpu_ready(const nf_oh_host *host, double util)
{
  if (host == NULL || host->pcpus <= 0 || host->capacity <= 0 || !(host->demand > 0))
    return 0;
  double c = host->pcpus;
  double a = host->demand / (host->capacity / c); /* offered load, in cores */
  double over = 0;
  if (a >= 0.995 * c) {
    /* Saturated: beyond the queue at full load, the excess waits outright. */
    over = (a - c) / a;
    a = 0.995 * c;
  }
  /* Erlang B by recursion, then Erlang C: the chance a dispatch waits. */
  double bl = 1;
  for (int k = 1; k <= host->pcpus; k++)
    bl = a * bl / (k + a * bl);
  double pw = c * bl / (c - a * (1 - bl));
  double wait_per_run = pw / (c - a); /* mean wait / mean run (M/M/c) */
  util = clamp(util, 0, 1);
  double ready = 100 * util * wait_per_run + 100 * over;
  /* Running and ready together cannot exceed the wall clock. */
  return clamp(ready, 0, 100 * (1 - util * (1 - over)));
}

/* The guest's CPU demand to judge risks by: its peak slot, else p95. */
static double risk_demand(const nf_workload *w)
{
  if (w->peak[NF_D_CPU] > 0)
    return w->peak[NF_D_CPU];
  if (w->stat[NF_M_CPU_PCT].n > 0)
    return w->stat[NF_M_CPU_PCT].p95 / 100.0 * w->capacity;
  return 0;
}

int oh_risks(const nf_hv *hv, const nf_workload *w, const nf_oh_host *host, nf_oh_emit emit,
             void *ud)
{
  char text[512];
  int count = 0;
  double demand = risk_demand(w);
  nf_oh_detail d;
  double terms[NF_OH__COUNT];
  oh_guest_cpu_detail(hv, w, demand, host, terms, &d);

  const char *why;
  if (!oh_guest_allowed(hv, w, &why)) {
    double need = oh_guest_ram_need(hv, w);
    snprintf(text, sizeof text,
             "%.0f MB: %s (%.0f MB on %s); keep it native or on a bigger host OS", need, why,
             hv_get(hv, "guest_ram_max_mb", 0), hv->name);
    emit(ud, "vm-limit", need, text);
    count++;
  }

  int io_bound = d.io_share >= hv_get(hv, "io_bound_share", 0.15) ||
                 same_text(w->srv.role, "backup");
  if (io_bound && host && host->nguests > host->pcpus) {
    snprintf(text, sizeof text,
             "%.1f %% of its busy time is interrupt + DPC%s, and %d guests share %d physical "
             "processors: its I/O completions wait for the next dispatch, so it can lose %.0f %% "
             "or more of its native I/O throughput (Friedman, CMG 2006); give it a dedicated CPU",
             100 * d.io_share, same_text(w->srv.role, "backup") ? " (a backup server)" : "",
             host->nguests, host->pcpus, hv_get(hv, "io_delay_loss_pct", 50));
    emit(ud, "io-interrupt-delay", 100 * d.io_share, text);
    count++;
  }

  if (terms[NF_OH_COSCHED] > 0 && demand > 0) {
    double lost = 100 * terms[NF_OH_COSCHED] / demand;
    if (lost >= 1) {
      snprintf(text, sizeof text,
               "%d vCPUs each busy %.0f %% are dispatched together while the host's %d vCPUs "
               "outnumber its %d pCPUs: gang scheduling wastes %.1f %% of its demand in idle "
               "held processors (Shelden, CMG 2005); fewer vCPUs or a host with more cores",
               d.vcpus, 100 * d.vcpu_util, host->vcpus, host->pcpus, lost);
      emit(ud, "co-scheduling", lost, text);
      count++;
    }
  }

  double normal = hv_get(hv, "ready_normal_pct", 5), degrade = hv_get(hv, "ready_degrade_pct", 10);
  const nf_stat *rdy = &w->stat[NF_M_VM_CPU_READY_PCT];
  if (rdy->n > 0 && rdy->p95 > normal) {
    snprintf(text, sizeof text,
             "measured CPU ready %.1f %% per vCPU (95th percentile) on its current host: above "
             "%.0f %% is not normal%s (VMware community practice)",
             rdy->p95, normal, rdy->p95 > degrade ? ", above 10 % its response time degrades" : "");
    emit(ud, "cpu-ready", rdy->p95, text);
    count++;
  }
  if (host && host->demand > 0 && hv_get(hv, "sched_per_vm_pct", 0) > 0) {
    double ready = oh_cpu_ready(host, d.vcpu_util);
    if (ready > normal) {
      snprintf(text, sizeof text,
               "estimated CPU ready %.1f %% per vCPU on this host (%.0f %% loaded, %d pCPUs): %s "
               "(< %.0f %% normal, > %.0f %% degrades; VMware community practice)",
               ready, 100 * host->demand / host->capacity, host->pcpus,
               ready > degrade ? "the guest will be slowed" : "watch it", normal, degrade);
      emit(ud, "cpu-ready", ready, text);
      count++;
    }
  }

  const nf_stat *pg = &w->stat[NF_M_PAGING];
  if (pg->n > 0 && pg->p95 >= hv_get(hv, "paging_high_per_s", 500)) {
    double tight = w->srv.ram_mb > 0 ? 100 * w->ram_need_mb / w->srv.ram_mb : 0;
    int constrained = tight >= hv_get(hv, "mem_tight_pct", 90);
    snprintf(text, sizeof text,
             "pages %.0f /s at the 95th percentile%s: %s",
             pg->p95, constrained ? " while using almost all its memory" : "",
             constrained ? "a memory-constrained guest with a high paging rate must not be "
                           "virtualized (DESIGN §1); add memory first"
                         : "paging competes for the shared disks of the host");
    emit(ud, "paging", pg->p95, text);
    count++;
  }

  const nf_stat *cs = &w->stat[NF_M_CPU_PCT];
  int cores = w->srv.cores > 0 ? w->srv.cores : 1;
  if (cs->n > 0 && cores > 1) {
    double p50 = cs->p50 * cores, flat = (cs->p95 - cs->p50) * cores; /* % of one processor */
    if (p50 >= hv_get(hv, "runaway_core_pct", 95) && p50 < 100.0 * cores - 5 &&
        flat < hv_get(hv, "runaway_flat_pts", 3)) {
      snprintf(text, sizeof text,
               "the median CPU is %.0f %% of one processor and barely moves (p95 − p50 = %.1f "
               "points): a runaway thread, which as a guest would steal from every guest sharing "
               "its processors",
               p50, flat);
      emit(ud, "runaway-thread", p50, text);
      count++;
    }
  }

  if (w->srv.is_guest && !w->cpu_from_host) {
    double fig = cs->n > 0 ? cs->p95 : 0;
    snprintf(text, sizeof text,
             "already a guest%s%s: its %% Processor Time (p95 %.0f %%) and disk latency come from "
             "timer-sampled counters that a VM distorts; import host-side esxtop figures "
             "(%%USED, %%RDY) to trust them",
             w->srv.guest_evidence ? " — " : "", w->srv.guest_evidence ? w->srv.guest_evidence : "",
             fig);
    emit(ud, "distrusted-measurements", fig, text);
    count++;
  }
  return count;
}

char *oh_term_formula(const nf_hv *hv, int source, const char **why)
{
  static const char *const decider[NF_OH__COUNT] = {"sched_per_vm_pct", "hw_assist", "pv_io_saving",
                                                    "cosched", "vm_memory"};
  *why = source >= 0 && source < NF_OH__COUNT ? hv_source(hv, decider[source]) : NULL;
  if (*why == NULL)
    *why = "";
  switch (source) {
  case NF_OH_SCHEDULER:
    return xasprintf("(sched_base_pct %g %% + sched_per_vm_pct %g %% per guest on the host) "
                     "of the guest's demand",
                     hv_get(hv, "sched_base_pct", 0), hv_get(hv, "sched_per_vm_pct", 0));
  case NF_OH_PRIVILEGED:
    return xasprintf("priv_cost %g x (1 - hw_assist %g) x the guest's privileged share of its CPU, "
                     "up to npp_factor %g times that for I/O-stack-heavy guests",
                     hv_get(hv, "priv_cost", 0), hv_get(hv, "hw_assist", 0),
                     hv_get(hv, "npp_factor", 1));
  case NF_OH_IO_PATH:
    return xasprintf("io_cost %g x (1 - pv_io_saving %g) x the guest's interrupt + DPC share of its CPU",
                     hv_get(hv, "io_cost", 0), hv_get(hv, "pv_io_saving", 0));
  case NF_OH_COSCHED:
    return xasprintf("cosched %g x the dispatch-in-pairs loss of SMP guests while two or more vCPUs "
                     "are runnable, when vCPUs outnumber physical cores",
                     hv_get(hv, "cosched", 0));
  case NF_OH_MEMORY:
    return xasprintf("per-VM overhead from the profile's table by vCPUs and guest RAM; the host keeps "
                     "%g MB + %g MB and %g %% free; page sharing %s; over-commit %s",
                     hv_get(hv, "host_kernel_mb", 0), hv_get(hv, "host_console_mb", 0),
                     hv_get(hv, "host_free_pct", 0),
                     hv_get(hv, "page_sharing_enabled", 0) > 0 ? "on" : "off",
                     oh_overcommit(hv) ? "allowed" : "refused (a guest gets its full RAM)");
  default:
    return xstrdup("");
  }
}
