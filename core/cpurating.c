/* cpurating.c — the processor generation table behind cpurating.h.
 *
 * Reference: one core of an Intel Xeon 5160 ("Woodcrest", Core
 * microarchitecture, 2006) at 3000 MHz = 1.0 CU. A core of another
 * generation at F MHz is worth F / 3000 × ipc, where ipc is the
 * generation's per-clock throughput relative to the reference. The ipc
 * figures are estimates from the ratio of SPECint_rate2006 per core per GHz
 * of representative parts in each generation (SPEC published results);
 * docs/overhead.md lists them. When the inventory carries cpu_rating it is
 * used as is (the architect's own figure beats the table).
 *
 * The generation comes from the model string's processor number, read
 * without regular expressions: Intel "[EXLW]NNNN" / "Xeon NNNN" (the first
 * two digits name the family: 51/53 Core, 52/54 Penryn, 55 Nehalem, 56
 * Westmere, 50 and 70/71 NetBurst), "E5-NNNN [vN]" / "E7-NNNN [vN]" (the
 * version names the generation), "Platinum/Gold/Silver/Bronze NNNN"
 * (Xeon Scalable), AMD "EPYC NNNN" (the last digit names the Zen
 * generation), then family words (Opteron, Xeon MP, Pentium 4/III), and a
 * bare "Xeon" with a clock but no number (the NetBurst Xeons of 2002-2005:
 * "Xeon 3.2GHz"). */
#include "cpurating.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

struct gen {
  double ipc;
  const char *how;
};

enum {
  G_ZEN45, G_ZEN3, G_ZEN2, G_ZEN1, G_OPTERON, G_SCALABLE, G_SILVER, G_BRONZE, G_BROADWELL,
  G_HASWELL, G_IVY, G_SANDY, G_WESTMERE, G_NEHALEM, G_PENRYN, G_CORE, G_CORE_53, G_NETBURST_XEON,
  G_PENTIUM4, G_PENTIUM3, G__COUNT
};

static const struct gen gens[G__COUNT] = {
  [G_ZEN45] = {2.45, "AMD EPYC Zen 4/5 (9xx4, 9xx5): MHz x 2.45 / 3000 (estimate)"},
  [G_ZEN3] = {2.1, "AMD EPYC Zen 3 (7xx3): MHz x 2.10 / 3000 (estimate)"},
  [G_ZEN2] = {1.9, "AMD EPYC Zen 2 (7xx2): MHz x 1.90 / 3000 (estimate)"},
  [G_ZEN1] = {1.75, "AMD EPYC Zen 1 (7xx1, or no number): MHz x 1.75 / 3000 (estimate)"},
  [G_OPTERON] = {0.9, "AMD Opteron (K8/K10): MHz x 0.90 / 3000 (estimate)"},
  [G_SCALABLE] = {1.85, "Intel Xeon Scalable Gold/Platinum: MHz x 1.85 / 3000 (estimate)"},
  [G_SILVER] = {1.8, "Intel Xeon Scalable Silver: MHz x 1.80 / 3000 (estimate)"},
  [G_BRONZE] = {1.75, "Intel Xeon Scalable Bronze: MHz x 1.75 / 3000 (estimate)"},
  [G_BROADWELL] = {1.65, "Intel Xeon E5/E7 v4 (Broadwell): MHz x 1.65 / 3000 (estimate)"},
  [G_HASWELL] = {1.6, "Intel Xeon E5/E7 v3 (Haswell): MHz x 1.60 / 3000 (estimate)"},
  [G_IVY] = {1.5, "Intel Xeon E5/E7 v2 (Ivy Bridge): MHz x 1.50 / 3000 (estimate)"},
  [G_SANDY] = {1.45, "Intel Xeon E5 (Sandy Bridge, no version): MHz x 1.45 / 3000 (estimate)"},
  [G_WESTMERE] = {1.3, "Intel Xeon 56xx (Westmere): MHz x 1.30 / 3000 (estimate)"},
  [G_NEHALEM] = {1.25, "Intel Xeon 55xx/65xx/75xx (Nehalem): MHz x 1.25 / 3000 (estimate)"},
  [G_PENRYN] = {1.05, "Intel Xeon 52xx/54xx/74xx (Penryn): MHz x 1.05 / 3000 (estimate)"},
  [G_CORE] = {1.0, "Intel Xeon 51xx (Core, the reference): MHz / 3000"},
  [G_CORE_53] = {1.0, "Intel Xeon 53xx/73xx (Core): MHz / 3000"},
  [G_NETBURST_XEON] = {0.55, "Intel Xeon NetBurst (50xx, 70xx/71xx, Xeon MP, or a bare 'Xeon' "
                             "with a clock): MHz x 0.55 / 3000 (estimate)"},
  [G_PENTIUM4] = {0.5, "Intel Pentium 4 (NetBurst): MHz x 0.50 / 3000 (estimate)"},
  [G_PENTIUM3] = {0.6, "Intel Pentium III (P6): MHz x 0.60 / 3000 (estimate)"},
};

/* Where NEEDLE starts in HAY, case-insensitively, or NULL. */
static const char *find_ci(const char *hay, const char *needle)
{
  size_t n = strlen(needle);
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
      i++;
    if (i == n)
      return hay;
  }
  return NULL;
}

