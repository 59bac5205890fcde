/* cmd_replay.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_replay(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: replay: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_replay = {"replay", "", "(in progress)", "", exec_replay};
