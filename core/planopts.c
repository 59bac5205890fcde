/* planopts.c — the options every plan-like command shares (planopts.h),
 * and the record of them a plan stores so that `nfold replay` can rebuild
 * the same model (hypervisor, --set overrides, headroom) later. */
#include "planopts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char nf_planopts_help[] =
    "  --host SPEC          target host model, repeatable to compare models side by side:\n"
    "                       cores=32,mhz=2600,ram_gb=512[,iops=N][,net_gbps=N][,cpu_rating=R]\n"
    "                       [,model=TEXT][,price=N][,name=TEXT] (default: cores=32,mhz=2600,\n"
    "                       ram_gb=512,model=Xeon Gold)\n"
    "  --hypervisor NAME    overhead profile (esx2, esxi8, ..., none, or a .lua file; default esxi8)\n"
    "  --set KEY=VALUE      override one profile parameter for this run\n"
    "  --headroom F         CPU headroom kept free (default 0.2), or per dimension:\n"
    "                       cpu=0.2,ram=0.1,iops=0.2,net=0.2 (dimensions not named keep\n"
    "                       their defaults); repeatable, and F,F,... lists CPU headrooms:\n"
    "                       each setting is planned side by side, the first is the default\n"
    "  --percentile P       slot value: percentile P of the slot's samples (default 95);\n"
    "                       repeatable or P,P,...: each is planned side by side\n"
    "  --slot-stat STAT     slot value: max, mean, or pNN (same as --percentile)\n"
    "  --slot MINUTES       time-slot width for folding (default 60), no narrower than the\n"
    "                       sampling interval\n"
    "  --window FROM..TO    only samples in this window (ISO dates or times)\n"
    "  --scenario NAME      all-vm, co-host or hybrid; repeatable (default: all three)\n"
    "  --policy NAME=FILE   one more scenario, NAME: each workload at the verdict the latest\n"
    "                       score run's rules plus FILE.lua give it; repeatable\n"
    "  --effort N           let the fold search up to N times longer, and in partitions up\n"
    "                       to N times bigger, for hosts it can save (default 1; never\n"
    "                       more hosts for the fold than at 1; fewer slots than a week at\n"
    "                       5 minutes search longer on their own, 12 times a week at 60)\n"
    "  --jobs N             read the samples in N shares and build up to N scenarios at once\n"
    "                       (default: one per processor, as many builds as half the free\n"
    "                       memory holds); the plan is the same for any N\n";

const char *const nf_scen_names[NF_SC__COUNT] = {"all-vm", "co-host", "hybrid"};

int nf_scen_find(const char *name)
{
  for (int i = 0; i < NF_SC__COUNT; i++)
    if (nf_strcaseeq(nf_scen_names[i], name))
      return i;
  return -1;
}

void planopts_init(nf_plan_opts *o)
{
  memset(o, 0, sizeof *o);
  o->hypervisor = "esxi8";
  o->headroom_cpu = 0.2;
  o->headroom_ram = 0.1;
  o->headroom_iops = 0.2;
  o->headroom_net = 0.2;
  o->prof.percentile = 95;
  o->prof.slot_s = 3600;
  o->effort = 1;
}

/* Appends "--NAME ARG" to the option record, quoting ARG when needed. */
static void record(nf_plan_opts *o, const char *name, const char *arg)
{
  sbuf b = {0};
  if (o->options)
    sb_printf(&b, "%s ", o->options);
  sb_printf(&b, "--%s ", name);
  if (strpbrk(arg, " \t'\"\\") || *arg == '\0') {
    sb_addc(&b, '\'');
    for (const char *p = arg; *p; p++)
      if (*p == '\'')
        sb_add(&b, "'\\''");
      else
        sb_addc(&b, *p);
    sb_addc(&b, '\'');
  } else {
    sb_add(&b, arg);
  }
  free(o->options);
  o->options = sb_take(&b);
}

static int fraction(const char *what, const char *val, double *out, nf_err *err)
{
  double v;
  if (nf_parse_double(val, &v) || !(v >= 0 && v < 1))
    return nf_errf(err, NULL, 0, "--headroom: %s wants a fraction in [0, 1), got '%s'", what, val);
  *out = v;
  return 0;
}

/* The headroom of every dimension that a --headroom option does not name. */
static const nf_headroom default_headroom = {0.2, 0.1, 0.2, 0.2};

/* Adds headroom setting H to the what-if list unless it is there already;
 * the first one is the plan's default. */
