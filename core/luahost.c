/* luahost.c — the sandbox of luahost.h, after lua.c's docall/msghandler,
 * Redis's allow-list and count hook, and HAProxy's capped allocator. */
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
    /* Fire on every line from now on, so a pcall inside the chunk that
     * swallowed this error is interrupted again at once. */
    lua_sethook(L, count_hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
  }
  luaL_error(L, "stopped: ran past its budget of %d million instructions (an endless loop?)",
             (int)(x->budget / 1000000));
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

lua_State *lh_new(size_t mem, nf_err *err)
{
  struct lh_extra *x = xcalloc(1, sizeof *x);
  x->cap = mem ? mem : LH_DEFAULT_MEM;
  x->budget = LH_DEFAULT_BUDGET;
  lua_State *L = lua_newstate(capped_alloc, x);
  if (L == NULL) {
    free(x);
    nf_errf(err, NULL, 0, "cannot create the Lua state");
    return NULL;
  }
  for (const luaL_Reg *lib = allowed; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  for (const char *const *r = removed; *r; r++) {
    lua_pushnil(L);
    lua_setglobal(L, *r);
  }
  /* string.rep can build huge strings; the allocator caps it anyway. */
  return L;
}

void lh_close(lua_State *L)
{
  if (L == NULL)
    return;
  struct lh_extra *x = extra_of(L);
  lua_close(L);
  free(x);
}

void lh_set_budget(lua_State *L, long instructions)
{
  extra_of(L)->budget = instructions;
}

static int msghandler(lua_State *L)
{
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

int lh_pcall(lua_State *L, int nargs, int nresults, const char *context, nf_err *err)
{
  struct lh_extra *x = extra_of(L);
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  x->tripped = 0;
  if (x->budget > 0)
    lua_sethook(L, count_hook, LUA_MASKCOUNT, (int)(x->budget > 2000000000L ? 2000000000L : x->budget));
  int rc = lua_pcall(L, nargs, nresults, base);
  lua_sethook(L, NULL, 0, 0);
  lua_remove(L, base);
  if (rc != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    if (rc == LUA_ERRMEM)
      msg = "out of memory: the policy used more than its Lua memory cap";
    /* Keep the first line of the traceback block short: "file:line: msg". */
    if (context)
      nf_errf(err, NULL, 0, "%s: %s", context, msg ? msg : "error");
    else
      nf_errf(err, NULL, 0, "%s", msg ? msg : "error");
    lua_pop(L, 1);
    return -1;
  }
  return 0;
}

int lh_run(lua_State *L, const char *text, size_t len, const char *name, int env_index,
           nf_err *err)
{
  if (env_index != 0)
    env_index = lua_absindex(L, env_index);
  char chunkname[512];
  snprintf(chunkname, sizeof chunkname, "@%s", name);
  if (luaL_loadbufferx(L, text, len, chunkname, "t") != LUA_OK) {
    nf_errf(err, NULL, 0, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    return -1;
  }
  if (env_index)
    lua_pushvalue(L, env_index);
  else {
    /* A fresh environment that reads (not writes) the sandbox globals. */
    lua_newtable(L);
    lua_newtable(L);
    lua_pushglobaltable(L);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
  }
  lua_pushvalue(L, -1);
  lua_insert(L, -3);  /* env, chunk, env */
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
