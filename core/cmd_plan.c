/* cmd_plan.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_plan(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: plan: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_plan = {"plan", "", "(in progress)", "", exec_plan};
