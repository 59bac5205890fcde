/* test_score.c — the policy engine on hand-built workloads: each default
 * rule fires with its figures, overrides and disables by id, the verdict's
 * tie order and co-host kind, rule errors named by file, line, rule and
 * workload (endless loops and memory hogs included), and a score_store
 * round trip through a study database. */
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "score.h"
#include "t.h"

#define MAXW 32
static nf_workload ws[MAXW];
static int nws;
static char *tag_keys[MAXW][4], *tag_vals[MAXW][4];

/* A workload with a week of samples and a few basic figures. */
static nf_workload *mk(const char *name, const char *role, int cores, double ram_mb)
{
  nf_workload *w = &ws[nws];
  memset(w, 0, sizeof *w);
  w->srv.id = nws + 1;
  w->srv.name = (char *)name;
  w->srv.role = (char *)role;
  w->srv.cores = cores;
  w->srv.mhz = 2800;
  w->srv.ram_mb = ram_mb;
  w->srv.tag_key = tag_keys[nws];
  w->srv.tag_val = tag_vals[nws];
  w->core_rating = 1;
  w->capacity = cores;
  w->ram_need_mb = ram_mb / 2;
  w->nsamples = 2016;
  w->first_ts = 1772323200;
  w->last_ts = w->first_ts + 7 * 86400;
  for (int h = 0; h < 24; h++)
    w->hour_cpu[h] = NAN;
  nws++;
  return w;
}

static void st(nf_workload *w, int m, double p50, double p95)
{
  w->stat[m] = (nf_stat){.n = 2016, .mean = p50, .p50 = p50, .p95 = p95, .p99 = p95, .max = p95};
}

static void tag(nf_workload *w, const char *k, const char *v)
{
  w->srv.tag_key[w->srv.ntags] = (char *)k;
  w->srv.tag_val[w->srv.ntags] = (char *)v;
  w->srv.ntags++;
}

/* The reason of RULE in V, or NULL. */
static const nf_reason *reason(const nf_verdict *v, const char *rule, int strategy)
{
  for (int i = 0; i < v->nreasons; i++)
    if (strcmp(v->reasons[i].rule, rule) == 0 && (strategy < 0 || v->reasons[i].strategy == strategy))
      return &v->reasons[i];
  return NULL;
}

static const char *constraint(const nf_verdict *v, const char *kind)
{
  for (int i = 0; i < v->nconstraints; i++)
    if (strcmp(v->constraints[i].kind, kind) == 0)
      return v->constraints[i].value;
  return NULL;
}

static int has_text(const nf_reason *r, const char *s)
{
  return r && strstr(r->text, s) != NULL;
}

static void write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
}

static nf_estate estate(void)
{
  nf_estate e = {.w = ws, .n = nws};
  return e;
}

/* Runs the policy plus FILE (or none) and returns the error text, or "". */
static const char *run_err(const char *file, nf_err *err)
{
  nf_estate e = estate();
  nf_verdict *v = NULL;
  const char *files[] = {file};
  memset(err, 0, sizeof *err);
  if (score_run(&e, files, file ? 1 : 0, &v, err) == 0) {
    score_free(v, e.n);
    return "";
  }
  T_CHECK(v == NULL);
  return err->msg;
}

