/* longcsv.c — the long CSV of DESIGN §3, `server,timestamp,metric,value`
 * with a header: the escape hatch for any source nfold has no reader for.
 * One value per line goes to the sink, which folds the canonical metrics of
 * one server and timestamp into one wide row. This is the importer most
 * likely to meet hundreds of millions of lines, so the common case is kept
 * cheap: lines without quotes are split by hand, the last server and
 * timestamp are remembered as text, and metric and server names go through
 * small hash tables of their own rather than the sink's lookups. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "textin.h"

enum { F_SERVER, F_TS, F_METRIC, F_VALUE, F_UNIT, F__COUNT };

static const char *const field_names[F__COUNT] = {"server", "timestamp", "metric", "value", "unit"};

/* Other spellings accepted in the header. */
static int field_of(const char *name)
{
  static const struct {
    const char *alias;
    int field;
  } aliases[] = {
    {"server", F_SERVER}, {"host", F_SERVER},     {"hostname", F_SERVER}, {"timestamp", F_TS},
    {"time", F_TS},       {"ts", F_TS},           {"datetime", F_TS},     {"metric", F_METRIC},
    {"counter", F_METRIC}, {"value", F_VALUE},    {"unit", F_UNIT},
  };
  for (size_t i = 0; i < NF_ARRAY_LEN(aliases); i++)
    if (nf_strcaseeq(aliases[i].alias, name))
      return aliases[i].field;
  return -1;
}

/* ---- a string -> id table ---- */

struct ent {
  char *key;
  size_t len;
  uint64_t hash;
  int64_t id;
};

struct table {
  struct ent *e;
  size_t cap, n;
};

static struct ent *table_slot(struct table *t, const char *key, size_t len, uint64_t h)
{
  size_t i = (size_t)h & (t->cap - 1);
  while (t->e[i].key &&
         (t->e[i].hash != h || t->e[i].len != len || memcmp(t->e[i].key, key, len) != 0))
    i = (i + 1) & (t->cap - 1);
  return &t->e[i];
}

/* The id stored for KEY, or 0. */
static int64_t table_get(struct table *t, const char *key, size_t len, uint64_t h)
{
  if (t->cap == 0)
    return 0;
  struct ent *e = table_slot(t, key, len, h);
  return e->key ? e->id : 0;
}

static void table_put(struct table *t, const char *key, size_t len, uint64_t h, int64_t id)
{
  if ((t->n + 1) * 2 > t->cap) {
    struct table old = *t;
    t->cap = old.cap ? old.cap * 2 : 64;
    t->e = xcalloc(t->cap, sizeof *t->e);
    for (size_t i = 0; i < old.cap; i++)
      if (old.e[i].key)
        *table_slot(t, old.e[i].key, old.e[i].len, old.e[i].hash) = old.e[i];
    free(old.e);
  }
  struct ent *e = table_slot(t, key, len, h);
  e->key = xstrndup(key, len);
  e->len = len;
  e->hash = h;
  e->id = id;
  t->n++;
}

static void table_free(struct table *t)
{
  for (size_t i = 0; i < t->cap; i++)
    free(t->e[i].key);
  free(t->e);
}

/* ---- fields ---- */

/* Splits LINE on SEP in place into at most MAX fields, removing "" quoting.
 * Returns the number of fields (MAX + 1 when there are more), or -1 for an
 * unterminated quote. */
static int split(char *line, size_t len, char sep, char **f, size_t *flen, int max)
{
  char *p = line, *end = line + len;
  int k = 0;
  if (memchr(line, '"', len) == NULL) {
    for (;;) {
      char *q = memchr(p, sep, (size_t)(end - p));
      if (k == max)
        return max + 1;
      f[k] = p;
      if (q == NULL) {
        flen[k++] = (size_t)(end - p);
        return k;
      }
      *q = '\0';
      flen[k++] = (size_t)(q - p);
      p = q + 1;
    }
  }
  int more;
  do {
    if (k == max)
      return max + 1;
    more = textin_cut_field(&p, end, sep, &f[k], &flen[k], NULL);
    if (more < 0)
      return -1;
    k++;
  } while (more);
  return k;
}

