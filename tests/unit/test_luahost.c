/* test_luahost.c — the Lua sandbox: what is absent, what is refused, the
 * instruction budget (also against pcall inside the chunk), the memory
 * cap, and the "FILE:LINE: context: message" error form. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>

#include "luahost.h"
#include "t.h"

/* Runs TEXT named NAME in a fresh environment; 0 on success. */
static int run(lua_State *L, const char *text, const char *name, nf_err *err)
{
  memset(err, 0, sizeof *err);
  if (lh_run(L, text, strlen(text), name, 0, err))
    return -1;
  lua_pop(L, 1);
  return 0;
}

static int dump_writer(lua_State *L, const void *p, size_t sz, void *ud)
{
  (void)L;
  luaL_addlstring(ud, p, sz);
  return 0;
}

/* A precompiled chunk, made by a plain (unsandboxed) state. */
static char *binary_chunk(size_t *len)
{
  lua_State *P = luaL_newstate();
  luaL_loadstring(P, "x = 1");
  luaL_Buffer b;
  luaL_buffinit(P, &b);
  lua_pushvalue(P, -2);
  lua_dump(P, dump_writer, &b, 0);
  lua_pop(P, 1);
  luaL_pushresult(&b);
  size_t n;
  const char *s = lua_tolstring(P, -1, &n);
  char *out = malloc(n);
  memcpy(out, s, n);
  *len = n;
  lua_close(P);
  return out;
}

