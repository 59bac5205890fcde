/* rvtools.c — RVTools CSV exports (DESIGN §3), the inventory of an estate
 * that is already virtual. Two tabs are read, told apart by their header:
 * vInfo (one row per VM: each becomes a server marked as a guest, with its
 * vCPUs as cores and its configured memory as ram_mb) and vHost (one row per
 * ESX host: a server of kind 'host' with its cores, clock and memory). Every
 * column nfold has no attribute for is kept as a tag. Exports come from
 * Excel-minded tools: ',' or ';' separators, quoted numbers with thousands
 * separators, a BOM, trailing blank rows; all are taken in stride.
 * Templates and SRM placeholders are not workloads and are skipped. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "textin.h"

enum tab { TAB_NONE, TAB_VINFO, TAB_VHOST };

/* What a column means. Columns not listed become tags under their header name. */
enum role {
  R_TAG = -1,
  /* vInfo */
  R_VM, R_POWER, R_CPUS, R_MEMORY, R_PROV, R_INUSE, R_OS_CFG, R_OS_TOOLS, R_TEMPLATE, R_SRM,
  /* both */
  R_HOST, R_CLUSTER, R_DC,
  /* vHost */
  R_NCPU, R_CPC, R_NCORES, R_CPU_MODEL, R_SPEED, R_HMEM, R_HT,
  R__COUNT
};

static const struct {
  const char *name; /* lower case */
  enum role role;
} columns[] = {
  {"vm", R_VM},
  {"powerstate", R_POWER},
  {"cpus", R_CPUS},
  {"memory", R_MEMORY},
  {"provisioned mb", R_PROV},
  {"provisioned mib", R_PROV},
  {"in use mb", R_INUSE},
  {"in use mib", R_INUSE},
  {"os according to the configuration file", R_OS_CFG},
  {"os according to the vmware tools", R_OS_TOOLS},
  {"template", R_TEMPLATE},
  {"srm placeholder", R_SRM},
  {"host", R_HOST},
  {"cluster", R_CLUSTER},
  {"datacenter", R_DC},
  {"# cpu", R_NCPU},
  {"cores per cpu", R_CPC},
  {"# cores", R_NCORES},
  {"cpu model", R_CPU_MODEL},
  {"speed", R_SPEED},
  {"# memory", R_HMEM},
  {"ht active", R_HT},
};

/* Tag keys for the columns kept as named tags. */
static const char *tag_key(enum role r)
{
  switch (r) {
  case R_POWER: return "powerstate";
  case R_PROV: return "provisioned_mb";
  case R_INUSE: return "in_use_mb";
  case R_HOST: return "host";
  case R_CLUSTER: return "cluster";
  case R_DC: return "datacenter";
  case R_CPC: return "cores_per_cpu";
  case R_HT: return "ht_active";
  default: return NULL;
  }
}

static enum role role_of(const char *lname)
{
  for (size_t i = 0; i < NF_ARRAY_LEN(columns); i++)
    if (strcmp(columns[i].name, lname) == 0)
      return columns[i].role;
  return R_TAG;
}

/* Which tab a header (cells already normalized) is. */
static enum tab tab_of(const int *have, int *score)
{
  if (have[R_VM] && have[R_CPUS] && have[R_MEMORY]) {
    *score = have[R_POWER] || have[R_PROV] || have[R_OS_CFG] ? 90 : 60;
    return TAB_VINFO;
  }
  if (have[R_HOST] && (have[R_NCORES] || (have[R_NCPU] && have[R_CPC])) && have[R_HMEM]) {
    *score = have[R_SPEED] || have[R_CPU_MODEL] ? 90 : 60;
    return TAB_VHOST;
  }
  *score = 0;
  return TAB_NONE;
}

static int detect_rvtools(const char *head, size_t n)
{
  const char *nl = memchr(head, '\n', n);
  size_t len = nl ? (size_t)(nl - head) : n;
  char *line = xstrndup(head, len);
  char sep = textin_guess_sep(line, len);
  int have[R__COUNT] = {0};
  char *save = NULL;
  char seps[2] = {sep, '\0'};
  for (char *tok = strtok_r(line, seps, &save); tok; tok = strtok_r(NULL, seps, &save)) {
    char *c = textin_norm_header(tok);
    size_t cl = strlen(c);
    if (cl >= 2 && c[0] == '"' && c[cl - 1] == '"') {
      c[cl - 1] = '\0';
      c++;
    }
    enum role r = role_of(c);
    if (r != R_TAG)
      have[r] = 1;
  }
  free(line);
  int score;
  tab_of(have, &score);
  return score;
}

