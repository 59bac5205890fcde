/* cmd_report.c — `nfold report`: render a stored plan (the latest unless
 * --plan says which) as XML, HTML or CSV, to a file or standard output. The
 * work is reports/report.h's; this file only parses the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "report.h"

extern const struct nf_cmd cmd_report;

static int exec_report(nf_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"plan", required_argument, NULL, 'p'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *format = NULL, *path = NULL;
  int64_t plan_id = 0;
  nf_err err = {0};
  int c;
  while ((c = getopt_long(argc, argv, "f:o:p:h", opts, NULL)) != -1) {
    switch (c) {
    case 'f':
      format = optarg;
      break;
    case 'o':
      path = optarg;
      break;
    case 'p': {
      char *end = NULL;
      long long v = strtoll(optarg, &end, 10);
      if (end == optarg || *end != '\0' || v <= 0) {
        fprintf(stderr, "nfold: report: --plan '%s': expected a plan id (a positive integer)\n",
                optarg);
        return cmd_bad_usage(&cmd_report);
      }
      plan_id = v;
      break;
    }
    case 'h':
      cmd_usage(&cmd_report, 1);
      return 0;
    default:
      return cmd_bad_usage(&cmd_report);
    }
  }
  if (optind < argc) {
    fprintf(stderr, "nfold: report: unexpected argument '%s'\n", argv[optind]);
    return cmd_bad_usage(&cmd_report);
  }
  if (format == NULL && path && strcmp(path, "-") != 0)
    format = report_format_for_path(path);
  if (format == NULL)
    format = "xml";
  if (!report_format_known(format)) {
    fprintf(stderr, "nfold: report: unknown format '%s', expected xml, html or csv\n", format);
    return cmd_bad_usage(&cmd_report);
  }
  sqlite3 *db = ctx_db(ctx);
  if (db == NULL)
    return 1;
  if (report_write(db, plan_id, format, path, &err))
    return cmd_fail(&err);
  return 0;
}

const struct nf_cmd cmd_report = {
  "report",
  "[--format xml|html|csv] [-o FILE] [--plan ID]",
  "render the latest plan as XML, HTML or CSV",
  "  -f, --format F   xml (default), html or csv; default from -o's extension\n"
  "  -o, --output F   write to FILE (atomically) instead of standard output\n"
  "  -p, --plan ID    render plan ID instead of the latest\n",
  exec_report,
};
