/* sysstat.h — what the two sysstat readers share (sysstat_xml.c reads
 * `sadf -x`, sysstat_csv.c reads `sadf -d`): the fields nfold takes from a
 * sysstat activity under any of the names sysstat versions gave them, the
 * mapping of one server's timestamp onto the canonical metrics of DESIGN
 * §3 (sy_emit), and the per-file bookkeeping both need (source metric ids,
 * steal time per server for guest detection, distinct timestamps).
 * docs/formats-sysstat.md is the user-facing account of this mapping.
 *
 * Ownership: a sy_file lives on the reader's stack; sy_file_free releases
 * what it grew. Errors propagate through nf_err (allocation is fatal). */
#ifndef NF_SYSSTAT_H
#define NF_SYSSTAT_H

#include <stdint.h>

#include "sink.h"
#include "util.h"

/* The values nfold reads from one timestamp of one server. */
enum sy_field {
  /* cpu-load, cpu "all" */
  SY_IDLE, SY_SYS, SY_IRQ, SY_SOFT, SY_USR, SY_NICE, SY_IOWAIT, SY_STEAL, SY_GUEST,
  /* process-and-context-switch */
  SY_PROC, SY_CSWCH,
  /* paging, swap-pages */
  SY_PGPGIN, SY_PGPGOUT, SY_FAULT, SY_MAJFLT, SY_PSWPIN, SY_PSWPOUT,
  /* io */
  SY_TPS, SY_BREAD, SY_BWRTN,
  /* memory (kB) */
  SY_MEMFREE, SY_AVAIL, SY_BUFFERS, SY_CACHED, SY_COMMIT, SY_MEMUSED_PCT, SY_SWPUSED_PCT,
  /* queue */
  SY_RUNQ, SY_LDAVG1, SY_BLOCKED,
  /* cpu-frequency, cpu "all" (MHz) */
  SY_CPUFREQ,
  /* sums the readers build over instances: */
  SY_NET_KB,       /* Σ rxkB/s + txkB/s over interfaces but lo */
  SY_NET_BYTES,    /* Σ rxbyt/s + txbyt/s (sysstat 8.x names) */
  SY_DISK_TPS,     /* Σ tps over disk devices */
  SY_DISK_AWAIT_W, /* Σ await × tps */
  SY_DISK_AWAIT,   /* Σ await */
  SY_DISK_N,       /* devices seen */
  SY__COUNT
};

/* Which group of fields a name is looked up in. */
enum sy_group {
  SY_G_CPU,     /* a cpu-load row for all CPUs */
  SY_G_ACT,     /* process-and-context-switch, paging, swap-pages, io, memory, queue */
};

/* The field NAME stands for in GROUP, or -1. NAME is an XML attribute or
 * element name ("sys", "kbavail" ...) or a `sadf -d` column ("%sys",
 * "pgpgin/s", "kbavail", "runq-sz" ...). */
int sy_field_find(enum sy_group group, const char *name);

/* One timestamp's values of one server (HAS marks those read). */
typedef struct sy_acc {
  double v[SY__COUNT];
  unsigned char has[SY__COUNT];
} sy_acc;

/* Adds V to a sum (SY_NET_KB and after), or sets a plain field (a second
 * value in the same timestamp replaces the first). */
void sy_add(sy_acc *a, int f, double v);

/* Trims white space at both ends of S in place, keeping S where it starts
 * (so a trimmed copy can still be freed); returns S. */
char *sy_strip(char *s);

/* Parses a sysstat number: "12.34", also "12,34" (a locale decimal comma
 * from `sadf -d`). 0 on success. */
int sy_parse_number(const char *s, double *out);

/* Per-file state both readers keep. Zero-initialise. */
typedef struct sy_file {
  int64_t src_id[SY__COUNT];  /* ids of source-named metrics, 0 until needed */
  struct sy_host {
    int64_t server;
    double steal_sum;
    long steal_n;
    int tz_noted;
  } *hosts;
  size_t nhosts, hosts_cap;
  int64_t (*seen)[2];  /* open-addressing set of (server, ts) */
  size_t nseen, seen_cap;
} sy_file;

/* Writes the canonical and source-named metrics that A yields for SERVER at
 * TS through the sink, and notes steal time. 0 or -1 with ERR. */
int sy_emit(nf_sink *s, sy_file *f, int64_t server, int64_t ts, const sy_acc *a, nf_err *err);

/* Counts (SERVER, TS) as a record read, once per file however many
 * activity blocks repeat it. */
void sy_count_row(nf_sink *s, sy_file *f, int64_t server, int64_t ts);

/* Sets cores, os and arch of SERVER where they are still empty (an
 * inventory knows better), and keeps the CPU count as tag sysstat-cpus.
 * CPUS < 0, OS or ARCH NULL: not known. ARCH is sysstat's `machine`. */
int sy_server_facts(nf_sink *s, int64_t server, double cpus, const char *os, const char *arch,
                    nf_err *err);

/* Notes once per server, as tag sysstat-timezone, that its timestamps were
 * local time (in zone TZ, when named) and are stored as given. */
int sy_note_local_time(nf_sink *s, sy_file *f, int64_t server, const char *tz, nf_err *err);

/* End of file: marks servers whose average steal time exceeds 0.5 % as
 * already guests. */
int sy_finish(nf_sink *s, sy_file *f, nf_err *err);

void sy_file_free(sy_file *f);

#endif
