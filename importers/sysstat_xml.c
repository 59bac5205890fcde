/* sysstat_xml.c — the `sadf -x` importer (DESIGN §3): sysstat's XML, root
 * <sysstat>, one <host> per machine with its facts (sysname, release,
 * machine, number-of-cpus) and <statistics> of <timestamp> elements, each
 * holding one element per activity. Read in one streaming pass with
 * libxml2's xmlTextReader, so memory stays flat whatever the file's size;
 * the network is off and DTD entities are refused, never expanded.
 * Elements are matched by local name, so the namespaces of sysstat 10 to
 * 12 all read the same. The values of a timestamp go through sy_emit
 * (sysstat_map.c), shared with the `sadf -d` reader; docs/formats-sysstat.md
 * lists what is read and how it maps. */
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "sysstat.h"

/* What an open element is, so that its children know where they are. */
enum kind {
  K_OTHER,       /* not read: its subtree is skipped */
  K_SYSSTAT,
  K_HOST,
  K_FACT,        /* sysname, release, machine, number-of-cpus */
  K_STATISTICS,
  K_TIMESTAMP,
  K_CPULOAD,     /* cpu-load, cpu-load-all */
  K_IO,
  K_MEMORY,
  K_VALUE,       /* an element whose text is a field: io/tps, memory/... */
  K_DISK,
  K_NETWORK,
  K_POWER,
  K_CPUFREQ,
};

enum fact { F_SYSNAME, F_RELEASE, F_MACHINE, F_CPUS, F__COUNT };
static const char *const fact_names[F__COUNT] = {"sysname", "release", "machine", "number-of-cpus"};

#define MAX_DEPTH 64

struct xr {
  nf_sink *s;
  const char *path;
  xmlTextReaderPtr r;
  nf_err *err;
  sy_file f;
  /* The first error libxml2 reported. */
  int xerr;
  sbuf xmsg;
  long xline, xcol;
  /* The open elements. */
  enum kind ctx[MAX_DEPTH];
  int field[MAX_DEPTH];  /* K_VALUE: which field; K_FACT: which fact */
  sbuf text;             /* text of the open K_VALUE or K_FACT element */
  /* The current <host>. */
  int64_t server;
  char *fact[F__COUNT];
  int facts_done;
  /* The current <timestamp>. */
  int64_t ts;
  sy_acc acc;
  /* An activity nfold does not read: where its subtree starts, and its name. */
  int unread_depth;      /* -1 when not inside one */
  char unread[96];
};

/* Keeps the first error libxml2 raises while parsing. */
static void on_xml_error(void *arg, xmlErrorPtr e)
{
  struct xr *x = arg;
  /* Keep the first fatal error (it ends the parse), else the first error. */
  if (e == NULL || e->level < XML_ERR_ERROR || x->xerr == XML_ERR_FATAL ||
      (x->xerr && e->level != XML_ERR_FATAL))
    return;
  x->xerr = (int)e->level;
  x->xline = e->line;
  x->xcol = e->int2;
  /* An error inside an entity's text carries the entity's own position:
   * report where the document stands instead. */
  if (e->file == NULL || strcmp(e->file, x->path) != 0) {
    x->xline = xmlTextReaderGetParserLineNumber(x->r);
    x->xcol = xmlTextReaderGetParserColumnNumber(x->r);
  }
  sb_clear(&x->xmsg);
  /* Say what was expected where libxml2 gives us the pieces. */
  if (e->code == XML_ERR_TAG_NAME_MISMATCH && e->str1 && e->str2)
    sb_printf(&x->xmsg, "expected </%s> (opened on line %d), found </%s>", e->str1, e->int1,
              e->str2);
  else if (e->code == XML_ERR_TAG_NOT_FINISHED && e->str1)
    sb_printf(&x->xmsg, "expected </%s> (opened on line %d) before the end of the file", e->str1,
              e->int1);
  else if (e->code == XML_ERR_DOCUMENT_END && e->ctxt &&
           ((xmlParserCtxtPtr)e->ctxt)->nameNr > 0 && ((xmlParserCtxtPtr)e->ctxt)->name) {
    /* A file cut short inside an element: name the innermost one open. */
    xmlParserCtxtPtr pc = e->ctxt;
    sb_printf(&x->xmsg, "expected </%s>", (const char *)pc->name);
    if (pc->node && xmlGetLineNo(pc->node) > 0)
      sb_printf(&x->xmsg, " (opened on line %ld)", xmlGetLineNo(pc->node));
    sb_add(&x->xmsg, " before the end of the file");
  }
  else {
    if (e->code == XML_ERR_ENTITY_LOOP || e->code == XML_ERR_ENTITY_PE_INTERNAL)
      sb_add(&x->xmsg, "refusing entity expansion: ");
    sb_add(&x->xmsg, e->message ? e->message : "unknown error");
    while (x->xmsg.len && (x->xmsg.s[x->xmsg.len - 1] == '\n' || x->xmsg.s[x->xmsg.len - 1] == ' '))
      x->xmsg.s[--x->xmsg.len] = '\0';
  }
}