/* The number of decimal digits at P. */
static int ndigits(const char *p)
{
  int n = 0;
  while (isdigit((unsigned char)p[n]))
    n++;
  return n;
}

/* The value of the N digits at P. */
static int digits_val(const char *p, int n)
{
  int v = 0;
  for (int i = 0; i < n; i++)
    v = v * 10 + (p[i] - '0');
  return v;
}

/* The generation of an Intel 4-digit processor number (5160, 5345, 5670,
 * 7041), or -1. */
static int intel_number(int num)
{
  switch (num / 100) {
  case 50: return G_NETBURST_XEON;          /* Dempsey 50xx */
  case 51: return G_CORE;                   /* Woodcrest */
  case 53: case 73: return G_CORE_53;       /* Clovertown, Tigerton */
  case 52: case 54: case 74: return G_PENRYN; /* Wolfdale-DP, Harpertown, Dunnington */
  case 55: case 65: case 75: return G_NEHALEM; /* Gainestown, Beckton */
  case 56: return G_WESTMERE;                  /* Gulftown / Westmere-EP */
  case 70: case 71: return G_NETBURST_XEON;    /* Paxville / Tulsa MP */
  default: return -1;
  }
}

/* The generation of an "E5-NNNN [vN]" / "E7-NNNN [vN]" part at P (just
 * past the hyphen). */
static int intel_e5(const char *p)
{
  int n = ndigits(p);
  if (n < 4)
    return -1;
  const char *q = p + n;
  while (*q == ' ')
    q++;
  if ((*q == 'v' || *q == 'V') && isdigit((unsigned char)q[1])) {
    switch (q[1] - '0') {
    case 2: return G_IVY;
    case 3: return G_HASWELL;
    case 4: return G_BROADWELL;
    default: return -1;
    }
  }
  return G_SANDY;
}

/* The generation a model string names, or -1. */
static int generation(const char *model)
{
  const char *p;
  /* AMD EPYC: the last digit of the 4-digit number is the generation. */
  if ((p = find_ci(model, "EPYC")) != NULL) {
    p += 4;
    while (*p == ' ')
      p++;
    if (ndigits(p) == 4) {
      int last = p[3] - '0';
      if (p[0] == '9' || last >= 4)
        return G_ZEN45;
      return last == 3 ? G_ZEN3 : last == 2 ? G_ZEN2 : G_ZEN1;
    }
    return G_ZEN1;
  }
  if (find_ci(model, "Opteron"))
    return G_OPTERON;
  /* Xeon Scalable: the metal names the tier. */
  static const struct {
    const char *word;
    int g;
  } tiers[] = {{"Platinum", G_SCALABLE}, {"Gold", G_SCALABLE}, {"Silver", G_SILVER},
               {"Bronze", G_BRONZE}};
  for (size_t i = 0; i < sizeof tiers / sizeof tiers[0]; i++)
    if (find_ci(model, tiers[i].word))
      return tiers[i].g;
  /* E5-2670, E5-2680 v3, E7-8890 v4. */
  for (const char *q = model; *q; q++)
    if ((q[0] == 'E' || q[0] == 'e') && (q[1] == '5' || q[1] == '7') && q[2] == '-' &&
        (q == model || !isalnum((unsigned char)q[-1]))) {
      int g = intel_e5(q + 3);
      if (g >= 0)
        return g;
    }
  /* A 4-digit processor number, with a letter (E5345, X5670, L5520,
   * W5590) or bare (Xeon 5160). */
  for (const char *q = model; *q; q++) {
    const char *d = NULL;
    if (strchr("EXLWexlw", *q) && *q && isdigit((unsigned char)q[1]) &&
        (q == model || !isalnum((unsigned char)q[-1])))
      d = q + 1;
    else if (isdigit((unsigned char)*q) && q - model >= 5 && q[-1] == ' ' &&
             find_ci(q - 5, "Xeon ") == q - 5)
      d = q;
    if (d && ndigits(d) == 4 && !(d[4] == '.' || isalpha((unsigned char)d[4]))) {
      int g = intel_number(digits_val(d, 4));
      if (g >= 0)
        return g;
    }
  }
  if (find_ci(model, "Xeon MP"))
    return G_NETBURST_XEON;
  if (find_ci(model, "Pentium 4") || find_ci(model, "Pentium IV"))
    return G_PENTIUM4;
  if (find_ci(model, "Pentium III"))
    return G_PENTIUM3;
  /* "Xeon 3.2GHz": a Xeon known only by its clock is a NetBurst part
   * (Prestonia, Nocona, Irwindale, 2002-2005); later Xeons carry a number. */
  if ((p = find_ci(model, "Xeon")) != NULL) {
    p += 4;
    while (*p == ' ')
      p++;
    int n = ndigits(p);
    if (n >= 1 && (p[n] == '.' || find_ci(p, "GHz") == p + n || find_ci(p, " GHz") == p + n ||
                   find_ci(p, "MHz") == p + n))
      return G_NETBURST_XEON;
  }
  return -1;
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
  int g = model ? generation(model) : -1;
  if (g >= 0) {
    *how = gens[g].how;
    return mhz / 3000.0 * gens[g].ipc;
  }
  *how = "processor generation unknown: MHz / 3000 at face value";
  return mhz / 3000.0;
}
