/* inventory.c — PLACEHOLDER until its owner lands it. */
#include "importer.h"
static int detect_inventory(const char *head, size_t n) { (void)head; (void)n; return 0; }
static int read_inventory(nf_sink *s, const char *path, const nf_import_opts *o, nf_err *err)
{ (void)s; (void)o; return nf_errf(err, path, 0, "inventory: not built yet"); }
const struct nf_importer imp_inventory = {"inventory", "(in progress)", detect_inventory, read_inventory};