static inline int is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Trims white space of a field in place (rare: only when it has any). */
static inline char *trim_field(char *s, size_t *len)
{
  if (*len == 0 || (!is_blank(s[0]) && !is_blank(s[*len - 1])))
    return s;
  while (*len && isspace((unsigned char)*s)) {
    s++;
    (*len)--;
  }
  while (*len && isspace((unsigned char)s[*len - 1]))
    (*len)--;
  s[*len] = '\0';
  return s;
}

/* Parses a plain decimal ("-12.375") exactly as strtod would: with at most
 * 15 significant digits the mantissa and the power of ten are both exact
 * doubles, and one division rounds correctly. Anything else (exponents,
 * more digits) goes to strtod. 0 on success. */
static int parse_value(const char *s, size_t len, char sep, double *out)
{
  static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                               1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char *p = s, *end = s + len;
  int neg = 0;
  if (p < end && (*p == '-' || *p == '+'))
    neg = *p++ == '-';
  uint64_t m = 0;
  int digits = 0, any = 0, frac = 0, dot = 0;
  for (; p < end; p++) {
    if (*p >= '0' && *p <= '9') {
      m = m * 10 + (uint64_t)(*p - '0');
      any = 1;
      if (m)
        digits++;
      if (dot)
        frac++;
    } else if (*p == '.' && !dot) {
      dot = 1;
    } else {
      break;
    }
  }
  if (p == end && any && digits <= 15 && frac <= 15) {
    double v = (double)m / p10[frac];
    *out = neg ? -v : v;
    return 0;
  }
  char buf[128];
  if (len >= sizeof buf)
    return -1;
  memcpy(buf, s, len);
  buf[len] = '\0';
  /* A decimal comma, from spreadsheets in many locales, when ',' is not the separator. */
  char *c = sep != ',' ? strchr(buf, ',') : NULL;
  if (c && !strchr(buf, '.') && !strchr(c + 1, ','))
    *c = '.';
  return nf_parse_double(buf, out);
}

/* Spellings of "no value" that exporters write instead of an empty cell. */
static int is_missing(const char *s)
{
  return nf_strcaseeq(s, "nan") || nf_strcaseeq(s, "null") || nf_strcaseeq(s, "n/a") ||
         nf_strcaseeq(s, "na") || strcmp(s, "-") == 0;
}

/* Puts file and line in front of an error from the sink or the database,
 * which know neither (or only the file). */
static int at_line(nf_err *err, const char *path, long ln)
{
  char msg[sizeof err->msg];
  const char *m = err->msg;
  size_t pl = strlen(path);
  if (strncmp(m, path, pl) == 0 && m[pl] == ':' && m[pl + 1] == ' ')
    m += pl + 2;
  snprintf(msg, sizeof msg, "%s", m);
  return nf_errf(err, path, ln, "%s", msg);
}

static char guess_sep(const char *line)
{
  int comma = 0, semi = 0, tab = 0;
  for (const char *p = line; *p && *p != '\n'; p++)
    comma += *p == ',', semi += *p == ';', tab += *p == '\t';
  if (tab > comma && tab > semi)
    return '\t';
  return semi > comma ? ';' : ',';
}

/* Maps the header's cells onto fields; fills MAP (cell -> field). 0, or -1
 * with ERR (or without, when QUIET, for detection). */
static int parse_header(char *line, char sep, int *map, int *ncell, const char *path, long ln,
                        nf_err *err)
{
  char *f[F__COUNT + 2];
  size_t fl[F__COUNT + 2];
  int n = split(line, strlen(line), sep, f, fl, F__COUNT + 1);
  if (n < 0 || n > F__COUNT) {
    if (err)
      nf_errf(err, path, ln, "the header must be server,timestamp,metric,value (and optionally unit)");
    return -1;
  }
  int seen[F__COUNT] = {0};
  for (int i = 0; i < n; i++) {
    char *name = trim_field(f[i], &fl[i]);
    int k = field_of(name);
    if (k < 0 || seen[k]) {
      if (err)
        nf_errcf(err, path, ln, i + 1, "%s column '%s' (a long CSV has server, timestamp, metric, "
                 "value, and optionally unit)", k < 0 ? "unknown" : "repeated", name);
      return -1;
    }
    seen[k] = 1;
    map[i] = k;
  }
  for (int k = 0; k < F_UNIT; k++)
    if (!seen[k]) {
      if (err)
        nf_errf(err, path, ln, "missing column '%s' (required: server, timestamp, metric, value)",
                field_names[k]);
      return -1;
    }
  *ncell = n;
  return 0;
}

