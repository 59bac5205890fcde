/* cmd_replay.c — `nfold replay --window FROM..TO`: replay the latest plan's
 * placements against the samples of another period at full resolution and
 * report, per host and in total, the intervals over capacity. */
#include <stdio.h>

#include "cmd.h"
#include "planner.h"

static int exec_replay(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_replay = {
  "replay",
  "--window FROM..TO",
  "replay the latest plan against the samples of another period; overload per host",
  "  --window FROM..TO    the period to replay (ISO dates or times; TO exclusive)\n",
  exec_replay,
};

static int exec_replay(nf_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    {"window", required_argument, NULL, 'w'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  nf_err err = {0};
  int64_t from = 0, to = 0;
  int have = 0, c;
  cmd_getopt_reset();
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 'h':
      cmd_usage(&cmd_replay, 1);
      return 0;
    case 'w':
      if (nf_parse_window(optarg, &from, &to, &err)) {
        nf_err_print(&err);
        return 2;
      }
      have = 1;
      break;
    default:
      return cmd_bad_usage(&cmd_replay);
    }
  }
  if (!have || optind < argc) {
    if (!have)
      fprintf(stderr, "nfold: replay: --window FROM..TO is required\n");
    else
      fprintf(stderr, "nfold: replay: unexpected argument '%s'\n", argv[optind]);
    return cmd_bad_usage(&cmd_replay);
  }
  sqlite3 *db = ctx_db(ctx);
  if (db == NULL)
    return 1;
  int64_t id = 0;
  if (plan_replay(db, from, to, &id, &err))
    return cmd_fail(&err);
  return 0;
}
