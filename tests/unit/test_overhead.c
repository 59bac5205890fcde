/* test_overhead.c — the overhead model against the published figures of
 * DESIGN §1b, through the API the planner uses (overhead.h). Each check
 * names its source. */
#include <math.h>
#include <stdlib.h>

#include "cpurating.h"
#include "figures.h"
#include "overhead.h"
#include "t.h"

/* A workload with what the overhead model reads (figures.h). */
#define mkw fig_workload

static nf_hv *load(const char *name, const char *set)
{
  nf_err err = {0};
  const char *sets[1] = {set};
  nf_hv *hv = hv_load(name, sets, set ? 1 : 0, &err);
  if (hv == NULL)
    fprintf(stderr, "hv_load %s: %s\n", name, err.msg);
  return hv;
}

/* VMware ESX Server 2.x Administration Guide, ch. 12 (DESIGN §1b): 8 × 512 MB
 * guests, one CPU, memory fully used → 5016 MB; 10 % sharing → 4606; 25 % → 3992. */
static void test_esx2_worked_example(void)
{
  nf_hv *hv = load("esx2", NULL);
  T_CHECK(hv != NULL);
  if (!hv)
    return;
  T_STREQ(hv_name(hv), "esx2");
  double guests = 0, vmoh = 0;
  for (int i = 0; i < 8; i++) {
    nf_workload w = mkw("W", 1, 512, 512, 50, 10, 1, 1, 20);
    T_NEAR(oh_guest_ram(hv, &w), 54, 1e-9);
    guests += oh_guest_ram_need(hv, &w);
    vmoh += oh_guest_ram(hv, &w);
  }
  nf_oh_ram b;
  T_NEAR(oh_host_ram(hv, guests, vmoh, 0, &b), 5016, 0.5);
  T_NEAR(b.guests + b.vm_overhead, 4528, 1e-9);
  T_NEAR(b.host_free, 272, 0.5);
  T_NEAR(b.host_fixed, 216, 1e-9);
  T_NEAR(oh_host_ram(hv, guests, vmoh, 0.10, NULL), 4606, 0.5);
  T_NEAR(oh_host_ram(hv, guests, vmoh, 0.25, NULL), 3992, 0.5);
  /* 2 vCPUs: 64 MB; +32 MB per extra GB of guest RAM. */
  nf_workload w2 = mkw("W2", 2, 512, 512, 50, 10, 1, 1, 20);
  T_NEAR(oh_guest_ram(hv, &w2), 64, 1e-9);
  nf_workload w3 = mkw("W3", 1, 2560, 2000, 50, 10, 1, 1, 20);
  T_NEAR(oh_guest_ram(hv, &w3), 54 + 2 * 32, 1e-9);
  nf_workload w4 = mkw("W4", 8, 512, 512, 50, 10, 1, 1, 20);
  T_CHECK(oh_guest_vcpus(hv, &w4) == 2); /* Virtual SMP: at most 2 */
  /* Over-commit allowed: the guest gets its need, not its installed RAM. */
  T_NEAR(oh_guest_ram_need(hv, &w3), 2000, 1e-9);
  hv_free(hv);
}

/* vSphere 6.5 Resource Management guide (DESIGN §1b): per-VM overhead within
 * 1 MB at the published points. */
