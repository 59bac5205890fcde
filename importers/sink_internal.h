/* sink_internal.h — the sink's lifetime, used only by import_file
 * (importer.c) and the tests: importers never open or close a sink. The
 * caller owns the transaction; sink_free releases the sink, not the db. */
#ifndef NF_SINK_INTERNAL_H
#define NF_SINK_INTERNAL_H

#include "sink.h"

/* Records the import (path, content HASH, BYTES, FORMAT) and prepares the
 * statements. Must be called inside a transaction. */
nf_sink *sink_open(sqlite3 *db, const char *path, const char *format, const char *hash,
                   uint64_t bytes, nf_err *err);
/* Writes every pending row and the import's counts. */
int sink_flush(nf_sink *s, nf_err *err);
void sink_counts(const nf_sink *s, long *servers, long *rows, long *vals, long *missing,
                 long *replaced);
/* Values read but not stored, and up to 8 of the activities they came
 * from, comma-separated into WHAT (N bytes). */
long sink_unused(const nf_sink *s, char *what, size_t n);
void sink_free(nf_sink *s);

#endif
