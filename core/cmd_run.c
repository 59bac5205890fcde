/* cmd_run.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_run(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: run: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_run = {"run", "", "(in progress)", "", exec_run};
