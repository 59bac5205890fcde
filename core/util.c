/* util.c — the helpers of util.h: fatal-on-failure allocation, sbuf, the
 * error record, number and time parsing shared by importers and the CLI. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void nomem(size_t n)
{
  fprintf(stderr, "nfold: out of memory (wanted %zu bytes)\n", n);
  exit(70);
}

void *xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (p == NULL)
    nomem(n);
  return p;
}

void *xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (p == NULL)
    nomem(n * size);
  return p;
}

void *xrealloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (q == NULL)
    nomem(n);
  return q;
}

void xgrow(void *pp, size_t *cap, size_t need, size_t size)
{
  void **p = pp;
  if (need <= *cap)
    return;
  size_t c = *cap ? *cap : 8;
  while (c < need)
    c *= 2;
  *p = xrealloc(*p, c * size);
  *cap = c;
}

char *xstrdup(const char *s)
{
  return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *xasprintf(const char *fmt, ...)
{
  sbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  return sb_take(&b);
}

static int errv(nf_err *err, const char *file, long line, long col, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
static int errv(nf_err *err, const char *file, long line, long col, const char *fmt, va_list ap)
{
  if (err == NULL)
    return -1;
  size_t n = 0;
  if (file && line > 0 && col > 0)
    n = (size_t)snprintf(err->msg, sizeof err->msg, "%s:%ld:%ld: ", file, line, col);
  else if (file && line > 0)
    n = (size_t)snprintf(err->msg, sizeof err->msg, "%s:%ld: ", file, line);
  else if (file)
    n = (size_t)snprintf(err->msg, sizeof err->msg, "%s: ", file);
  if (n >= sizeof err->msg)
    n = sizeof err->msg - 1;
  vsnprintf(err->msg + n, sizeof err->msg - n, fmt, ap);
  err->set = 1;
  return -1;
}

int nf_errf(nf_err *err, const char *file, long line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  errv(err, file, line, 0, fmt, ap);
  va_end(ap);
  return -1;
}

int nf_errcf(nf_err *err, const char *file, long line, long col, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  errv(err, file, line, col, fmt, ap);
  va_end(ap);
  return -1;
}

void nf_err_print(const nf_err *err)
{
  fprintf(stderr, "nfold: %s\n", err->set ? err->msg : "unknown error");
}

void sb_addn(sbuf *b, const char *s, size_t n)
{
  xgrow(&b->s, &b->cap, b->len + n + 1, 1);
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void sb_add(sbuf *b, const char *s)
{
  sb_addn(b, s, strlen(s));
}

void sb_addc(sbuf *b, char c)
{
  sb_addn(b, &c, 1);
}

void sb_vprintf(sbuf *b, const char *fmt, va_list ap)
{
  va_list aq;
  va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  if (n < 0)
    return;
  xgrow(&b->s, &b->cap, b->len + (size_t)n + 1, 1);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void sb_printf(sbuf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(b, fmt, ap);
  va_end(ap);
}

void sb_clear(sbuf *b)
{
  b->len = 0;
  if (b->s)
    b->s[0] = '\0';
}

void sb_free(sbuf *b)
{
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

char *sb_take(sbuf *b)
{
  char *s = b->s ? b->s : xstrdup("");
  b->s = NULL;
  b->len = b->cap = 0;
  return s;
}

char *nf_read_file(const char *path, size_t *len, nf_err *err)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    nf_errf(err, path, 0, "cannot open: %s", strerror(errno));
    return NULL;
  }
  sbuf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    sb_addn(&b, chunk, n);
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    sb_free(&b);
    nf_errf(err, path, 0, "read error");
    return NULL;
  }
  if (len)
    *len = b.len;
  return sb_take(&b);
}

int nf_strcaseeq(const char *a, const char *b)
{
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return 0;
  return *a == *b;
}

char *nf_trim(char *s)
{
  while (isspace((unsigned char)*s))
    s++;
  size_t n = strlen(s);
  while (n > 0 && isspace((unsigned char)s[n - 1]))
    s[--n] = '\0';
  return s;
}

int nf_parse_double(const char *s, double *out)
{
  char *end;
  while (isspace((unsigned char)*s))
    s++;
  if (*s == '\0')
    return -1;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || errno == ERANGE || !isfinite(v))
    return -1;
  while (isspace((unsigned char)*end))
    end++;
  if (*end != '\0')
    return -1;
  *out = v;
  return 0;
}

int64_t nf_days_from_civil(int64_t y, unsigned m, unsigned d)
{
  /* Howard Hinnant's days_from_civil. */
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char **p, int n, int *out)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)(*p)[i]))
      return -1;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += n;
  *out = v;
  return 0;
}

