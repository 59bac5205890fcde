/* longcsv.c — PLACEHOLDER until its owner lands it. */
#include "importer.h"
static int detect_longcsv(const char *head, size_t n) { (void)head; (void)n; return 0; }
static int read_longcsv(nf_sink *s, const char *path, const nf_import_opts *o, nf_err *err)
{ (void)s; (void)o; return nf_errf(err, path, 0, "longcsv: not built yet"); }
const struct nf_importer imp_longcsv = {"longcsv", "(in progress)", detect_longcsv, read_longcsv};
