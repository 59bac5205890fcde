/* esxtop.c — PLACEHOLDER until its owner lands it. */
#include "importer.h"
static int detect_esxtop(const char *head, size_t n) { (void)head; (void)n; return 0; }
static int read_esxtop(nf_sink *s, const char *path, const nf_import_opts *o, nf_err *err)
{ (void)s; (void)o; return nf_errf(err, path, 0, "esxtop: not built yet"); }
const struct nf_importer imp_esxtop = {"esxtop", "(in progress)", detect_esxtop, read_esxtop};
