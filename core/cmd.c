/* cmd.c — the subcommand table and what every handler shares. Adding a
 * command: write core/cmd_NAME.c exporting `const struct nf_cmd cmd_NAME`,
 * and list it here. */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "db.h"

extern const struct nf_cmd cmd_import, cmd_servers, cmd_profile, cmd_score, cmd_plan,
    cmd_report, cmd_run, cmd_demo, cmd_explain, cmd_replay, cmd_figures;

const struct nf_cmd *const nf_cmds[] = {
  &cmd_import, &cmd_servers, &cmd_profile, &cmd_score, &cmd_plan, &cmd_report,
  &cmd_run, &cmd_demo, &cmd_explain, &cmd_replay, &cmd_figures, NULL,
};

const struct nf_cmd *cmd_find(const char *name)
{
  for (const struct nf_cmd *const *c = nf_cmds; *c; c++)
    if (strcmp((*c)->name, name) == 0)
      return *c;
  return NULL;
}

sqlite3 *ctx_db(nf_ctx *ctx)
{
  if (ctx->db == NULL) {
    nf_err err = {0};
    ctx->db = db_open(ctx->db_path, &err);
    if (ctx->db == NULL)
      nf_err_print(&err);
  }
  return ctx->db;
}

void cmd_usage(const struct nf_cmd *cmd, int full)
{
  if (!full) {
    fprintf(stderr, "usage: nfold %s %s\nTry 'nfold %s --help'.\n", cmd->name, cmd->args,
            cmd->name);
    return;
  }
  printf("usage: nfold [--db FILE] %s %s\n\n%s\n", cmd->name, cmd->args, cmd->summary);
  if (cmd->help && *cmd->help)
    printf("\noptions:\n%s", cmd->help);
}

int cmd_bad_usage(const struct nf_cmd *cmd)
{
  cmd_usage(cmd, 0);
  return 2;
}

void cmd_getopt_reset(void)
{
  optind = 0; /* glibc: 0 re-initialises getopt, including its internal state */
  opterr = 1;
}

int cmd_fail(const nf_err *err)
{
  nf_err_print(err);
  return 1;
}
