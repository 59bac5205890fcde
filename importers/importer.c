/* importer.c — the format registry; import_check, which finds every
 * named file's format before any is imported; and import_file: detect the
 * format by content, hash the file (an identical file already imported is
 * skipped and said so), run its reader inside one transaction, commit or
 * roll back. */
#include "importer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "sink_internal.h"
#include "textin.h"

extern const struct nf_importer imp_inventory, imp_longcsv, imp_perfmon, imp_esxtop,
    imp_sysstat_xml, imp_sysstat_csv, imp_rvtools;

/* Order matters only for ties in detection: the more specific first. */
const struct nf_importer *const nf_importers[] = {
  &imp_esxtop, &imp_perfmon, &imp_sysstat_xml, &imp_sysstat_csv, &imp_rvtools,
  &imp_inventory, &imp_longcsv, NULL,
};

const struct nf_importer *importer_find(const char *name)
{
  for (const struct nf_importer *const *p = nf_importers; *p; p++)
    if (nf_strcaseeq((*p)->name, name))
      return *p;
  return NULL;
}

static void list_formats(sbuf *b)
{
  for (const struct nf_importer *const *p = nf_importers; *p; p++)
    sb_printf(b, "\n  %-12s %s", (*p)->name, (*p)->what);
}

/* Hashes the whole file in one streaming pass. */
static int hash_file(const char *path, char hex[17], uint64_t *bytes, nf_err *err)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return nf_errf(err, path, 0, "cannot open: %s", strerror(errno));
  uint64_t h = NF_HASH_INIT, n = 0;
  static char buf[1 << 16];
  size_t k;
  while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
    h = nf_hash_content(h, buf, k);
    n += k;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad)
    return nf_errf(err, path, 0, "read error");
  snprintf(hex, 17, "%016llx", (unsigned long long)h);
  *bytes = n;
  return 0;
}

/* A binary perfmon log (.blg), which nfold does not read; relog, on
 * Windows, writes it as the CSV nfold does read. */
#define BLG_RELOG "`relog FILE.blg -f csv -o FILE.csv` on Windows writes it as a CSV nfold reads"
static int is_blg(const char *path)
{
  size_t len = strlen(path);
  return len > 4 && nf_strcaseeq(path + len - 4, ".blg");
}

static void format_error(nf_err *err, const char *path)
{
  sbuf b = {0};
  sb_add(&b, "not a format nfold reads");
  if (is_blg(path))
    sb_add(&b, " (a binary perfmon log: " BLG_RELOG ")");
  sb_add(&b, "; it reads:");
  list_formats(&b);
  sb_add(&b, "\n(`nfold import --format NAME` forces one)");
  nf_errf(err, path, 0, "%s", b.s);
  sb_free(&b);
}

/* The importer for PATH: OPTS->format, else the best detection. NULL with
 * ERR when PATH is a folder or cannot be read, the format is unknown, or
 * no format claims the file (FORMAT_ERR, when not NULL, set to 1 then). */
static const struct nf_importer *find_importer(const char *path, const nf_import_opts *opts,
                                               int *format_err, nf_err *err)
{
  struct stat sb;
  if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    nf_errf(err, path, 0, "is a directory (name the files in it)");
    return NULL;
  }
  size_t n = 0;
  char *head = textin_head(path, 16384, &n, err);
  if (head == NULL)
    return NULL;
  if (opts && opts->format) {
    free(head);
    const struct nf_importer *imp = importer_find(opts->format);
    if (imp == NULL) {
      sbuf b = {0};
      sb_printf(&b, "unknown --format '%s'; nfold reads:", opts->format);
      list_formats(&b);
      nf_errf(err, NULL, 0, "%s", b.s);
      sb_free(&b);
    }
    return imp;
  }
  const struct nf_importer *best = NULL;
  int best_score = 0;
  for (const struct nf_importer *const *p = nf_importers; *p; p++) {
    int s = (*p)->detect(head, n);
    if (s > best_score) {
      best_score = s;
      best = *p;
    }
  }
  free(head);
  if (best == NULL || best_score < 30) {
    format_error(err, path);
    if (format_err)
      *format_err = 1;
    return NULL;
  }
  return best;
}

