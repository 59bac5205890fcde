/* score.c — the policy engine of score.h. It loads rules/api.lua (the rule
 * author's API) into the global environment of one sandboxed Lua state,
 * then rules/default.lua and each --rules file in an environment of its
 * own; the files register rules through the API, a later rule replacing an
 * earlier one of the same id. Then, for each workload of the estate, it
 * builds the workload table (docs/rules.md), runs every rule on it in a
 * protected call of its own (so an error or an endless loop names the rule
 * and the workload), reads back the reasons, constraints and confidence the
 * rules wrote, and picks the verdict: the highest total, ties going to the
 * least disruptive strategy. score_store writes the verdicts as one score
 * run for the planner and the reports. */
#include "score.h"

#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "embedded.h"
#include "luahost.h"

const char *const nf_strategy_names[NF_S__COUNT] = {"vm-guest", "vm-dedicated-cpu", "native",
                                                    "co-host"};

/* Ties go to the least disruptive strategy: a plain guest changes least,
 * co-hosting needs no hypervisor, a dedicated CPU costs a core, and native
 * consolidates nothing (docs/rules.md). */
static const int tie_order[NF_S__COUNT] = {NF_S_VM_GUEST, NF_S_CO_HOST, NF_S_VM_DEDICATED,
                                           NF_S_NATIVE};

/* Instructions one rule may spend on one workload; loading a file gets the
 * sandbox default (LH_DEFAULT_BUDGET). A rule that needs more is looping. */
#define SCORE_RULE_BUDGET 20000000L

int nf_strategy_find(const char *name)
{
  for (int i = 0; i < NF_S__COUNT; i++)
    if (strcmp(nf_strategy_names[i], name) == 0)
      return i;
  return -1;
}

struct rule_info {
  char *id, *file;
};

struct engine {
  lua_State *L;
  int ref_begin, ref_list, ref_new, ref_run;
  struct rule_info *rules;
  int nrules;
  nf_rule_info *info; /* for score_rules: the rules with doc and replaces */
  int want_info;
};

