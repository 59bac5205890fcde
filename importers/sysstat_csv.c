/* sysstat_csv.c — the `sadf -d` importer (DESIGN §3): sysstat's
 * database-friendly output, `;`-separated, one block per activity, each
 * block opened by a header line `# hostname;interval;timestamp;<fields>`
 * and holding one line per host and timestamp (or per CPU, device or
 * interface of it), plus LINUX-RESTART and COM records. Streamed line by
 * line through textin; the lines of one host and timestamp within a block
 * are summed into a sy_acc and handed to sy_emit (sysstat_map.c), shared
 * with the `sadf -x` reader. Blocks repeat the same timestamps, which the
 * sink merges into one row. docs/formats-sysstat.md lists the mapping. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "sysstat.h"
#include "textin.h"

static const char header_tag[] = "# hostname;interval;timestamp;";

/* What one activity block holds. */
enum block {
  B_NONE,     /* no header read yet */
  B_FLAT,     /* one line per timestamp: -w -B -b -r -S -q -W ... */
  B_CPU,      /* CPU;%usr;... : the line with CPU -1 (or all) */
  B_CPUFREQ,  /* CPU;MHz */
  B_DISK,     /* DEV;tps;...;await;... : a line per device */
  B_NET,      /* IFACE;rxpck/s;...;rxkB/s;txkB/s;... : a line per interface */
  B_SKIP,     /* any other per-instance activity: not read */
};

/* Columns of a block that are not plain fields. */
enum { C_NONE = -1, C_DISK_TPS = -2, C_DISK_AWAIT = -3 };

struct cr {
  nf_sink *s;
  const char *path;
  nf_err *err;
  nf_textin *t;
  sy_file f;
  /* The current block. */
  enum block kind;
  int ncols;
  int *colmap;  /* per column: a sy_field, C_NONE, or a C_DISK_* */
  char **names; /* per column: its name in the header */
  size_t colmap_cap, names_cap;
  long hdr_line;
  /* The lines of one host and timestamp being summed. */
  int open;
  int64_t server, ts;
  sy_acc acc;
  /* The last host and timestamp fields seen, and what they parsed to. */
  char *host, *stamp;
  int64_t host_id, stamp_ts;
  /* Fields of the current line. */
  char **fld;
  size_t fld_cap;
};

/* Splits LINE on ';' in place; returns the number of fields. */
static int split(struct cr *c, char *line)
{
  int n = 0;
  for (char *p = line;;) {
    xgrow(&c->fld, &c->fld_cap, (size_t)n + 1, sizeof *c->fld);
    c->fld[n++] = p;
    char *q = strchr(p, ';');
    if (q == NULL)
      break;
    *q = '\0';
    p = q + 1;
  }
  return n;
}

/* A column naming the instance a line is about: CPU, DEV, IFACE, TEMP ... */
static int is_instance_column(const char *name)
{
  if (!isupper((unsigned char)*name))
    return 0;
  for (const char *p = name; *p; p++)
    if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_' && *p != '-')
      return 0;
  return 1;
}

static int has_column(char **cols, int n, const char *name)
{
  for (int i = 0; i < n; i++)
    if (strcmp(cols[i], name) == 0)
      return 1;
  return 0;
}

/* Reads a header line's fields (after hostname;interval;timestamp). */
static void header(struct cr *c, int nf)
{
  char **cols = c->fld + 3;
  int n = nf - 3;
  c->ncols = nf;
  c->hdr_line = textin_line(c->t);
  for (int i = 0; c->names && c->names[i]; i++)
    free(c->names[i]);
  xgrow(&c->colmap, &c->colmap_cap, (size_t)nf, sizeof *c->colmap);
  xgrow(&c->names, &c->names_cap, (size_t)nf + 1, sizeof *c->names);
  for (int i = 0; i < nf; i++) {
    c->colmap[i] = C_NONE;
    c->names[i] = xstrdup(c->fld[i]);
  }
  c->names[nf] = NULL;
  const char *first = n > 0 ? cols[0] : "";
  if (!is_instance_column(first))
    c->kind = B_FLAT;
  else if (strcmp(first, "CPU") == 0 && has_column(cols, n, "%idle"))
    c->kind = B_CPU;
  else if (strcmp(first, "CPU") == 0 && has_column(cols, n, "MHz"))
    c->kind = B_CPUFREQ;
  else if (strcmp(first, "DEV") == 0 && has_column(cols, n, "tps") && has_column(cols, n, "await"))
    c->kind = B_DISK;
  else if (strcmp(first, "IFACE") == 0 &&
           (has_column(cols, n, "rxkB/s") || has_column(cols, n, "rxbyt/s")))
    c->kind = B_NET;
  else
    c->kind = B_SKIP;
  for (int i = 0; i < n; i++) {
    const char *name = cols[i];
    int m = C_NONE;
    switch (c->kind) {
    case B_FLAT:
      m = sy_field_find(SY_G_ACT, name);
      break;
    case B_CPU:
      m = sy_field_find(SY_G_CPU, name);
      break;
    case B_CPUFREQ:
      m = strcmp(name, "MHz") == 0 ? SY_CPUFREQ : C_NONE;
      break;
    case B_DISK:
      m = strcmp(name, "tps") == 0 ? C_DISK_TPS : strcmp(name, "await") == 0 ? C_DISK_AWAIT : C_NONE;
      break;
    case B_NET:
      if (strcmp(name, "rxkB/s") == 0 || strcmp(name, "txkB/s") == 0)
        m = SY_NET_KB;
      else if (strcmp(name, "rxbyt/s") == 0 || strcmp(name, "txbyt/s") == 0)
        m = SY_NET_BYTES;
      break;
    default:
      break;
    }
    c->colmap[i + 3] = m;
  }
  /* A flat activity with no column nfold reads (e.g. -v inode counts) is
   * left out whole, and said so (sink_count_unused). */
  int mapped = 0;
  for (int i = 3; i < nf; i++)
    mapped |= c->colmap[i] != C_NONE;
  if (c->kind == B_FLAT && !mapped)
    c->kind = B_SKIP;
}