/* Parses a count the way RVTools and Excel write it: "1,024", "1.024",
 * "1 024" (a no-break space too) are 1024; "2,5" is 2.5. 0 on success. */
static int parse_count(const char *s, double *out)
{
  char buf[64];
  size_t k = 0;
  int ndig = 0, seps = 0, grouped = 1;
  char gsep = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == ' ' || *p == '\t')
      continue;
    if (p[0] == 0xC2 && p[1] == 0xA0) { /* U+00A0 */
      p++;
      continue;
    }
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) { /* U+202F */
      p += 2;
      continue;
    }
    if (k + 1 >= sizeof buf)
      return -1;
    buf[k++] = (char)*p;
    if (isdigit(*p)) {
      ndig++;
    } else if (*p == ',' || *p == '.') {
      if (gsep && *p != gsep)
        grouped = 0;
      gsep = (char)*p;
      if ((seps == 0 && (ndig < 1 || ndig > 3)) || (seps > 0 && ndig != 3))
        grouped = 0;
      seps++;
      ndig = 0;
    } else {
      grouped = 0;
    }
  }
  buf[k] = '\0';
  if (seps > 0 && grouped && ndig == 3) {
    /* Thousands separators: drop them. */
    size_t j = 0;
    for (size_t i = 0; i < k; i++)
      if (buf[i] != ',' && buf[i] != '.')
        buf[j++] = buf[i];
    buf[j] = '\0';
  } else {
    /* A decimal comma (it cannot be a thousands separator here). */
    char *c = strchr(buf, ',');
    if (c && !strchr(buf, '.') && !strchr(c + 1, ','))
      *c = '.';
  }
  return nf_parse_double(buf, out);
}

static int is_true(const char *s)
{
  return nf_strcaseeq(s, "true") || nf_strcaseeq(s, "yes") || nf_strcaseeq(s, "1") ||
         nf_strcaseeq(s, "wahr") || nf_strcaseeq(s, "vrai");
}

struct reader {
  nf_sink *sink;
  const char *path;
  char sep;
  enum tab tab;
  int nh;
  char **hdr;    /* header names as written */
  int *role;     /* per cell */
  int at[R__COUNT];
  long line;
};

/* Parses the numeric cell of ROLE; NAN when absent or empty. */
static int num_cell(struct reader *r, char **cells, enum role role, int whole, double *out,
                    nf_err *err)
{
  *out = NAN;
  int i = r->at[role];
  if (i < 0)
    return 0;
  char *v = nf_trim(cells[i]);
  if (*v == '\0')
    return 0;
  double d;
  if (parse_count(v, &d) || d < 0 || (whole && d != floor(d)))
    return nf_errcf(err, r->path, r->line, i + 1, "'%s' must be a %snumber, got '%s'", r->hdr[i],
                    whole ? "whole " : "", v);
  *out = d;
  return 0;
}

static const char *cell(struct reader *r, char **cells, enum role role)
{
  int i = r->at[role];
  return i >= 0 ? nf_trim(cells[i]) : "";
}

/* Keeps the cells of the columns that have no attribute as tags. */
static int put_tags(struct reader *r, int64_t id, char **cells, nf_err *err)
{
  for (int i = 0; i < r->nh; i++) {
    char *v = nf_trim(cells[i]);
    if (*v == '\0')
      continue;
    const char *key = r->role[i] == R_TAG ? r->hdr[i] : tag_key((enum role)r->role[i]);
    if (key == NULL || (r->tab == TAB_VHOST && r->role[i] == R_HOST))
      continue;
    /* Sizes are kept as plain numbers, whatever the locale wrote. */
    char num[32];
    double d;
    if ((r->role[i] == R_PROV || r->role[i] == R_INUSE) && parse_count(v, &d) == 0) {
      snprintf(num, sizeof num, "%.15g", d);
      v = num;
    }
    if (sink_server_tag(r->sink, id, key, v, err))
      return -1;
  }
  return 0;
}

