/* inventory.c — the inventory CSV of DESIGN §3: one row per server with a
 * header naming the columns (any order, any case). It fills the servers
 * table through the sink: the known columns become server attributes, a
 * `tags` cell and every column nfold does not know become server tags, and
 * a hardware model string that names a virtual platform marks the server as
 * already a guest. Separator ',' ';' or tab, taken from the header line (Excel
 * writes ';' in many locales); the encoding is whatever textin detects. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "importer.h"
#include "textin.h"

enum col {
  C_NAME, C_CORES, C_MHZ, C_RAM_MB, /* required */
  C_SITE, C_ROLE, C_OS, C_ARCH, C_SOCKETS, C_THREADS, C_MODEL, C_CPU_RATING,
  C_CRITICALITY, C_TAGS, C_KIND,
  C__COUNT
};

static const char *const col_names[C__COUNT] = {
  "name", "cores", "mhz", "ram_mb", "site", "role", "os", "arch", "sockets",
  "threads", "model", "cpu_rating", "criticality", "tags", "kind",
};
#define C__REQUIRED 4

/* Hardware model strings that mean the machine is a VM guest. */
static const char *const guest_models[] = {
  "vmware virtual platform", "vmware7,1", "vmware20,1", "virtual machine", "kvm",
  "hvm domu", "virtualbox", "qemu", "bochs", "parallels virtual platform",
  "openstack nova", "google compute engine", "amazon ec2",
};

static int header_has(const char *head, size_t n, char sep, const char *name)
{
  size_t len = strlen(name);
  const char *p = head, *end = head + n;
  while (p < end && *p != '\n' && *p != '\r') {
    const char *q = p;
    while (q < end && *q != sep && *q != '\n' && *q != '\r')
      q++;
    const char *a = p, *b = q;
    while (a < b && (isspace((unsigned char)*a) || *a == '"'))
      a++;
    while (b > a && (isspace((unsigned char)b[-1]) || b[-1] == '"'))
      b--;
    if ((size_t)(b - a) == len && strncasecmp(a, name, len) == 0)
      return 1;
    p = q < end && *q == sep ? q + 1 : q;
  }
  return 0;
}

static int detect_inventory(const char *head, size_t n)
{
  char sep = textin_guess_sep(head, n);
  if (!header_has(head, n, sep, "name"))
    return 0;
  int req = 0, opt = 0;
  for (int c = 1; c < C__COUNT; c++)
    if (header_has(head, n, sep, col_names[c]))
      c < C__REQUIRED ? req++ : opt++;
  if (req == C__REQUIRED - 1)
    return 80;
  /* Looks like an inventory missing a column: claim it so that the reader
   * can say which column is missing. */
  if (req >= 1 && req + opt >= 2)
    return 40;
  return 0;
}

/* Parses a number the way spreadsheets write it: white space trimmed, and a
 * decimal comma accepted when the separator is not ','. 0 on success. */
static int parse_num(const char *s, char sep, double *out)
{
  char buf[64];
  size_t n = strlen(s);
  if (n >= sizeof buf)
    return -1;
  memcpy(buf, s, n + 1);
  if (sep != ',') {
    char *c = strchr(buf, ',');
    if (c && !strchr(buf, '.') && !strchr(c + 1, ','))
      *c = '.';
  }
  return nf_parse_double(buf, out);
}

/* Servers already in this file: an open-addressing table keyed by server id. */
/* Parses the `tags` cell: "k=v;k2=v2" or bare words (value "yes"). */
static int put_tags(nf_sink *sink, int64_t id, char *cell, const char *path, long line, long col,
                    nf_err *err)
{
  char *save = NULL;
  for (char *tok = strtok_r(cell, ";,", &save); tok; tok = strtok_r(NULL, ";,", &save)) {
    char *eq = strchr(tok, '=');
    const char *val = "yes";
    if (eq) {
      *eq = '\0';
      val = nf_trim(eq + 1);
    }
    char *key = nf_trim(tok);
    if (*key == '\0') {
      if (eq)
        return nf_errcf(err, path, line, col, "a tag with no name before '=' in 'tags'");
      continue;
    }
    if (sink_server_tag(sink, id, key, val, err))
      return -1;
  }
  return 0;
}

