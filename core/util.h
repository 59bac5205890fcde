/* util.h — allocation, growable strings and the error record every module
 * uses to carry a user-facing message up to the front end.
 *
 * Ownership: allocation failure is fatal everywhere in nfold (xmalloc prints
 * how much it wanted and exits 70), so no function returns NULL for lack of
 * memory. An nf_err is owned by the caller, lives on the stack, and holds a
 * fixed buffer: nothing to free. A function that fails fills the nf_err and
 * returns -1; the caller either adds context or hands it to nf_err_print. */
#ifndef NF_UTIL_H
#define NF_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define NF_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *P (an array of *CAP elements of SIZE bytes) to hold at least NEED. */
void xgrow(void *pp, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A user-facing error: "FILE:LINE: message" or "FILE:LINE:COL: message",
 * or just the message when there is no file. */
typedef struct nf_err {
  char msg[2048];
  int set;
} nf_err;

/* Sets ERR to FILE:LINE: message (FILE may be NULL, LINE 0 for none). Returns -1. */
int nf_errf(nf_err *err, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int nf_errcf(nf_err *err, const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Prints "nfold: <msg>" on stderr. */
void nf_err_print(const nf_err *err);

/* Growable NUL-terminated string. Zero-initialise; free with sb_free. */
typedef struct sbuf {
  char *s;
  size_t len, cap;
} sbuf;

void sb_add(sbuf *b, const char *s);
void sb_addn(sbuf *b, const char *s, size_t n);
void sb_addc(sbuf *b, char c);
void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(sbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void sb_clear(sbuf *b);
void sb_free(sbuf *b);
/* Takes the string out of B (never NULL) and leaves B empty. */
char *sb_take(sbuf *b);

/* Reads a whole file into a NUL-terminated buffer; NULL and ERR set on failure. */
char *nf_read_file(const char *path, size_t *len, nf_err *err);

/* Case-insensitive ASCII comparison. */
int nf_strcaseeq(const char *a, const char *b);
/* Trims ASCII white space at both ends, in place; returns S. */
char *nf_trim(char *s);
/* Parses a whole string as a double (white space around allowed). 0 on success. */
int nf_parse_double(const char *s, double *out);
/* Parses "2026-03-01T10:05:00Z", "2026-03-01 10:05:00", "2026-03-01",
 * optional fraction and +hh:mm zone, or Unix seconds. 0 on success. */
int nf_parse_time(const char *s, int64_t *out);
/* Parses a window "FROM..TO" (each as nf_parse_time; either may be empty
 * for an open end) into [*FROM, *TO); TO is exclusive, so
 * "2026-03-01..2026-03-08" is the seven days from March 1. 0 = open. */
int nf_parse_window(const char *s, int64_t *from, int64_t *to, nf_err *err);
/* Formats Unix seconds as "2026-03-01T10:05:00Z" into BUF (>= 21 bytes). */
char *nf_format_time(int64_t ts, char *buf, size_t n);
/* V rounded to a whole number with thousands separators ("12,288") into
 * BUF; "-0" comes out as "0" (a sign error to a reader, not what happened).
 * NF_GROUPED_LEN holds any double's. */
#define NF_GROUPED_LEN 416
char *nf_grouped(char *buf, size_t n, double v);
/* The value of KEY in a "k=v,k=v" host spec ("name" in
 * "cores=32,name=gold"), or NULL. Caller frees. */
char *nf_spec_get(const char *spec, const char *key);
/* 64-bit FNV-1a, streamable: h = nf_hash(NF_HASH_INIT, a, n); h = nf_hash(h, b, m). */
#define NF_HASH_INIT 1469598103934665603ULL
uint64_t nf_hash(uint64_t h, const void *data, size_t n);
/* A file's content hash, 8 bytes at a time (several times faster than
 * nf_hash on large buffers). Streamable when every chunk but the last is a
 * multiple of 8 bytes long. */
uint64_t nf_hash_content(uint64_t h, const void *data, size_t n);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t nf_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
