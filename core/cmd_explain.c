/* cmd_explain.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_explain(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: explain: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_explain = {"explain", "", "(in progress)", "", exec_explain};