int main(void)
{
  nf_workload *w;
  enum { BK, IO, NETC, NETN, MEM, PRIV, INTR, NPP, WEB, SQL, SMALL, GUEST, GUESTH, RUN, DC, CL,
         EXL, EXS, SMP, NOS, SHORT, RDY, JIT };
  w = mk("BK01", "backup", 2, 2048);
  st(w, NF_M_CPU_PCT, 30, 50);
  w = mk("IO01", "file", 4, 4096);
  st(w, NF_M_CPU_PCT, 10, 18);
  st(w, NF_M_DISK_IOPS, 600, 1240);
  w = mk("NET01", "app", 2, 4096);
  w->srv.criticality = "high";
  st(w, NF_M_NET_MBPS, 200, 340);
  st(w, NF_M_CPU_PCT, 30, 50);
  w = mk("NET02", "app", 2, 4096);
  w->srv.criticality = "normal";
  st(w, NF_M_NET_MBPS, 200, 340);
  st(w, NF_M_CPU_PCT, 30, 50);
  w = mk("MEM01", "app", 2, 2048);
  st(w, NF_M_MEM_AVAIL_MB, 150, 400);
  st(w, NF_M_PAGING, 800, 1420);
  st(w, NF_M_CPU_PCT, 30, 50);
  w->ram_need_mb = 1950;
  w = mk("PRIV01", "app", 2, 4096);
  st(w, NF_M_CPU_PRIV_PCT, 20, 34);
  st(w, NF_M_CPU_PCT, 30, 50);
  w = mk("INTR01", "app", 2, 4096);
  st(w, NF_M_CPU_INTR_PCT, 4, 6);
  st(w, NF_M_CPU_DPC_PCT, 5, 8);
  st(w, NF_M_CPU_PCT, 30, 50);
  w = mk("NPP01", "app", 2, 4096);
  st(w, NF_M_NONPAGED_POOL_MB, 120, 142);
  st(w, NF_M_CPU_PCT, 30, 50);
  w = mk("WEB01", "Web", 2, 2048);
  st(w, NF_M_CPU_PCT, 30, 50);
  w = mk("SQL01", "sql", 4, 8192);
  st(w, NF_M_CPU_PCT, 30, 50);
  w = mk("SMALL01", "app", 2, 2048);
  st(w, NF_M_CPU_PCT, 5, 8);
  w->ram_need_mb = 900;
  w = mk("VM01", "app", 2, 2048);
  w->srv.is_guest = 1;
  w->srv.guest_evidence = "model 'VMware Virtual Platform'";
  st(w, NF_M_CPU_PCT, 30, 50);
  w = mk("VM02", "app", 2, 2048);
  w->srv.is_guest = 1;
  st(w, NF_M_CPU_PCT, 30, 50);
  st(w, NF_M_VM_CPU_USED_PCT, 60, 90);
  w = mk("RUN01", "app", 4, 4096);
  st(w, NF_M_CPU_PCT, 25, 26);
  for (int h = 0; h < 24; h++)
    w->hour_cpu[h] = 25;
  w = mk("DC01", "dc", 1, 1024);
  tag(w, "Domain", "corp");
  w = mk("CL01", "app", 2, 4096);
  tag(w, "cluster", "sqlc1");
  w = mk("EX01", "exchange", 8, 16384);
  w = mk("EX02", "exchange", 2, 4096);
  st(w, NF_M_DISK_IOPS, 50, 120);
  w = mk("SMP01", "app", 8, 16384);
  st(w, NF_M_CPU_PCT, 50, 75);
  w = mk("NOSAMP", "app", 2, 2048);
  w->nsamples = 0;
  w->ram_need_mb = 2048;
  w = mk("SHORT", "app", 2, 2048);
  w->last_ts = w->first_ts + 3 * 86400;
  w = mk("RDY01", "app", 2, 2048);
  w->srv.is_guest = 1;
  st(w, NF_M_VM_CPU_READY_PCT, 15, 30);
  /* A week of 5-minute samples whose first came a second late. */
  w = mk("JIT01", "app", 2, 2048);
  w->interval_s = 300;
  w->first_ts += 1;
  w->last_ts = w->first_ts + 2015 * 300 - 1;

  nf_estate e = estate();
  nf_verdict *v = NULL;
  nf_err err = {0};
  T_CHECK(score_run(&e, NULL, 0, &v, &err) == 0);
  T_STREQ(err.set ? err.msg : "", "");
  if (v == NULL)
    return T_DONE();

  /* Every workload: one verdict, at least one reason, a confidence. */
  for (int i = 0; i < e.n; i++) {
    T_CHECK(v[i].nreasons >= 1);
    T_CHECK(v[i].confidence && v[i].confidence_why && *v[i].confidence_why);
    T_CHECK((v[i].strategy == NF_S_CO_HOST) == (v[i].co_host_kind != NULL));
    T_CHECK(reason(&v[i], "baseline", NF_S_VM_GUEST) != NULL);
    T_CHECK(score_top_reason(&v[i]) != NULL);
  }

  T_CHECK(v[BK].strategy == NF_S_VM_DEDICATED);
  T_CHECK(has_text(reason(&v[BK], "io-bound", NF_S_VM_DEDICATED), "backup server"));
  T_CHECK(v[IO].strategy == NF_S_VM_DEDICATED);
  T_CHECK(has_text(reason(&v[IO], "io-bound", NF_S_VM_DEDICATED), "disk 1,240 IOPS at p95 with CPU 18% at p95"));
  T_CHECK(has_text(reason(&v[IO], "io-bound", -1), "Friedman, CMG 2006"));
  T_CHECK(constraint(&v[IO], "dedicated-cores") == NULL); /* the planner sizes them */
  T_CHECK(v[NETC].strategy == NF_S_NATIVE);
  T_CHECK(has_text(reason(&v[NETC], "network-bound", NF_S_NATIVE), "340 Mbit/s at p95, criticality high"));
  T_CHECK(v[NETN].strategy != NF_S_NATIVE);
  T_CHECK(reason(&v[NETN], "network-bound", NF_S_VM_GUEST) != NULL);
  T_CHECK(v[MEM].strategy == NF_S_NATIVE);
  T_CHECK(has_text(reason(&v[MEM], "memory-constrained", NF_S_VM_GUEST),
                   "only 150 MB of 2,048 MB available at the median (needs 1,950 MB"));
  T_CHECK(has_text(reason(&v[MEM], "memory-constrained", NF_S_VM_GUEST), "1,420 pages/s"));
  T_CHECK(has_text(reason(&v[MEM], "memory-constrained", NF_S_VM_GUEST), "never virtualize"));
  T_CHECK(v[PRIV].strategy == NF_S_CO_HOST);
  T_CHECK(has_text(reason(&v[PRIV], "privileged-heavy", NF_S_CO_HOST), "privileged time 34% at p95"));
  T_STREQ(v[PRIV].co_host_kind, "resource-policy");
  T_CHECK(has_text(reason(&v[INTR], "interrupt-heavy", NF_S_CO_HOST), "interrupt 6% + DPC 8% at p95"));
  T_CHECK(has_text(reason(&v[NPP], "nonpaged-pool", NF_S_CO_HOST), "142 MB at p95"));
  T_CHECK(v[WEB].strategy == NF_S_CO_HOST);
  T_STREQ(v[WEB].co_host_kind, "app-pool");
  T_CHECK(has_text(reason(&v[WEB], "iis-web", NF_S_CO_HOST), "application pools"));
  T_CHECK(v[SQL].strategy == NF_S_CO_HOST);
  T_STREQ(v[SQL].co_host_kind, "sql-instance");
  T_CHECK(has_text(reason(&v[SQL], "sql-server", NF_S_CO_HOST), "max server memory about 4,096 MB"));
  T_CHECK(v[SMALL].strategy == NF_S_VM_GUEST);
  T_CHECK(has_text(reason(&v[SMALL], "small-steady", NF_S_VM_GUEST), "CPU 8% at p95 (median 5%), needs 900 MB RAM"));
  T_CHECK(strcmp(score_top_reason(&v[SMALL])->rule, "small-steady") == 0);
  T_STREQ(v[GUEST].confidence, "low");
  T_CHECK(strstr(v[GUEST].confidence_why, "measured inside a guest are unreliable") != NULL);
  T_CHECK(has_text(reason(&v[GUEST], "already-guest", NF_S_VM_GUEST), "VMware Virtual Platform"));
  T_STREQ(v[GUESTH].confidence, "medium");
  T_CHECK(strstr(v[GUESTH].confidence_why, "esxtop") != NULL);
  T_CHECK(has_text(reason(&v[RUN], "runaway-thread", NF_S_VM_GUEST), "one core of 4"));
  T_CHECK(has_text(reason(&v[RUN], "runaway-thread", NF_S_VM_GUEST), "in 24 of 24 hours"));
  T_STREQ(v[RUN].confidence, "medium");
  T_CHECK(v[RUN].strategy == NF_S_VM_GUEST);
  T_CHECK(reason(&v[IO], "io-bound", NF_S_CO_HOST) != NULL);
  T_STREQ(constraint(&v[DC], "anti-affinity"), "dc:corp");
  T_CHECK(v[DC].strategy == NF_S_VM_GUEST);
  T_STREQ(constraint(&v[CL], "anti-affinity"), "cluster:sqlc1");
  T_CHECK(v[EXL].strategy == NF_S_NATIVE);
  T_CHECK(has_text(reason(&v[EXL], "exchange", NF_S_NATIVE), "large Exchange server (8 cores, 16,384 MB RAM"));
  T_CHECK(v[EXS].strategy == NF_S_VM_GUEST);
  T_CHECK(reason(&v[EXS], "exchange", NF_S_CO_HOST)->points < 0);
  T_CHECK(has_text(reason(&v[SMP], "smp-coscheduling", NF_S_VM_GUEST), "8 cores at 75% CPU at p95"));
  /* A caution, not a veto: under one OS its threads are not gang-dispatched. */
  T_CHECK(v[SMP].strategy == NF_S_CO_HOST);
  T_CHECK(reason(&v[SMP], "smp-coscheduling", NF_S_NATIVE) == NULL);
  T_STREQ(v[NOS].confidence, "low");
  T_CHECK(strstr(v[NOS].confidence_why, "no performance samples") != NULL);
  T_STREQ(v[SHORT].confidence, "medium");
  T_CHECK(strstr(v[SHORT].confidence_why, "only 3.0 days") != NULL);
  T_STREQ(v[SMALL].confidence, "high");
  T_STREQ(v[JIT].confidence, "high"); /* 7 days, not 6.99999 */
  T_CHECK(strstr(v[JIT].confidence_why, "2,016 samples over 7 days") != NULL);
  T_CHECK(has_text(reason(&v[RDY], "cpu-ready", NF_S_VM_DEDICATED), "15% per vCPU"));
  /* Rules that should not fire, don't. */
  T_CHECK(reason(&v[WEB], "io-bound", -1) == NULL);
  T_CHECK(reason(&v[SMALL], "runaway-thread", -1) == NULL);
  T_CHECK(constraint(&v[SMALL], "anti-affinity") == NULL);
  score_free(v, e.n);

  /* Override by id (the rule keeps its place), disable by id. */
  write_file("t_score_override.lua",
             "rule { id = 'iis-web', score = function(w, s)\n"
             "  if w.role == 'web' then s:add(VM_GUEST, 100, 'our web farm stays virtual') end\n"
             "end }\n"
             "disable 'sql-server'\n"
             "rule { id = 'site-b-native', when = function(w) return w.name == 'SMALL01' end,\n"
             "  score = function(w, s) s:force(NATIVE, 'site B stays native'); s:max_guests(3) end }\n");
  const char *files[] = {"t_score_override.lua"};
  T_CHECK(score_run(&e, files, 1, &v, &err) == 0);
  if (v) {
    T_CHECK(v[WEB].strategy == NF_S_VM_GUEST);
    T_CHECK(has_text(reason(&v[WEB], "iis-web", NF_S_VM_GUEST), "our web farm stays virtual"));
    T_CHECK(reason(&v[WEB], "iis-web", NF_S_CO_HOST) == NULL);
    T_CHECK(reason(&v[SQL], "sql-server", -1) == NULL);
    T_CHECK(v[SQL].strategy == NF_S_VM_GUEST);
    T_CHECK(v[SMALL].strategy == NF_S_NATIVE);
    T_NEAR(v[SMALL].score[NF_S_NATIVE], 1000, 1e-9);
    T_STREQ(constraint(&v[SMALL], "max-guests"), "3");
    score_free(v, e.n);
  }
  nf_rule_info *ri = NULL;
  int nri = 0;
  T_CHECK(score_rules(files, 1, &ri, &nri, &err) == 0);
  int pos_iis = -1, pos_sql = -1, pos_new = -1;
  for (int i = 0; i < nri; i++) {
    if (strcmp(ri[i].id, "iis-web") == 0) {
      pos_iis = i;
      T_STREQ(ri[i].file, "t_score_override.lua");
      T_STREQ(ri[i].replaces, "rules/default.lua");
    }
    pos_sql = strcmp(ri[i].id, "sql-server") == 0 ? i : pos_sql;
    pos_new = strcmp(ri[i].id, "site-b-native") == 0 ? i : pos_new;
  }
  T_CHECK(pos_iis > 0 && pos_sql == -1 && pos_new == nri - 1);
  score_rules_free(ri, nri);

  /* Ties go to vm-guest, then co-host, vm-dedicated-cpu, native; co-host
   * without a kind is resource-policy; a workload with no rule still gets
   * a reason. */
  write_file("t_score_tie.lua",
             "for _, r in ipairs({'baseline','evidence','already-guest','io-bound','network-bound',\n"
             "  'memory-constrained','privileged-heavy','interrupt-heavy','nonpaged-pool','iis-web',\n"
             "  'sql-server','exchange','small-steady','runaway-thread','smp-coscheduling','cpu-ready',\n"
             "  'domain-controller','cluster','same-site'}) do disable(r) end\n"
             "rule { id = 'tie', when = function(w) return w.name ~= 'NOSAMP' end,\n"
             "  score = function(w, s)\n"
             "  local all = w.name == 'WEB01'\n"
             "  if all then s:add(VM_GUEST, 5, 'tie') end\n"
             "  s:add(CO_HOST, 5, 'tie'); s:add(VM_DEDICATED, 5, 'tie'); s:add(NATIVE, 5, 'tie')\n"
             "  if w.name == 'SQL01' then s:add(CO_HOST, -1, 'less') end\n"
             "end }\n");
  files[0] = "t_score_tie.lua";
  T_CHECK(score_run(&e, files, 1, &v, &err) == 0);
  if (v) {
    T_CHECK(v[WEB].strategy == NF_S_VM_GUEST);
    T_CHECK(v[BK].strategy == NF_S_CO_HOST);
    T_STREQ(v[BK].co_host_kind, "resource-policy");
    T_CHECK(v[SQL].strategy == NF_S_VM_DEDICATED);
    T_CHECK(v[NOS].strategy == NF_S_VM_GUEST && v[NOS].nreasons == 1);
    T_STREQ(v[NOS].reasons[0].rule, "(no rule)");
    T_STREQ(v[NOS].confidence, "high");
    score_free(v, e.n);
  }

  /* Errors name file, line, rule and workload. */
  write_file("t_score_bad.lua",
             "rule { id = 'my-rule',\n"
             "  score = function(w, s)\n"
             "    if w.name == 'SQL01' and w.disk_iops.p95 < 100 then s:add(NATIVE, 1, 'x') end\n"
             "  end }\n");
  T_STREQ(run_err("t_score_bad.lua", &err),
          "t_score_bad.lua:3: rule 'my-rule' on workload SQL01: attempt to compare nil with number");
  write_file("t_score_when.lua", "rule { id = 'w', when = function(w) return w.nope.x end, score = function() end }\n");
  T_STREQ(run_err("t_score_when.lua", &err),
          "t_score_when.lua:1: rule 'w' on workload BK01: attempt to index a nil value (field 'nope')");
  write_file("t_score_strat.lua", "rule { id = 'st',\n score = function(w, s)\n  s:add('vm', 1, 'x')\n end }\n");
  T_STREQ(run_err("t_score_strat.lua", &err),
          "t_score_strat.lua:3: rule 'st' on workload BK01: s:add: unknown strategy 'vm' (expected "
          "vm-guest, vm-dedicated-cpu, native or co-host)");
  write_file("t_score_con.lua", "rule { id = 'c', score = function(w, s)\n  s:dedicated_cores(0)\n end }\n");
  T_STREQ(run_err("t_score_con.lua", &err),
          "t_score_con.lua:2: rule 'c' on workload BK01: s:constraint: dedicated-cores wants a whole "
          "number of at least 1, got 0");
  write_file("t_score_kind.lua", "rule { id = 'k', score = function(w, s) s:co_host_kind('vm') end }\n");
  T_CHECK(strstr(run_err("t_score_kind.lua", &err), "t_score_kind.lua:1: rule 'k' on workload BK01: s:co_host_kind: unknown kind 'vm'") != NULL);
  write_file("t_score_dis.lua", "\n\ndisable 'nope'\n");
  T_STREQ(run_err("t_score_dis.lua", &err),
          "t_score_dis.lua:3: disable: no rule 'nope' is defined before this point");
  write_file("t_score_dup.lua", "rule { id = 'd', score = function() end }\nrule { id = 'd', score = function() end }\n");
  T_STREQ(run_err("t_score_dup.lua", &err), "t_score_dup.lua:2: rule 'd' is defined twice in t_score_dup.lua");
  write_file("t_score_field.lua", "rule { id = 'f', scor = function() end }\n");
  T_STREQ(run_err("t_score_field.lua", &err),
          "t_score_field.lua:1: rule: unknown field 'scor' (a rule has id, doc, when and score)");
  T_CHECK(strstr(run_err("t_score_missing.lua", &err), "t_score_missing.lua: cannot open") != NULL);
  write_file("t_score_io.lua", "rule { id = 'io', score = function(w, s) io.write('x') end }\n");
  T_STREQ(run_err("t_score_io.lua", &err),
          "t_score_io.lua:1: rule 'io' on workload BK01: attempt to index a nil value (global 'io')");

  /* Endless loops stop at the rule's budget, pcall or not. */
  write_file("t_score_loop.lua",
             "rule { id = 'spin', score = function(w, s)\n"
             "  if w.name == 'IO01' then\n"
             "    while true do end\n"
             "  end\n"
             "end }\n");
  T_STREQ(run_err("t_score_loop.lua", &err),
          "t_score_loop.lua:3: rule 'spin' on workload IO01: stopped: ran past its budget of 20 "
          "million instructions (an endless loop?)");
  write_file("t_score_loop2.lua",
             "rule { id = 'spin2', score = function(w, s)\n"
             "  while true do pcall(function() while true do end end) end\n"
             "end }\n");
  T_CHECK(strstr(run_err("t_score_loop2.lua", &err),
                 "t_score_loop2.lua:2: rule 'spin2' on workload BK01: stopped: ran past its budget") != NULL);
  /* A file that loops while loading is stopped too. */
  write_file("t_score_loop3.lua", "local n = 0\nwhile true do n = n + 1 end\n");
  T_CHECK(strstr(run_err("t_score_loop3.lua", &err), "t_score_loop3.lua:2: stopped: ran past its budget") != NULL);
  /* Memory hogs hit the cap; the error still names the file. */
  write_file("t_score_hog.lua",
             "rule { id = 'hog', score = function(w, s)\n"
             "  local t = {} for i = 1, 1e9 do t[i] = {i} end\n"
             "end }\n");
  T_STREQ(run_err("t_score_hog.lua", &err),
          "t_score_hog.lua: rule 'hog' on workload BK01: out of memory: the policy used more than its "
          "Lua memory cap of 256 MB");

  /* score_store: one run with verdicts, reasons and constraints. */
  sqlite3 *db = db_open(":memory:", &err);
  T_CHECK(db != NULL);
  sbuf sql = {0};
  for (int i = 0; i < nws; i++)
    sb_printf(&sql, "INSERT INTO servers(id, name) VALUES (%d, '%s');", i + 1, ws[i].srv.name);
  T_CHECK(db_exec(db, sql.s, &err) == 0);
  sb_free(&sql);
  T_CHECK(score_run(&e, NULL, 0, &v, &err) == 0);
  int64_t run = 0;
  T_CHECK(score_store(db, &e, v, NULL, 0, &run, &err) == 0);
  T_CHECK(run == 1);
  int nreasons = 0, ncons = 0;
  for (int i = 0; i < e.n; i++) {
    nreasons += v[i].nreasons;
    ncons += v[i].nconstraints;
  }
  T_CHECK(db_int(db, "SELECT count(*) FROM verdicts WHERE run_id = 1", -1) == nws);
  T_CHECK(db_int(db, "SELECT count(*) FROM reasons WHERE run_id = 1", -1) == nreasons);
  T_CHECK(db_int(db, "SELECT count(*) FROM constraints WHERE run_id = 1", -1) == ncons);
  T_CHECK(db_int(db, "SELECT count(*) FROM v_verdicts WHERE server = 'SQL01' AND strategy = 'co-host'"
                     " AND co_host_kind = 'sql-instance'", -1) == 1);
  T_CHECK(db_int(db, "SELECT count(*) FROM constraints c JOIN servers s ON s.id = c.server_id"
                     " WHERE s.name = 'DC01' AND c.kind = 'anti-affinity' AND c.value = 'dc:corp'", -1) == 1);
  T_CHECK(db_int(db, "SELECT points FROM reasons r JOIN servers s ON s.id = r.server_id"
                     " WHERE s.name = 'IO01' AND rule = 'io-bound' AND strategy = 'vm-dedicated-cpu'", -1) == 30);
  T_CHECK(db_int(db, "SELECT count(*) FROM score_runs WHERE rules = 'rules/default.lua'", -1) == 1);
  /* A store that fails (a server the database does not know) leaves nothing. */
  ws[0].srv.id = 999;
  T_CHECK(score_store(db, &e, v, NULL, 0, &run, &err) != 0);
  T_CHECK(db_int(db, "SELECT count(*) FROM score_runs", -1) == 1);
  T_CHECK(db_int(db, "SELECT count(*) FROM verdicts", -1) == nws);
  ws[0].srv.id = 1;
  score_free(v, e.n);
  db_close(db);
  return T_DONE();
}