/* Counts the numbers of a line of an activity nfold does not read. */
static void count_unused(struct cr *c, int nf)
{
  long n = 0;
  double v;
  int inst = is_instance_column(c->names[3]) && nf > 4;
  for (int i = inst ? 4 : 3; i < nf; i++) {
    const char *s = sy_strip(c->fld[i]);
    if (*s && sy_parse_number(s, &v) == 0)
      n++;
  }
  /* Name the activity by its first columns: "IFACE rxerr/s", "FAN rpm". */
  const char *first = "";
  for (int i = 4; inst && i < nf && !*first; i++)
    if (strcmp(c->names[i], "DEVICE") != 0)
      first = c->names[i];
  char what[96];
  snprintf(what, sizeof what, "%s%s%s", c->names[3], *first ? " " : "", first);
  sink_count_unused(c->s, n, what);
}

/* Writes the summed lines of the open host and timestamp. */
static int close_group(struct cr *c)
{
  if (!c->open)
    return 0;
  c->open = 0;
  return sy_emit(c->s, &c->f, c->server, c->ts, &c->acc, c->err);
}

/* The server of host field NAME (the last one is remembered). */
static int64_t server_of(struct cr *c, const char *name)
{
  if (c->host && strcmp(c->host, name) == 0)
    return c->host_id;
  char *n = sy_strip(xstrdup(name));
  int64_t id = sink_server(c->s, n, c->err);
  free(n);
  if (id < 0)
    return -1;
  free(c->host);
  c->host = xstrdup(name);
  c->host_id = id;
  free(c->stamp);
  c->stamp = NULL;
  return id;
}

/* Parses the timestamp field S of the current line for SERVER. */
static int stamp_of(struct cr *c, int64_t server, const char *s, int64_t *ts)
{
  if (c->stamp && strcmp(c->stamp, s) == 0) {
    *ts = c->stamp_ts;
    return 0;
  }
  char *t = sy_strip(xstrdup(s));
  size_t n = strlen(t);
  /* sadf -d writes "2018-08-29 09:34:34 UTC"; with -t local time and no
   * zone; with -U seconds since the epoch. */
  int utc = (n > 4 && strcmp(t + n - 4, " UTC") == 0) || (n > 0 && t[n - 1] == 'Z');
  int epoch = n > 0 && strspn(t, "0123456789") == n;
  int bad = nf_parse_time(t, ts);
  if (bad || n < 10) {
    nf_errf(c->err, c->path, textin_line(c->t),
            "expected a timestamp like \"2018-08-29 09:34:34 UTC\" in column 3, found \"%s\"", t);
    free(t);
    return -1;
  }
  free(t);
  if (!utc && !epoch && sy_note_local_time(c->s, &c->f, server, NULL, c->err))
    return -1;
  free(c->stamp);
  c->stamp = xstrdup(s);
  c->stamp_ts = *ts;
  return 0;
}

/* A LINUX-RESTART record: no samples, but it tells the CPU count. */
static int restart(struct cr *c, int64_t server, const char *what)
{
  const char *p = strchr(what, '(');
  int cpus;
  char word[8];
  if (p && sscanf(p, "(%d %7[A-Z])", &cpus, word) == 2 && strcmp(word, "CPU") == 0 && cpus > 0)
    return sy_server_facts(c->s, server, cpus, NULL, NULL, c->err);
  return 0;
}

/* The number in column I of the current line: 1 and *V, 0 when blank
 * (counted missing), -1 with ERR. */
static int column_value(struct cr *c, int i, double *v)
{
  char *s = sy_strip(c->fld[i]);
  if (*s == '\0') {
    sink_count_missing(c->s, 1);
    return 0;
  }
  if (sy_parse_number(s, v))
    return nf_errf(c->err, c->path, textin_line(c->t),
                   "expected a number in column %d (%s, header on line %ld), found \"%s\"", i + 1,
                   c->names[i], c->hdr_line, s);
  return 1;
}

