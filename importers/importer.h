/* importer.h — the registry of input formats (DESIGN §3), import_check,
 * which checks a command's files before it imports any, and import_file,
 * which detects a file's format by content, opens the sink (sink.h) in one
 * transaction, runs the format's reader and commits, or rolls back so that
 * a file that fails leaves the study database as it was.
 *
 * One file per format in importers/, each exporting one const struct
 * nf_importer listed in importer.c. A reader streams its file (memory must
 * not grow with file size) and names file, line (and column where it can)
 * in every error. */
#ifndef NF_IMPORTER_H
#define NF_IMPORTER_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "sink.h"
#include "util.h"

typedef struct nf_import_opts {
  const char *format;    /* forced format name, or NULL to detect */
  const char *encoding;  /* forced input encoding (iconv name), or NULL to detect */
  const char *counters;  /* extra counter-name table (TSV), or NULL */
  int quiet;             /* no summary line on stdout */
} nf_import_opts;

struct nf_importer {
  const char *name;  /* "inventory", "perfmon", "sysstat-xml", ... (for --format) */
  const char *what;  /* one line: what the format is */
  /* How sure (0..100) it is that a file starting with HEAD (N bytes,
   * converted to UTF-8 when the file had a UTF-16 BOM, NUL-terminated) is
   * in this format. */
  int (*detect)(const char *head, size_t n);
  /* Reads the file at PATH into the sink. 0, or -1 with ERR as
   * "PATH:LINE[:COL]: what was expected". */
  int (*read)(nf_sink *sink, const char *path, const nf_import_opts *opts, nf_err *err);
};

extern const struct nf_importer *const nf_importers[];

/* Result of one import, for the caller's summary. */
typedef struct nf_import_result {
  const char *format;  /* static */
  int skipped;         /* 1 when the same content was already imported */
  long servers, rows, vals, missing, replaced;
  long unused;            /* values read but not stored (activities nfold does not use) */
  char unused_what[256];  /* which activities, comma-separated */
} nf_import_result;

/* Checks, before any is imported, that each of the N files can be read and
 * is in a format nfold reads (OPTS->format, or detected by content): 0, or
 * -1 with ERR naming the first file that cannot be read, or every file in
 * no format (the first eight) and the formats nfold reads. */
int import_check(char *const *paths, int n, const nf_import_opts *opts, nf_err *err);

/* Imports one file. 0 on success (including "already imported"), -1 with
 * ERR; on failure nothing of the file remains in DB. */
int import_file(sqlite3 *db, const char *path, const nf_import_opts *opts,
                nf_import_result *res, nf_err *err);

/* The importer called NAME, or NULL. */
const struct nf_importer *importer_find(const char *name);

#endif