/* Line of the node the reader is on. */
static long node_line(struct xr *x)
{
  xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
  long l = n ? xmlGetLineNo(n) : -1;
  return l > 0 ? l : xmlTextReaderGetParserLineNumber(x->r);
}

static const char *lname(struct xr *x)
{
  const xmlChar *n = xmlTextReaderConstLocalName(x->r);
  return n ? (const char *)n : "";
}

/* Attribute NAME of the current element as a new string, or NULL. */
static char *attr(struct xr *x, const char *name)
{
  xmlChar *v = xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);
  if (v == NULL)
    return NULL;
  char *s = xstrdup((const char *)v);
  xmlFree(v);
  return s;
}

/* Parses the value VAL of attribute (or element) NAME of element ELEM.
 * 1 with *OUT set, 0 for an empty value (counted missing), -1 with ERR. */
static int number(struct xr *x, long line, const char *elem, const char *name, const char *val,
                  int is_attr, double *out)
{
  char *t = sy_strip(xstrdup(val));
  int rc = 1;
  if (*t == '\0') {
    sink_count_missing(x->s, 1);
    rc = 0;
  } else if (sy_parse_number(t, out)) {
    if (is_attr)
      nf_errf(x->err, x->path, line, "expected a number in attribute %s of <%s>, found \"%s\"",
              name, elem, t);
    else
      nf_errf(x->err, x->path, line, "expected a number in <%s>, found \"%s\"", name, t);
    rc = -1;
  }
  free(t);
  return rc;
}

/* Numeric attribute NAME of the current element: 1 and *OUT, 0 when absent
 * or empty, -1 with ERR. */
static int num_attr(struct xr *x, long line, const char *elem, const char *name, double *out)
{
  char *v = attr(x, name);
  if (v == NULL)
    return 0;
  int rc = number(x, line, elem, name, v, 1, out);
  free(v);
  return rc;
}

/* Adds every attribute of the current element that GROUP knows to A. */
static int group_attrs(struct xr *x, long line, const char *elem, enum sy_group group, sy_acc *a)
{
  int rc = 0;
  char *el = xstrdup(elem);
  for (int more = xmlTextReaderMoveToFirstAttribute(x->r); more == 1;
       more = xmlTextReaderMoveToNextAttribute(x->r)) {
    int f = sy_field_find(group, lname(x));
    if (f < 0)
      continue;
    const xmlChar *val = xmlTextReaderConstValue(x->r);
    double v;
    char *name = xstrdup(lname(x));
    int k = number(x, line, el, name, val ? (const char *)val : "", 1, &v);
    free(name);
    if (k < 0) {
      rc = -1;
      break;
    }
    if (k > 0)
      sy_add(a, f, v);
  }
  xmlTextReaderMoveToElement(x->r);
  free(el);
  return rc;
}

/* Writes the host facts gathered so far (once per <host>). */
static int host_facts(struct xr *x)
{
  if (x->facts_done || x->server <= 0)
    return 0;
  x->facts_done = 1;
  double cpus = -1;
  if (x->fact[F_CPUS] && sy_parse_number(x->fact[F_CPUS], &cpus))
    cpus = -1;
  char *os = NULL;
  if (x->fact[F_SYSNAME] || x->fact[F_RELEASE])
    os = xasprintf("%s%s%s", x->fact[F_SYSNAME] ? x->fact[F_SYSNAME] : "",
                   x->fact[F_SYSNAME] && x->fact[F_RELEASE] ? " " : "",
                   x->fact[F_RELEASE] ? x->fact[F_RELEASE] : "");
  int rc = sy_server_facts(x->s, x->server, cpus, os, x->fact[F_MACHINE], x->err);
  free(os);
  return rc;
}