int main(void)
{
  nf_err err;
  lua_State *L = lh_new(0, &err);
  T_CHECK(L != NULL);

  /* Only the allowed libraries and base functions are there. */
  T_CHECK(run(L,
              "assert(io == nil and os == nil and package == nil and debug == nil)\n"
              "assert(dofile == nil and loadfile == nil and load == nil and require == nil)\n"
              "assert(collectgarbage == nil and coroutine == nil and string.dump == nil)\n"
              "assert(string.format and table.concat and math.floor and utf8.char and pcall)\n",
              "libs.lua", &err) == 0);
  T_STREQ(err.set ? err.msg : "", "");

  /* Each file has its own environment; globals stay readable. */
  T_CHECK(run(L, "x = 42", "a.lua", &err) == 0);
  T_CHECK(run(L, "assert(x == nil and type(print) == 'function')", "b.lua", &err) == 0);

  /* Error form: FILE:LINE: message. */
  T_CHECK(run(L, "local a\nlocal b = a < 1\n", "cmp.lua", &err) != 0);
  T_STREQ(err.msg, "cmp.lua:2: attempt to compare nil with number");
  T_CHECK(lh_traceback(L) != NULL && strstr(lh_traceback(L), "stack traceback") != NULL);

  /* Syntax errors name the file and line too. */
  T_CHECK(run(L, "x = = 1", "syn.lua", &err) != 0);
  T_CHECK(strncmp(err.msg, "syn.lua:1:", 10) == 0);

  /* A context goes after the position, or in front when there is none. */
  T_CHECK(run(L, "function f(w)\n  return w.cpu.p95 > 10\nend", "ctx.lua", &err) == 0);
  lua_getglobal(L, "f"); /* f went to the file's environment, not the globals */
  T_CHECK(lua_isnil(L, -1));
  lua_pop(L, 1);
  memset(&err, 0, sizeof err);
  const char *fn = "return function(w) local t = {}\n  return t.cpu.p95 > 10\nend";
  T_CHECK(luaL_loadbufferx(L, fn, strlen(fn), "@ctx.lua", "t") == LUA_OK);
  T_CHECK(lh_pcall(L, 0, 1, NULL, &err) == 0);
  lua_pushnil(L);
  T_CHECK(lh_pcall(L, 1, 0, "rule 'my-rule' on workload SQL01", &err) != 0);
  T_STREQ(err.msg, "ctx.lua:2: rule 'my-rule' on workload SQL01: attempt to index a nil value (field 'cpu')");
  T_CHECK(luaL_loadbufferx(L, "error('plain', 0)", 17, "@p.lua", "t") == LUA_OK);
  T_CHECK(lh_pcall(L, 0, 0, "rule 'r' on workload W", &err) != 0);
  T_STREQ(err.msg, "rule 'r' on workload W: plain");
  /* A non-string error value still gives a message. */
  T_CHECK(run(L, "error({})", "tab.lua", &err) != 0);
  T_STREQ(err.msg, "(error object is a table value)");

  /* Binary chunks are refused. */
  size_t blen;
  char *bin = binary_chunk(&blen);
  memset(&err, 0, sizeof err);
  T_CHECK(lh_run(L, bin, blen, "bin.luac", 0, &err) != 0);
  T_CHECK(strstr(err.msg, "bin.luac") != NULL && strstr(err.msg, "binary") != NULL);
  free(bin);

  /* Finalizers are refused: they would run outside the budget. */
  T_CHECK(run(L, "setmetatable({}, {__gc = function() end})", "gc.lua", &err) != 0);
  T_CHECK(strstr(err.msg, "gc.lua:1:") == err.msg && strstr(err.msg, "__gc") != NULL);
  T_CHECK(run(L, "assert(getmetatable(setmetatable({}, {__index = {a = 1}})).__index.a == 1)",
              "mt.lua", &err) == 0);

  /* The instruction budget stops an endless loop... */
  lh_set_budget(L, 1000000);
  T_CHECK(run(L, "while true do end", "loop.lua", &err) != 0);
  T_STREQ(err.msg, "loop.lua:1: stopped: ran past its budget of 1 million instructions (an endless loop?)");
  /* ...also when the chunk catches the error and loops on... */
  T_CHECK(run(L, "while true do pcall(function() while true do end end) end", "loop2.lua", &err) != 0);
  T_CHECK(strstr(err.msg, "loop2.lua:1: stopped: ran past its budget") == err.msg);
  T_CHECK(run(L, "local n = 0\nwhile true do\n  local ok = pcall(function() while true do end end)\n"
                 "  n = n + 1\nend",
              "loop3.lua", &err) != 0);
  T_CHECK(strstr(err.msg, "stopped: ran past its budget") != NULL);
  /* ...or loops in an error handler. */
  T_CHECK(run(L, "while true do xpcall(function() while true do end end, function(e) while true do end end) end",
              "loop4.lua", &err) != 0);
  T_CHECK(strstr(err.msg, "loop4.lua:1:") == err.msg);
  /* The next call has a fresh budget. */
  T_CHECK(run(L, "local s = 0 for i = 1, 1000 do s = s + i end assert(s == 500500)", "ok.lua", &err) == 0);
  lh_set_budget(L, LH_DEFAULT_BUDGET);
  lh_close(L);

  /* The memory cap. */
  L = lh_new(8u << 20, &err);
  T_CHECK(L != NULL);
  T_CHECK(run(L, "local t = {} for i = 1, 1e8 do t[i] = i end", "hog.lua", &err) != 0);
  T_STREQ(err.msg, "out of memory: the policy used more than its Lua memory cap of 8 MB");
  T_CHECK(run(L, "local s = string.rep('x', 64 * 1024 * 1024)", "rep.lua", &err) != 0);
  T_CHECK(strstr(err.msg, "out of memory") != NULL || strstr(err.msg, "too large") != NULL);
  /* The state is still usable, and its memory came back. */
  T_CHECK(run(L, "y = 1", "after.lua", &err) == 0);
  T_CHECK(lh_mem_used(L) < (4u << 20));
  lh_close(L);

  /* A cap too small to open the libraries fails cleanly, without a panic. */
  memset(&err, 0, sizeof err);
  L = lh_new(8 * 1024, &err);
  T_CHECK(L == NULL && err.set);
  lh_close(L);

  /* Embedded files load from any directory. */
  L = lh_new(0, &err);
  T_CHECK(lh_run_file(L, "rules/api.lua", 0, &err) == 0);
  lua_pop(L, 1);
  T_CHECK(lh_run_file(L, "no/such/file.lua", 0, &err) != 0);
  T_CHECK(strstr(err.msg, "no/such/file.lua") != NULL);
  lh_close(L);
  return T_DONE();
}