static void add_headroom(nf_plan_opts *o, nf_headroom h)
{
  for (int i = 0; i < o->nheadrooms; i++)
    if (memcmp(&o->headrooms[i], &h, sizeof h) == 0)
      return;
  o->headrooms = xrealloc(o->headrooms, (size_t)(o->nheadrooms + 1) * sizeof *o->headrooms);
  o->headrooms[o->nheadrooms++] = h;
  o->headroom_cpu = o->headrooms[0].cpu;
  o->headroom_ram = o->headrooms[0].ram;
  o->headroom_iops = o->headrooms[0].iops;
  o->headroom_net = o->headrooms[0].net;
}

/* Adds percentile P to the what-if list unless it is there already. */
static void add_percentile(nf_plan_opts *o, double p)
{
  for (int i = 0; i < o->npercentiles; i++)
    if (o->percentiles[i] == p)
      return;
  o->percentiles = xrealloc(o->percentiles, (size_t)(o->npercentiles + 1) * sizeof *o->percentiles);
  o->percentiles[o->npercentiles++] = p;
  o->prof.percentile = o->percentiles[0];
}

/* One --policy NAME=FILE.lua. The name is a scenario's: letters, digits,
 * '.', '_' and '-', none of the planner's own, no other policy's. The file
 * is read when the plan scores with it (a stored plan's record is re-read
 * by replay, after the file may have moved). */
static int parse_policy(const char *arg, nf_plan_opts *o, nf_err *err)
{
  const char *eq = strchr(arg, '=');
  size_t n = eq ? (size_t)(eq - arg) : 0;
  if (eq == NULL || n == 0 || eq[1] == '\0')
    return nf_errf(err, NULL, 0, "--policy wants NAME=FILE.lua, got '%s'", arg);
  if (n > 32 || strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") < n)
    return nf_errf(err, NULL, 0,
                   "--policy '%s': a name of at most 32 letters, digits, '.', '_' or '-' before "
                   "the '='",
                   arg);
  char *name = xstrndup(arg, n);
  int s = nf_scen_find(name);
  const char *taken = s >= 0 ? nf_scen_names[s] : NULL;
  for (int i = 0; i < o->npolicies && !taken; i++)
    if (nf_strcaseeq(o->policies[i].name, name))
      taken = o->policies[i].name;
  if (taken) {
    nf_errf(err, NULL, 0, "--policy '%s': a scenario is called '%s' already", arg, taken);
    free(name);
    return -1;
  }
  o->policies = xrealloc(o->policies, (size_t)(o->npolicies + 1) * sizeof *o->policies);
  o->policies[o->npolicies++] = (nf_policy){name, xstrdup(eq + 1)};
  return 0;
}

/* One --headroom: "F[,F]..." (CPU fractions, one setting each) or
 * "cpu=F,ram=F,iops=F,net=F" (one setting; unnamed dimensions default).
 * All values are checked before any setting is added. */
static int parse_headroom(const char *arg, nf_plan_opts *o, nf_err *err)
{
  char *copy = xstrdup(arg);
  nf_headroom one = default_headroom, *list = NULL;
  int n = 0, rc = 0, dims = strchr(arg, '=') != NULL;
  char *save = NULL, *tok = strtok_r(copy, ",", &save);
  if (tok == NULL)
    rc = fraction("cpu", "", &one.cpu, err);
  for (; tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
    if (!dims) {
      nf_headroom h = default_headroom;
      rc = fraction("cpu", nf_trim(tok), &h.cpu, err);
      list = xrealloc(list, (size_t)(n + 1) * sizeof *list);
      list[n++] = h;
      continue;
    }
    char *eq = strchr(tok, '=');
    if (eq == NULL) {
      rc = nf_errf(err, NULL, 0, "--headroom: '%s' is not DIM=F", tok);
      break;
    }
    *eq = '\0';
    const char *k = nf_trim(tok), *v = nf_trim(eq + 1);
    if (nf_strcaseeq(k, "cpu"))
      rc = fraction(k, v, &one.cpu, err);
    else if (nf_strcaseeq(k, "ram"))
      rc = fraction(k, v, &one.ram, err);
    else if (nf_strcaseeq(k, "iops"))
      rc = fraction(k, v, &one.iops, err);
    else if (nf_strcaseeq(k, "net"))
      rc = fraction(k, v, &one.net, err);
    else
      rc = nf_errf(err, NULL, 0, "--headroom: unknown dimension '%s' (expected cpu, ram, iops, net)",
                   k);
  }
  if (rc == 0 && dims)
    add_headroom(o, one);
  for (int i = 0; rc == 0 && i < n; i++)
    add_headroom(o, list[i]);
  free(list);
  free(copy);
  return rc;
}

/* One --percentile: "P[,P]...", each from 0 to 100; all checked first. */
static int parse_percentiles(const char *arg, nf_plan_opts *o, nf_err *err)
{
  char *copy = xstrdup(arg);
  double *list = NULL;
  int n = 0, rc = 0;
  const char *p = copy;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    char *item = xstrndup(p, len);
    double v;
    if (nf_parse_double(nf_trim(item), &v) || !(v >= 0 && v <= 100))
      rc = nf_errf(err, NULL, 0, "--percentile wants a number from 0 to 100, got '%s'",
                   comma || n ? nf_trim(item) : arg);
    free(item);
    if (rc)
      break;
    list = xrealloc(list, (size_t)(n + 1) * sizeof *list);
    list[n++] = v;
    if (comma == NULL)
      break;
    p = comma + 1;
  }
  for (int i = 0; rc == 0 && i < n; i++)
    add_percentile(o, list[i]);
  free(list);
  free(copy);
  return rc;
}

