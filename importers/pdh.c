/* pdh.c — the machinery of pdh.h shared by the perfmon and esxtop readers:
 * the localized counter-name table, opening a PDH log (encoding, header,
 * time zone), counter paths, timestamps and value cells, and the streaming
 * loop that pushes each row through a precomputed column plan into the
 * sink. */
#include "pdh.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "metrics.h"

/* ---- case folding ---- */

/* The lower-case form of code point C (the scripts of the counter table). */
static unsigned fold_cp(unsigned c)
{
  if (c < 0x80)
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c == 0xA0)
    return ' ';
  if (c == 0x2018 || c == 0x2019)
    return '\'';
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
    return c + 32;
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
    return c | 1;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
    return (c & 1) ? c + 1 : c;
  if (c == 0x178)
    return 0xFF;
  if (c >= 0x410 && c <= 0x42F)
    return c + 32;
  if (c >= 0x400 && c <= 0x40F)
    return c + 80;
  return c;
}

static void put_utf8(sbuf *b, unsigned c)
{
  if (c < 0x80) {
    sb_addc(b, (char)c);
  } else if (c < 0x800) {
    sb_addc(b, (char)(0xC0 | (c >> 6)));
    sb_addc(b, (char)(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    sb_addc(b, (char)(0xE0 | (c >> 12)));
    sb_addc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
    sb_addc(b, (char)(0x80 | (c & 0x3F)));
  } else {
    sb_addc(b, (char)(0xF0 | (c >> 18)));
    sb_addc(b, (char)(0x80 | ((c >> 12) & 0x3F)));
    sb_addc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
    sb_addc(b, (char)(0x80 | (c & 0x3F)));
  }
}

char *pdh_fold(const char *s)
{
  sbuf b = {0};
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    int k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    int ok = k >= 0;
    for (int j = 1; ok && j <= k; j++)
      ok = (p[j] & 0xC0) == 0x80;
    if (!ok) {
      /* Not UTF-8: keep the byte as it is. */
      sb_addc(&b, (char)*p++);
      continue;
    }
    if (k > 0) {
      c &= 0x3F >> k;
      for (int j = 1; j <= k; j++)
        c = (c << 6) | (p[j] & 0x3F);
    }
    put_utf8(&b, fold_cp(c));
    p += k + 1;
  }
  return sb_take(&b);
}

/* ---- the counter-name table ---- */

struct name_ent {
  char *key;      /* "c:" object "\\" counter, or "o:" object, folded */
  char *cobject;  /* canonical object */
  char *ccounter; /* canonical counter ("" for an object entry) */
};

struct pdh_names {
  struct name_ent *e;
  size_t cap, n;
};

static struct name_ent *names_slot(const pdh_names *t, const char *key)
{
  size_t mask = t->cap - 1;
  size_t i = (size_t)nf_hash(NF_HASH_INIT, key, strlen(key)) & mask;
  while (t->e[i].key && strcmp(t->e[i].key, key) != 0)
    i = (i + 1) & mask;
  return &t->e[i];
}

/* Adds or replaces KEY (taken) -> COBJECT, CCOUNTER (copied). */
static void names_put(pdh_names *t, char *key, const char *cobject, const char *ccounter)
{
  if ((t->n + 1) * 2 > t->cap) {
    struct name_ent *old = t->e;
    size_t oc = t->cap;
    t->cap = oc ? oc * 2 : 256;
    t->e = xcalloc(t->cap, sizeof *t->e);
    for (size_t i = 0; i < oc; i++)
      if (old[i].key)
        *names_slot(t, old[i].key) = old[i];
    free(old);
  }
  struct name_ent *e = names_slot(t, key);
  if (e->key) {
    free(key);
    free(e->cobject);
    free(e->ccounter);
  } else {
    e->key = key;
    t->n++;
  }
  e->cobject = xstrdup(cobject);
  e->ccounter = xstrdup(ccounter);
}

static char *counter_key(const char *object, const char *counter)
{
  char *fo = pdh_fold(object), *fc = pdh_fold(counter);
  char *k = xasprintf("c:%s\\%s", fo, fc);
  free(fo);
  free(fc);
  return k;
}

/* Reads the rows of one table TEXT (named FILE for errors) into T. */
static int names_parse(pdh_names *t, char *text, const char *file, nf_err *err)
{
  long line = 0;
  char *p = text;
  while (*p) {
    char *eol = strchr(p, '\n');
    char *next = eol ? eol + 1 : p + strlen(p);
    if (eol)
      *eol = '\0';
    line++;
    size_t len = strlen(p);
    if (len > 0 && p[len - 1] == '\r')
      p[--len] = '\0';
    if (line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
      p += 3;
    if (*p == '#' || *nf_trim(p) == '\0') {
      p = next;
      continue;
    }
    char *f[6];
    int nf = 0;
    for (char *q = p; nf < 6;) {
      f[nf++] = q;
      char *tab = strchr(q, '\t');
      if (tab == NULL)
        break;
      *tab = '\0';
      q = tab + 1;
    }
    if (nf != 5)
      return nf_errf(err, file, line,
                     "expected 5 tab-separated fields (language, object, counter, canonical "
                     "object, canonical counter), found %d",
                     nf);
    for (int i = 0; i < 5; i++)
      if (*nf_trim(f[i]) == '\0')
        return nf_errf(err, file, line, "field %d is empty", i + 1);
    names_put(t, counter_key(f[1], f[2]), f[3], f[4]);
    char *fo = pdh_fold(f[1]);
    char *ok = xasprintf("o:%s", fo);
    free(fo);
    names_put(t, ok, f[3], "");
    p = next;
  }
  return 0;
}

pdh_names *pdh_names_load(const char *extra, nf_err *err)
{
  pdh_names *t = xcalloc(1, sizeof *t);
  size_t len = 0;
  const char *emb = nf_embedded("importers/counters.tsv", &len);
  if (emb) {
    char *copy = xstrndup(emb, len);
    int rc = names_parse(t, copy, "importers/counters.tsv", err);
    free(copy);
    if (rc)
      goto fail;
  }
  if (extra) {
    char *text = nf_read_file(extra, NULL, err);
    if (text == NULL)
      goto fail;
    int rc = names_parse(t, text, extra, err);
    free(text);
    if (rc)
      goto fail;
  }
  return t;
fail:
  pdh_names_free(t);
  return NULL;
}

void pdh_names_free(pdh_names *t)
{
  if (t == NULL)
    return;
  for (size_t i = 0; i < t->cap; i++)
    if (t->e[i].key) {
      free(t->e[i].key);
      free(t->e[i].cobject);
      free(t->e[i].ccounter);
    }
  free(t->e);
  free(t);
}

int pdh_names_counter(const pdh_names *t, const char *object, const char *counter,
                      const char **cobject, const char **ccounter)
{
  if (t == NULL || t->n == 0)
    return 0;
  char *k = counter_key(object, counter);
  struct name_ent *e = names_slot(t, k);
  free(k);
  if (e->key == NULL)
    return 0;
  *cobject = e->cobject;
  *ccounter = e->ccounter;
  return 1;
}

const char *pdh_names_object(const pdh_names *t, const char *object)
{
  if (t == NULL || t->n == 0)
    return NULL;
  char *fo = pdh_fold(object);
  char *k = xasprintf("o:%s", fo);
  free(fo);
  struct name_ent *e = names_slot(t, k);
  free(k);
  return e->key ? e->cobject : NULL;
}

/* ---- paths, times, cells ---- */

int pdh_parse_path(char *s, pdh_path *p)
{
  memset(p, 0, sizeof *p);
  if (s[0] != '\\' || s[1] != '\\')
    return -1;
  char *host = s + 2;
  char *sl = strchr(host, '\\');
  if (sl == NULL || sl == host)
    return -1;
  *sl = '\0';
  char *obj = sl + 1;
  /* The counter follows the last backslash: counter names hold none,
   * instance names (mount points) may. */
  char *last = strrchr(obj, '\\');
  if (last == NULL || last == obj || last[1] == '\0')
    return -1;
  *last = '\0';
  p->host = host;
  p->counter = last + 1;
  p->object = obj;
  char *paren = strchr(obj, '(');
  size_t olen = strlen(obj);
  if (paren && obj[olen - 1] == ')') {
    *paren = '\0';
    obj[olen - 1] = '\0';
    p->instance = paren + 1;
  }
  return *p->object ? 0 : -1;
}

/* Reads an unsigned decimal of 1..MAXD digits at *S. */
static int read_uint(const char **s, int maxd, int *out)
{
  int v = 0, d = 0;
  while (d < maxd && **s >= '0' && **s <= '9') {
    v = v * 10 + (**s - '0');
    (*s)++;
    d++;
  }
  *out = v;
  return d > 0 ? 0 : -1;
}

int pdh_parse_time(const char *s, int64_t *secs)
{
  int mo, d, y, h, mi, se, ms = 0;
  while (*s == ' ')
    s++;
  if (read_uint(&s, 2, &mo) || *s++ != '/' || read_uint(&s, 2, &d) || *s++ != '/' ||
      read_uint(&s, 4, &y) || *s++ != ' ' || read_uint(&s, 2, &h) || *s++ != ':' ||
      read_uint(&s, 2, &mi) || *s++ != ':' || read_uint(&s, 2, &se))
    return -1;
  if (*s == '.') {
    s++;
    const char *f = s;
    int frac;
    if (read_uint(&s, 9, &frac))
      return -1;
    /* Only the first digit matters for rounding to the second. */
    ms = (f[0] - '0') * 100;
    while (*s >= '0' && *s <= '9')
      s++;
  }
  while (*s == ' ')
    s++;
  if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1970 || h > 23 || mi > 59 ||
      se > 60)
    return -1;
  *secs = nf_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se +
          (ms >= 500 ? 1 : 0);
  return 0;
}

/* Reads a plain decimal ("-12.375") whose digits fit a double exactly, as
 * strtod would: an exact integer divided by an exact power of ten is
 * correctly rounded (Clinger's fast path). 0 when S is anything else. */
static int fast_decimal(const char *s, double *v)
{
  static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  int neg = *s == '-';
  if (neg)
    s++;
  uint64_t m = 0;
  int digits = 0, frac = 0, dot = 0;
  for (;; s++) {
    if (*s >= '0' && *s <= '9') {
      m = m * 10 + (uint64_t)(*s - '0');
      if (++digits > 15)
        return 0;
      frac += dot;
    } else if (*s == '.' && !dot) {
      dot = 1;
    } else {
      break;
    }
  }
  while (*s == ' ')
    s++;
  if (*s != '\0' || digits == 0)
    return 0;
  double d = (double)m / p10[frac];
  *v = neg ? -d : d;
  return 1;
}

int pdh_cell(const char *s, double *v)
{
  while (*s == ' ')
    s++;
  if (*s == '\0')
    return 0;
  char c = *s;
  if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'))
    return -1;
  if (fast_decimal(s, v))
    return 1;
  char *end;
  double d = strtod(s, &end);
  if (end == s)
    return -1;
  while (*end == ' ')
    end++;
  if (*end != '\0' || !isfinite(d))
    return -1;
  *v = d;
  return 1;
}

int pdh_is_pdh(const char *head, size_t n)
{
  (void)n;
  while (*head == '\r' || *head == '\n' || *head == ' ')
    head++;
  if (*head == '"')
    head++;
  return strncmp(head, "(PDH-CSV ", 9) == 0 || strncmp(head, "(PDH-TSV ", 9) == 0;
}

/* ---- opening ---- */

/* Splits a header LINE on SEP with "" quoting into copies. */
static void split_header(const char *line, char sep, char ***cells, int *n)
{
  size_t cap = 0;
  *cells = NULL;
  *n = 0;
  const char *p = line;
  for (;;) {
    sbuf b = {0};
    sb_add(&b, "");
    if (*p == '"') {
      p++;
      while (*p) {
        if (*p == '"') {
          if (p[1] == '"') {
            sb_addc(&b, '"');
            p += 2;
            continue;
          }
          p++;
          break;
        }
        sb_addc(&b, *p++);
      }
      while (*p && *p != sep)
        sb_addc(&b, *p++);
    } else {
      while (*p && *p != sep)
        sb_addc(&b, *p++);
    }
    xgrow(cells, &cap, (size_t)*n + 1, sizeof **cells);
    (*cells)[(*n)++] = sb_take(&b);
    if (*p != sep)
      break;
    p++;
  }
}

static void free_header(pdh_file *f)
{
  for (int i = 0; i < f->ncols; i++)
    free(f->hdr[i]);
  free(f->hdr);
  f->hdr = NULL;
  f->ncols = 0;
}

/* Opens F's file in encoding ENC (NULL: textin's detection) and reads the header. */
static int open_as(pdh_file *f, const char *enc, nf_err *err)
{
  f->t = textin_open(f->path, enc, err);
  if (f->t == NULL)
    return -1;
  char *line;
  size_t len;
  int r;
  /* typeperf's console output, redirected, starts with an empty line. */
  while ((r = textin_line_next(f->t, &line, &len, err)) == 1 && *nf_trim(line) == '\0')
    ;
  if (r < 0)
    return -1;
  if (r == 0)
    return nf_errf(err, f->path, 1, "empty file (expected a PDH-CSV header)");
  f->hdr_line = textin_line(f->t);
  const char *q = line;
  if (*q == '"')
    q++;
  f->sep = strncmp(q, "(PDH-TSV", 8) == 0 ? '\t' : ',';
  split_header(line, f->sep, &f->hdr, &f->ncols);
  free(f->encoding);
  f->encoding = xstrdup(textin_encoding(f->t));
  return 0;
}

/* How many header cells of F are counters that NAMES knows. */
static int known_counters(const pdh_file *f, const pdh_names *names)
{
  int k = 0;
  for (int i = 1; i < f->ncols; i++) {
    char *s = xstrdup(f->hdr[i]);
    pdh_path p;
    const char *co, *cc;
    if (pdh_parse_path(s, &p) == 0 && pdh_names_counter(names, p.object, p.counter, &co, &cc))
      k++;
    free(s);
  }
  return k;
}

/* Does the header, read as WINDOWS-1252, look like Cyrillic text? Russian
 * names in CP1251 are all bytes 0xC0..0xFF, which 1252 reads as accented
 * Latin letters; Western names are mostly ASCII letters. */
static int looks_cyrillic(const pdh_file *f)
{
  long ascii = 0, high = 0;
  for (int i = 1; i < f->ncols; i++)
    for (const unsigned char *p = (const unsigned char *)f->hdr[i]; *p; p++) {
      if (isalpha(*p))
        ascii++;
      else if (*p == 0xC3)
        high++; /* U+00C0..U+00FF in UTF-8 */
    }
  return high > 0 && high * 2 > ascii;
}

static void close_text(pdh_file *f)
{
  textin_close(f->t);
  f->t = NULL;
  free_header(f);
}

/* Parses the zone cell "(PDH-CSV 4.0) (Zone Name)(480)". */
static int parse_zone(pdh_file *f, const char *cell)
{
  const char *p = strchr(cell, ')');
  if (p == NULL)
    return -1;
  p++;
  while (*p == ' ')
    p++;
  const char *open = strrchr(p, '(');
  const char *close = strrchr(p, ')');
  if (*p != '(' || open == NULL || close == NULL || close < open || close[1] != '\0' || open == p)
    return -1;
  /* The zone name runs from the first '(' to the ')' before the bias. */
  const char *zend = open;
  while (zend > p && zend[-1] == ' ')
    zend--;
  if (zend <= p + 1 || zend[-1] != ')')
    return -1;
  char *num = xstrndup(open + 1, (size_t)(close - open - 1));
  char *end;
  long bias = strtol(nf_trim(num), &end, 10);
  int bad = *nf_trim(num) == '\0' || *end != '\0' || bias < -1440 || bias > 1440;
  free(num);
  if (bad)
    return -1;
  f->bias_min = (int)bias;
  free(f->zone);
  f->zone = xstrndup(p + 1, (size_t)(zend - 1 - (p + 1)));
  return 0;
}

int pdh_open(pdh_file *f, const char *path, const nf_import_opts *opts, const pdh_names *names,
             nf_err *err)
{
  memset(f, 0, sizeof *f);
  f->path = path;
  const char *forced = opts ? opts->encoding : NULL;
  if (open_as(f, forced, err))
    goto fail;
  if (forced == NULL && names && nf_strcaseeq(f->encoding, "WINDOWS-1252")) {
    /* Not UTF-8 and no BOM: the code page is a guess. Take the one in
     * which the table knows most counters. */
    static const char *const others[] = {"CP1251", "CP1250"};
    const char *best = NULL;
    int best_k = known_counters(f, names);
    int cyr = looks_cyrillic(f);
    for (size_t i = 0; i < NF_ARRAY_LEN(others); i++) {
      close_text(f);
      if (open_as(f, others[i], err))
        goto fail;
      int k = known_counters(f, names);
      if (k > best_k) {
        best_k = k;
        best = others[i];
      }
    }
    if (best == NULL && best_k == 0 && cyr)
      best = "CP1251";
    close_text(f);
    if (open_as(f, best, err))
      goto fail;
  }
  const char *c0 = f->hdr[0];
  if (strncmp(c0, "(PDH-CSV ", 9) != 0 && strncmp(c0, "(PDH-TSV ", 9) != 0) {
    nf_errcf(err, path, f->hdr_line, 1,
             "expected a PDH log header \"(PDH-CSV 4.0) (<time zone>)(<bias>)\" in the first "
             "cell, found '%.60s'",
             c0);
    goto fail;
  }
  if (parse_zone(f, c0)) {
    f->bias_min = 0;
    fprintf(stderr,
            "nfold: %s:%ld: warning: no time zone \"(<zone>)(<bias minutes>)\" in '%.80s'; "
            "timestamps taken as UTC\n",
            path, f->hdr_line, c0);
  }
  if (f->ncols < 2) {
    nf_errf(err, path, f->hdr_line, "no counter columns after the timestamp column");
    goto fail;
  }
  return 0;
fail:
  pdh_close(f);
  return -1;
}

void pdh_close(pdh_file *f)
{
  textin_close(f->t);
  f->t = NULL;
  free_header(f);
  free(f->zone);
  free(f->encoding);
  f->zone = f->encoding = NULL;
}

/* ---- the plan ---- */

void pdh_plan_init(pdh_plan *p, const pdh_file *f)
{
  memset(p, 0, sizeof *p);
  p->ncols = f->ncols;
  p->cols = xcalloc((size_t)f->ncols, sizeof *p->cols);
  for (int i = 0; i < p->ncols; i++) {
    p->cols[i].group = -1;
    p->cols[i].scale = 1;
  }
}

void pdh_plan_group(pdh_plan *p, int col, int64_t server, int metric, int agg, double scale)
{
  int64_t mid = metric + 1;
  int g;
  for (g = 0; g < p->ngroups; g++)
    if (p->groups[g].server == server && p->groups[g].metric == mid)
      break;
  if (g == p->ngroups) {
    xgrow(&p->groups, &p->gcap, (size_t)g + 1, sizeof *p->groups);
    memset(&p->groups[g], 0, sizeof p->groups[g]);
    p->groups[g].server = server;
    p->groups[g].metric = mid;
    p->groups[g].agg = agg;
    p->ngroups++;
  }
  p->cols[col].group = g;
  p->cols[col].server = server;
  p->cols[col].metric = mid;
  p->cols[col].scale = scale;
}

void pdh_plan_source(pdh_plan *p, int col, int64_t server, int64_t metric)
{
  p->cols[col].group = -1;
  p->cols[col].server = server;
  p->cols[col].metric = metric;
  p->cols[col].scale = 1;
}

void pdh_plan_free(pdh_plan *p)
{
  free(p->cols);
  free(p->groups);
  memset(p, 0, sizeof *p);
}

/* ---- the rows ---- */

/* Daylight saving time. relog and typeperf write the host's wall-clock
 * time, and the header's bias is the one in force when the log began
 * ("(Pacific Daylight Time)(420)"): where the clock changes mid-log, the
 * local times go back an hour (an hour repeats) or skip one. At the
 * header's bias the repeated hour would land on the hour before it, its
 * samples replacing those, and every later time would be an hour off.
 * LOCAL one hour before or after where the interval STEP (at most 30
 * minutes) puts it after PREV, between 22:00 and 04:00 local time, where
 * every zone's clock changes, is read as the change: returns the seconds
 * the bias moves by from that row on (+3600 when the clock goes back),
 * else 0. An hour-long gap in a log of hourly samples stays a gap. */
static int64_t dst_change(int64_t prev, int64_t local, int64_t step)
{
  if (step <= 0 || step > 1800)
    return 0;
  int64_t off = local - (prev + step), tol = 2 + step / 4;
  int64_t move = off >= -3600 - tol && off <= -3600 + tol ? 3600
                 : off >= 3600 - tol && off <= 3600 + tol ? -3600
                                                           : 0;
  int hour = (int)((local % 86400 + 86400) % 86400 / 3600);
  return hour >= 22 || hour < 4 ? move : 0;
}

int pdh_run(pdh_file *f, pdh_plan *p, nf_sink *sink, nf_err *err)
{
  char **cells;
  int nf;
  long rows = 0, changes = 0;
  int64_t bias_s = (int64_t)f->bias_min * 60, prev = 0, step = 0;
  for (;;) {
    int r = textin_csv_next(f->t, f->sep, &cells, &nf, NULL, err);
    if (r < 0)
      return -1;
    if (r == 0)
      break;
    long line = textin_line(f->t);
    if (nf != f->ncols)
      return nf_errf(err, f->path, line, "%d cell%s, expected %d (one per header column)", nf,
                     nf == 1 ? "" : "s", f->ncols);
    int64_t ts;
    if (pdh_parse_time(cells[0], &ts))
      return nf_errcf(err, f->path, line, 1,
                      "expected a timestamp MM/DD/YYYY HH:MM:SS.mmm, found '%.40s'", cells[0]);
    int64_t move = rows > 0 ? dst_change(prev, ts, step) : 0;
    if (move != 0) {
      if (++changes <= 3)
        fprintf(stderr,
                "nfold: %s:%ld: warning: the local clock %s an hour here (daylight saving time "
                "%s), so times from this row on are taken at bias %+lld minutes, not %+lld\n",
                f->path, line, move > 0 ? "goes back" : "skips", move > 0 ? "ends" : "begins",
                (long long)(bias_s + move) / 60, (long long)bias_s / 60);
      bias_s += move;
    } else if (rows > 0 && ts > prev) {
      step = ts - prev;
    }
    prev = ts;
    ts += bias_s;
    for (int g = 0; g < p->ngroups; g++) {
      p->groups[g].have = p->groups[g].missing = 0;
      p->groups[g].sum = 0;
    }
    long missing = 0;
    for (int i = 1; i < nf; i++) {
      const pdh_col *c = &p->cols[i];
      double v;
      int k = pdh_cell(cells[i], &v);
      if (k < 0)
        return nf_errcf(err, f->path, line, i + 1,
                        "expected a number (or \" \" for a missing sample) for %.200s, found "
                        "'%.40s'",
                        f->hdr[i], cells[i]);
      if (k == 0) {
        missing++;
        if (c->group >= 0)
          p->groups[c->group].missing++;
        continue;
      }
      if (c->group >= 0) {
        pdh_group *g = &p->groups[c->group];
        g->sum += v * c->scale;
        g->have++;
      } else if (c->metric != 0 && sink_value(sink, c->server, ts, c->metric, v, err)) {
        return -1;
      }
    }
    for (int g = 0; g < p->ngroups; g++) {
      const pdh_group *gr = &p->groups[g];
      if (gr->have == 0 || (gr->agg == PDH_SUM && gr->missing > 0))
        continue;
      double v = gr->agg == PDH_AVG ? gr->sum / gr->have : gr->sum;
      if (sink_value(sink, gr->server, ts, gr->metric, v, err))
        return -1;
    }
    if (missing)
      sink_count_missing(sink, missing);
    sink_count_rows(sink, 1);
    if (++rows % 4096 == 0)
      sink_progress(sink, textin_offset(f->t));
  }
  if (changes > 3)
    fprintf(stderr, "nfold: %s: warning: the clock changed by an hour %ld times in all\n", f->path,
            changes);
  sink_progress(sink, textin_offset(f->t));
  return 0;
}