static void test_esxi8_table(void)
{
  nf_hv *hv = load("esxi8", NULL);
  T_CHECK(hv != NULL);
  if (!hv)
    return;
  static const double gb[3] = {1, 4, 16};
  static const int vc[4] = {1, 2, 4, 8};
  static const double mb[3][4] = {{25.9, 29.9, 37.9, 53.8},
                                  {48.6, 52.7, 60.7, 76.8},
                                  {139.6, 144.0, 151.9, 168.6}};
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 4; c++) {
      nf_workload w = mkw("X", vc[c], gb[r] * 1024, gb[r] * 512, 40, 5, 1, 1, -1);
      T_NEAR(oh_guest_ram_vcpus(hv, &w, vc[c]), mb[r][c], 1.0);
    }
  /* In between, the value lies between its neighbours. */
  nf_workload w = mkw("X", 3, 8192, 4096, 40, 5, 1, 1, -1);
  double v = oh_guest_ram(hv, &w);
  T_CHECK(v > 52.7 && v < 151.9);
  /* Inter-VM page sharing is off by default (VMware KB 2080735) ... */
  const nf_workload *g[2] = {&w, &w};
  T_NEAR(oh_page_sharing(hv, g, 2), 0, 1e-12);
  hv_free(hv);
  /* ... unless the user fixes it. */
  hv = load("esxi8", "page_sharing=0.25");
  T_CHECK(hv != NULL);
  if (hv) {
    T_NEAR(oh_page_sharing(hv, g, 2), 0.25, 1e-12);
    T_STREQ(hv_source(hv, "page_sharing"), "--set on the command line");
    hv_free(hv);
  }
}

/* Waldspurger OSDI 2002: ≈ 33–43 % for 10 homogeneous NT guests; far less
 * for a mixed estate (Barker et al., ATC 2012: < 15 %). */
static void test_page_sharing(void)
{
  nf_hv *hv = load("esx2", NULL);
  T_CHECK(hv != NULL);
  if (!hv)
    return;
  nf_workload w[10];
  const nf_workload *g[10];
  static const char *const os[] = {"Windows NT 4.0", "Windows 2000", "Windows 2003", "Linux"};
  static const char *const role[] = {"web", "sql", "file", "dc", "app"};
  for (int i = 0; i < 10; i++) {
    w[i] = mkw("N", 1, 512, 512, 40, 5, 1, 1, -1);
    w[i].srv.os = (char *)"Windows NT 4.0";
    w[i].srv.role = (char *)"web";
    g[i] = &w[i];
  }
  double homo = oh_page_sharing(hv, g, 10);
  T_CHECK(homo >= 0.33 && homo <= 0.43);
  for (int i = 0; i < 10; i++) {
    w[i].srv.os = (char *)os[i % 4];
    w[i].srv.role = (char *)role[i % 5];
  }
  double mixed = oh_page_sharing(hv, g, 10);
  T_CHECK(mixed < 0.15);
  T_CHECK(mixed < homo);
  hv_free(hv);
}

/* DESIGN §1: scheduler overhead grows linearly with the guests on a host. */
static void test_scheduler_linear(void)
{
  nf_hv *hv = load("esx2", NULL);
  T_CHECK(hv != NULL);
  if (!hv)
    return;
  nf_workload w = mkw("S", 1, 1024, 512, 50, 0, 0, 0, -1);
  double f[4];
  for (int k = 1; k <= 4; k++) {
    nf_oh_host h = {.capacity = 8, .pcpus = 8, .nguests = 8 * k, .vcpus = 8 * k};
    nf_oh_detail d;
    oh_guest_cpu_detail(hv, &w, 0.5, &h, NULL, &d);
    f[k - 1] = d.sched_frac;
  }
  T_CHECK(f[0] > 0);
  T_NEAR(f[1] - f[0], f[0] - hv_get(hv, "sched_base_pct", 0) / 100, 1e-12);
  T_NEAR(f[3] - f[2], f[1] - f[0], 1e-12);
  hv_free(hv);
}

/* Shelden, CMG 2005: two 2-vCPU guests, two threads at ≈ 55 % each, on a
 * 2-way host → ≈ 65 % busy (± 5 points). Saturated host: busy = useful
 * demand / everything the guests cost. */
static double cosched_busy(const nf_hv *hv)
{
  nf_workload w = mkw("G", 2, 1024, 512, 55, 0, 0, 0, -1);
  nf_oh_host h = {.capacity = 2, .pcpus = 2, .nguests = 2, .vcpus = 4};
  double demand = 2 * 0.55, cost = 0;
  for (int i = 0; i < 2; i++)
    cost += demand + oh_guest_cpu(hv, &w, demand, &h, NULL);
  double useful = 2 * demand;
  return 100 * (cost > h.capacity ? useful / cost : useful / h.capacity);
}

