/* textin.c — the reader of textin.h. Bytes are read in 64 KiB chunks; when
 * the file is not UTF-8 they pass through iconv into a UTF-8 buffer; records
 * are cut from that buffer. */
#include "textin.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHUNK 65536

struct nf_textin {
  FILE *f;
  const char *path;
  char enc[64];
  iconv_t cd;           /* (iconv_t)-1 when the input is UTF-8 */
  char raw[CHUNK + 8];  /* undecoded bytes */
  size_t rawlen;
  char *buf;            /* decoded UTF-8 text */
  size_t len, pos, cap;
  int eof;
  long line, rec_line;
  uint64_t offset, size;
  char *rec;            /* current record (copy) */
  size_t reccap;
  char **fields;
  unsigned char *quoted;
  size_t fcap;
};

/* Is S[0..N) valid UTF-8? A sequence cut by the end of S counts as valid
 * when CUT_OK (the probe ended mid-character). */
static int valid_utf8(const unsigned char *s, size_t n, int cut_ok)
{
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t k;
    if (c < 0x80)
      k = 0;
    else if ((c & 0xE0) == 0xC0)
      k = 1;
    else if ((c & 0xF0) == 0xE0)
      k = 2;
    else if ((c & 0xF8) == 0xF0)
      k = 3;
    else
      return 0;
    if (i + k >= n)
      return k == 0 || cut_ok;
    for (size_t j = 1; j <= k; j++)
      if ((s[i + j] & 0xC0) != 0x80)
        return 0;
    i += k + 1;
  }
  return 1;
}

/* Reads more raw bytes and appends their UTF-8 form to buf. 0 at EOF. */
static int fill(nf_textin *t, nf_err *err)
{
  if (t->eof)
    return 0;
  size_t n = fread(t->raw + t->rawlen, 1, CHUNK - t->rawlen, t->f);
  if (n == 0 && ferror(t->f))
    return nf_errf(err, t->path, t->line, "read error: %s", strerror(errno));
  t->offset += n;
  t->rawlen += n;
  int at_eof = n == 0 || feof(t->f);
  if (t->rawlen == 0) {
    t->eof = 1;
    return 0;
  }
  if (t->cd == (iconv_t)-1) {
    xgrow(&t->buf, &t->cap, t->len + t->rawlen + 1, 1);
    memcpy(t->buf + t->len, t->raw, t->rawlen);
    t->len += t->rawlen;
    t->rawlen = 0;
  } else {
    char *in = t->raw;
    size_t inleft = t->rawlen;
    while (inleft > 0) {
      xgrow(&t->buf, &t->cap, t->len + inleft * 4 + 16, 1);
      char *out = t->buf + t->len;
      size_t outleft = t->cap - t->len - 1;
      size_t r = iconv(t->cd, &in, &inleft, &out, &outleft);
      t->len = (size_t)(out - t->buf);
      if (r == (size_t)-1) {
        if (errno == E2BIG)
          continue;
        if (errno == EINVAL && !at_eof)
          break; /* a character cut at the chunk's end: keep it for later */
        return nf_errf(err, t->path, t->line + 1,
                       "bytes that are not valid %s (use --encoding to name the file's encoding)",
                       t->enc);
      }
    }
    memmove(t->raw, in, inleft);
    t->rawlen = inleft;
  }
  if (at_eof && t->rawlen == 0)
    t->eof = 1;
  return 1;
}

