/* cmd_servers.c — `nfold servers`: what was loaded. One line per server
 * (inventory, whether it is already a guest and why, how many samples and
 * over which period), then the imported files with their counts. */
#include <stdio.h>

#include "cmd.h"
#include "db.h"

static int exec_servers(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_servers = {
  "servers", "[--imports]",
  "list the servers and imported files in the study database",
  "  --imports    list only the imported files (path, format, hash, counts)\n",
  exec_servers,
};

static void print_imports(sqlite3 *db)
{
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT path, format, hash, imported, servers, rows, vals, missing, replaced,"
                         " unused, coalesce(unused_what, '') FROM v_imports",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  printf("%-40s %-12s %-16s %-19s %7s %9s %10s %8s %8s %8s\n", "file", "format", "hash",
         "imported", "servers", "records", "values", "missing", "replaced", "not used");
  while (sqlite3_step(st) == SQLITE_ROW)
    printf("%-40s %-12s %-16s %-19s %7d %9lld %10lld %8lld %8lld %8lld%s%s\n",
           (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
           (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
           sqlite3_column_int(st, 4), (long long)sqlite3_column_int64(st, 5),
           (long long)sqlite3_column_int64(st, 6), (long long)sqlite3_column_int64(st, 7),
           (long long)sqlite3_column_int64(st, 8), (long long)sqlite3_column_int64(st, 9),
           *sqlite3_column_text(st, 10) ? "  " : "", (const char *)sqlite3_column_text(st, 10));
  sqlite3_finalize(st);
}

static int exec_servers(nf_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    {"imports", no_argument, NULL, 'i'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  int only_imports = 0, c;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 'i':
      only_imports = 1;
      break;
    case 'h':
      cmd_usage(&cmd_servers, 1);
      return 0;
    default:
      return cmd_bad_usage(&cmd_servers);
    }
  }
  if (optind < argc)
    return cmd_bad_usage(&cmd_servers);
  sqlite3 *db = ctx_db(ctx);
  if (db == NULL)
    return 1;
  if (only_imports) {
    print_imports(db);
    return 0;
  }
  sqlite3_stmt *st = NULL;
  nf_err err = {0};
  st = db_prepare(db,
                  "SELECT s.name, s.kind, coalesce(s.site, ''), coalesce(s.role, ''),"
                  " coalesce(s.os, ''), s.cores, s.mhz, s.ram_mb, s.is_guest,"
                  " coalesce(s.guest_evidence, ''),"
                  " (SELECT count(*) FROM samples x WHERE x.server_id = s.id),"
                  " (SELECT min(ts) FROM samples x WHERE x.server_id = s.id),"
                  " (SELECT max(ts) FROM samples x WHERE x.server_id = s.id)"
                  " FROM servers s ORDER BY s.kind DESC, s.name COLLATE NOCASE",
                  0, &err);
  if (st == NULL)
    return cmd_fail(&err);
  printf("%-24s %-6s %-8s %-10s %-26s %5s %6s %8s %-5s %7s  %s\n", "server", "kind", "site",
         "role", "os", "cores", "MHz", "RAM MB", "guest", "samples", "period (UTC)");
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    char a[32] = "", b[32] = "";
    if (sqlite3_column_type(st, 11) != SQLITE_NULL) {
      nf_format_time(sqlite3_column_int64(st, 11), a, sizeof a);
      nf_format_time(sqlite3_column_int64(st, 12), b, sizeof b);
    }
    printf("%-24s %-6s %-8.8s %-10.10s %-26.26s %5d %6.0f %8.0f %-5s %7d  %s%s%s\n",
           (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
           (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
           (const char *)sqlite3_column_text(st, 4), sqlite3_column_int(st, 5),
           sqlite3_column_double(st, 6), sqlite3_column_double(st, 7),
           sqlite3_column_int(st, 8) ? "yes" : "no", sqlite3_column_int(st, 10), a, *a ? ".." : "", b);
    if (sqlite3_column_int(st, 8))
      printf("%24s   already a guest: %s\n", "", (const char *)sqlite3_column_text(st, 9));
    n++;
  }
  sqlite3_finalize(st);
  int64_t files = db_int(db, "SELECT count(*) FROM imports", 0);
  printf("%d server%s from %lld imported file%s (`nfold servers --imports` lists them)\n", n,
         n == 1 ? "" : "s", (long long)files, files == 1 ? "" : "s");
  return 0;
}