static int put_num(struct reader *r, int64_t id, const char *col, double v, nf_err *err)
{
  if (isnan(v) || v <= 0)
    return 0;
  return sink_server_num(r->sink, id, col, v, err);
}

/* One vInfo row: a VM. Returns 0, 1 when skipped (template, placeholder), -1. */
static int put_vm(struct reader *r, char **cells, int64_t *idp, nf_err *err)
{
  const char *name = cell(r, cells, R_VM);
  if (*name == '\0')
    return nf_errcf(err, r->path, r->line, r->at[R_VM] + 1, "'VM' is empty");
  /* A template or an SRM placeholder is not a running workload: left out,
   * and the import's summary says how many. */
  if (is_true(cell(r, cells, R_TEMPLATE))) {
    sink_count_unused(r->sink, 1, "template rows");
    return 1;
  }
  if (is_true(cell(r, cells, R_SRM))) {
    sink_count_unused(r->sink, 1, "SRM placeholder rows");
    return 1;
  }
  double cpus, mem;
  if (num_cell(r, cells, R_CPUS, 1, &cpus, err) || num_cell(r, cells, R_MEMORY, 0, &mem, err))
    return -1;
  int64_t id = sink_server(r->sink, name, err);
  if (id < 0)
    return -1;
  *idp = id;
  if (put_num(r, id, "cores", cpus, err) || put_num(r, id, "ram_mb", mem, err))
    return -1;
  const char *os = cell(r, cells, R_OS_TOOLS);
  if (*os == '\0')
    os = cell(r, cells, R_OS_CFG);
  if (*os && sink_server_text(r->sink, id, "os", os, err))
    return -1;
  if (sink_server_text(r->sink, id, "model", "VMware Virtual Platform", err) ||
      sink_mark_guest(r->sink, id, "RVTools vInfo", err))
    return -1;
  /* The OS columns have an attribute; keep the one not used if it differs. */
  const char *other = cell(r, cells, R_OS_CFG);
  if (*other && strcmp(other, os) != 0 &&
      sink_server_tag(r->sink, id, "os_configured", other, err))
    return -1;
  return put_tags(r, id, cells, err);
}

/* One vHost row: an ESX host. */
static int put_host(struct reader *r, char **cells, int64_t *idp, nf_err *err)
{
  const char *name = cell(r, cells, R_HOST);
  if (*name == '\0')
    return nf_errcf(err, r->path, r->line, r->at[R_HOST] + 1, "'Host' is empty");
  double sockets, cpc, cores, speed, mem;
  if (num_cell(r, cells, R_NCPU, 1, &sockets, err) || num_cell(r, cells, R_CPC, 1, &cpc, err) ||
      num_cell(r, cells, R_NCORES, 1, &cores, err) || num_cell(r, cells, R_SPEED, 0, &speed, err) ||
      num_cell(r, cells, R_HMEM, 0, &mem, err))
    return -1;
  if (isnan(cores) && !isnan(sockets) && !isnan(cpc))
    cores = sockets * cpc;
  int64_t id = sink_server(r->sink, name, err);
  if (id < 0)
    return -1;
  *idp = id;
  if (sink_server_text(r->sink, id, "kind", "host", err) ||
      put_num(r, id, "sockets", sockets, err) || put_num(r, id, "cores", cores, err) ||
      put_num(r, id, "mhz", speed, err) || put_num(r, id, "ram_mb", mem, err))
    return -1;
  if (!isnan(cores) && r->at[R_HT] >= 0 &&
      put_num(r, id, "threads", is_true(cell(r, cells, R_HT)) ? cores * 2 : cores, err))
    return -1;
  const char *model = cell(r, cells, R_CPU_MODEL);
  /* Collapse the runs of spaces some CPU brand strings carry. */
  char *m = xstrdup(model);
  char *o = m;
  for (const char *p = model; *p; p++)
    if (!(*p == ' ' && o > m && o[-1] == ' '))
      *o++ = *p;
  *o = '\0';
  int rc = *m ? sink_server_text(r->sink, id, "model", m, err) : 0;
  free(m);
  if (rc)
    return -1;
  return put_tags(r, id, cells, err);
}

