/* cmd.h — the subcommand table (tmux's cmd_entry, fossil's COMMAND:). Each
 * subcommand lives in its own core/cmd_NAME.c and exports one const struct
 * nf_cmd holding its name, usage and handler; main.c lists them. A handler
 * parses its own options (getopt_long; cmd_help handles -h/--help) and
 * returns the process exit status: 0 success, 1 failure (the message
 * already printed as "nfold: FILE:LINE: what"), 2 bad usage.
 *
 * Ownership: the context's database is opened on first use by ctx_db and
 * closed by main. */
#ifndef NF_CMD_H
#define NF_CMD_H

#include <getopt.h>
#include <sqlite3.h>

#include "util.h"

typedef struct nf_ctx {
  const char *db_path;  /* --db, default ./nfold.db */
  int db_given;         /* --db or $NFOLD_DB named it */
  sqlite3 *db;
} nf_ctx;

struct nf_cmd {
  const char *name;
  const char *args;     /* synopsis after the name: "FILE..." */
  const char *summary;  /* one line for `nfold --help` */
  const char *help;     /* the options, one per line, for `nfold CMD --help` */
  int (*exec)(nf_ctx *ctx, int argc, char **argv);
};

extern const struct nf_cmd *const nf_cmds[];
const struct nf_cmd *cmd_find(const char *name);

/* The study database, opened (and migrated) on first call; NULL after
 * printing the error. */
sqlite3 *ctx_db(nf_ctx *ctx);

/* Prints CMD's usage to stdout (full) or a hint to stderr (short). */
void cmd_usage(const struct nf_cmd *cmd, int full);
/* For a handler's getopt loop: the status to return for '?' (2, after a hint). */
int cmd_bad_usage(const struct nf_cmd *cmd);
/* Resets getopt for a handler: call before its getopt_long loop. */
void cmd_getopt_reset(void);

/* Prints ERR and returns 1: `return cmd_fail(&err);`. */
int cmd_fail(const nf_err *err);

#endif
