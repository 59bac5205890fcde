/* host.c — target host models (--host SPEC): parsing the key=value spec
 * into capacities the planner folds against. CPU capacity is in capacity
 * units (cpurating.h): cores × the per-core rating of the model string at
 * its clock, or cores × cpu_rating when given. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpurating.h"
#include "planner.h"

#define DEFAULT_MODEL "Xeon Gold"

/* Parses a positive number for KEY; fills ERR naming the spec otherwise. */
static int num(const char *spec, const char *key, const char *val, double *out, nf_err *err)
{
  if (nf_parse_double(val, out) || !(*out > 0) || !isfinite(*out))
    return nf_errf(err, NULL, 0, "--host '%s': %s wants a positive number, got '%s'", spec, key,
                   val);
  return 0;
}

int host_parse(const char *spec, nf_host_model *out, nf_err *err)
{
  memset(out, 0, sizeof *out);
  double cores = 32, mhz = 2600, ram_mb = 512 * 1024.0, rating = 0, v;
  char *model = NULL, *name = NULL;
  char *copy = xstrdup(spec ? spec : "");
  int rc = 0;
  for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok && rc == 0;
       tok = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(tok, '=');
    if (eq == NULL) {
      if (*nf_trim(tok) == '\0')
        continue;
      rc = nf_errf(err, NULL, 0, "--host '%s': '%s' is not key=value", spec, tok);
      break;
    }
    *eq = '\0';
    char *key = nf_trim(tok), *val = nf_trim(eq + 1);
    if (nf_strcaseeq(key, "cores")) {
      rc = num(spec, key, val, &cores, err);
      if (rc == 0 && (cores != floor(cores) || cores > 4096))
        rc = nf_errf(err, NULL, 0, "--host '%s': cores wants a whole number up to 4096, got '%s'",
                     spec, val);
    } else if (nf_strcaseeq(key, "mhz")) {
      rc = num(spec, key, val, &mhz, err);
    } else if (nf_strcaseeq(key, "ram_gb")) {
      rc = num(spec, key, val, &v, err);
      ram_mb = v * 1024;
    } else if (nf_strcaseeq(key, "ram_mb")) {
      rc = num(spec, key, val, &ram_mb, err);
    } else if (nf_strcaseeq(key, "iops")) {
      rc = num(spec, key, val, &out->iops, err);
    } else if (nf_strcaseeq(key, "net_gbps")) {
      rc = num(spec, key, val, &v, err);
      out->net_mbps = v * 1000;
    } else if (nf_strcaseeq(key, "net_mbps")) {
      rc = num(spec, key, val, &out->net_mbps, err);
    } else if (nf_strcaseeq(key, "cpu_rating")) {
      rc = num(spec, key, val, &rating, err);
    } else if (nf_strcaseeq(key, "price")) {
      rc = num(spec, key, val, &out->price, err);
    } else if (nf_strcaseeq(key, "model")) {
      free(model);
      model = xstrdup(val);
    } else if (nf_strcaseeq(key, "name")) {
      free(name);
      name = xstrdup(val);
    } else {
      rc = nf_errf(err, NULL, 0,
                   "--host '%s': unknown key '%s' (expected cores, mhz, ram_gb, iops, net_gbps, "
                   "cpu_rating, model, price, name)",
                   spec, key);
    }
  }
  free(copy);
  if (rc) {
    free(model);
    free(name);
    return -1;
  }
  out->spec = xstrdup(spec ? spec : "");
  out->cores = (int)cores;
  out->mhz = mhz;
  out->ram_mb = ram_mb;
  out->model = model ? model : xstrdup(DEFAULT_MODEL);
  out->core_rating = cpu_core_rating(out->model, mhz, rating, NULL);
  out->capacity = out->cores * out->core_rating;
  out->name = name ? name
                   : xasprintf("%dc-%gMHz-%gGB", out->cores, out->mhz, out->ram_mb / 1024);
  if (!(out->capacity > 0)) {
    host_free(out);
    return nf_errf(err, NULL, 0, "--host '%s': no CPU capacity (cores × rating is 0)", spec);
  }
  return 0;
}

void host_free(nf_host_model *h)
{
  free(h->spec);
  free(h->name);
  free(h->model);
  memset(h, 0, sizeof *h);
}