static void host_reset(struct xr *x)
{
  for (int i = 0; i < F__COUNT; i++) {
    free(x->fact[i]);
    x->fact[i] = NULL;
  }
  x->facts_done = 0;
  x->server = 0;
}

static int host_start(struct xr *x, long line, int empty)
{
  host_reset(x);
  char *name = attr(x, "nodename");
  if (name)
    sy_strip(name);
  if (name == NULL || *name == '\0') {
    free(name);
    return nf_errf(x->err, x->path, line, "expected a nodename attribute in <host>");
  }
  x->server = sink_server(x->s, name, x->err);
  free(name);
  if (x->server < 0)
    return -1;
  if (empty)
    return host_facts(x);
  return 0;
}

/* Reads date, time and utc or tz of a <timestamp> into x->ts. */
static int timestamp_start(struct xr *x, long line)
{
  char *date = attr(x, "date"), *time = attr(x, "time");
  char *utc = attr(x, "utc"), *tz = attr(x, "tz");
  int rc = -1;
  if (date == NULL || time == NULL) {
    nf_errf(x->err, x->path, line, "expected date and time attributes in <timestamp>");
    goto done;
  }
  sy_strip(date);
  sy_strip(time);
  /* sysdata 2.x says utc="1" (or "0" for local time); 3.x says tz="UTC"
   * or names the local zone (sadf -t). A numeric offset is applied. */
  const char *zone = "";
  int local = 0;
  if (tz) {
    sy_strip(tz);
    if ((tz[0] == '+' || tz[0] == '-') && strlen(tz) >= 3)
      zone = tz;
    else if (*tz && !nf_strcaseeq(tz, "UTC") && !nf_strcaseeq(tz, "GMT") &&
             !nf_strcaseeq(tz, "Z"))
      local = 1;
  } else if (utc && strcmp(sy_strip(utc), "0") == 0) {
    local = 1;
  }
  char *stamp = xasprintf("%s %s%s", date, time, zone);
  int bad = nf_parse_time(stamp, &x->ts);
  free(stamp);
  if (bad || strchr(date, '-') == NULL) {
    nf_errf(x->err, x->path, line,
            "expected date=\"YYYY-MM-DD\" time=\"HH:MM:SS\" in <timestamp>, found date=\"%s\" "
            "time=\"%s\"",
            date, time);
    goto done;
  }
  if (local && sy_note_local_time(x->s, &x->f, x->server, tz, x->err))
    goto done;
  memset(&x->acc, 0, sizeof x->acc);
  rc = 0;
done:
  free(date);
  free(time);
  free(utc);
  free(tz);
  return rc;
}

static int timestamp_end(struct xr *x)
{
  sy_count_row(x->s, &x->f, x->server, x->ts);
  sink_progress(x->s, (uint64_t)xmlTextReaderByteConsumed(x->r));
  return sy_emit(x->s, &x->f, x->server, x->ts, &x->acc, x->err);
}

/* <cpu number="all" ...> inside cpu-load: the whole-machine row. */
static int cpu_row(struct xr *x, long line)
{
  char *num = attr(x, "number");
  int all = num && (strcmp(sy_strip(num), "all") == 0 || strcmp(num, "-1") == 0);
  free(num);
  return all ? group_attrs(x, line, "cpu", SY_G_CPU, &x->acc) : 0;
}

static int disk_device(struct xr *x, long line)
{
  double tps = 0, await = 0;
  int ht = num_attr(x, line, "disk-device", "tps", &tps);
  if (ht < 0)
    return -1;
  int ha = num_attr(x, line, "disk-device", "await", &await);
  if (ha < 0)
    return -1;
  if (ha > 0) {
    if (ht == 0)
      tps = 0;
    sy_add(&x->acc, SY_DISK_TPS, tps);
    sy_add(&x->acc, SY_DISK_AWAIT_W, await * tps);
    sy_add(&x->acc, SY_DISK_AWAIT, await);
    sy_add(&x->acc, SY_DISK_N, 1);
  }
  return 0;
}

