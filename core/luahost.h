/* luahost.h — the sandboxed Lua state that runs policy (rules/NAME.lua) and
 * hypervisor profiles (rules/profiles/NAME.lua). Only base, table, string,
 * math and utf8 are opened; no io, os, package, debug, no dofile, loadfile
 * or load of binary chunks. Every call is protected, with a message handler
 * that adds a traceback; a count hook stops a chunk that runs past its
 * instruction budget (and keeps firing so pcall cannot swallow it); an
 * allocator refuses memory past a cap. print() writes to stderr;
 * setmetatable refuses __gc and xpcall runs its handler after unwinding
 * (Lua runs finalizers, and handlers of errors raised in a hook, with
 * hooks off, out of the budget's reach); string.dump is gone.
 *
 * Known limit: a single C library call (a pathological string.find
 * pattern, say) cannot be interrupted by the count hook; the memory cap
 * still holds.
 *
 * Ownership: lh_new returns a state the caller closes with lh_close. Files
 * named "rules/..." that are not on disk come from the embedded copies
 * (embedded.h), so the default policy works from any directory. Errors
 * propagate through nf_err as "FILE:LINE: message". */
#ifndef NF_LUAHOST_H
#define NF_LUAHOST_H

#include <lua.h>
#include <stddef.h>

#include "util.h"

#define LH_DEFAULT_MEM (256u << 20)      /* bytes */
#define LH_DEFAULT_BUDGET 200000000L     /* VM instructions per protected call */

/* A sandboxed state with at most MEM bytes of Lua memory. */
lua_State *lh_new(size_t mem, nf_err *err);
void lh_close(lua_State *L);

/* Sets the instruction budget for each later lh_pcall (0 = unlimited). */
void lh_set_budget(lua_State *L, long instructions);

/* Loads the text chunk TEXT (LEN bytes) named NAME (shown in errors) and
 * runs it with ENV_INDEX (a stack index of a table, or 0 for a fresh
 * environment that reads the sandbox globals) as its _ENV. Leaves the
 * environment table on the stack top. */
int lh_run(lua_State *L, const char *text, size_t len, const char *name, int env_index,
           nf_err *err);

/* Reads PATH (from disk, or the embedded copy of a "rules/..." path) and
 * runs it as lh_run does. */
int lh_run_file(lua_State *L, const char *path, int env_index, nf_err *err);

/* lua_pcall with the traceback handler and the instruction budget; on
 * error ERR gets the first line of the message, with CONTEXT (if not NULL,
 * e.g. "rule 'io-bound' on workload BK01") put after its "FILE:LINE: "
 * position or in front when it has none, so it reads
 * "policy.lua:12: rule 'x' on workload SQL01: attempt to ...". The error
 * value is popped; its traceback is kept for lh_traceback. */
int lh_pcall(lua_State *L, int nargs, int nresults, const char *context, nf_err *err);

/* The traceback of the last lh_pcall that failed (NULL if none); valid
 * until the next failure or lh_close. */
const char *lh_traceback(lua_State *L);

/* Calls the C function FN protected (through lh_pcall) with UD as a light
 * userdata argument, leaving NRESULTS results. For C code that builds or
 * reads Lua tables, which can raise memory errors. */
int lh_cpcall(lua_State *L, lua_CFunction fn, void *ud, int nresults, nf_err *err);

/* Bytes of Lua memory in use. */
size_t lh_mem_used(lua_State *L);

/* The text of the file PATH: from disk, else embedded; NULL with ERR. The
 * caller frees it. */
char *lh_read_source(const char *path, size_t *len, nf_err *err);

#endif
