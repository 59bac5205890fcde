/* sysstat_xml.c — PLACEHOLDER until its owner lands it. */
#include "importer.h"
static int detect_sysstat_xml(const char *head, size_t n) { (void)head; (void)n; return 0; }
static int read_sysstat_xml(nf_sink *s, const char *path, const nf_import_opts *o, nf_err *err)
{ (void)s; (void)o; return nf_errf(err, path, 0, "sysstat_xml: not built yet"); }
const struct nf_importer imp_sysstat_xml = {"sysstat_xml", "(in progress)", detect_sysstat_xml, read_sysstat_xml};