/* Option --NAME's ARG as a whole number from 1 to MAX into *OUT; -1 (ERR
 * set) when it is not one. */
static int whole(const char *name, const char *arg, int max, int *out, nf_err *err)
{
  double v;
  if (nf_parse_double(arg, &v) || !(v >= 1 && v <= max) || v != floor(v))
    return nf_errf(err, NULL, 0, "--%s wants a whole number from 1 to %d, got '%s'", name, max, arg);
  *out = (int)v;
  return 0;
}

int planopts_parse(int opt, const char *arg, nf_plan_opts *o, nf_err *err)
{
  double v;
  switch (opt) {
  case NF_PO_HOST: {
    nf_host_model h;
    if (host_parse(arg, &h, err))
      return -1;
    o->hosts = xrealloc(o->hosts, (size_t)(o->nhosts + 1) * sizeof *o->hosts);
    o->hosts[o->nhosts++] = h;
    record(o, "host", arg);
    return 0;
  }
  case NF_PO_HYPERVISOR:
    if (*arg == '\0')
      return nf_errf(err, NULL, 0, "--hypervisor wants a profile name or a .lua file");
    o->hypervisor = arg;
    record(o, "hypervisor", arg);
    return 0;
  case NF_PO_SET:
    if (strchr(arg, '=') == NULL || arg[0] == '=')
      return nf_errf(err, NULL, 0, "--set wants KEY=VALUE, got '%s'", arg);
    o->sets = xrealloc(o->sets, (size_t)(o->nsets + 1) * sizeof *o->sets);
    o->sets[o->nsets++] = xstrdup(arg);
    record(o, "set", arg);
    return 0;
  case NF_PO_HEADROOM:
    if (parse_headroom(arg, o, err))
      return -1;
    record(o, "headroom", arg);
    return 0;
  case NF_PO_PERCENTILE:
    if (parse_percentiles(arg, o, err))
      return -1;
    record(o, "percentile", arg);
    return 0;
  case NF_PO_SLOT_STAT:
    if (nf_strcaseeq(arg, "max"))
      add_percentile(o, 100);
    else if (nf_strcaseeq(arg, "mean"))
      add_percentile(o, 0);
    else if ((arg[0] == 'p' || arg[0] == 'P') && nf_parse_double(arg + 1, &v) == 0 && v > 0 &&
             v <= 100)
      add_percentile(o, v);
    else
      return nf_errf(err, NULL, 0, "--slot-stat wants max, mean or pNN, got '%s'", arg);
    record(o, "slot-stat", arg);
    return 0;
  case NF_PO_SLOT:
    if (nf_parse_double(arg, &v) || !(v > 0 && v <= 7 * 24 * 60) || fmod(v * 60, 1) != 0)
      return nf_errf(err, NULL, 0,
                     "--slot wants minutes, in whole seconds from 1/60 (one second) to 10080 "
                     "(a week), got '%s'",
                     arg);
    o->prof.slot_s = (int)(v * 60);
    o->slot_given = 1;
    record(o, "slot", arg);
    return 0;
  case NF_PO_WINDOW:
    if (nf_parse_window(arg, &o->prof.from, &o->prof.to, err))
      return -1;
    record(o, "window", arg);
    return 0;
  case NF_PO_SCENARIO: {
    int s = nf_scen_find(arg);
    if (s < 0)
      return nf_errf(err, NULL, 0, "--scenario: unknown scenario '%s' (expected all-vm, co-host, hybrid)",
                     arg);
    o->scen[s] = 1;
    record(o, "scenario", arg);
    return 0;
  }
  case NF_PO_POLICY:
    if (parse_policy(arg, o, err))
      return -1;
    record(o, "policy", arg);
    return 0;
  case NF_PO_EFFORT:
    if (whole("effort", arg, 1000, &o->effort, err))
      return -1;
    record(o, "effort", arg);
    return 0;
  case NF_PO_JOBS: /* the threads that read the samples, too */
    if (whole("jobs", arg, 256, &o->jobs, err))
      return -1;
    o->prof.readers = o->jobs;
    return 0;
  default:
    return 1;
  }
}

