/* embedded.h — files compiled into the binary (rules/, reports/ schema and
 * assets, importers/ data tables), generated at build time by
 * cmake/embed.cmake. The data is static and NUL-terminated; never free it. */
#ifndef NF_EMBEDDED_H
#define NF_EMBEDDED_H
#include <stddef.h>

struct nf_embedded_file {
  const char *path;            /* relative to the source tree: "rules/default.lua" */
  const unsigned char *data;   /* len bytes, then a NUL */
  size_t len;
};

extern const struct nf_embedded_file nf_embedded_files[];

/* The embedded file at PATH, or NULL; *LEN gets its length. */
const char *nf_embedded(const char *path, size_t *len);

#endif