int nf_parse_time(const char *s, int64_t *out)
{
  while (isspace((unsigned char)*s))
    s++;
  const char *p = s;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (digits(&p, 4, &y) == 0 && *p == '-') {
    p++;
    if (digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d))
      return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
      return -1;
    if (*p == 'T' || *p == ' ') {
      p++;
      if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
        return -1;
      if (*p == ':') {
        p++;
        if (digits(&p, 2, &se))
          return -1;
        if (*p == '.' || *p == ',') {
          p++;
          while (isdigit((unsigned char)*p))
            p++;
        }
      }
      if (h > 24 || mi > 59 || se > 60)
        return -1;
    }
    int64_t off = 0;
    while (*p == ' ')
      p++;
    if (*p == 'Z' || *p == 'z') {
      p++;
    } else if (*p == '+' || *p == '-') {
      int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
      if (digits(&p, 2, &oh))
        return -1;
      if (*p == ':')
        p++;
      if (isdigit((unsigned char)*p) && digits(&p, 2, &om))
        return -1;
      off = sign * (oh * 3600 + om * 60);
    } else if (strncmp(p, "UTC", 3) == 0) {
      p += 3;
    }
    while (isspace((unsigned char)*p))
      p++;
    if (*p != '\0')
      return -1;
    *out = nf_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
           mi * 60 + se - off;
    return 0;
  }
  /* Unix seconds, possibly with a fraction. */
  double v;
  if (nf_parse_double(s, &v) || v < 0 || v > 1e11)
    return -1;
  *out = (int64_t)v;
  return 0;
}

int nf_parse_window(const char *s, int64_t *from, int64_t *to, nf_err *err)
{
  const char *dots = strstr(s, "..");
  if (dots == NULL)
    return nf_errf(err, NULL, 0, "--window wants FROM..TO (ISO dates or times), got '%s'", s);
  char *a = xstrndup(s, (size_t)(dots - s));
  const char *b = dots + 2;
  int rc = 0;
  *from = *to = 0;
  if (*nf_trim(a) && nf_parse_time(a, from))
    rc = nf_errf(err, NULL, 0, "--window: '%s' is not an ISO date or time", a);
  else if (*b && nf_parse_time(b, to))
    rc = nf_errf(err, NULL, 0, "--window: '%s' is not an ISO date or time", b);
  else if (*a && *b && *to <= *from)
    rc = nf_errf(err, NULL, 0, "--window: '%s' does not end after it starts", s);
  free(a);
  return rc;
}

char *nf_format_time(int64_t ts, char *buf, size_t n)
{
  int64_t days = ts >= 0 ? ts / 86400 : (ts - 86399) / 86400;
  int64_t secs = ts - days * 86400;
  /* civil_from_days */
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = (int64_t)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  snprintf(buf, n, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
           (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
  return buf;
}

char *nf_grouped(char *buf, size_t n, double v)
{
  char d[NF_GROUPED_LEN], out[NF_GROUPED_LEN];
  snprintf(d, sizeof d, "%.0f", fabs(v));
  size_t len = strlen(d), o = 0;
  if (v < 0 && strcmp(d, "0") != 0)
    out[o++] = '-';
  for (size_t i = 0; i < len; i++) {
    if (i && (len - i) % 3 == 0 && isdigit((unsigned char)d[i]))
      out[o++] = ',';
    out[o++] = d[i];
  }
  out[o] = '\0';
  snprintf(buf, n, "%s", out);
  return buf;
}

uint64_t nf_hash(uint64_t h, const void *data, size_t n)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

uint64_t nf_hash_content(uint64_t h, const void *data, size_t n)
{
  const unsigned char *p = data;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
  }
  return nf_hash(h, p + i, n - i);
}

char *nf_spec_get(const char *spec, const char *key)
{
  size_t kl = strlen(key);
  for (const char *p = spec; p && *p; p = strchr(p, ','), p = p ? p + 1 : NULL)
    if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
      const char *v = p + kl + 1, *e = strchr(v, ',');
      if (e != v && *v)
        return e ? xstrndup(v, (size_t)(e - v)) : xstrdup(v);
    }
  return NULL;
}
