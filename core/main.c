/* main.c — the nfold front end: global options (--db, --help, --version),
 * then dispatch to the subcommand table. Everything else lives in the core
 * library, which the tests link directly. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "db.h"

static void usage(FILE *f)
{
  fprintf(f,
          "nfold %s — workload consolidation advisor\n\n"
          "usage: nfold [--db FILE] COMMAND [ARGS]\n\n"
          "commands:\n",
          NFOLD_VERSION);
  for (const struct nf_cmd *const *c = nf_cmds; *c; c++)
    fprintf(f, "  %-9s %s\n", (*c)->name, (*c)->summary);
  fprintf(f,
          "\noptions:\n"
          "  --db FILE   the study database (default ./nfold.db)\n"
          "  --help      this text; `nfold COMMAND --help` for a command's options\n"
          "  --version   print the version\n");
}

int main(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
  };
  nf_ctx ctx = {.db_path = "nfold.db"};
  const char *env = getenv("NFOLD_DB");
  if (env && *env) {
    ctx.db_path = env;
    ctx.db_given = 1;
  }
  int c;
  while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
    switch (c) {
    case 'd':
      ctx.db_path = optarg;
      ctx.db_given = 1;
      break;
    case 'h':
      usage(stdout);
      return 0;
    case 'V':
      printf("nfold %s\n", NFOLD_VERSION);
      return 0;
    default:
      fprintf(stderr, "Try 'nfold --help'.\n");
      return 2;
    }
  }
  if (optind >= argc) {
    usage(stderr);
    return 2;
  }
  const struct nf_cmd *cmd = cmd_find(argv[optind]);
  if (cmd == NULL) {
    fprintf(stderr, "nfold: unknown command '%s'\nTry 'nfold --help'.\n", argv[optind]);
    return 2;
  }
  /* Take the command's arguments before the reset sets optind to 0. */
  int first = optind;
  cmd_getopt_reset();
  int rc = cmd->exec(&ctx, argc - first, argv + first);
  if (ctx.db)
    db_close(ctx.db);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "nfold: error writing to standard output\n");
    return 1;
  }
  return rc;
}