static void test_cosched(void)
{
  nf_hv *hv = load("esx2", NULL);
  T_CHECK(hv != NULL);
  if (!hv)
    return;
  T_NEAR(cosched_busy(hv), 65, 5);
  /* Single-vCPU guests are not gang-scheduled. */
  nf_workload w1 = mkw("G", 1, 1024, 512, 55, 0, 0, 0, -1);
  nf_oh_host h = {.capacity = 2, .pcpus = 2, .nguests = 4, .vcpus = 4};
  double t[NF_OH__COUNT];
  oh_guest_cpu(hv, &w1, 0.55, &h, t);
  T_NEAR(t[NF_OH_COSCHED], 0, 1e-12);
  /* No contention when the vCPUs fit the pCPUs. */
  nf_workload w2 = mkw("G", 2, 1024, 512, 55, 0, 0, 0, -1);
  nf_oh_host roomy = {.capacity = 8, .pcpus = 8, .nguests = 2, .vcpus = 4};
  oh_guest_cpu(hv, &w2, 1.1, &roomy, t);
  T_NEAR(t[NF_OH_COSCHED], 0, 1e-12);
  hv_free(hv);
  /* Relaxed co-scheduling (esxi8) loses less than strict (esx2). */
  nf_hv *relaxed = load("esxi8", NULL);
  T_CHECK(relaxed != NULL);
  if (relaxed) {
    T_CHECK(cosched_busy(relaxed) > 75);
    hv_free(relaxed);
  }
}

/* Processor generations (core/cpurating.c, docs/overhead.md): every model
 * string of samples/estate/inventory.csv, and the number forms the table
 * reads. The factor is CU per core at 3000 MHz. */
static void test_cpurating(void)
{
  static const struct {
    const char *model;
    double ipc;
  } cases[] = {
    /* samples/estate/inventory.csv */
    {"PowerEdge 2850 Xeon 3.2GHz", 0.55},           /* NetBurst (Irwindale) */
    {"PowerEdge R620 Xeon E5-2640", 1.45},          /* Sandy Bridge */
    {"PowerEdge R630 Xeon E5-2680 v3", 1.6},        /* Haswell */
    {"PowerEdge R640 Xeon Gold 6130", 1.85},        /* Skylake-SP */
    {"PowerEdge R710 Xeon E5620", 1.3},             /* Westmere */
    {"PowerEdge R710 Xeon X5670", 1.3},             /* Westmere */
    {"ProLiant DL360 G5 Xeon E5345", 1.0},          /* Clovertown (Core) */
    {"ProLiant DL360 Gen10 Xeon Silver 4114", 1.8}, /* Skylake-SP */
    {"ProLiant DL380 G5 Xeon 5160", 1.0},           /* Woodcrest: the reference */
    {"ProLiant DL380 G7 Xeon X5650", 1.3},          /* Westmere */
    {"ProLiant DL380p Gen8 Xeon E5-2670", 1.45},    /* Sandy Bridge */
    {"VMware Virtual Platform", 1.0},               /* unknown: face value */
    /* other number forms */
    {"Xeon L5520", 1.25},
    {"xeon x5570", 1.25},
    {"Xeon E5450", 1.05},
    {"Xeon 5060", 0.55},
    {"Xeon E5-2697 v2", 1.5},
    {"Xeon E5-2699v4", 1.65},
    {"Xeon E7-8890 v4", 1.65},
    {"Xeon Platinum 8380", 1.85},
    {"AMD EPYC 7551", 1.75},
    {"AMD EPYC 7742", 1.9},
    {"AMD EPYC 7763", 2.1},
    {"AMD EPYC 9654", 2.45},
    {"AMD EPYC 7002 series", 1.9},
    {"Opteron 2218", 0.9},
    {"Xeon MP 3.0", 0.55},
    {"Pentium 4 2.8GHz", 0.5},
    {"Pentium III 1.4", 0.6},
    {"PowerEdge 2850", 1.0}, /* a server number is not a processor number */
    {"Xeon 2.8 GHz", 0.55},
  };
  for (size_t i = 0; i < NF_ARRAY_LEN(cases); i++) {
    const char *how = NULL;
    double r = cpu_core_rating(cases[i].model, 3000, 0, &how);
    if (r < cases[i].ipc - 1e-9 || r > cases[i].ipc + 1e-9)
      fprintf(stderr, "cpu_core_rating(\"%s\") = %.2f (%s), expected %.2f\n", cases[i].model, r,
              how, cases[i].ipc);
    T_NEAR(r, cases[i].ipc, 1e-9);
    T_CHECK(how != NULL);
  }
  /* The clock scales; cpu_rating wins; no clock: 1 CU. */
  T_NEAR(cpu_core_rating("ProLiant DL360 G5 Xeon E5345", 2333, 0, NULL), 2333 / 3000.0, 1e-9);
  T_NEAR(cpu_core_rating("Xeon E5345", 2333, 1.7, NULL), 1.7, 1e-12);
  T_NEAR(cpu_core_rating("Xeon E5345", 0, 0, NULL), 1.0, 1e-12);
}