int import_check(char *const *paths, int n, const nf_import_opts *opts, nf_err *err)
{
  enum { SHOWN = 8 };
  int bad = 0, blg = 0;
  sbuf list = {0};
  for (int i = 0; i < n; i++) {
    int format_err = 0;
    nf_err e = {0};
    if (find_importer(paths[i], opts, &format_err, &e) != NULL)
      continue;
    if (!format_err) { /* cannot be read, or an unknown --format */
      *err = e;
      sb_free(&list);
      return -1;
    }
    if (bad == 0) /* the message when it is the only one */
      *err = e;
    blg |= is_blg(paths[i]);
    if (bad++ < SHOWN)
      sb_printf(&list, "\n  %s%s", paths[i], is_blg(paths[i]) ? " (a binary perfmon log)" : "");
  }
  if (bad > 1) {
    sbuf b = {0};
    sb_printf(&b, "%d files are in no format nfold reads, so none was imported:%s", bad, list.s);
    if (bad > SHOWN)
      sb_printf(&b, "\n  and %d more", bad - SHOWN);
    if (blg)
      sb_add(&b, "\na binary perfmon log: " BLG_RELOG);
    sb_add(&b, "\nit reads:");
    list_formats(&b);
    sb_add(&b, "\n(`nfold import --format NAME` forces one; or move the other files out, or "
              "name those to import)");
    nf_errf(err, NULL, 0, "%s", b.s);
    sb_free(&b);
  }
  sb_free(&list);
  return bad ? -1 : 0;
}

int import_file(sqlite3 *db, const char *path, const nf_import_opts *opts, nf_import_result *res,
                nf_err *err)
{
  memset(res, 0, sizeof *res);
  char hex[17];
  uint64_t bytes = 0;
  const struct nf_importer *imp = find_importer(path, opts, NULL, err);
  if (imp == NULL || hash_file(path, hex, &bytes, err))
    return -1;
  res->format = imp->name;
  /* The same bytes already imported: nothing to do. */
  sqlite3_stmt *st = db_prepare(db, "SELECT path, format FROM imports WHERE hash = ?1 AND bytes = ?2", 0, err);
  if (st == NULL)
    return -1;
  sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, (int64_t)bytes);
  int dup = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  if (dup) {
    res->skipped = 1;
    return 0;
  }
  /* The sink writes only server ids it created or looked up in this
   * transaction, so the per-row foreign-key lookups buy nothing here (the
   * pragma is a no-op inside a transaction: set it before). */
  db_exec(db, "PRAGMA foreign_keys=OFF", err);
  if (db_begin(db, err)) {
    db_exec(db, "PRAGMA foreign_keys=ON", err);
    return -1;
  }
  nf_sink *sink = sink_open(db, path, imp->name, hex, bytes, err);
  if (sink == NULL)
    goto fail;
  nf_import_opts none = {0};
  if (imp->read(sink, path, opts ? opts : &none, err))
    goto fail;
  if (sink_flush(sink, err))
    goto fail;
  sink_counts(sink, &res->servers, &res->rows, &res->vals, &res->missing, &res->replaced);
  res->unused = sink_unused(sink, res->unused_what, sizeof res->unused_what);
  if (db_commit(db, err))
    goto fail;
  sink_free(sink);
  db_exec(db, "PRAGMA foreign_keys=ON", err);
  return 0;
fail:
  /* Errors from the database itself carry no file name: add it. */
  if (strncmp(err->msg, path, strlen(path)) != 0) {
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    nf_errf(err, path, 0, "%s", msg);
  }
  sink_free(sink);
  db_rollback(db);
  nf_err ignored = {0};
  db_exec(db, "PRAGMA foreign_keys=ON", &ignored);
  return -1;
}
