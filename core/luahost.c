/* luahost.c — the sandbox of luahost.h, after lua.c's docall/msghandler,
 * Redis's allow-list and count hook, and HAProxy's capped allocator. The
 * policy engine (score.c) and the hypervisor profiles run everything they
 * hand to Lua through lh_pcall, so no Lua error can reach the panic
 * function. */
#include "luahost.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"

struct lh_extra {
  size_t used, cap;
  long budget;
  int tripped;
  char *trace;  /* traceback of the last failed lh_pcall, or NULL */
};

static struct lh_extra *extra_of(lua_State *L)
{
  void *ud = NULL;
  lua_getallocf(L, &ud);
  return ud;
}

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
  struct lh_extra *x = ud;
  if (ptr == NULL)
    osize = 0;
  if (nsize == 0) {
    free(ptr);
    x->used -= osize;
    return NULL;
  }
  if (nsize > osize && x->used + (nsize - osize) > x->cap)
    return NULL;
  void *p = realloc(ptr, nsize);
  if (p)
    x->used = x->used - osize + nsize;
  return p;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
  (void)ar;
  struct lh_extra *x = extra_of(L);
  if (!x->tripped) {
    x->tripped = 1;
    /* Fire on every instruction from now on, so a pcall inside the chunk
     * that swallowed this error is interrupted again at once. */
    lua_sethook(L, count_hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
  }
  /* The position of the Lua code that ran out: level 0 is the function
   * the hook interrupted (luaL_error's level 1 would name its caller). */
  lua_Debug d;
  char where[256] = "";
  if (lua_getstack(L, 0, &d) && lua_getinfo(L, "Sl", &d) && d.currentline > 0)
    snprintf(where, sizeof where, "%s:%d: ", d.short_src, d.currentline);
  if (x->budget % 1000000 == 0)
    lua_pushfstring(L, "%sstopped: ran past its budget of %d million instructions (an endless loop?)",
                    where, (int)(x->budget / 1000000));
  else
    lua_pushfstring(L, "%sstopped: ran past its budget of %d instructions (an endless loop?)", where,
                    (int)x->budget);
  lua_error(L);
}

/* The last resort: a Lua error outside any protected call is a bug in
 * nfold, never something a policy can cause, so say so and stop. */
static int at_panic(lua_State *L)
{
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "nfold: internal error: unprotected Lua error: %s\n", msg ? msg : "?");
  abort();
  return 0;
}

/* print() for policy authors: to stderr, so it never mixes with a table or
 * report nfold writes on stdout. */
static int lh_print(lua_State *L)
{
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; i++) {
    if (i > 1)
      luaL_addchar(&b, '\t');
    luaL_tolstring(L, i, NULL);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  fprintf(stderr, "%s\n", lua_tostring(L, -1));
  return 0;
}

/* setmetatable without finalizers: Lua runs __gc with hooks off, so a
 * finalizer that loops could never be stopped by the instruction budget. */
static int lh_setmetatable(lua_State *L)
{
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL)
      return luaL_error(L, "setmetatable: __gc metamethods are not allowed in policy files");
    lua_pop(L, 1);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/* xpcall whose message handler runs after the stack unwound, as an ordinary
 * call. Lua runs a handler inside the hook that raised the error, with
 * hooks off, so a handler that loops would escape the budget. (With no
 * debug library, a handler cannot see the unwound stack anyway.) */
static int lh_xpcall(lua_State *L)
{
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 1);
  for (int i = 3; i <= n; i++)
    lua_pushvalue(L, i);
  if (lua_pcall(L, n - 2, LUA_MULTRET, 0) == LUA_OK) {
    lua_pushboolean(L, 1);
    lua_insert(L, n + 1);
    return lua_gettop(L) - n;
  }
  lua_pushvalue(L, 2);
  lua_insert(L, -2);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    lua_pop(L, 1);
    lua_pushliteral(L, "error in error handling");
  }
  lua_pushboolean(L, 0);
  lua_insert(L, -2);
  return 2;
}