nf_textin *textin_open(const char *path, const char *encoding, nf_err *err)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    nf_errf(err, path, 0, "cannot open: %s", strerror(errno));
    return NULL;
  }
  nf_textin *t = xcalloc(1, sizeof *t);
  t->f = f;
  t->path = path;
  t->cd = (iconv_t)-1;
  struct stat sb;
  if (fstat(fileno(f), &sb) == 0)
    t->size = (uint64_t)sb.st_size;
  unsigned char bom[4] = {0};
  size_t nb = fread(bom, 1, 4, f);
  size_t skip = 0;
  const char *enc = encoding;
  if (nb >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) {
    skip = 3;
    if (!enc)
      enc = "UTF-8";
  } else if (nb >= 2 && bom[0] == 0xFF && bom[1] == 0xFE) {
    skip = 2;
    if (!enc)
      enc = "UTF-16LE";
  } else if (nb >= 2 && bom[0] == 0xFE && bom[1] == 0xFF) {
    skip = 2;
    if (!enc)
      enc = "UTF-16BE";
  }
  if (!enc) {
    /* No BOM, nothing forced: UTF-8 if the first 64 KiB are valid UTF-8,
     * else the Western Windows code page. */
    unsigned char probe[CHUNK];
    fseek(f, 0, SEEK_SET);
    size_t np = fread(probe, 1, sizeof probe, f);
    enc = valid_utf8(probe, np, np == sizeof probe) ? "UTF-8" : "WINDOWS-1252";
  }
  snprintf(t->enc, sizeof t->enc, "%s", enc);
  if (!nf_strcaseeq(enc, "UTF-8") && !nf_strcaseeq(enc, "UTF8")) {
    t->cd = iconv_open("UTF-8", enc);
    if (t->cd == (iconv_t)-1) {
      nf_errf(err, path, 0, "unknown encoding '%s' (iconv names such as UTF-16LE, CP1251, WINDOWS-1252)", enc);
      textin_close(t);
      return NULL;
    }
  }
  fseek(f, (long)skip, SEEK_SET);
  t->offset = skip;
  return t;
}

void textin_close(nf_textin *t)
{
  if (t == NULL)
    return;
  if (t->f)
    fclose(t->f);
  if (t->cd != (iconv_t)-1)
    iconv_close(t->cd);
  free(t->buf);
  free(t->rec);
  free(t->fields);
  free(t->quoted);
  free(t);
}

const char *textin_encoding(const nf_textin *t)
{
  return t->enc;
}

long textin_line(const nf_textin *t)
{
  return t->rec_line;
}

uint64_t textin_offset(const nf_textin *t)
{
  return t->offset;
}

uint64_t textin_size(const nf_textin *t)
{
  return t->size;
}

/* Makes sure buf[pos..] holds a complete line (or the rest of the file).
 * Returns the index of the '\n' or len at EOF; -1 on error. */
static long find_eol(nf_textin *t, size_t from, nf_err *err)
{
  for (;;) {
    /* Nothing buffered yet (buf may still be NULL): memchr must not see it. */
    char *nl = t->len > from ? memchr(t->buf + from, '\n', t->len - from) : NULL;
    if (nl)
      return nl - t->buf;
    if (t->pos > 0) {
      /* Compact before reading more. */
      memmove(t->buf, t->buf + t->pos, t->len - t->pos);
      t->len -= t->pos;
      from -= t->pos;
      t->pos = 0;
    }
    size_t before = t->len;
    int r = fill(t, err);
    if (r < 0)
      return -1;
    if (r == 0 && t->len == before)
      return (long)t->len;
    from = before;
  }
}

int textin_line_next(nf_textin *t, char **line, size_t *len, nf_err *err)
{
  long eol = find_eol(t, t->pos, err);
  if (eol < 0)
    return -1;
  if ((size_t)eol == t->pos && t->len == t->pos && t->eof)
    return 0;
  size_t n = (size_t)eol - t->pos;
  xgrow(&t->rec, &t->reccap, n + 1, 1);
  memcpy(t->rec, t->buf + t->pos, n);
  if (n > 0 && t->rec[n - 1] == '\r')
    n--;
  t->rec[n] = '\0';
  t->pos = (size_t)eol < t->len ? (size_t)eol + 1 : (size_t)eol;
  t->line++;
  t->rec_line = t->line;
  *line = t->rec;
  if (len)
    *len = n;
  return 1;
}