/* Takes the engine table api.lua left in __nfold_engine out of the globals. */
static int grab_engine(lua_State *L)
{
  struct engine *en = lua_touserdata(L, 1);
  if (lua_getglobal(L, "__nfold_engine") != LUA_TTABLE)
    return luaL_error(L, "rules/api.lua did not define the engine table");
  static const char *const names[] = {"begin_file", "list", "new_scorer", "run"};
  int *refs[] = {&en->ref_begin, &en->ref_list, &en->ref_new, &en->ref_run};
  for (int i = 0; i < 4; i++) {
    if (lua_getfield(L, -1, names[i]) != LUA_TFUNCTION)
      return luaL_error(L, "rules/api.lua: engine.%s is not a function", names[i]);
    *refs[i] = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  lua_pushnil(L);
  lua_setglobal(L, "__nfold_engine");
  return 0;
}

struct begin_args {
  struct engine *en;
  const char *file;
};

/* engine.begin_file(FILE), protected. */
static int call_begin(lua_State *L)
{
  struct begin_args *a = lua_touserdata(L, 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, a->en->ref_begin);
  lua_pushstring(L, a->file);
  lua_call(L, 1, 0);
  return 0;
}

/* A string field of the table on top, copied, or NULL. */
static char *field_dup(lua_State *L, const char *k)
{
  char *s = NULL;
  if (lua_getfield(L, -1, k) == LUA_TSTRING)
    s = xstrdup(lua_tostring(L, -1));
  lua_pop(L, 1);
  return s;
}

/* Copies engine.list() into en->rules (and en->info), protected. */
static int read_list(lua_State *L)
{
  struct engine *en = lua_touserdata(L, 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, en->ref_list);
  lua_call(L, 0, 1);
  int n = (int)luaL_len(L, -1);
  en->rules = xcalloc((size_t)n + 1, sizeof *en->rules);
  if (en->want_info)
    en->info = xcalloc((size_t)n + 1, sizeof *en->info);
  for (int i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, i);
    struct rule_info *r = &en->rules[en->nrules];
    r->id = field_dup(L, "id");
    r->file = field_dup(L, "file");
    if (en->want_info) {
      nf_rule_info *f = &en->info[en->nrules];
      f->id = xstrdup(r->id ? r->id : "");
      f->file = xstrdup(r->file ? r->file : "");
      f->doc = field_dup(L, "doc");
      f->replaces = field_dup(L, "replaces");
    }
    en->nrules++;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return 0;
}

static void engine_close(struct engine *en)
{
  for (int i = 0; i < en->nrules; i++) {
    free(en->rules[i].id);
    free(en->rules[i].file);
  }
  free(en->rules);
  lh_close(en->L);
  en->L = NULL;
}

/* Runs the text of FILE: the built-in ("rules/...") from the embedded copy,
 * so the default policy never depends on the current directory, else from
 * disk. ENV_INDEX as lh_run. */
static int run_source(lua_State *L, const char *file, int builtin, int env_index, nf_err *err)
{
  size_t len = 0;
  const char *emb = builtin ? nf_embedded(file, &len) : NULL;
  if (emb)
    return lh_run(L, emb, len, file, env_index, err);
  return lh_run_file(L, file, env_index, err);
}

/* Creates the state and loads the API, the default policy and RULES. */
static int engine_open(struct engine *en, const char *const *rules, int nrules, nf_err *err)
{
  lua_State *L = en->L = lh_new(0, err);
  if (L == NULL)
    return -1;
  lh_set_budget(L, LH_DEFAULT_BUDGET);
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  if (run_source(L, "rules/api.lua", 1, -1, err)) {
    lua_pop(L, 1);
    return -1;
  }
  lua_pop(L, 2); /* the environment lh_run leaves, and the globals */
  if (lh_cpcall(L, grab_engine, en, 0, err))
    return -1;
  for (int i = -1; i < nrules; i++) {
    const char *file = i < 0 ? "rules/default.lua" : rules[i];
    struct begin_args a = {en, file};
    if (lh_cpcall(L, call_begin, &a, 0, err))
      return -1;
    if (run_source(L, file, i < 0, 0, err))
      return -1;
    lua_pop(L, 1);
  }
  return lh_cpcall(L, read_list, en, 0, err);
}

/* Building the workload table. --------------------------------------------- */

static void set_str(lua_State *L, const char *k, const char *v)
{
  if (v == NULL)
    return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void set_lower(lua_State *L, const char *k, const char *v)
{
  if (v == NULL)
    return;
  luaL_Buffer b;
  size_t n = strlen(v);
  char *p = luaL_buffinitsize(L, &b, n);
  for (size_t i = 0; i < n; i++)
    p[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] - 'A' + 'a' : v[i]);
  luaL_pushresultsize(&b, n);
  lua_setfield(L, -2, k);
}

/* Sets K to V unless V is unknown (0 or NaN, the profile's "unknown"). */
static void set_known(lua_State *L, const char *k, double v)
{
  if (v == 0 || isnan(v))
    return;
  if (v == floor(v) && fabs(v) < 9.0e15)
    lua_pushinteger(L, (lua_Integer)v);
  else
    lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}

static void set_num(lua_State *L, const char *k, double v)
{
  if (isnan(v))
    return;
  lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}

static void set_bool(lua_State *L, const char *k, int v)
{
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}

/* Pushes the workload table of docs/rules.md for the nf_workload in arg 1. */
static int push_workload(lua_State *L)
{
  const nf_workload *w = lua_touserdata(L, 1);
  const nf_server *s = &w->srv;
  lua_createtable(L, 0, 64);
  set_str(L, "name", s->name);
  set_str(L, "site", s->site);
  set_lower(L, "role", s->role);
  set_str(L, "os", s->os);
  set_lower(L, "arch", s->arch);
  set_str(L, "model", s->model);
  set_lower(L, "criticality", s->criticality);
  set_lower(L, "kind", s->kind);
  set_str(L, "guest_evidence", s->guest_evidence);
  set_known(L, "sockets", s->sockets);
  set_known(L, "cores", s->cores);
  set_known(L, "threads", s->threads);
  set_known(L, "mhz", s->mhz);
  set_known(L, "ram_mb", s->ram_mb);
  set_known(L, "cpu_rating", s->cpu_rating);
  set_bool(L, "is_guest", s->is_guest);
  set_num(L, "core_rating", w->core_rating);
  set_str(L, "rating_how", w->rating_how);
  set_num(L, "capacity", w->capacity);
  set_known(L, "ram_need_mb", w->ram_need_mb); /* nil when unknown */
  set_str(L, "ram_how", w->ram_how);
  set_bool(L, "cpu_from_host", w->cpu_from_host);
  set_known(L, "interval_s", w->interval_s);
  lua_pushinteger(L, w->nsamples);
  lua_setfield(L, -2, "nsamples");
  if (w->nsamples > 0) {
    lua_pushinteger(L, w->first_ts);
    lua_setfield(L, -2, "first_ts");
    lua_pushinteger(L, w->last_ts);
    lua_setfield(L, -2, "last_ts");
  }
  /* The period the samples cover: the last sample stands for its interval
   * too, so a week of 5-minute samples is 7 days, not 6.997, nor 6.99999
   * when the first came a second late. */
  lua_pushnumber(L, profile_span_s(w) / 86400.0);
  lua_setfield(L, -2, "days");

  lua_createtable(L, 24, 0);
  for (int h = 0; h < 24; h++)
    if (!isnan(w->hour_cpu[h])) {
      lua_pushnumber(L, w->hour_cpu[h]);
      lua_rawseti(L, -2, h + 1);
    }
  lua_setfield(L, -2, "hour_cpu");

  lua_createtable(L, 0, NF_D__COUNT);
  for (int d = 0; d < NF_D__COUNT; d++)
    set_num(L, nf_dim_names[d], w->peak[d]);
  lua_setfield(L, -2, "peak");
  lua_createtable(L, 0, NF_D__COUNT);
  for (int d = 0; d < NF_D__COUNT; d++) {
    lua_pushinteger(L, w->filled[d]);
    lua_setfield(L, -2, nf_dim_names[d]);
  }
  lua_setfield(L, -2, "filled");

  /* Tag names are case-insensitive in the database: lowercase them here. */
  lua_createtable(L, 0, s->ntags);
  for (int i = 0; i < s->ntags; i++) {
    const char *k = s->tag_key[i];
    size_t n = strlen(k);
    luaL_Buffer b;
    char *p = luaL_buffinitsize(L, &b, n);
    for (size_t j = 0; j < n; j++)
      p[j] = (char)(k[j] >= 'A' && k[j] <= 'Z' ? k[j] - 'A' + 'a' : k[j]);
    luaL_pushresultsize(&b, n);
    lua_pushstring(L, s->tag_val[i] ? s->tag_val[i] : "");
    lua_rawset(L, -3);
  }
  lua_setfield(L, -2, "tags");

  for (int m = 0; m < NF_M__COUNT; m++) {
    const nf_stat *st = &w->stat[m];
    lua_createtable(L, 0, 6);
    lua_pushinteger(L, st->n);
    lua_setfield(L, -2, "n");
    if (st->n > 0) {
      set_num(L, "mean", st->mean);
      set_num(L, "p50", st->p50);
      set_num(L, "p95", st->p95);
      set_num(L, "p99", st->p99);
      set_num(L, "max", st->max);
    }
    if (m == NF_M_CPU_PCT) {
      lua_pushvalue(L, -1);
      lua_setfield(L, -3, "cpu");
    }
    lua_setfield(L, -2, nf_metrics[m].name);
  }
  return 1;
}

/* Reading the scorer back. ------------------------------------------------- */

/* A string field of the table on top, copied; a Lua error if absent. */
static char *need_str(lua_State *L, const char *k, const char *what)
{
  if (lua_getfield(L, -1, k) != LUA_TSTRING)
    luaL_error(L, "the scorer's %s has no string '%s' (a rule changed the scorer's fields)", what,
               k);
  char *s = xstrdup(lua_tostring(L, -1));
  lua_pop(L, 1);
  return s;
}

/* Copies the scorer in arg 2 into the nf_verdict in arg 1, protected. Every
 * string lands in the verdict at once, so score_free releases it whatever
 * happens next. */
static int read_scorer(lua_State *L)
{
  nf_verdict *v = lua_touserdata(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  if (lua_getfield(L, 2, "reasons") != LUA_TTABLE)
    return luaL_error(L, "the scorer lost its reasons (a rule changed the scorer's fields)");
  int n = (int)luaL_len(L, -1);
  v->reasons = xcalloc((size_t)n + 1, sizeof *v->reasons);
  for (int i = 1; i <= n; i++) {
    if (lua_rawgeti(L, -1, i) != LUA_TTABLE)
      return luaL_error(L, "reason %d is not a table (a rule changed the scorer's fields)", i);
    nf_reason *r = &v->reasons[v->nreasons];
    r->rule = need_str(L, "rule", "reason");
    r->text = need_str(L, "text", "reason");
    v->nreasons++;
    char *st = need_str(L, "strategy", "reason");
    r->strategy = nf_strategy_find(st);
    free(st);
    lua_getfield(L, -1, "points");
    int isnum = 0;
    r->points = lua_tonumberx(L, -1, &isnum);
    lua_pop(L, 1);
    if (r->strategy < 0 || !isnum || !isfinite(r->points))
      return luaL_error(L, "reason %d of rule '%s' is malformed", i, r->rule);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);

  if (lua_getfield(L, 2, "constraints") == LUA_TTABLE) {
    n = (int)luaL_len(L, -1);
    v->constraints = xcalloc((size_t)n + 1, sizeof *v->constraints);
    for (int i = 1; i <= n; i++) {
      if (lua_rawgeti(L, -1, i) != LUA_TTABLE)
        return luaL_error(L, "constraint %d is not a table", i);
      nf_constraint *c = &v->constraints[v->nconstraints];
      c->kind = need_str(L, "kind", "constraint");
      c->value = need_str(L, "value", "constraint");
      v->nconstraints++;
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);

  lua_pushvalue(L, 2);
  v->co_host_kind = field_dup(L, "kind");
  v->confidence = field_dup(L, "conf_level");
  v->confidence_why = field_dup(L, "conf_why");
  return 0;
}

/* Decides V's verdict from its reasons (score.h, docs/rules.md). */
static void decide(nf_verdict *v)
{
  if (v->nreasons == 0) {
    /* Only when the policy disabled the baseline rule: still one reason. */
    v->reasons = xrealloc(v->reasons, sizeof *v->reasons);
    v->reasons[0] = (nf_reason){xstrdup("(no rule)"), NF_S_VM_GUEST, 0,
                                xstrdup("no rule applied to this workload; vm-guest is the "
                                        "default when nothing argues otherwise")};
    v->nreasons = 1;
  }
  for (int i = 0; i < NF_S__COUNT; i++)
    v->score[i] = 0;
  for (int i = 0; i < v->nreasons; i++)
    v->score[v->reasons[i].strategy] += v->reasons[i].points;
  int best = tie_order[0];
  for (int k = 1; k < NF_S__COUNT; k++)
    if (v->score[tie_order[k]] > v->score[best] + 1e-9)
      best = tie_order[k];
  v->strategy = best;
  if (best != NF_S_CO_HOST) {
    free(v->co_host_kind);
    v->co_host_kind = NULL;
  } else if (v->co_host_kind == NULL)
    v->co_host_kind = xstrdup("resource-policy");
  if (v->confidence == NULL) {
    v->confidence = xstrdup("high");
    free(v->confidence_why);
    v->confidence_why = xstrdup("no rule lowered the confidence");
  } else if (v->confidence_why == NULL)
    v->confidence_why = xstrdup(v->confidence);
}

/* Runs every rule on workload W into V. */
static int score_one(struct engine *en, const nf_workload *w, nf_verdict *v, nf_err *err)
{
  lua_State *L = en->L;
  int top = lua_gettop(L);
  int rc = -1;
  char *ctx = NULL;
  if (!lua_checkstack(L, 10)) {
    nf_errf(err, NULL, 0, "Lua stack overflow");
    goto done;
  }
  lh_set_budget(L, LH_DEFAULT_BUDGET);
  if (lh_cpcall(L, push_workload, (void *)w, 1, err))
    goto done;
  int wi = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, en->ref_new);
  lua_getfield(L, wi, "name"); /* a plain table and an interned key: no allocation */
  if (lh_pcall(L, 1, 1, NULL, err))
    goto done;
  int si = lua_gettop(L);
  lh_set_budget(L, SCORE_RULE_BUDGET);
  for (int i = 0; i < en->nrules; i++) {
    const struct rule_info *r = &en->rules[i];
    free(ctx);
    ctx = xasprintf("rule '%s' on workload %s", r->id ? r->id : "?", w->srv.name);
    lua_rawgeti(L, LUA_REGISTRYINDEX, en->ref_run);
    lua_pushinteger(L, i + 1);
    lua_pushvalue(L, wi);
    lua_pushvalue(L, si);
    if (lh_pcall(L, 3, 0, ctx, err)) {
      /* Errors without a position (out of memory) still name the file. */
      if (strncmp(err->msg, ctx, strlen(ctx)) == 0) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        nf_errf(err, r->file, 0, "%s", msg);
      }
      goto done;
    }
  }
  lh_set_budget(L, LH_DEFAULT_BUDGET);
  lua_pushcfunction(L, read_scorer);
  lua_pushlightuserdata(L, v);
  lua_pushvalue(L, si);
  free(ctx);
  ctx = xasprintf("workload %s", w->srv.name);
  if (lh_pcall(L, 2, 0, ctx, err))
    goto done;
  decide(v);
  rc = 0;
done:
  free(ctx);
  lua_settop(L, top);
  return rc;
}

int score_run(const nf_estate *e, const char *const *rules, int nrules, nf_verdict **out, nf_err *err)
{
  struct engine en = {0};
  *out = NULL;
  nf_verdict *v = xcalloc((size_t)e->n + 1, sizeof *v);
  int rc = -1;
  if (engine_open(&en, rules, nrules, err))
    goto done;
  for (int i = 0; i < e->n; i++)
    if (score_one(&en, &e->w[i], &v[i], err))
      goto done;
  rc = 0;
done:
  engine_close(&en);
  if (rc) {
    score_free(v, e->n);
    return -1;
  }
  *out = v;
  return 0;
}

void score_free(nf_verdict *v, int n)
{
  if (v == NULL)
    return;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < v[i].nreasons; j++) {
      free(v[i].reasons[j].rule);
      free(v[i].reasons[j].text);
    }
    free(v[i].reasons);
    for (int j = 0; j < v[i].nconstraints; j++) {
      free(v[i].constraints[j].kind);
      free(v[i].constraints[j].value);
    }
    free(v[i].constraints);
    free(v[i].co_host_kind);
    free(v[i].confidence);
    free(v[i].confidence_why);
  }
  free(v);
}

