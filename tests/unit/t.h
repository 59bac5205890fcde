/* t.h — the unit tests' few assertions. A test file is a main() calling
 * T_CHECK / T_NEAR; the process exits 1 if any failed. */
#ifndef NF_T_H
#define NF_T_H
#include <math.h>
#include <stdio.h>
#include <string.h>

static int t_failed, t_run;

#define T_CHECK(cond)                                                        \
  do {                                                                       \
    t_run++;                                                                 \
    if (!(cond)) {                                                           \
      t_failed++;                                                            \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                        \
  } while (0)

#define T_NEAR(a, b, tol)                                                    \
  do {                                                                       \
    double t_a = (a), t_b = (b);                                             \
    t_run++;                                                                 \
    if (!(fabs(t_a - t_b) <= (tol))) {                                       \
      t_failed++;                                                            \
      fprintf(stderr, "%s:%d: %s = %.6g, expected %.6g ± %g\n", __FILE__,    \
              __LINE__, #a, t_a, t_b, (double)(tol));                        \
    }                                                                        \
  } while (0)

#define T_STREQ(a, b)                                                        \
  do {                                                                       \
    const char *t_a = (a), *t_b = (b);                                       \
    t_run++;                                                                 \
    if (!t_a || !t_b || strcmp(t_a, t_b) != 0) {                             \
      t_failed++;                                                            \
      fprintf(stderr, "%s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__,     \
              __LINE__, #a, t_a ? t_a : "(null)", t_b ? t_b : "(null)");     \
    }                                                                        \
  } while (0)

#define T_DONE()                                                             \
  (printf("%d checks, %d failed\n", t_run, t_failed), t_failed ? 1 : 0)

#endif