static int net_dev(struct xr *x, long line)
{
  char *iface = attr(x, "iface");
  int lo = iface && strcmp(sy_strip(iface), "lo") == 0;
  free(iface);
  if (lo)
    return 0;
  static const struct {
    const char *name;
    int field;
  } cols[] = {{"rxkB", SY_NET_KB}, {"txkB", SY_NET_KB}, {"rxbyt", SY_NET_BYTES}, {"txbyt", SY_NET_BYTES}};
  for (size_t i = 0; i < NF_ARRAY_LEN(cols); i++) {
    double v;
    int k = num_attr(x, line, "net-dev", cols[i].name, &v);
    if (k < 0)
      return -1;
    if (k > 0)
      sy_add(&x->acc, cols[i].field, v);
  }
  return 0;
}

static int cpufreq_row(struct xr *x, long line)
{
  char *num = attr(x, "number");
  int all = num && (strcmp(sy_strip(num), "all") == 0 || strcmp(num, "-1") == 0);
  free(num);
  double v;
  int k = all ? num_attr(x, line, "cpufreq", "frequency", &v) : 0;
  if (k > 0)
    sy_add(&x->acc, SY_CPUFREQ, v);
  return k < 0 ? -1 : 0;
}

/* Counts the numeric attributes of the current element as values read but
 * not used, under the activity being skipped. */
static void count_unused(struct xr *x)
{
  long n = 0;
  double v;
  while (xmlTextReaderMoveToNextAttribute(x->r) == 1) {
    const xmlChar *val = xmlTextReaderConstValue(x->r);
    if (val && *val && sy_parse_number((const char *)val, &v) == 0)
      n++;
  }
  xmlTextReaderMoveToElement(x->r);
  sink_count_unused(x->s, n, x->unread);
}

