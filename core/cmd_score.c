/* cmd_score.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_score(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: score: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_score = {"score", "", "(in progress)", "", exec_score};