static const luaL_Reg allowed[] = {
  {LUA_GNAME, luaopen_base},
  {LUA_TABLIBNAME, luaopen_table},
  {LUA_STRLIBNAME, luaopen_string},
  {LUA_MATHLIBNAME, luaopen_math},
  {LUA_UTF8LIBNAME, luaopen_utf8},
  {NULL, NULL},
};

/* Globals of the base library that reach outside the sandbox. */
static const char *const removed[] = {"dofile", "loadfile", "load", "require", "collectgarbage", NULL};

/* Opens the allowed libraries; run protected, as every other Lua call. */
static int open_sandbox(lua_State *L)
{
  for (const luaL_Reg *lib = allowed; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  for (const char *const *r = removed; *r; r++) {
    lua_pushnil(L);
    lua_setglobal(L, *r);
  }
  lua_pushcfunction(L, lh_print);
  lua_setglobal(L, "print");
  lua_pushcfunction(L, lh_xpcall);
  lua_setglobal(L, "xpcall");
  lua_getglobal(L, "setmetatable");
  lua_pushcclosure(L, lh_setmetatable, 1);
  lua_setglobal(L, "setmetatable");
  /* string.dump makes binary chunks, which nothing here may load. */
  lua_getglobal(L, LUA_STRLIBNAME);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  /* string.rep can build huge strings; the allocator caps it anyway. */
  return 0;
}

lua_State *lh_new(size_t mem, nf_err *err)
{
  struct lh_extra *x = xcalloc(1, sizeof *x);
  x->cap = mem ? mem : LH_DEFAULT_MEM;
  x->budget = LH_DEFAULT_BUDGET;
  lua_State *L = lua_newstate(capped_alloc, x);
  if (L == NULL) {
    free(x);
    nf_errf(err, NULL, 0, "cannot create the Lua state (memory cap %zu bytes)", mem);
    return NULL;
  }
  lua_atpanic(L, at_panic);
  if (lh_cpcall(L, open_sandbox, NULL, 0, err)) {
    lh_close(L);
    return NULL;
  }
  return L;
}

void lh_close(lua_State *L)
{
  if (L == NULL)
    return;
  struct lh_extra *x = extra_of(L);
  lua_close(L);
  free(x->trace);
  free(x);
}

void lh_set_budget(lua_State *L, long instructions)
{
  extra_of(L)->budget = instructions;
}

size_t lh_mem_used(lua_State *L)
{
  return extra_of(L)->used;
}

static int msghandler(lua_State *L)
{
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      msg = lua_tostring(L, -1);
    else
      msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* Length of the "FILE:LINE: " position at the start of MSG, or 0. */
static size_t position_len(const char *msg)
{
  const char *nl = strchr(msg, '\n');
  size_t end = nl ? (size_t)(nl - msg) : strlen(msg);
  for (size_t i = 0; i < end; i++) {
    if (msg[i] != ':')
      continue;
    size_t j = i + 1;
    while (j < end && msg[j] >= '0' && msg[j] <= '9')
      j++;
    if (j > i + 1 && j + 1 < end && msg[j] == ':' && msg[j + 1] == ' ')
      return j + 2;
  }
  return 0;
}

int lh_pcall(lua_State *L, int nargs, int nresults, const char *context, nf_err *err)
{
  struct lh_extra *x = extra_of(L);
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  x->tripped = 0;
  if (x->budget > 0)
    lua_sethook(L, count_hook, LUA_MASKCOUNT,
                (int)(x->budget > 2000000000L ? 2000000000L : x->budget));
  int rc = lua_pcall(L, nargs, nresults, base);
  lua_sethook(L, NULL, 0, 0);
  lua_remove(L, base);
  if (rc == LUA_OK)
    return 0;
  /* Copy the message out before popping it (the string dies with it). */
  const char *m = lua_tostring(L, -1);
  char *msg = xstrdup(m ? m : "(error object is not a string)");
  lua_pop(L, 1);
  if (rc == LUA_ERRMEM) {
    /* Give the memory of whatever the chunk built back before going on. */
    lua_gc(L, LUA_GCCOLLECT);
    free(msg);
    msg = xasprintf("out of memory: the policy used more than its Lua memory cap of %zu MB",
                    x->cap >> 20);
  }
  /* The first line is the error; the rest, the traceback, is kept apart. */
  free(x->trace);
  x->trace = NULL;
  char *nl = strchr(msg, '\n');
  if (nl) {
    *nl = '\0';
    x->trace = xstrdup(nl + 1);
  }
  size_t pos = position_len(msg);
  if (context)
    nf_errf(err, NULL, 0, "%.*s%s: %s", (int)pos, msg, context, msg + pos);
  else
    nf_errf(err, NULL, 0, "%s", msg);
  free(msg);
  return -1;
}

const char *lh_traceback(lua_State *L)
{
  return extra_of(L)->trace;
}

int lh_cpcall(lua_State *L, lua_CFunction fn, void *ud, int nresults, nf_err *err)
{
  if (!lua_checkstack(L, 4 + (nresults > 0 ? nresults : 0)))
    return nf_errf(err, NULL, 0, "Lua stack overflow");
  lua_pushcfunction(L, fn);
  lua_pushlightuserdata(L, ud);
  return lh_pcall(L, 1, nresults, NULL, err);
}

/* A fresh environment that reads (not writes) the sandbox globals. */
static int new_env(lua_State *L)
{
  lua_newtable(L);
  lua_newtable(L);
  lua_pushglobaltable(L);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
  return 1;
}

int lh_run(lua_State *L, const char *text, size_t len, const char *name, int env_index,
           nf_err *err)
{
  if (env_index != 0)
    env_index = lua_absindex(L, env_index);
  char chunkname[512];
  snprintf(chunkname, sizeof chunkname, "@%s", name);
  int lrc = luaL_loadbufferx(L, text, len, chunkname, "t");
  if (lrc != LUA_OK) {
    const char *m = lua_tostring(L, -1);
    if (lrc == LUA_ERRMEM)
      nf_errf(err, name, 0, "out of memory loading the file");
    else if (m && strstr(m, "attempt to load a binary chunk"))
      nf_errf(err, name, 0, "a binary (precompiled) chunk; policy files must be Lua text");
    else
      nf_errf(err, NULL, 0, "%s", m ? m : "cannot load");
    lua_pop(L, 1);
    return -1;
  }
  if (!lua_checkstack(L, 4)) {
    lua_pop(L, 1);
    return nf_errf(err, name, 0, "Lua stack overflow");
  }
  if (env_index)
    lua_pushvalue(L, env_index);
  else if (lh_cpcall(L, new_env, NULL, 1, err)) {
    lua_pop(L, 1);
    return -1;
  }
  lua_pushvalue(L, -1);
  lua_insert(L, -3); /* env, chunk, env */
  if (lua_setupvalue(L, -2, 1) == NULL)
    lua_pop(L, 1);
  if (lh_pcall(L, 0, 0, NULL, err)) {
    lua_pop(L, 1);
    return -1;
  }
  return 0;
}

char *lh_read_source(const char *path, size_t *len, nf_err *err)
{
  nf_err e2 = {0};
  char *text = nf_read_file(path, len, &e2);
  if (text)
    return text;
  size_t n = 0;
  const char *emb = nf_embedded(path, &n);
  if (emb) {
    if (len)
      *len = n;
    return xstrndup(emb, n);
  }
  *err = e2;
  return NULL;
}

int lh_run_file(lua_State *L, const char *path, int env_index, nf_err *err)
{
  size_t len = 0;
  char *text = lh_read_source(path, &len, err);
  if (text == NULL)
    return -1;
  int rc = lh_run(L, text, len, path, env_index, err);
  free(text);
  return rc;
}