int score_rules(const char *const *rules, int nrules, nf_rule_info **out, int *n, nf_err *err)
{
  struct engine en = {.want_info = 1};
  *out = NULL;
  *n = 0;
  int rc = engine_open(&en, rules, nrules, err);
  if (rc == 0) {
    *out = en.info;
    *n = en.nrules;
  } else {
    score_rules_free(en.info, en.nrules);
  }
  engine_close(&en);
  return rc;
}

void score_rules_free(nf_rule_info *r, int n)
{
  if (r == NULL)
    return;
  for (int i = 0; i < n; i++) {
    free(r[i].id);
    free(r[i].file);
    free(r[i].doc);
    free(r[i].replaces);
  }
  free(r);
}

const nf_reason *score_top_reason(const nf_verdict *v)
{
  const nf_reason *best = NULL;
  for (int i = 0; i < v->nreasons; i++) {
    const nf_reason *r = &v->reasons[i];
    if (r->strategy == v->strategy && r->points > 0 && (best == NULL || r->points > best->points))
      best = r;
  }
  /* Nothing spoke for the verdict: it won because others lost points. */
  if (best == NULL)
    for (int i = 0; i < v->nreasons; i++)
      if (best == NULL || fabs(v->reasons[i].points) > fabs(best->points))
        best = &v->reasons[i];
  return best;
}

