/* pdh.h — what the perfmon and esxtop importers share: both read PDH-shaped
 * logs (`relog -f csv`, `typeperf`, `esxtop -b`), a first header cell
 * "(PDH-CSV 4.0) (<zone>)(<bias>)", counter paths \\HOST\Object(Instance)\Counter
 * in the other header cells, then one row per timestamp.
 *
 * The work is split in two: an importer opens the file (pdh_open), looks at
 * every header path once and builds a column plan (pdh_plan_*): each column
 * either feeds a group (a canonical metric of one server, its instances
 * summed or averaged) or is kept under a source metric id. pdh_run then
 * streams the rows through the plan with no string lookups per cell.
 *
 * The localized counter-name table (importers/counters.tsv, format in
 * docs/formats-perfmon.md) lives here too, so that pdh_open can use it to
 * tell Cyrillic from Western code pages in a file without a BOM.
 *
 * Ownership: pdh_open fills a pdh_file the caller releases with pdh_close;
 * pdh_names_load returns a table freed with pdh_names_free; a plan is
 * zero-initialised by the caller and released with pdh_plan_free. Header
 * cells stay valid until pdh_close. Allocation failure is fatal (xmalloc). */
#ifndef NF_PDH_H
#define NF_PDH_H

#include <stdint.h>

#include "importer.h"
#include "textin.h"

/* ---- the localized counter-name table ---- */

typedef struct pdh_names pdh_names;

/* Loads the embedded importers/counters.tsv, then EXTRA (a user's TSV of the
 * same format, may be NULL) whose rows win over the embedded ones. NULL
 * with ERR naming the file and line of a malformed row. */
pdh_names *pdh_names_load(const char *extra, nf_err *err);
void pdh_names_free(pdh_names *n);
/* The canonical (English) object and counter of a localized OBJECT and
 * COUNTER (case-insensitive), or 0 when the table does not know them. */
int pdh_names_counter(const pdh_names *n, const char *object, const char *counter,
                      const char **cobject, const char **ccounter);
/* The canonical object of a localized OBJECT, or NULL. */
const char *pdh_names_object(const pdh_names *n, const char *object);

/* Case folding for names: ASCII, Latin-1, Latin Extended-A and Cyrillic
 * upper case to lower case, typographic apostrophe and no-break space to
 * their ASCII forms. Returns a new string. */
char *pdh_fold(const char *s);

/* ---- the file ---- */

typedef struct pdh_file {
  nf_textin *t;
  const char *path;
  char sep;           /* ',' or '\t' */
  int bias_min;       /* minutes to add to local time to get UTC */
  char *zone;         /* the zone name of the header, or NULL */
  long hdr_line;      /* the header's line number (1 unless blank lines lead) */
  int ncols;          /* header cells, the timestamp column included */
  char **hdr;         /* the header cells (copies) */
  char *encoding;     /* the encoding in use */
} pdh_file;

/* Is HEAD the start of a PDH-CSV or PDH-TSV log? */
int pdh_is_pdh(const char *head, size_t n);

/* Opens PATH and reads its header. OPTS->encoding forces an encoding; else
 * a file that is not UTF-8 and has no BOM is tried as WINDOWS-1252, CP1251
 * and CP1250 and the reading in which NAMES knows most counters wins (NAMES
 * may be NULL: no such test). A malformed zone cell is a warning on stderr
 * (local time taken as UTC); a first cell that is not a PDH header is an
 * error. */
int pdh_open(pdh_file *f, const char *path, const nf_import_opts *opts, const pdh_names *names,
             nf_err *err);
void pdh_close(pdh_file *f);

/* A counter path split in place: \\HOST\Object(Instance)\Counter. INSTANCE
 * is NULL for single-instance objects. */
typedef struct pdh_path {
  char *host, *object, *instance, *counter;
} pdh_path;

/* Splits S (modified) into P. 0, or -1 when S is not a counter path. */
int pdh_parse_path(char *s, pdh_path *p);

/* Parses "MM/DD/YYYY HH:MM:SS[.mmm]" into seconds since 1970 of that wall
 * clock, rounded to the nearest second. 0 on success. */
int pdh_parse_time(const char *s, int64_t *secs);

/* Reads one value cell: 1 and *V for a number, 0 for a missing sample
 * (empty or blanks), -1 when the cell is not a number. */
int pdh_cell(const char *s, double *v);

/* ---- the column plan ---- */

enum pdh_agg { PDH_SUM, PDH_AVG };

typedef struct pdh_col {
  int32_t group;   /* the group it feeds, or -1 */
  int64_t server;  /* for a source value */
  int64_t metric;  /* source metric id for a value kept as is; 0 = the column is ignored */
  double scale;    /* the value is multiplied by this */
} pdh_col;

typedef struct pdh_group {
  int64_t server, metric;
  int agg;
  int have, missing;
  double sum;
} pdh_group;

typedef struct pdh_plan {
  pdh_col *cols;   /* one per header cell; cols[0] is the timestamp */
  int ncols;
  pdh_group *groups;
  int ngroups;
  size_t gcap;
} pdh_plan;

/* Sizes the plan for F's columns; every column starts ignored. */
void pdh_plan_init(pdh_plan *p, const pdh_file *f);
/* Column COL feeds canonical METRIC (metrics.h index) of SERVER, values
 * times SCALE, instances combined by AGG. */
void pdh_plan_group(pdh_plan *p, int col, int64_t server, int metric, int agg, double scale);
/* Column COL is kept under source metric id METRIC of SERVER. */
void pdh_plan_source(pdh_plan *p, int col, int64_t server, int64_t metric);
void pdh_plan_free(pdh_plan *p);

/* Streams F's rows through plan P into SINK. A SUM group with any missing
 * member gives no value for that timestamp (a partial sum would
 * understate); an AVG group averages the members present. 0, or -1 with
 * ERR as FILE:LINE[:CELL]: what was expected. */
int pdh_run(pdh_file *f, pdh_plan *p, nf_sink *sink, nf_err *err);

#endif