void planopts_finish(nf_plan_opts *o)
{
  if (o->nhosts == 0) {
    nf_err err = {0};
    o->hosts = xmalloc(sizeof *o->hosts);
    if (host_parse("cores=32,mhz=2600,ram_gb=512,model=Xeon Gold", &o->hosts[0], &err) == 0)
      o->nhosts = 1;
  }
  int any = 0;
  for (int s = 0; s < NF_SC__COUNT; s++)
    any |= o->scen[s];
  if (!any)
    for (int s = 0; s < NF_SC__COUNT; s++)
      o->scen[s] = 1;
  if (o->nheadrooms == 0)
    add_headroom(o, (nf_headroom){o->headroom_cpu, o->headroom_ram, o->headroom_iops,
                                  o->headroom_net});
  if (o->npercentiles == 0)
    add_percentile(o, o->prof.percentile);
  if (o->options == NULL)
    o->options = xstrdup("");
}

void planopts_free(nf_plan_opts *o)
{
  for (int i = 0; i < o->nhosts; i++)
    host_free(&o->hosts[i]);
  free(o->hosts);
  for (int i = 0; i < o->nsets; i++)
    free(o->sets[i]);
  free(o->sets);
  free(o->headrooms);
  free(o->percentiles);
  for (int i = 0; i < o->npolicies; i++) {
    free(o->policies[i].name);
    free(o->policies[i].file);
  }
  free(o->policies);
  free(o->options);
  free(o->hv_owned);
  memset(o, 0, sizeof *o);
}

static const struct {
  const char *name;
  int opt;
} record_opts[] = {
  {"host", NF_PO_HOST},         {"hypervisor", NF_PO_HYPERVISOR}, {"set", NF_PO_SET},
  {"headroom", NF_PO_HEADROOM}, {"percentile", NF_PO_PERCENTILE}, {"slot", NF_PO_SLOT},
  {"slot-stat", NF_PO_SLOT_STAT}, {"window", NF_PO_WINDOW},       {"scenario", NF_PO_SCENARIO},
  {"effort", NF_PO_EFFORT},     {"policy", NF_PO_POLICY},
};

/* Splits the next shell-quoted word off *P into a fresh string, or NULL at the end. */
static char *word(const char **p)
{
  const char *s = *p;
  while (*s == ' ')
    s++;
  if (*s == '\0')
    return NULL;
  sbuf b = {0};
  sb_add(&b, "");
  while (*s && *s != ' ') {
    if (*s == '\'') {
      s++;
      while (*s && *s != '\'')
        sb_addc(&b, *s++);
      if (*s)
        s++;
    } else if (*s == '\\' && s[1]) {
      sb_addc(&b, s[1]);
      s += 2;
    } else {
      sb_addc(&b, *s++);
    }
  }
  *p = s;
  return sb_take(&b);
}

int planopts_from_record(const char *rec, nf_plan_opts *o, nf_err *err)
{
  const char *p = rec ? rec : "";
  char *w;
  while ((w = word(&p)) != NULL) {
    int opt = -1;
    for (size_t i = 0; i < NF_ARRAY_LEN(record_opts); i++)
      if (strncmp(w, "--", 2) == 0 && strcmp(w + 2, record_opts[i].name) == 0)
        opt = record_opts[i].opt;
    char *arg = word(&p);
    if (opt < 0 || arg == NULL) {
      nf_errf(err, NULL, 0, "stored plan options '%s': cannot read '%s'", rec, w);
      free(w);
      free(arg);
      return -1;
    }
    if (opt == NF_PO_HYPERVISOR) {
      /* The options keep the name: they own this copy. */
      free(o->hv_owned);
      o->hv_owned = arg;
      o->hypervisor = arg;
      record(o, "hypervisor", arg);
      free(w);
      continue;
    }
    int rc = planopts_parse(opt, arg, o, err);
    free(w);
    free(arg);
    if (rc)
      return -1;
  }
  return 0;
}
