/* db.h — the study database: opening it safely, the versioned schema
 * (migrations indexed by PRAGMA user_version, docs/schema.md documents it),
 * and small statement helpers that put the SQL text in every error.
 *
 * Ownership: db_open returns a handle the caller closes with db_close.
 * Statements from db_prepare are the caller's (sqlite3_finalize). Errors are
 * propagated through nf_err, never fatal. Every write path of nfold runs in
 * one transaction (db_begin / db_commit / db_rollback) so that a failure
 * leaves the database as it was. */
#ifndef NF_DB_H
#define NF_DB_H

#include <sqlite3.h>
#include <stdint.h>

#include "util.h"

#define NF_SCHEMA_VERSION 4

/* Opens (creating if needed) the study database at PATH and brings its
 * schema up to date. NULL and ERR set on failure. */
sqlite3 *db_open(const char *path, nf_err *err);
void db_close(sqlite3 *db);

/* Runs SQL (one or more statements, no results). 0 or -1 with ERR. */
int db_exec(sqlite3 *db, const char *sql, nf_err *err);
/* Prepares one statement; PERSIST for statements kept across many steps. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, int persist, nf_err *err);
/* Steps a statement that returns no row (INSERT/UPDATE); resets it. */
int db_step_done(sqlite3 *db, sqlite3_stmt *st, nf_err *err);
/* Fills ERR from the connection's last error, naming the statement. */
int db_fail(sqlite3 *db, sqlite3_stmt *st, nf_err *err);

int db_begin(sqlite3 *db, nf_err *err);
int db_commit(sqlite3 *db, nf_err *err);
void db_rollback(sqlite3 *db);

/* First column of the first row of SQL as an integer (DFLT if no row). */
int64_t db_int(sqlite3 *db, const char *sql, int64_t dflt);

/* Id of the metric NAME (canonical ids are fixed, see metrics.h); creates
 * a row for a new non-canonical name when CREATE. -1 on error / not found. */
int64_t db_metric_id(sqlite3 *db, const char *name, const char *unit, int create, nf_err *err);

/* The first and last sample times in [FROM, TO) (FROM 0: from the start,
 * TO 0: to the end) into *LO and *HI. Returns 1, 0 when there is no
 * sample there (*LO and *HI untouched), -1 with ERR. One index seek each
 * way per server, not a scan of the samples. */
int db_sample_span(sqlite3 *db, int64_t from, int64_t to, int64_t *lo, int64_t *hi, nf_err *err);

/* Copies a column as a fresh string (NULL for SQL NULL). */
char *db_col_str(sqlite3_stmt *st, int col);

#endif
