/* report.h — the last stage of the data flow (DESIGN §2, §4b): one plan
 * read back from the study database (the plan, its scenarios, hosts,
 * placements, overhead by source, risks, the latest replay of each
 * scenario, and the verdicts of the plan's score run) into an nf_report,
 * and the printers that render it as XML (validated against the embedded
 * reports/nfold-report.xsd), HTML (one self-contained page) and CSV.
 *
 * The printers sit in a table (report.c), one file per format (xml.c,
 * html.c, csv.c), as sysstat's sadf does: each renders the whole model into
 * an sbuf; report_write then puts the bytes in place atomically.
 *
 * Ownership: report_load fills an nf_report the caller releases with
 * report_free; every string and array in it belongs to the report.
 * Allocation failure is fatal (xmalloc); every other error travels in an
 * nf_err and the functions return -1. */
#ifndef NF_REPORT_H
#define NF_REPORT_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

typedef struct rp_reason {
  char *rule, *strategy, *text;
  double points;
} rp_reason;

typedef struct rp_constraint {
  char *kind, *value;
} rp_constraint;

/* One workload: a server of the estate and its verdict. */
typedef struct rp_workload {
  int64_t server_id;
  char *name, *site, *role, *os;    /* site/role/os may be NULL */
  int cores, is_guest;
  double ram_mb;
  char *strategy, *co_host_kind;    /* co_host_kind may be NULL */
  char *confidence, *confidence_why;
  double score[4];                  /* vm-guest, vm-dedicated-cpu, native, co-host */
  int has_score[4];
  rp_reason *reasons;
  int nreasons;
  rp_constraint *constraints;
  int nconstraints;
} rp_workload;

/* CPU and RAM overhead attributed to one source (scheduler, privileged,
 * io-path, co-scheduling, memory, ...). */
typedef struct rp_source {
  char *name;
  double cpu_pct, ram_mb;
} rp_source;

typedef struct rp_placement {
  int64_t server_id;
  char *workload;                   /* server name */
  int wl;                           /* index into nf_report.w, -1 if no verdict */
  char *strategy, *co_host_kind;    /* co_host_kind may be NULL */
  int dedicated_cores;
  double cpu_peak, ram_peak_mb;     /* CU incl. overhead, MB */
  rp_source *oh;                    /* the workload's overhead in this scenario */
  int noh;
} rp_placement;

typedef struct rp_host {
  int64_t id;
  char *label, *kind;
  int os_images;
  double cpu_capacity, ram_mb_capacity;
  double cpu_peak_pct, ram_peak_pct, ram_mb;
  double *cpu_series, *ram_series;  /* per point, % of the host */
  int ncpu, nram;
  long step_s;                      /* seconds per point: the plan's slot, or a
                                       multiple when the planner merged slots */
  rp_placement *pl;
  int npl;
} rp_host;

typedef struct rp_risk {
  char *workload;                   /* NULL: the scenario as a whole */
  char *kind, *text;
  double figure;
  int has_figure;
} rp_risk;

typedef struct rp_replay_host {
  char *host;                       /* label */
  long intervals, overloaded;
  double worst_cpu_pct, worst_ram_pct;
  int has_worst_cpu, has_worst_ram;
} rp_replay_host;

typedef struct rp_replay {
  int64_t id, from, to, created_at;
  long host_intervals, overloaded;
  rp_replay_host *hosts;
  int nhosts;
} rp_replay;

typedef struct rp_scenario {
  int64_t id;
  char *name, *host_model, *notes;  /* notes may be NULL */
  long hosts, os_images, lower_bound;
  long baseline_hosts;
  long baseline_overloaded;         /* of those, over capacity in some slot; -1 unknown */
  int has_baseline;
  double price;
  int has_price;
  double cpu_capacity, ram_mb;      /* of one host */
  double oh_cpu_pct, oh_ram_mb;
  /* What it was planned with: the scenario row's own values, or the
   * plan's for rows of plans made before schema 2. iops/net are -1 when
   * not recorded. */
  double headroom_cpu, headroom_ram, headroom_iops, headroom_net, percentile;
  int is_default;                   /* planned with the plan's default (first) headroom
                                       and percentile: a candidate for the recommendation */
  rp_source *oh;
  int noh;
  rp_host *h;
  int nh;
  rp_risk *risks;
  int nrisks;
  rp_replay *replay;                /* the latest replay, or NULL */
} rp_scenario;