/* A VM runs at its host's clock: fill mhz of guests whose host is known. */
static int fill_guest_mhz(nf_sink *sink, nf_err *err)
{
  sqlite3 *db = sink_db(sink);
  const char *sql =
      "UPDATE servers SET mhz = (SELECT h.mhz FROM server_tags t JOIN servers h ON h.name = t.value "
      "  WHERE t.server_id = servers.id AND t.key = 'host' AND h.kind = 'host') "
      "WHERE mhz IS NULL AND is_guest = 1 AND EXISTS (SELECT 1 FROM server_tags t "
      "  JOIN servers h ON h.name = t.value WHERE t.server_id = servers.id AND t.key = 'host' "
      "  AND h.kind = 'host' AND h.mhz IS NOT NULL)";
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    nf_errf(err, sink_path(sink), 0, "database: %s (in: filling guests' MHz from their hosts)",
            msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

static int read_rvtools(nf_sink *sink, const char *path, const nf_import_opts *opts, nf_err *err)
{
  int rc = -1;
  struct reader r = {.sink = sink, .path = path};
  int empty;
  nf_textin *t = textin_open_csv(path, opts->encoding, &r.sep, &empty, err);
  if (t == NULL)
    return -1;
  if (empty) {
    nf_errf(err, path, 1, "empty file (an RVTools export starts with its header line)");
    goto done;
  }
  char **cells;
  int nf;
  int k;
  if ((k = textin_csv_next(t, r.sep, &cells, &nf, NULL, err)) <= 0)
    goto done;
  long hdr_line = textin_line(t);
  r.nh = nf;
  r.hdr = xcalloc((size_t)nf, sizeof *r.hdr);
  r.role = xmalloc((size_t)nf * sizeof *r.role);
  int have[R__COUNT] = {0};
  for (int i = 0; i < R__COUNT; i++)
    r.at[i] = -1;
  for (int i = 0; i < nf; i++) {
    char *name = nf_trim(cells[i]);
    r.hdr[i] = *name ? xstrdup(name) : xasprintf("column%d", i + 1);
    r.role[i] = role_of(textin_norm_header(cells[i]));
    if (r.role[i] != R_TAG && r.at[r.role[i]] < 0) {
      r.at[r.role[i]] = i;
      have[r.role[i]] = 1;
    } else if (r.role[i] != R_TAG) {
      r.role[i] = R_TAG; /* a repeated column: keep it as a tag */
    }
  }
  int score;
  r.tab = tab_of(have, &score);
  if (r.tab == TAB_NONE) {
    nf_errf(err, path, hdr_line,
            "not an RVTools vInfo or vHost export (vInfo needs columns VM, CPUs, Memory; vHost "
            "needs Host, # Cores, # Memory)");
    goto done;
  }
  long rows = 0;
  while ((k = textin_csv_next(t, r.sep, &cells, &nf, NULL, err)) > 0) {
    r.line = textin_line(t);
    int blank = 1;
    for (int i = 0; i < nf && blank; i++)
      if (*nf_trim(cells[i]))
        blank = 0;
    if (blank)
      continue;
    while (nf > r.nh && *nf_trim(cells[nf - 1]) == '\0')
      nf--;
    if (nf != r.nh) {
      nf_errf(err, path, r.line, "%d cells, but the header has %d columns", nf, r.nh);
      goto done;
    }
    int64_t id = 0;
    int put = r.tab == TAB_VINFO ? put_vm(&r, cells, &id, err) : put_host(&r, cells, &id, err);
    if (put < 0)
      goto done;
    rows++;
    if (put == 1)
      continue;
    long first = sink_claim_server(sink, id, r.line);
    if (first) {
      nf_errf(err, path, r.line, "%s '%s' is already on line %ld of this file",
              r.tab == TAB_VINFO ? "VM" : "host",
              cell(&r, cells, r.tab == TAB_VINFO ? R_VM : R_HOST), first);
      goto done;
    }
    if ((rows & 255) == 0)
      sink_progress(sink, textin_offset(t));
  }
  if (k < 0)
    goto done;
  sink_count_rows(sink, rows);
  if (fill_guest_mhz(sink, err))
    goto done;
  rc = 0;
done:
  for (int i = 0; i < r.nh; i++)
    free(r.hdr[i]);
  free(r.hdr);
  free(r.role);
  textin_close(t);
  return rc;
}

const struct nf_importer imp_rvtools = {
  "rvtools", "RVTools CSV export, vInfo (VMs) or vHost (ESX hosts) tab",
  detect_rvtools, read_rvtools,
};
