/* cmd_import.c — `nfold import FILE...`: detect each file's format and load
 * it into the study database, one transaction per file. Every file's format
 * is checked first: a file that cannot be read or is in no format nfold
 * reads stops the command before anything is imported. Then the first file
 * that fails stops it; files before it stay imported, it and the files
 * after it are not. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "importer.h"

static int exec_import(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_import = {
  "import", "[--format NAME] [--encoding ENC] [--counters FILE.tsv] FILE...",
  "load inventories and performance logs (format detected by content)",
  "  --format NAME      read every FILE as this format (see the list below)\n"
  "  --encoding ENC     the files' encoding, an iconv name (UTF-16LE, CP1251, ...)\n"
  "  --counters FILE    extra localized counter names (TSV, see docs/formats-perfmon.md)\n"
  "  -q, --quiet        no summary line per file, nor their total\n",
  exec_import,
};

/* Prints one summary line for an imported file. */
void import_print_result(const char *path, const nf_import_result *r);
void import_print_result(const char *path, const nf_import_result *r)
{
  if (r->skipped) {
    printf("%s: already imported (same content), nothing changed\n", path);
    return;
  }
  printf("%s: %s, %ld new server%s, %ld record%s, %ld value%s", path, r->format, r->servers,
         r->servers == 1 ? "" : "s", r->rows, r->rows == 1 ? "" : "s", r->vals,
         r->vals == 1 ? "" : "s");
  if (r->missing)
    printf(", %ld blank (missing)", r->missing);
  if (r->replaced)
    printf(", %ld replaced earlier values", r->replaced);
  if (r->unused)
    printf(", %ld not used (%s)", r->unused, r->unused_what);
  printf("\n");
}

/* Adds R's counts to *SUM; SUM->skipped counts the files already imported. */
void import_sum(nf_import_result *sum, const nf_import_result *r);
void import_sum(nf_import_result *sum, const nf_import_result *r)
{
  sum->skipped += r->skipped;
  sum->servers += r->servers;
  sum->rows += r->rows;
  sum->vals += r->vals;
  sum->missing += r->missing;
  sum->replaced += r->replaced;
  sum->unused += r->unused;
}

/* After FILES files (two or more), one line that adds them up: an estate's
 * hundreds of lines end with what they came to. */
void import_print_total(const nf_import_result *sum, int files);
void import_print_total(const nf_import_result *sum, int files)
{
  if (files < 2)
    return;
  char a[NF_GROUPED_LEN], b[NF_GROUPED_LEN], c[NF_GROUPED_LEN];
  printf("%s files: %s new server%s, %s record%s", nf_grouped(a, sizeof a, files),
         nf_grouped(b, sizeof b, (double)sum->servers), sum->servers == 1 ? "" : "s",
         nf_grouped(c, sizeof c, (double)sum->rows), sum->rows == 1 ? "" : "s");
  printf(", %s value%s", nf_grouped(a, sizeof a, (double)sum->vals), sum->vals == 1 ? "" : "s");
  if (sum->missing)
    printf(", %s blank (missing)", nf_grouped(a, sizeof a, (double)sum->missing));
  if (sum->replaced)
    printf(", %s replaced earlier values", nf_grouped(a, sizeof a, (double)sum->replaced));
  if (sum->unused)
    printf(", %s not used", nf_grouped(a, sizeof a, (double)sum->unused));
  if (sum->skipped)
    printf("; %d already imported", sum->skipped);
  printf("\n");
}

static int exec_import(nf_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"encoding", required_argument, NULL, 'e'},
    {"counters", required_argument, NULL, 'c'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  nf_import_opts o = {0};
  int c;
  while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
    switch (c) {
    case 'f':
      o.format = optarg;
      break;
    case 'e':
      o.encoding = optarg;
      break;
    case 'c':
      o.counters = optarg;
      break;
    case 'q':
      o.quiet = 1;
      break;
    case 'h':
      cmd_usage(&cmd_import, 1);
      printf("\nformats:\n");
      for (const struct nf_importer *const *p = nf_importers; *p; p++)
        printf("  %-12s %s\n", (*p)->name, (*p)->what);
      return 0;
    default:
      return cmd_bad_usage(&cmd_import);
    }
  }
  if (optind >= argc)
    return cmd_bad_usage(&cmd_import);
  sqlite3 *db = ctx_db(ctx);
  if (db == NULL)
    return 1;
  nf_err err = {0};
  if (import_check(argv + optind, argc - optind, &o, &err))
    return cmd_fail(&err);
  nf_import_result sum = {0};
  for (int i = optind; i < argc; i++) {
    nf_import_result r;
    if (import_file(db, argv[i], &o, &r, &err))
      return cmd_fail(&err);
    if (!o.quiet)
      import_print_result(argv[i], &r);
    import_sum(&sum, &r);
  }
  if (!o.quiet)
    import_print_total(&sum, argc - optind);
  return 0;
}