/* Checks MODEL against the known virtual platforms. */
static int is_guest_model(const char *model)
{
  size_t n = strlen(model);
  char *l = xmalloc(n + 1);
  for (size_t i = 0; i <= n; i++)
    l[i] = (char)tolower((unsigned char)model[i]);
  int hit = 0;
  for (size_t i = 0; i < NF_ARRAY_LEN(guest_models) && !hit; i++) {
    const char *g = guest_models[i];
    if (strcmp(g, "kvm") == 0 || strcmp(g, "qemu") == 0 || strcmp(g, "bochs") == 0)
      hit = strncmp(l, g, strlen(g)) == 0 || strstr(l, g) != NULL;
    else
      hit = strstr(l, g) != NULL;
  }
  /* VMware's newer firmware names: "VMware20,1", "VMware7,1", ... */
  if (!hit && strncmp(l, "vmware", 6) == 0 && isdigit((unsigned char)l[6]))
    hit = 1;
  free(l);
  return hit;
}

/* Writes one data row. */
static int put_row(nf_sink *sink, const char *path, long line, char sep, char **cells,
                   const int *colmap, char **hdr, int nf, nf_err *err)
{
  int idx[C__COUNT];
  for (int c = 0; c < C__COUNT; c++)
    idx[c] = -1;
  for (int i = 0; i < nf; i++)
    if (colmap[i] >= 0)
      idx[colmap[i]] = i;
  char *name = nf_trim(cells[idx[C_NAME]]);
  if (*name == '\0')
    return nf_errcf(err, path, line, idx[C_NAME] + 1, "'name' is empty");
  int64_t id = sink_server(sink, name, err);
  if (id < 0)
    return -1;
  long first = sink_claim_server(sink, id, line);
  if (first)
    return nf_errf(err, path, line,
                   "server '%s' is already on line %ld of this file (each server once)", name,
                   first);

  for (int c = 1; c < C__COUNT; c++) {
    if (idx[c] < 0)
      continue;
    long col = idx[c] + 1;
    char *v = nf_trim(cells[idx[c]]);
    const char *cn = col_names[c];
    if (*v == '\0') {
      if (c < C__REQUIRED)
        return nf_errcf(err, path, line, col, "'%s' is empty (it is required)", cn);
      continue;
    }
    double d;
    switch (c) {
    case C_CORES:
    case C_SOCKETS:
    case C_THREADS:
      if (parse_num(v, sep, &d) || d <= 0 || d != floor(d) || d > 1e6)
        return nf_errcf(err, path, line, col, "'%s' must be a positive whole number, got '%s'",
                        cn, v);
      if (sink_server_num(sink, id, cn, d, err))
        return -1;
      break;
    case C_MHZ:
    case C_RAM_MB:
    case C_CPU_RATING:
      if (parse_num(v, sep, &d) || d <= 0)
        return nf_errcf(err, path, line, col, "'%s' must be a positive number, got '%s'", cn, v);
      if (sink_server_num(sink, id, cn, d, err))
        return -1;
      break;
    case C_ARCH: {
      const char *a = NULL;
      if (nf_strcaseeq(v, "x64") || nf_strcaseeq(v, "x86_64") || nf_strcaseeq(v, "amd64") ||
          nf_strcaseeq(v, "x86-64") || nf_strcaseeq(v, "64-bit"))
        a = "x64";
      else if (nf_strcaseeq(v, "x86") || nf_strcaseeq(v, "i386") || nf_strcaseeq(v, "i686") ||
               nf_strcaseeq(v, "32-bit"))
        a = "x86";
      if (a == NULL)
        return nf_errcf(err, path, line, col, "'arch' must be x86 or x64, got '%s'", v);
      if (sink_server_text(sink, id, "arch", a, err))
        return -1;
      break;
    }
    case C_CRITICALITY: {
      static const char *const ok[] = {"low", "normal", "high"};
      const char *a = NULL;
      for (size_t i = 0; i < NF_ARRAY_LEN(ok); i++)
        if (nf_strcaseeq(v, ok[i]))
          a = ok[i];
      if (a == NULL)
        return nf_errcf(err, path, line, col, "'criticality' must be low, normal or high, got '%s'",
                        v);
      if (sink_server_text(sink, id, "criticality", a, err))
        return -1;
      break;
    }
    case C_KIND: {
      const char *a = nf_strcaseeq(v, "server") ? "server" : nf_strcaseeq(v, "host") ? "host" : NULL;
      if (a == NULL)
        return nf_errcf(err, path, line, col, "'kind' must be server or host, got '%s'", v);
      if (sink_server_text(sink, id, "kind", a, err))
        return -1;
      break;
    }
    case C_TAGS:
      if (put_tags(sink, id, v, path, line, col, err))
        return -1;
      break;
    case C_MODEL:
      if (sink_server_text(sink, id, "model", v, err))
        return -1;
      if (is_guest_model(v)) {
        char *ev = xasprintf("model '%s' in inventory", v);
        int rc = sink_mark_guest(sink, id, ev, err);
        free(ev);
        if (rc)
          return -1;
      }
      break;
    default: /* site, role, os */
      if (sink_server_text(sink, id, cn, v, err))
        return -1;
      break;
    }
  }
  /* Columns nfold does not know are kept as tags. */
  for (int i = 0; i < nf; i++) {
    if (colmap[i] != -1)
      continue;
    char *v = nf_trim(cells[i]);
    if (*v && sink_server_tag(sink, id, hdr[i], v, err))
      return -1;
  }
  return 0;
}