/* One term of the hypervisor profile's model, in words (plan_model). */
typedef struct rp_term {
  char *source, *formula, *why;
} rp_term;

typedef struct nf_report {
  int64_t plan_id, created_at, generated_at;
  int64_t score_run_id;             /* 0: the plan has no score run */
  char *hypervisor, *options;
  char *hv_title;                   /* the profile's title, or NULL for older plans */
  rp_term *model;                   /* the profile's terms in words; nmodel 0 for older plans */
  int nmodel;
  double percentile, headroom_cpu, headroom_ram;
  long slot_s;
  int64_t window_from, window_to;   /* 0 = open */
  /* Where the plan's slots start and how many there are, rebuilt from the
   * samples in its window as the profile stage does; has_slots is 0 when
   * the study holds no samples there. */
  int64_t slot0;
  long nslots;
  int has_slots;
  /* Today's estate, for the headline. */
  long est_servers, est_guests, est_physical, est_hosts;
  rp_workload *w;
  int nw;
  rp_scenario *sc;
  int nsc;
  int recommended;                  /* index into sc, -1 when there are none */
  int params_vary;                  /* the scenarios differ in headroom or percentile */
} nf_report;

/* Loads plan PLAN_ID (0 = the latest) from DB. Fails with "no plan yet:
 * run `nfold plan` first" when there is none. generated_at comes from
 * $SOURCE_DATE_EPOCH or $NFOLD_NOW (Unix seconds or ISO 8601) when set,
 * else the clock, so that golden reports can be byte-identical. */
int report_load(sqlite3 *db, int64_t plan_id, nf_report *out, nf_err *err);
void report_free(nf_report *r);

/* The formats: "xml", "html", "csv". The format for a file name by its
 * extension (".xml", ".html"/".htm", ".csv"), or NULL. */
int report_format_known(const char *format);
const char *report_format_for_path(const char *path);

/* Renders R as FORMAT into OUT (appended). XML is validated against the
 * embedded schema before it is returned. */
int report_render(const nf_report *r, const char *format, sbuf *out, nf_err *err);

/* Loads plan PLAN_ID (0 = latest) and writes it as FORMAT (xml|html|csv)
 * to PATH (NULL or "-" = stdout). A file is written to PATH.tmp and renamed
 * into place, so no half-written report is ever left behind. */
int report_write(sqlite3 *db, int64_t plan_id, const char *format, const char *path,
                 nf_err *err);

/* When SC is the hybrid (each workload at its verdict) and a uniform
 * scenario of the same host model, at the plan's default settings, needs
 * fewer hosts: the one that needs fewest. Else NULL. */
const rp_scenario *rp_fewer_elsewhere(const nf_report *r, const rp_scenario *sc);

/* One line for the terminal under the scenario table: the scenario the
 * reports recommend, its hosts, bound and OS images, and what a uniform
 * scenario would take when it needs fewer (rp_fewer_elsewhere); nothing
 * when the plan holds no scenario. */
void report_print_recommended(const nf_report *r, FILE *f);

/* Writes R, loaded, as FORMAT to PATH the same way. */
int report_save(const nf_report *r, const char *format, const char *path, nf_err *err);

/* Validates the XML file at PATH against the embedded schema. Errors name
 * PATH:LINE. */
int report_validate_xml(const char *path, nf_err *err);
/* The same for XML held in memory; NAME is used in error messages. */
int report_validate_xml_mem(const char *xml, size_t len, const char *name, nf_err *err);

/* --- for the printers (xml.c, html.c, csv.c) ------------------------------------ */

/* A printer: one per format, in the table in report.c. */
struct rp_printer {
  const char *format;               /* "xml" */
  int (*render)(const nf_report *r, sbuf *out, nf_err *err);
};
int rp_render_xml(const nf_report *r, sbuf *out, nf_err *err);
int rp_render_html(const nf_report *r, sbuf *out, nf_err *err);
int rp_render_csv(const nf_report *r, sbuf *out, nf_err *err);

/* Formats V with DEC decimals into BUF, never "-0". */
const char *rp_num(char *buf, size_t n, double v, int dec);
/* Formats Unix seconds as ISO 8601 UTC. */
const char *rp_time(char *buf, size_t n, int64_t ts);
/* A copy of S fit for XML 1.0 and HTML: invalid UTF-8 and control
 * characters other than tab and newline become U+FFFD. Caller frees. */
char *rp_clean(const char *s);
/* The workload a placement or risk names, by name; -1 if none. */
int rp_find_workload(const nf_report *r, const char *name);

#endif
