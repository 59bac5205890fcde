/* cmd_figures.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_figures(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: figures: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_figures = {"figures", "", "(in progress)", "", exec_figures};
