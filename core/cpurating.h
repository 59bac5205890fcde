/* cpurating.h — CPU capacity units (CU) comparable across processor
 * generations (DESIGN §2, issue "Overhead model"). One CU is one core of the
 * reference processor fully busy; docs/overhead.md gives the reference and
 * the table of generations. A server's per-core rating comes from its
 * inventory `cpu_rating` when known, else from cores × MHz scaled by the
 * generation its model string names. Static data only. */
#ifndef NF_CPURATING_H
#define NF_CPURATING_H

/* CU per core. CPU_RATING (> 0) is taken as given; else MODEL (may be NULL)
 * picks a generation factor applied to MHZ. *HOW (may be NULL) gets a static
 * sentence saying which. */
double cpu_core_rating(const char *model, double mhz, double cpu_rating, const char **how);

#endif
