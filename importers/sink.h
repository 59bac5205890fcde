/* sink.h — where every importer writes: servers, their attributes and tags,
 * and sample values, into the study database inside the one transaction of
 * the file being imported (DESIGN §2). The sink buffers one wide row per
 * server and timestamp (canonical metrics as columns) and writes it when the
 * server's timestamp moves on, so an importer just calls sink_value for each
 * value it reads, in file order.
 *
 * Ownership: import_file (importer.h) opens and closes the sink; importers
 * only use it. Strings passed in are copied. Errors propagate through nf_err
 * (the importer adds file:line context where it has it). */
#ifndef NF_SINK_H
#define NF_SINK_H

#include <sqlite3.h>
#include <stdint.h>

#include "util.h"

typedef struct nf_sink nf_sink;

/* The server called NAME, created (name only) if new. Names match
 * case-insensitively, and a short name matches an FQDN ("WEB01" is
 * "web01.corp.local"). Returns its id, or -1 with ERR. */
int64_t sink_server(nf_sink *s, const char *name, nf_err *err);

/* Claims SERVER for the record at LINE of this file: returns 0 the first
 * time, else the line that claimed it first (a server defined twice in one
 * inventory is an error the reader reports with both lines). */
long sink_claim_server(nf_sink *s, int64_t server, long line);

/* Sets a text column of a server: site, role, os, arch, model,
 * criticality, kind ('server' or 'host'). NULL clears it. */
int sink_server_text(nf_sink *s, int64_t server, const char *column, const char *text, nf_err *err);
/* Sets a numeric column: sockets, cores, threads, mhz, ram_mb, cpu_rating. */
int sink_server_num(nf_sink *s, int64_t server, const char *column, double v, nf_err *err);
/* Keeps KEY=VALUE as a tag of the server (replacing an earlier value). */
int sink_server_tag(nf_sink *s, int64_t server, const char *key, const char *value, nf_err *err);
/* Marks the server as already a VM guest, saying why ("model 'VMware
 * Virtual Platform'", "process vmtoolsd in perfmon log"). */
int sink_mark_guest(nf_sink *s, int64_t server, const char *evidence, nf_err *err);

/* The id of metric NAME: 1..NF_M__COUNT for canonical metrics (metrics.h),
 * else an id for this source counter name (created if new). -1 with ERR. */
int64_t sink_metric(nf_sink *s, const char *name, const char *unit, nf_err *err);

/* One sample value, TS in Unix seconds UTC. Values of one server should come
 * in timestamp order for speed; any order is correct. */
int sink_value(nf_sink *s, int64_t server, int64_t ts, int64_t metric, double v, nf_err *err);

/* Counting, for the imports record and the summary line. */
void sink_count_rows(nf_sink *s, long n);     /* records read (lines, timestamps) */
void sink_count_missing(nf_sink *s, long n);  /* blank cells read as missing */
/* N values read but not stored because nfold does not use the activity
 * or counter WHAT (e.g. "interrupts", "power-management/fan-speed"): said
 * in the import's summary, so nothing is left out silently. */
void sink_count_unused(nf_sink *s, long n, const char *what);

/* Reports progress: BYTES of the file consumed so far (draws a bar on a terminal). */
void sink_progress(nf_sink *s, uint64_t bytes);

/* The database, for importers that need a lookup of their own. */
sqlite3 *sink_db(nf_sink *s);
/* The name of the file being imported, for error messages. */
const char *sink_path(const nf_sink *s);

#endif