/* The planner's prepared evaluation gives the terms of oh_guest_cpu_detail
 * (required within 0.5 %; it is exact) over a range of demands, profiles
 * and hosts. */
static void test_prepared(void)
{
  static const char *const names[] = {"esx2", "esx3", "esxi8", "xen3-pv", "vs2005"};
  nf_workload w = mkw("P", 8, 8192, 4096, 45, 20, 4, 6, 80);
  nf_oh_host hosts[] = {{.capacity = 16, .pcpus = 8, .nguests = 6, .vcpus = 30},
                        {.capacity = 64, .pcpus = 32, .nguests = 2, .vcpus = 8}};
  for (size_t k = 0; k < NF_ARRAY_LEN(names); k++) {
    nf_hv *hv = load(names[k], NULL);
    T_CHECK(hv != NULL);
    if (!hv)
      continue;
    for (size_t h = 0; h < NF_ARRAY_LEN(hosts); h++) {
      nf_oh_prep p;
      oh_prepare(hv, &w, &hosts[h], &p);
      for (double d = 0; d <= 8; d += 0.37) {
        double a[NF_OH__COUNT], b[NF_OH__COUNT];
        double ta = oh_guest_cpu(hv, &w, d, &hosts[h], a);
        double tb = oh_prep_cpu(&p, d, b, NULL);
        T_CHECK(fabs(ta - tb) <= 1e-12 + 0.005 * ta);
        for (int q = 0; q < NF_OH__COUNT; q++)
          T_CHECK(fabs(a[q] - b[q]) <= 1e-12 + 0.005 * a[q]);
      }
    }
    hv_free(hv);
  }
}

/* Co-scheduling vanishes as demand goes to 0 (an idle sibling is not
 * co-stopped), and a big relaxed gang costs no more than a pair. */
static void test_cosched_idle(void)
{
  nf_hv *hv = load("esx2", NULL);
  nf_hv *rx = load("esxi8", NULL);
  T_CHECK(hv != NULL && rx != NULL);
  if (!hv || !rx)
    goto done;
  nf_workload w = mkw("G", 2, 1024, 512, 55, 0, 0, 0, -1);
  nf_oh_host h = {.capacity = 2, .pcpus = 2, .nguests = 2, .vcpus = 4};
  double t[NF_OH__COUNT], prev = 1e9;
  /* The share of demand lost falls monotonically to 0 with demand. */
  for (double d = 1.0; d > 1e-4; d /= 2) {
    oh_guest_cpu(hv, &w, d, &h, t);
    double share = t[NF_OH_COSCHED] / d;
    T_CHECK(share < prev + 1e-12);
    prev = share;
  }
  T_CHECK(prev < 0.001);
  /* The old gang model gave (k − 1) × strictness × demand near idle. */
  oh_guest_cpu(hv, &w, 0.01, &h, t);
  T_CHECK(t[NF_OH_COSCHED] < 0.01 * 0.05);
  /* esxi8: a 16-vCPU guest at 50 % on a crowded host loses a few %,
   * bounded by the pair's loss. */
  nf_workload big = mkw("B", 16, 65536, 32768, 50, 0, 0, 0, -1);
  nf_oh_host crowded = {.capacity = 16, .pcpus = 16, .nguests = 4, .vcpus = 64};
  oh_guest_cpu(rx, &big, 8, &crowded, t);
  T_CHECK(t[NF_OH_COSCHED] > 0 && t[NF_OH_COSCHED] / 8 < 0.15);
done:
  hv_free(hv);
  hv_free(rx);
}

