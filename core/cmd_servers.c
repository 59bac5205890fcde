/* cmd_servers.c — PLACEHOLDER until its owner lands it. */
#include <stdio.h>
#include "cmd.h"
static int exec_servers(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx; (void)argc; (void)argv;
  fprintf(stderr, "nfold: servers: not built yet\n");
  return 1;
}
const struct nf_cmd cmd_servers = {"servers", "", "(in progress)", "", exec_servers};