static int data_line(struct cr *c, int nf)
{
  int64_t server = server_of(c, c->fld[0]);
  if (server < 0)
    return -1;
  const char *what = nf > 3 ? c->fld[3] : "";
  if (strncmp(what, "LINUX-RESTART", 13) == 0)
    return restart(c, server, what + 13);
  if (strncmp(what, "COM ", 4) == 0 || strcmp(what, "COM") == 0)
    return 0;
  if (c->kind == B_NONE)
    return nf_errf(c->err, c->path, textin_line(c->t),
                   "expected a header line \"%s...\" before the first data line", header_tag);
  if (nf != c->ncols)
    return nf_errf(c->err, c->path, textin_line(c->t),
                   "expected %d fields as in the header on line %ld, found %d", c->ncols,
                   c->hdr_line, nf);
  int64_t ts;
  if (stamp_of(c, server, c->fld[2], &ts))
    return -1;
  if (c->open && (c->server != server || c->ts != ts) && close_group(c))
    return -1;
  if (!c->open) {
    memset(&c->acc, 0, sizeof c->acc);
    c->open = 1;
    c->server = server;
    c->ts = ts;
    sy_count_row(c->s, &c->f, server, ts);
  }
  const char *inst = sy_strip(c->fld[3]);
  switch (c->kind) {
  case B_SKIP:
    count_unused(c, nf);
    return 0;
  case B_CPU:
  case B_CPUFREQ:
    if (strcmp(inst, "-1") != 0 && strcmp(inst, "all") != 0)
      return 0;
    break;
  case B_NET:
    if (strcmp(inst, "lo") == 0)
      return 0;
    break;
  default:
    break;
  }
  double tps = 0, await = 0;
  int has_tps = 0, has_await = 0;
  for (int i = 3; i < nf; i++) {
    int m = c->colmap[i];
    if (m == C_NONE)
      continue;
    double v;
    int k = column_value(c, i, &v);
    if (k < 0)
      return -1;
    if (k == 0)
      continue;
    if (m == C_DISK_TPS) {
      tps = v;
      has_tps = 1;
    } else if (m == C_DISK_AWAIT) {
      await = v;
      has_await = 1;
    } else {
      sy_add(&c->acc, m, v);
    }
  }
  if (c->kind == B_DISK && has_await) {
    if (!has_tps)
      tps = 0;
    sy_add(&c->acc, SY_DISK_TPS, tps);
    sy_add(&c->acc, SY_DISK_AWAIT_W, await * tps);
    sy_add(&c->acc, SY_DISK_AWAIT, await);
    sy_add(&c->acc, SY_DISK_N, 1);
  }
  return 0;
}

static int read_sysstat_csv(nf_sink *s, const char *path, const nf_import_opts *o, nf_err *err)
{
  struct cr c;
  memset(&c, 0, sizeof c);
  c.s = s;
  c.path = path;
  c.err = err;
  int rc = -1;
  c.t = textin_open(path, o->encoding, err);
  if (c.t == NULL)
    return -1;
  char *line;
  size_t len;
  int more;
  long n = 0;
  while ((more = textin_line_next(c.t, &line, &len, err)) == 1) {
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
      line[--len] = '\0';
    if (len == 0)
      continue;
    if ((++n & 1023) == 0)
      sink_progress(s, textin_offset(c.t));
    if (line[0] == '#') {
      if (strncmp(line, header_tag, sizeof header_tag - 1) != 0)
        continue;
      if (close_group(&c))
        goto done;
      header(&c, split(&c, line));
      continue;
    }
    int nf = split(&c, line);
    if (nf < 3) {
      nf_errf(err, path, textin_line(c.t),
              "expected hostname;interval;timestamp;... (sadf -d), found %d field%s", nf,
              nf == 1 ? "" : "s");
      goto done;
    }
    if (data_line(&c, nf))
      goto done;
  }
  if (more < 0 || close_group(&c) || sy_finish(s, &c.f, err))
    goto done;
  sink_progress(s, textin_offset(c.t));
  rc = 0;
done:
  textin_close(c.t);
  for (int i = 0; c.names && c.names[i]; i++)
    free(c.names[i]);
  free(c.names);
  free(c.colmap);
  free(c.fld);
  free(c.host);
  free(c.stamp);
  sy_file_free(&c.f);
  return rc;
}

/* A sadf -d file: a "# hostname;interval;timestamp;" header line near the top. */
static int detect_sysstat_csv(const char *head, size_t n)
{
  (void)n;
  for (const char *p = strstr(head, header_tag); p; p = strstr(p + 1, header_tag))
    if (p == head || p[-1] == '\n')
      return 90;
  return 0;
}

const struct nf_importer imp_sysstat_csv = {
  "sysstat-csv", "sysstat `sadf -d` (;-separated, one block per activity)", detect_sysstat_csv,
  read_sysstat_csv,
};