/* P2V right-sizing: vCPUs = ceil(peak / (core rating × vcpu_target_util)),
 * at least 1, at most the source's cores, capped by vcpu_max; --set moves
 * the target. */
static void test_vcpu_sizing(void)
{
  nf_hv *hv = load("esxi8", NULL);
  nf_hv *tight = load("esxi8", "vcpu_target_util=0.5");
  T_CHECK(hv != NULL && tight != NULL);
  if (!hv || !tight)
    goto done;
  T_NEAR(hv_get(hv, "vcpu_target_util", 0), 0.7, 1e-12);
  /* An 8-core print server at 5 % (p95): 0.4 CU → 1 vCPU. */
  nf_workload prt = mkw("PRT", 8, 2048, 1024, 5, 1, 1, 1, -1);
  T_CHECK(oh_guest_vcpus(hv, &prt) == 1);
  /* 8 cores at 50 %: 4 CU / 0.7 → 6 vCPUs; at a 0.5 target → 8. */
  nf_workload app = mkw("APP", 8, 8192, 4096, 50, 5, 1, 1, -1);
  T_CHECK(oh_guest_vcpus(hv, &app) == 6);
  T_CHECK(oh_guest_vcpus(tight, &app) == 8);
  /* Never more than the source's cores, even when it is saturated. */
  nf_workload hot = mkw("HOT", 4, 8192, 4096, 100, 5, 1, 1, -1);
  T_CHECK(oh_guest_vcpus(hv, &hot) == 4);
  /* The peak slot wins over the p95 when known; core rating scales it. */
  app.peak[NF_D_CPU] = 2.0;
  T_CHECK(oh_guest_vcpus(hv, &app) == 3);
  app.core_rating = 2;
  app.capacity = 16;
  T_CHECK(oh_guest_vcpus(hv, &app) == 2);
  /* No CPU measurement: the source's cores stand. */
  nf_workload blind = mkw("BLIND", 6, 8192, 4096, -1, -1, -1, -1, -1);
  T_CHECK(oh_guest_vcpus(hv, &blind) == 6);
  /* The per-VM memory follows the right-sized vCPUs. */
  T_NEAR(oh_guest_ram(hv, &prt), oh_guest_ram_vcpus(hv, &prt, 1), 1e-12);
done:
  hv_free(hv);
  hv_free(tight);
}

/* DESIGN §1: hardware assist largely removes the privileged term — the
 * same workload under esx2 and esxi8 differs by the factor (1 − hw_assist). */
