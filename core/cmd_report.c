/* cmd_report.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_report(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: report: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_report = {"report", "", "(in progress)", "", exec_report};
