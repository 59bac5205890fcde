/* cpurating.c — the processor generation table behind cpurating.h.
 *
 * Reference: one core of an Intel Xeon 5160 ("Woodcrest", Core
 * microarchitecture, 2006) at 3000 MHz = 1.0 CU. A core of another
 * generation at F MHz is worth F / 3000 × ipc, where ipc is the
 * generation's per-clock throughput relative to the reference. The ipc
 * figures are estimates from the ratio of SPECint_rate2006 per core per GHz
 * of representative parts in each generation (SPEC published results);
 * docs/overhead.md lists them. When the inventory carries cpu_rating it is
 * used as is (the architect's own figure beats the table). */
#include "cpurating.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

struct gen {
  const char *needle;  /* matched case-insensitively in the model string */
  double ipc;
  const char *how;
};

/* More specific needles first. */
static const struct gen gens[] = {
  {"EPYC 9", 2.45, "AMD EPYC Zen 4/5 generation: MHz x 2.45 / 3000 (estimate)"},
  {"EPYC 7003", 2.1, "AMD EPYC Zen 3 generation: MHz x 2.10 / 3000 (estimate)"},
  {"EPYC 7002", 1.9, "AMD EPYC Zen 2 generation: MHz x 1.90 / 3000 (estimate)"},
  {"EPYC", 1.75, "AMD EPYC generation: MHz x 1.75 / 3000 (estimate)"},
  {"Opteron", 0.9, "AMD Opteron generation: MHz x 0.90 / 3000 (estimate)"},
  {"Platinum", 1.85, "Intel Xeon Scalable generation: MHz x 1.85 / 3000 (estimate)"},
  {"Gold", 1.85, "Intel Xeon Scalable generation: MHz x 1.85 / 3000 (estimate)"},
  {"Silver", 1.8, "Intel Xeon Scalable generation: MHz x 1.80 / 3000 (estimate)"},
  {" v4", 1.65, "Intel Xeon E5/E7 v4 (Broadwell): MHz x 1.65 / 3000 (estimate)"},
  {" v3", 1.6, "Intel Xeon E5/E7 v3 (Haswell): MHz x 1.60 / 3000 (estimate)"},
  {" v2", 1.5, "Intel Xeon E5/E7 v2 (Ivy Bridge): MHz x 1.50 / 3000 (estimate)"},
  {"E5-", 1.45, "Intel Xeon E5 (Sandy Bridge): MHz x 1.45 / 3000 (estimate)"},
  {"X56", 1.3, "Intel Xeon 56xx (Westmere): MHz x 1.30 / 3000 (estimate)"},
  {"E56", 1.3, "Intel Xeon 56xx (Westmere): MHz x 1.30 / 3000 (estimate)"},
  {"X55", 1.25, "Intel Xeon 55xx (Nehalem): MHz x 1.25 / 3000 (estimate)"},
  {"E55", 1.25, "Intel Xeon 55xx (Nehalem): MHz x 1.25 / 3000 (estimate)"},
  {"Xeon 51", 1.0, "Intel Xeon 51xx (Core, the reference): MHz / 3000"},
  {"Xeon 53", 1.0, "Intel Xeon 53xx (Core): MHz / 3000"},
  {"Xeon 54", 1.05, "Intel Xeon 54xx (Penryn): MHz x 1.05 / 3000 (estimate)"},
  {"Xeon MP", 0.55, "Intel Xeon MP (NetBurst): MHz x 0.55 / 3000 (estimate)"},
  {"Pentium 4", 0.5, "Intel Pentium 4 (NetBurst): MHz x 0.50 / 3000 (estimate)"},
  {"Pentium III", 0.6, "Intel Pentium III (P6): MHz x 0.60 / 3000 (estimate)"},
};

static int contains_ci(const char *hay, const char *needle)
{
  size_t n = strlen(needle);
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
      i++;
    if (i == n)
      return 1;
  }
  return 0;
}

double cpu_core_rating(const char *model, double mhz, double cpu_rating, const char **how)
{
  const char *dummy;
  if (how == NULL)
    how = &dummy;
  if (cpu_rating > 0) {
    *how = "inventory cpu_rating, taken as given";
    return cpu_rating;
  }
  if (mhz <= 0) {
    *how = "no clock speed known: 1 CU per core assumed";
    return 1.0;
  }
  if (model)
    for (size_t i = 0; i < sizeof gens / sizeof gens[0]; i++)
      if (contains_ci(model, gens[i].needle)) {
        *how = gens[i].how;
        return mhz / 3000.0 * gens[i].ipc;
      }
  *how = "processor generation unknown: MHz / 3000 at face value";
  return mhz / 3000.0;
}