static void test_hw_assist(void)
{
  nf_hv *bt = load("esx2", NULL), *hw = load("esxi8", NULL);
  T_CHECK(bt && hw);
  if (bt && hw) {
    nf_workload w = mkw("K", 2, 2048, 1500, 60, 25, 3, 4, 150);
    double tb[NF_OH__COUNT], th[NF_OH__COUNT];
    oh_guest_cpu(bt, &w, 1.2, NULL, tb);
    oh_guest_cpu(hw, &w, 1.2, NULL, th);
    T_CHECK(tb[NF_OH_PRIVILEGED] > 0);
    T_NEAR(th[NF_OH_PRIVILEGED] / tb[NF_OH_PRIVILEGED], 1 - hv_get(hw, "hw_assist", -1), 1e-9);
    T_CHECK(hv_get(hw, "hw_assist", 0) > 0.5);
    /* PVSCSI 10–30 % less CPU per I/O (VMware performance blog, 2010). */
    double saving = 1 - th[NF_OH_IO_PATH] / tb[NF_OH_IO_PATH];
    T_CHECK(saving >= 0.10 && saving <= 0.30);
    /* The nonpaged-pool-heavy guest is hit harder than a light one. */
    nf_workload light = mkw("L", 2, 2048, 1500, 60, 25, 3, 4, 10);
    double tl[NF_OH__COUNT];
    oh_guest_cpu(bt, &light, 1.2, NULL, tl);
    T_CHECK(tb[NF_OH_PRIVILEGED] > tl[NF_OH_PRIVILEGED]);
  }
  hv_free(bt);
  hv_free(hw);
}

/* The none profile adds nothing: pure folding. */
static void test_none(void)
{
  nf_hv *hv = load("none", NULL);
  T_CHECK(hv != NULL);
  if (!hv)
    return;
  nf_workload w = mkw("Z", 4, 4096, 3000, 60, 30, 5, 5, 200);
  nf_oh_host h = {.capacity = 2, .pcpus = 2, .nguests = 20, .vcpus = 80};
  T_NEAR(oh_guest_cpu(hv, &w, 3, &h, NULL), 0, 1e-12);
  T_NEAR(oh_guest_ram(hv, &w), 0, 1e-12);
  T_NEAR(oh_host_ram(hv, 3000, 0, 0, NULL), 3000, 1e-12);
  T_NEAR(oh_guest_ram_need(hv, &w), 3000, 1e-12);
  hv_free(hv);
}

/* Loading: unknown names, bad --set, a user's file and its base. */
static void test_loading(void)
{
  nf_err err = {0};
  T_CHECK(hv_load("esx99", NULL, 0, &err) == NULL);
  T_CHECK(strstr(err.msg, "unknown hypervisor profile 'esx99'") != NULL);
  const char *bad[1] = {"no_such_key=1"};
  memset(&err, 0, sizeof err);
  T_CHECK(hv_load("esx2", bad, 1, &err) == NULL);
  T_CHECK(strstr(err.msg, "no parameter 'no_such_key'") != NULL);
  const char *nan[1] = {"priv_cost=abc"};
  memset(&err, 0, sizeof err);
  T_CHECK(hv_load("esx2", nan, 1, &err) == NULL);
  T_CHECK(strstr(err.msg, "must be a number") != NULL);

  const char *path = "test_overhead_user.lua";
  FILE *f = fopen(path, "w");
  T_CHECK(f != NULL);
  if (!f)
    return;
  fputs("base = \"esxi8\"\ntitle = \"our ESXi with TPS on\"\n"
        "page_sharing_enabled = {1, \"our own measurement\"}\n",
        f);
  fclose(f);
  nf_hv *hv = hv_load(path, NULL, 0, &err);
  T_CHECK(hv != NULL);
  if (hv) {
    T_STREQ(hv_name(hv), "test_overhead_user");
    T_STREQ(hv_title(hv), "our ESXi with TPS on");
    T_NEAR(hv_get(hv, "page_sharing_enabled", 0), 1, 0);
    T_STREQ(hv_source(hv, "page_sharing_enabled"), "our own measurement");
    T_NEAR(hv_get(hv, "hw_assist", 0), 0.9, 1e-12); /* inherited */
    hv_free(hv);
  }
  f = fopen(path, "w");
  fputs("name = \"bad\"\npriv_cost = 0.5\n", f);
  fclose(f);
  memset(&err, 0, sizeof err);
  T_CHECK(hv_load(path, NULL, 0, &err) == NULL);
  T_CHECK(strstr(err.msg, "every number needs its source") != NULL);
  remove(path);
}