/* An element opens at DEPTH: decide what it is from its parent. */
static int element_start(struct xr *x, int depth, int empty)
{
  const char *name = lname(x);
  long line = node_line(x);
  enum kind parent = depth > 0 && depth <= MAX_DEPTH ? x->ctx[depth - 1] : K_OTHER;
  enum kind k = K_OTHER;
  int field = -1;
  int consumed = 0;  /* read from its attributes alone */

  if (depth == 0) {
    if (strcmp(name, "sysstat") != 0)
      return nf_errf(x->err, x->path, line, "expected <sysstat> as the root element, found <%s>",
                     name);
    k = K_SYSSTAT;
  } else if (parent == K_SYSSTAT) {
    if (strcmp(name, "host") == 0) {
      if (host_start(x, line, empty))
        return -1;
      k = K_HOST;
    }
  } else if (parent == K_HOST) {
    for (int i = 0; i < F__COUNT; i++)
      if (strcmp(name, fact_names[i]) == 0) {
        k = K_FACT;
        field = i;
      }
    if (strcmp(name, "statistics") == 0) {
      if (host_facts(x))
        return -1;
      k = K_STATISTICS;
    }
    /* restarts/boot and comments/comment are records without samples. */
  } else if (parent == K_STATISTICS) {
    if (strcmp(name, "timestamp") == 0) {
      if (timestamp_start(x, line))
        return -1;
      if (empty)
        return timestamp_end(x);
      k = K_TIMESTAMP;
    }
  } else if (parent == K_TIMESTAMP) {
    if (strcmp(name, "cpu-load") == 0 || strcmp(name, "cpu-load-all") == 0)
      k = K_CPULOAD;
    else if (strcmp(name, "io") == 0)
      k = K_IO;
    else if (strcmp(name, "memory") == 0)
      k = K_MEMORY;
    else if (strcmp(name, "disk") == 0)
      k = K_DISK;
    else if (strcmp(name, "network") == 0)
      k = K_NETWORK;
    else if (strcmp(name, "power-management") == 0)
      k = K_POWER;
    if (k == K_IO || k == K_MEMORY || strcmp(name, "process-and-context-switch") == 0 ||
        strcmp(name, "paging") == 0 || strcmp(name, "swap-pages") == 0 ||
        strcmp(name, "queue") == 0) {
      if (group_attrs(x, line, name, SY_G_ACT, &x->acc))
        return -1;
      consumed = 1;
    }
  } else if (parent == K_CPULOAD) {
    if (strcmp(name, "cpu") == 0 && cpu_row(x, line))
      return -1;
  } else if (parent == K_IO) {
    if (strcmp(name, "tps") == 0) {
      k = K_VALUE;
      field = SY_TPS;
    } else if ((strcmp(name, "io-reads") == 0 || strcmp(name, "io-writes") == 0) &&
               group_attrs(x, line, name, SY_G_ACT, &x->acc)) {
      return -1;
    }
  } else if (parent == K_MEMORY) {
    field = sy_field_find(SY_G_ACT, name);
    if (field >= 0)
      k = K_VALUE;
  } else if (parent == K_DISK) {
    if (strcmp(name, "disk-device") == 0 && disk_device(x, line))
      return -1;
  } else if (parent == K_NETWORK) {
    if (strcmp(name, "net-dev") == 0 && net_dev(x, line))
      return -1;
  } else if (parent == K_POWER) {
    if (strcmp(name, "cpu-frequency") == 0)
      k = K_CPUFREQ;
  } else if (parent == K_CPUFREQ) {
    if (strcmp(name, "cpufreq") == 0 && cpufreq_row(x, line))
      return -1;
  }

  /* An activity (or power-management sub-activity) nfold does not read:
   * count what it holds, so the summary says what was left out. */
  if (x->unread_depth >= 0 && depth > x->unread_depth) {
    count_unused(x);
  } else if (k == K_OTHER && !consumed && (parent == K_TIMESTAMP || parent == K_POWER)) {
    snprintf(x->unread, sizeof x->unread, "%s%s", parent == K_POWER ? "power-management/" : "",
             name);
    count_unused(x);
    if (!empty)
      x->unread_depth = depth;
  }

  if (k == K_VALUE || k == K_FACT) {
    sb_clear(&x->text);
    if (empty) {
      if (k == K_VALUE)
        sink_count_missing(x->s, 1);
      k = K_OTHER;
    }
  }
  if (empty && k == K_HOST)
    host_reset(x);
  if (depth < MAX_DEPTH) {
    x->ctx[depth] = empty ? K_OTHER : k;
    x->field[depth] = field;
  }
  return 0;
}

/* The element open at DEPTH closes. */
static int element_end(struct xr *x, int depth)
{
  if (depth >= MAX_DEPTH)
    return 0;
  enum kind k = x->ctx[depth];
  x->ctx[depth] = K_OTHER;
  if (depth == x->unread_depth)
    x->unread_depth = -1;
  switch (k) {
  case K_VALUE: {
    double v;
    int rc = number(x, node_line(x), "", lname(x), x->text.s ? x->text.s : "", 0, &v);
    if (rc < 0)
      return -1;
    if (rc > 0)
      sy_add(&x->acc, x->field[depth], v);
    return 0;
  }
  case K_FACT: {
    int i = x->field[depth];
    free(x->fact[i]);
    x->fact[i] = xstrdup(sy_strip(x->text.s ? x->text.s : ""));
    return 0;
  }
  case K_TIMESTAMP:
    return timestamp_end(x);
  case K_HOST: {
    int rc = host_facts(x);
    host_reset(x);
    return rc;
  }
  default:
    return 0;
  }
}

/* Line of the first "<!ENTITY" in the prolog of PATH, for the message:
 * DTD nodes carry no line of their own. */
static long entity_line(const char *path, long dflt)
{
  FILE *fp = fopen(path, "rb");
  if (fp == NULL)
    return dflt;
  static const char pat[] = "<!ENTITY";
  long line = 1, found = dflt;
  size_t m = 0;
  int ch;
  for (long n = 0; (ch = getc(fp)) != EOF && n < (1L << 20); n++) {
    if (ch == '\n')
      line++;
    m = ch == pat[m] ? m + 1 : ch == pat[0] ? 1 : 0;
    if (m == sizeof pat - 1) {
      found = line;
      break;
    }
  }
  fclose(fp);
  return found;
}

