/* rvtools.c — PLACEHOLDER until its owner lands it. */
#include "importer.h"
static int detect_rvtools(const char *head, size_t n) { (void)head; (void)n; return 0; }
static int read_rvtools(nf_sink *s, const char *path, const nf_import_opts *o, nf_err *err)
{ (void)s; (void)o; return nf_errf(err, path, 0, "rvtools: not built yet"); }
const struct nf_importer imp_rvtools = {"rvtools", "(in progress)", detect_rvtools, read_rvtools};