/* Microsoft KB 903748: Virtual Server 2005 does not over-commit (a guest
 * needs its full RAM), ≤ 3.6 GB per VM, up to 32 MB per running VM. */
static void test_vs2005(void)
{
  nf_hv *hv = load("vs2005", NULL);
  T_CHECK(hv != NULL);
  if (!hv)
    return;
  nf_workload w = mkw("V", 1, 2048, 1200, 40, 10, 1, 1, 20);
  T_CHECK(!oh_overcommit(hv));
  T_NEAR(oh_guest_ram_need(hv, &w), 2048, 1e-9);
  T_CHECK(oh_guest_ram(hv, &w) <= 32);
  nf_workload big = mkw("B", 1, 4096, 1200, 40, 10, 1, 1, 20);
  const char *why = NULL;
  T_CHECK(!oh_guest_allowed(hv, &big, &why));
  T_CHECK(why != NULL);
  T_CHECK(oh_guest_allowed(hv, &w, &why));
  T_CHECK(oh_guest_vcpus(hv, &big) == 1);
  hv_free(hv);
}

static void count_risk(void *ud, const char *kind, double figure, const char *text)
{
  (void)figure;
  (void)text;
  if (strcmp(kind, "vm-limit") == 0)
    ++*(int *)ud;
}

/* Barham et al., SOSP 2003: 128 CPU-bound Xen domains lose 7.5 % at a
 * 5 ms slice, i.e. 0.0586 % per domain by the benchmark formula. */
static void test_xen(void)
{
  nf_hv *hv = load("xen3-pv", NULL);
  T_CHECK(hv != NULL);
  if (!hv)
    return;
  T_NEAR(hv_get(hv, "sched_per_vm_pct", 0), 7.5 / 128, 1e-4);
  nf_workload w = mkw("D", 1, 512, 512, 100, 0, 0, 0, -1);
  nf_oh_host h = {.capacity = 1, .pcpus = 1, .nguests = 128, .vcpus = 128};
  double d = 1.0 / 128, oh = oh_guest_cpu(hv, &w, d, &h, NULL);
  T_NEAR(100 * (1 - d / (d + oh)), 7.5, 0.01);
  /* Xen reserves domain memory: no over-commit. */
  T_CHECK(!oh_overcommit(hv));
  hv_free(hv);
}

/* Every built-in profile loads, and every parameter has a source. */
static void test_builtins(void)
{
  for (const char *const *b = nf_hv_builtin; *b; b++) {
    nf_hv *hv = load(*b, NULL);
    T_CHECK(hv != NULL);
    if (!hv)
      continue;
    T_STREQ(hv_name(hv), *b);
    static const char *const keys[] = {"sched_per_vm_pct", "priv_cost", "hw_assist", "io_cost",
                                       "cosched", "host_kernel_mb", "overcommit",
                                       "cohost_contention", "ready_degrade_pct"};
    for (size_t i = 0; i < NF_ARRAY_LEN(keys); i++) {
      T_CHECK(hv_get(hv, keys[i], -1) >= 0);
      T_CHECK(strcmp(hv_source(hv, keys[i]), "not in this profile: built-in default") != 0);
    }
    /* A guest too big for the profile is reported as a vm-limit risk. */
    nf_workload w = mkw("H", 1, 1e9, 1e9, 40, 5, 1, 1, -1);
    int n = 0;
    oh_risks(hv, &w, NULL, count_risk, &n);
    T_CHECK(n == (hv_get(hv, "guest_ram_max_mb", 0) > 0 ? 1 : 0));
    hv_free(hv);
  }
}

int main(void)
{
  test_vs2005();
  test_xen();
  test_builtins();
  test_esx2_worked_example();
  test_esxi8_table();
  test_page_sharing();
  test_scheduler_linear();
  test_cosched();
  test_cosched_idle();
  test_cpurating();
  test_prepared();
  test_vcpu_sizing();
  test_hw_assist();
  test_none();
  test_loading();
  return T_DONE();
}
