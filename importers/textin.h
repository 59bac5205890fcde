/* textin.h — a streaming text reader for importers: detects a BOM (UTF-8,
 * UTF-16LE, UTF-16BE) or takes a forced encoding (any iconv name: CP1251,
 * WINDOWS-1252, ...), converts to UTF-8 with iconv, and hands out records:
 * lines, or CSV records whose quoted fields may span lines. Memory is
 * bounded by the longest record, never by the file size.
 *
 * Ownership: textin_open returns a reader the caller frees with
 * textin_close. Field and line pointers stay valid until the next call. */
#ifndef NF_TEXTIN_H
#define NF_TEXTIN_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct nf_textin nf_textin;

/* Opens PATH. ENCODING forces an iconv encoding name (NULL: detect a BOM,
 * else take the bytes as UTF-8, falling back to WINDOWS-1252 for a file
 * that is not valid UTF-8). */
nf_textin *textin_open(const char *path, const char *encoding, nf_err *err);
void textin_close(nf_textin *t);

/* The encoding in use ("UTF-8", "UTF-16LE", ...). */
const char *textin_encoding(const nf_textin *t);
/* Line number (1-based) where the last record started. */
long textin_line(const nf_textin *t);
/* Bytes of the file consumed so far, for progress. */
uint64_t textin_offset(const nf_textin *t);
/* The file's size in bytes (0 if unknown). */
uint64_t textin_size(const nf_textin *t);

/* Next line without its end-of-line, NUL-terminated; *LEN gets its length.
 * Returns 1, 0 at end of file, -1 with ERR on a read or conversion error. */
int textin_line_next(nf_textin *t, char **line, size_t *len, nf_err *err);

/* Next CSV record split on SEP (',' ';' '\t'), with "" quoting (a quoted
 * field may hold SEP, quotes and line breaks). *FIELDS gets an array of
 * *NF NUL-terminated fields (quotes removed). *QUOTED, when not NULL, gets
 * a parallel array: 1 where the field was quoted. Blank lines are skipped.
 * Returns 1, 0 at end of file, -1 with ERR (an unterminated quote names
 * the line it started on). */
int textin_csv_next(nf_textin *t, char sep, char ***fields, int *nf, const unsigned char **quoted,
                    nf_err *err);

/* Cuts the next field of a CSV record in place. *P is where it starts, END
 * where the record ends (a NUL there). A "..." field is unquoted ("" is a
 * quote; text after the closing quote up to SEP is kept). Sets *FIELD (NUL-
 * terminated), *LEN and *QUOTED (either may be NULL) and moves *P past the
 * separator. Returns 1 when another field follows (a trailing separator is
 * followed by one empty field), 0 after the last, -1 for a quote that never
 * closes. */
int textin_cut_field(char **p, char *end, char sep, char **field, size_t *len, int *quoted);

/* Opens PATH for CSV reading (as textin_open) with *SEP guessed from its
 * first non-blank line by textin_guess_sep; the reader starts at the top
 * of the file. *EMPTY is set when the file has no such line. NULL with
 * ERR on failure. */
nf_textin *textin_open_csv(const char *path, const char *encoding, char *sep, int *empty,
                           nf_err *err);

/* The separator of a CSV header line: the most frequent of ',' ';' TAB
 * outside quotes (Excel writes ';' in many locales). */
char textin_guess_sep(const char *line, size_t n);
/* Trims and lower-cases a header cell in place; returns where it starts. */
char *textin_norm_header(char *s);

/* Peeks at the first N bytes of PATH converted to UTF-8 (BOM removed), for
 * format detection. Returns a NUL-terminated buffer the caller frees. */
char *textin_head(const char *path, size_t n, size_t *outlen, nf_err *err);

#endif