int textin_csv_next(nf_textin *t, char sep, char ***fields, int *nf, const unsigned char **quoted,
                    nf_err *err)
{
  for (;;) {
    /* Gather physical lines until the quotes balance. */
    size_t start = t->pos, scan = t->pos;
    int inq = 0;
    long lines = 0;
    long eol;
    for (;;) {
      eol = find_eol(t, scan, err);
      if (eol < 0)
        return -1;
      if (t->pos != start) { /* find_eol compacted the buffer */
        scan -= start - t->pos;
        start = t->pos;
      }
      for (size_t i = scan; i < (size_t)eol; i++)
        if (t->buf[i] == '"')
          inq = !inq;
      lines++;
      if (!inq || (size_t)eol >= t->len)
        break;
      scan = (size_t)eol + 1;
    }
    if ((size_t)eol == start && t->len == start && t->eof)
      return 0;
    if (inq)
      return nf_errf(err, t->path, t->line + 1, "a quoted field that never ends (missing '\"')");
    size_t n = (size_t)eol - start;
    xgrow(&t->rec, &t->reccap, n + 1, 1);
    memcpy(t->rec, t->buf + start, n);
    t->rec[n] = '\0';
    t->pos = (size_t)eol < t->len ? (size_t)eol + 1 : (size_t)eol;
    t->rec_line = t->line + 1;
    t->line += lines;
    /* Split in place. */
    char *p = t->rec, *end = t->rec + n;
    if (end > p && end[-1] == '\r')
      *--end = '\0';
    if (p == end)
      continue; /* blank line */
    int k = 0, more;
    do {
      xgrow(&t->fields, &t->fcap, (size_t)k + 1, sizeof *t->fields);
      t->quoted = xrealloc(t->quoted, t->fcap);
      int q;
      more = textin_cut_field(&p, end, sep, &t->fields[k], NULL, &q);
      if (more < 0)
        return nf_errf(err, t->path, t->rec_line, "a quoted field that never ends (missing '\"')");
      t->quoted[k++] = (unsigned char)q;
    } while (more);
    *fields = t->fields;
    *nf = k;
    if (quoted)
      *quoted = t->quoted;
    return 1;
  }
}

int textin_cut_field(char **pp, char *end, char sep, char **field, size_t *len, int *quoted)
{
  char *p = *pp, *out = p, *f = p;
  int q = p < end && *p == '"';
  if (q) {
    p++;
    for (;;) {
      if (p >= end)
        return -1;
      if (*p == '"') {
        if (p + 1 < end && p[1] == '"') {
          *out++ = '"';
          p += 2;
          continue;
        }
        p++;
        break;
      }
      *out++ = *p++;
    }
    /* Text after the closing quote up to the separator is kept. */
    while (p < end && *p != sep)
      *out++ = *p++;
  } else {
    while (p < end && *p != sep)
      p++;
    out = p;
  }
  int more = p < end;
  *out = '\0';
  *field = f;
  if (len)
    *len = (size_t)(out - f);
  if (quoted)
    *quoted = q;
  *pp = more ? p + 1 : p;
  return more;
}

nf_textin *textin_open_csv(const char *path, const char *encoding, char *sep, int *empty,
                           nf_err *err)
{
  nf_textin *t = textin_open(path, encoding, err);
  if (t == NULL)
    return NULL;
  char *line;
  size_t len;
  int r = textin_line_next(t, &line, &len, err);
  while (r > 0 && *nf_trim(line) == '\0')
    r = textin_line_next(t, &line, &len, err);
  if (r < 0) {
    textin_close(t);
    return NULL;
  }
  *empty = r == 0;
  *sep = r > 0 ? textin_guess_sep(line, len) : ',';
  /* Start again from the top for the records (the header included). */
  textin_close(t);
  return textin_open(path, encoding, err);
}

char textin_guess_sep(const char *line, size_t n)
{
  int comma = 0, semi = 0, tab = 0, inq = 0;
  for (size_t i = 0; i < n && line[i] && line[i] != '\n'; i++) {
    char c = line[i];
    if (c == '"')
      inq = !inq;
    else if (!inq)
      comma += c == ',', semi += c == ';', tab += c == '\t';
  }
  if (tab > comma && tab > semi)
    return '\t';
  return semi > comma ? ';' : ',';
}

char *textin_norm_header(char *s)
{
  s = nf_trim(s);
  for (char *p = s; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return s;
}

char *textin_head(const char *path, size_t n, size_t *outlen, nf_err *err)
{
  nf_textin *t = textin_open(path, NULL, err);
  if (t == NULL)
    return NULL;
  while (t->len < n && !t->eof)
    if (fill(t, err) < 0) {
      /* A conversion error in the head still leaves what was decoded. */
      break;
    }
  size_t m = t->len < n ? t->len : n;
  char *h = xstrndup(t->buf ? t->buf : "", m);
  if (outlen)
    *outlen = m;
  textin_close(t);
  return h;
}
