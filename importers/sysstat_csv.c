/* sysstat_csv.c — PLACEHOLDER until its owner lands it. */
#include "importer.h"
static int detect_sysstat_csv(const char *head, size_t n) { (void)head; (void)n; return 0; }
static int read_sysstat_csv(nf_sink *s, const char *path, const nf_import_opts *o, nf_err *err)
{ (void)s; (void)o; return nf_errf(err, path, 0, "sysstat_csv: not built yet"); }
const struct nf_importer imp_sysstat_csv = {"sysstat_csv", "(in progress)", detect_sysstat_csv, read_sysstat_csv};