/* Storing a score run. ----------------------------------------------------- */

int score_store(sqlite3 *db, const nf_estate *e, const nf_verdict *v, const char *const *rules,
                int nrules, int64_t *run_id, nf_err *err)
{
  sqlite3_stmt *sv = NULL, *sr = NULL, *sc = NULL, *srun = NULL;
  sbuf files = {0};
  int rc = -1;
  sb_add(&files, "rules/default.lua");
  for (int i = 0; i < nrules; i++) {
    sb_add(&files, ";");
    sb_add(&files, rules[i]);
  }
  if (db_begin(db, err))
    goto done;
  srun = db_prepare(db, "INSERT INTO score_runs(created_at, rules) VALUES (?1, ?2)", 0, err);
  sv = db_prepare(db,
                  "INSERT INTO verdicts(run_id, server_id, strategy, co_host_kind, confidence,"
                  " confidence_why, score_vm_guest, score_vm_dedicated_cpu, score_native,"
                  " score_co_host) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                  0, err);
  sr = db_prepare(db,
                  "INSERT INTO reasons(run_id, server_id, seq, rule, strategy, points, text)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  0, err);
  sc = db_prepare(db, "INSERT INTO constraints(run_id, server_id, kind, value) VALUES (?1, ?2, ?3, ?4)",
                  0, err);
  if (!srun || !sv || !sr || !sc)
    goto fail;
  sqlite3_bind_int64(srun, 1, (sqlite3_int64)time(NULL));
  sqlite3_bind_text(srun, 2, files.s, -1, SQLITE_STATIC);
  if (db_step_done(db, srun, err))
    goto fail;
  int64_t run = sqlite3_last_insert_rowid(db);
  for (int i = 0; i < e->n; i++) {
    const nf_verdict *x = &v[i];
    int64_t sid = e->w[i].srv.id;
    sqlite3_bind_int64(sv, 1, run);
    sqlite3_bind_int64(sv, 2, sid);
    sqlite3_bind_text(sv, 3, nf_strategy_names[x->strategy], -1, SQLITE_STATIC);
    if (x->co_host_kind)
      sqlite3_bind_text(sv, 4, x->co_host_kind, -1, SQLITE_STATIC);
    else
      sqlite3_bind_null(sv, 4);
    sqlite3_bind_text(sv, 5, x->confidence, -1, SQLITE_STATIC);
    sqlite3_bind_text(sv, 6, x->confidence_why, -1, SQLITE_STATIC);
    for (int s = 0; s < NF_S__COUNT; s++)
      sqlite3_bind_double(sv, 7 + s, x->score[s]);
    if (db_step_done(db, sv, err))
      goto fail;
    for (int j = 0; j < x->nreasons; j++) {
      const nf_reason *r = &x->reasons[j];
      sqlite3_bind_int64(sr, 1, run);
      sqlite3_bind_int64(sr, 2, sid);
      sqlite3_bind_int(sr, 3, j + 1);
      sqlite3_bind_text(sr, 4, r->rule, -1, SQLITE_STATIC);
      sqlite3_bind_text(sr, 5, nf_strategy_names[r->strategy], -1, SQLITE_STATIC);
      sqlite3_bind_double(sr, 6, r->points);
      sqlite3_bind_text(sr, 7, r->text, -1, SQLITE_STATIC);
      if (db_step_done(db, sr, err))
        goto fail;
    }
    for (int j = 0; j < x->nconstraints; j++) {
      sqlite3_bind_int64(sc, 1, run);
      sqlite3_bind_int64(sc, 2, sid);
      sqlite3_bind_text(sc, 3, x->constraints[j].kind, -1, SQLITE_STATIC);
      sqlite3_bind_text(sc, 4, x->constraints[j].value, -1, SQLITE_STATIC);
      if (db_step_done(db, sc, err))
        goto fail;
    }
  }
  if (db_commit(db, err))
    goto fail;
  if (run_id)
    *run_id = run;
  rc = 0;
  goto done;
fail:
  db_rollback(db);
done:
  sqlite3_finalize(srun);
  sqlite3_finalize(sv);
  sqlite3_finalize(sr);
  sqlite3_finalize(sc);
  sb_free(&files);
  return rc;
}