static int detect_longcsv(const char *head, size_t n)
{
  const char *nl = memchr(head, '\n', n);
  size_t len = nl ? (size_t)(nl - head) : n;
  if (len > 512)
    return 0;
  char line[513];
  memcpy(line, head, len);
  line[len] = '\0';
  if (len && line[len - 1] == '\r')
    line[len - 1] = '\0';
  int map[F__COUNT + 1], nc;
  return parse_header(line, guess_sep(line), map, &nc, NULL, 0, NULL) == 0 ? 85 : 0;
}

static int read_longcsv(nf_sink *sink, const char *path, const nf_import_opts *opts, nf_err *err)
{
  int rc = -1;
  struct table servers = {0}, metrics = {0};
  char *last_server = NULL, *last_ts = NULL;
  size_t last_server_len = 0, last_ts_len = 0, last_server_cap = 0, last_ts_cap = 0;
  int64_t server = 0, ts = 0;
  long rows = 0, missing = 0;
  /* A ring of recently seen metrics, each linked to the one that followed it. */
  struct recent {
    char name[64];
    size_t len;
    int64_t id;
    int next;
  } recent[32];
  int nrecent = 0, next_recent = -1, prev_recent = -1;
  int64_t metric_other = 0;
  nf_textin *t = textin_open(path, opts->encoding, err);
  if (t == NULL)
    return -1;
  char *line;
  size_t len;
  int r;
  while ((r = textin_line_next(t, &line, &len, err)) > 0 && *nf_trim(line) == '\0')
    ;
  if (r <= 0) {
    if (r == 0)
      nf_errf(err, path, 1, "empty file (a long CSV needs the header server,timestamp,metric,value)");
    goto done;
  }
  char sep = guess_sep(line);
  int map[F__COUNT + 1], ncell;
  if (parse_header(line, sep, map, &ncell, path, textin_line(t), err))
    goto done;
  int col[F__COUNT] = {-1, -1, -1, -1, -1};
  for (int i = 0; i < ncell; i++)
    col[map[i]] = i;
  char *f[F__COUNT + 2];
  size_t fl[F__COUNT + 2];
  while ((r = textin_line_next(t, &line, &len, err)) > 0) {
    if (len == 0)
      continue;
    int n = split(line, len, sep, f, fl, ncell);
    long ln = textin_line(t);
    if (n != ncell) {
      if (n < 0) {
        nf_errf(err, path, ln, "a quoted field that never ends (missing '\"')");
        goto done;
      }
      if (n == 1 && *nf_trim(f[0]) == '\0')
        continue; /* a line of white space */
      nf_errf(err, path, ln, "%s cells, expected %d (%s)", n > ncell ? "more" : "fewer", ncell,
              ncell == 4 ? "server,timestamp,metric,value" : "as in the header");
      goto done;
    }
    rows++;
    /* Server: the same as on the previous line most of the time. */
    size_t sl = fl[col[F_SERVER]];
    char *s = trim_field(f[col[F_SERVER]], &sl);
    if (server == 0 || sl != last_server_len || memcmp(s, last_server, sl) != 0) {
      uint64_t h = nf_hash(NF_HASH_INIT, s, sl);
      server = table_get(&servers, s, sl, h);
      if (server == 0) {
        if (sl == 0) {
          nf_errcf(err, path, ln, col[F_SERVER] + 1, "'server' is empty");
          goto done;
        }
        server = sink_server(sink, s, err);
        if (server < 0) {
          at_line(err, path, ln);
          goto done;
        }
        table_put(&servers, s, sl, h, server);
      }
      xgrow(&last_server, &last_server_cap, sl + 1, 1);
      memcpy(last_server, s, sl + 1);
      last_server_len = sl;
    }
    /* Timestamp: repeats for every metric of a sample. */
    size_t tl = fl[col[F_TS]];
    char *tsx = trim_field(f[col[F_TS]], &tl);
    if (last_ts == NULL || tl != last_ts_len || memcmp(tsx, last_ts, tl) != 0) {
      if (nf_parse_time(tsx, &ts)) {
        nf_errcf(err, path, ln, col[F_TS] + 1,
                 "'timestamp' must be ISO 8601 (2026-03-01T10:05:00Z) or Unix seconds, got '%s'",
                 tsx);
        goto done;
      }
      xgrow(&last_ts, &last_ts_cap, tl + 1, 1);
      memcpy(last_ts, tsx, tl + 1);
      last_ts_len = tl;
    }
    size_t ml = fl[col[F_METRIC]];
    char *m = trim_field(f[col[F_METRIC]], &ml);
    /* Metrics come round in the same order for every sample: guess the
     * next one from the one that followed it last time, then look in the
     * ring of recent ones, then in the table. */
    int cur = -1;
    if (next_recent >= 0 && recent[next_recent].len == ml &&
        memcmp(recent[next_recent].name, m, ml) == 0) {
      cur = next_recent;
    } else {
      for (int i = 0; i < nrecent && cur < 0; i++)
        if (recent[i].len == ml && memcmp(recent[i].name, m, ml) == 0)
          cur = i;
      if (cur < 0) {
        if (ml == 0) {
          nf_errcf(err, path, ln, col[F_METRIC] + 1, "'metric' is empty");
          goto done;
        }
        uint64_t mh = nf_hash(NF_HASH_INIT, m, ml);
        int64_t id = table_get(&metrics, m, ml, mh);
        if (id == 0) {
          const char *unit = NULL;
          if (col[F_UNIT] >= 0) {
            size_t ul = fl[col[F_UNIT]];
            unit = trim_field(f[col[F_UNIT]], &ul);
            if (*unit == '\0')
              unit = NULL;
          }
          id = sink_metric(sink, m, unit, err);
          if (id < 0) {
            at_line(err, path, ln);
            goto done;
          }
          table_put(&metrics, m, ml, mh, id);
        }
        if (nrecent < (int)NF_ARRAY_LEN(recent) && ml < sizeof recent[0].name) {
          cur = nrecent++;
          memcpy(recent[cur].name, m, ml);
          recent[cur].len = ml;
          recent[cur].id = id;
          recent[cur].next = -1;
        } else {
          metric_other = id;
        }
      }
      if (prev_recent >= 0 && cur >= 0)
        recent[prev_recent].next = cur;
    }
    int64_t metric;
    if (cur >= 0) {
      metric = recent[cur].id;
      next_recent = recent[cur].next;
    } else {
      metric = metric_other;
      next_recent = -1;
    }
    prev_recent = cur;
    size_t vl = fl[col[F_VALUE]];
    char *vs = trim_field(f[col[F_VALUE]], &vl);
    double v;
    if (vl == 0) {
      missing++;
      continue;
    }
    if (parse_value(vs, vl, sep, &v)) {
      if (is_missing(vs)) {
        missing++;
        continue;
      }
      nf_errcf(err, path, ln, col[F_VALUE] + 1, "'value' must be a number, got '%s'", vs);
      goto done;
    }
    if (sink_value(sink, server, ts, metric, v, err)) {
      at_line(err, path, ln);
      goto done;
    }
    if ((rows & 0xFFFF) == 0)
      sink_progress(sink, textin_offset(t));
  }
  if (r < 0)
    goto done;
  rc = 0;
done:
  sink_count_rows(sink, rows);
  sink_count_missing(sink, missing);
  table_free(&servers);
  table_free(&metrics);
  free(last_server);
  free(last_ts);
  textin_close(t);
  return rc;
}

const struct nf_importer imp_longcsv = {
  "longcsv", "long CSV: server,timestamp,metric,value (one value per line)",
  detect_longcsv, read_longcsv,
};
