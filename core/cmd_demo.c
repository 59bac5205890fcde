/* cmd_demo.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_demo(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: demo: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_demo = {"demo", "", "(in progress)", "", exec_demo};
