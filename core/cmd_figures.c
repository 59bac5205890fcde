/* cmd_figures.c — `nfold figures`: recompute every published figure the
 * overhead model encodes (DESIGN §1b) with the live model code and the
 * shipped profiles (figures.h), print figure, source, expected, computed
 * and pass, and fail when any figure is off. Needs no study database. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "figures.h"

static int exec_figures(nf_ctx *ctx, int argc, char **argv);

const struct nf_cmd cmd_figures = {
  "figures", "[--brief]",
  "recompute the published figures the overhead model encodes (DESIGN §1b) and compare",
  "  --brief            one line per figure: PASS/FAIL and the figure\n",
  exec_figures,
};

struct fig_print {
  int brief, n;
};

/* Prints one figure: a block of four lines, or one line when brief. */
static void print_figure(void *ud, const nf_figure *f)
{
  struct fig_print *p = ud;
  p->n++;
  if (p->brief) {
    printf("%s  %s\n", f->pass ? "PASS" : "FAIL", f->figure);
    return;
  }
  printf("%s  %s\n", f->pass ? "PASS" : "FAIL", f->figure);
  printf("      source:   %s\n", f->source);
  printf("      expected: %s\n", f->expected);
  printf("      computed: %s\n\n", f->computed);
}

static int exec_figures(nf_ctx *ctx, int argc, char **argv)
{
  (void)ctx;
  static const struct option opts[] = {
    {"brief", no_argument, NULL, 'b'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  struct fig_print p = {0};
  int c;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 'b':
      p.brief = 1;
      break;
    case 'h':
      cmd_usage(&cmd_figures, 1);
      return 0;
    default:
      return cmd_bad_usage(&cmd_figures);
    }
  }
  if (optind < argc)
    return cmd_bad_usage(&cmd_figures);
  nf_err err = {0};
  int failed = fig_run(print_figure, &p, &err);
  if (failed < 0)
    return cmd_fail(&err);
  printf("%d figures, %d failed\n", p.n, failed);
  return failed ? 1 : 0;
}