static int read_inventory(nf_sink *sink, const char *path, const nf_import_opts *opts, nf_err *err)
{
  int rc = -1;
  char **hdr = NULL;
  int *colmap = NULL;
  int nh = 0;
  /* The separator comes from the header line. */
  char sep;
  int empty;
  nf_textin *t = textin_open_csv(path, opts->encoding, &sep, &empty, err);
  if (t == NULL)
    return -1;
  if (empty) {
    nf_errf(err, path, 1, "empty file (an inventory needs a header line)");
    goto done;
  }
  char **cells;
  int nf;
  int r = textin_csv_next(t, sep, &cells, &nf, NULL, err);
  if (r <= 0)
    goto done;
  long hdr_line = textin_line(t);
  nh = nf;
  hdr = xcalloc((size_t)nh, sizeof *hdr);
  colmap = xmalloc((size_t)nh * sizeof *colmap);
  int have[C__COUNT];
  for (int c = 0; c < C__COUNT; c++)
    have[c] = -1;
  for (int i = 0; i < nh; i++) {
    char *raw = xstrdup(nf_trim(cells[i]));
    char *key = textin_norm_header(cells[i]);
    colmap[i] = -1;
    for (int c = 0; c < C__COUNT; c++)
      if (strcmp(key, col_names[c]) == 0)
        colmap[i] = c;
    if (colmap[i] >= 0) {
      if (have[colmap[i]] >= 0) {
        nf_errcf(err, path, hdr_line, i + 1, "column '%s' appears twice (columns %d and %d)", key,
                 have[colmap[i]] + 1, i + 1);
        free(raw);
        goto done;
      }
      have[colmap[i]] = i;
    } else if (*raw == '\0') {
      free(raw);
      raw = xasprintf("column%d", i + 1); /* a column without a name still is not dropped */
    }
    hdr[i] = raw;
  }
  for (int c = 0; c < C__REQUIRED; c++)
    if (have[c] < 0) {
      nf_errf(err, path, hdr_line,
              "missing required column '%s' (required: name, cores, mhz, ram_mb)", col_names[c]);
      goto done;
    }
  long rows = 0;
  while ((r = textin_csv_next(t, sep, &cells, &nf, NULL, err)) > 0) {
    long ln = textin_line(t);
    /* Rows of nothing but separators (spreadsheets pad with them) are blank. */
    int blank = 1;
    for (int i = 0; i < nf && blank; i++)
      if (*nf_trim(cells[i]))
        blank = 0;
    if (blank)
      continue;
    /* Trailing empty cells beyond the header are spreadsheet padding. */
    while (nf > nh && *nf_trim(cells[nf - 1]) == '\0')
      nf--;
    if (nf != nh) {
      nf_errf(err, path, ln, "%d cells, but the header has %d columns", nf, nh);
      goto done;
    }
    if (put_row(sink, path, ln, sep, cells, colmap, hdr, nf, err))
      goto done;
    rows++;
    if ((rows & 1023) == 0)
      sink_progress(sink, textin_offset(t));
  }
  if (r < 0)
    goto done;
  sink_count_rows(sink, rows);
  rc = 0;
done:
  for (int i = 0; i < nh; i++)
    free(hdr ? hdr[i] : NULL);
  free(hdr);
  free(colmap);
  textin_close(t);
  return rc;
}

const struct nf_importer imp_inventory = {
  "inventory", "inventory CSV: one row per server (name, cores, mhz, ram_mb, ...)",
  detect_inventory, read_inventory,
};