/* Refuses a DTD that declares entities: sadf never writes one, and
 * expanding them is how billion-laughs and external-entity attacks work. */
static int doctype(struct xr *x)
{
  /* Not xmlTextReaderCurrentDoc: it makes the reader keep the whole tree. */
  xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
  xmlDtdPtr dtd = NULL;
  if (n && n->type == XML_DTD_NODE)
    dtd = (xmlDtdPtr)n;
  else if (n && n->doc)
    dtd = n->doc->intSubset;
  if (dtd && (dtd->entities || dtd->pentities))
    return nf_errf(x->err, x->path, entity_line(x->path, xmlTextReaderGetParserLineNumber(x->r)),
                   "refusing a DOCTYPE that declares entities (<!ENTITY>): sadf -x never writes "
                   "one, and expanding them is unsafe");
  return 0;
}

static int read_sysstat_xml(nf_sink *s, const char *path, const nf_import_opts *o, nf_err *err)
{
  (void)o;
  struct xr x;
  memset(&x, 0, sizeof x);
  x.unread_depth = -1;
  x.s = s;
  x.path = path;
  x.err = err;
  int rc = -1;
  /* No network, no DTD loading, no entity substitution (XML_PARSE_NOENT is
   * deliberately absent). */
  x.r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_COMPACT);
  if (x.r == NULL) {
    nf_errf(err, path, 0, "cannot open as XML");
    goto done;
  }
  xmlTextReaderSetStructuredErrorHandler(x.r, on_xml_error, &x);
  int more, seen_root = 0;
  while ((more = xmlTextReaderRead(x.r)) == 1) {
    int type = xmlTextReaderNodeType(x.r);
    int depth = xmlTextReaderDepth(x.r);
    switch (type) {
    case XML_READER_TYPE_ELEMENT:
      seen_root = 1;
      if (element_start(&x, depth, xmlTextReaderIsEmptyElement(x.r) == 1))
        goto done;
      break;
    case XML_READER_TYPE_END_ELEMENT:
      if (element_end(&x, depth))
        goto done;
      break;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      if (depth > 0 && depth <= MAX_DEPTH &&
          (x.ctx[depth - 1] == K_VALUE || x.ctx[depth - 1] == K_FACT)) {
        const xmlChar *v = xmlTextReaderConstValue(x.r);
        if (v)
          sb_add(&x.text, (const char *)v);
      }
      break;
    case XML_READER_TYPE_DOCUMENT_TYPE:
      if (doctype(&x))
        goto done;
      break;
    case XML_READER_TYPE_ENTITY_REFERENCE:
    case XML_READER_TYPE_ENTITY:
      nf_errf(err, path, node_line(&x), "refusing an entity reference (sadf -x never writes one)");
      goto done;
    default:
      break;
    }
  }
  if (more < 0) {
    if (x.xerr)
      nf_errcf(err, path, x.xline, x.xcol, "malformed XML: %s", x.xmsg.s);
    else
      nf_errcf(err, path, xmlTextReaderGetParserLineNumber(x.r),
               xmlTextReaderGetParserColumnNumber(x.r), "malformed XML");
    goto done;
  }
  if (!seen_root) {
    nf_errf(err, path, 0, "expected a <sysstat> document, found no element");
    goto done;
  }
  if (sy_finish(s, &x.f, err))
    goto done;
  rc = 0;
done:
  if (x.r)
    xmlFreeTextReader(x.r);
  host_reset(&x);
  sb_free(&x.xmsg);
  sb_free(&x.text);
  sy_file_free(&x.f);
  return rc;
}

/* A sysstat XML file: a <sysstat> root element near the top. */
static int detect_sysstat_xml(const char *head, size_t n)
{
  (void)n;
  for (const char *p = strstr(head, "<sysstat"); p; p = strstr(p + 1, "<sysstat")) {
    char c = p[8];
    if (c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n')
      return strstr(head, "<sysdata-version>") || strstr(head, "<host") ? 95 : 80;
  }
  return 0;
}

const struct nf_importer imp_sysstat_xml = {
  "sysstat-xml", "sysstat `sadf -x` XML (sysdata 2.x and 3.x)", detect_sysstat_xml,
  read_sysstat_xml,
};
