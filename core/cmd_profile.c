/* cmd_profile.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_profile(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: profile: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_profile = {"profile", "", "(in progress)", "", exec_profile};
