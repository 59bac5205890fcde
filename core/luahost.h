/* luahost.h — the sandboxed Lua state that runs policy (rules/NAME.lua) and
 * hypervisor profiles (rules/profiles/NAME.lua). Only base, table, string,
 * math and utf8 are opened; no io, os, package, debug, no dofile, loadfile
 * or load of binary chunks. Every call is protected, with a message handler
 * that adds a traceback; a count hook stops a chunk that runs past its
 * instruction budget (and keeps firing so pcall cannot swallow it); an
 * allocator refuses memory past a cap.
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
 * error ERR gets the message (CONTEXT, if not NULL, is put in front, e.g.
 * "rule io_bound on workload BK01") and the error value is popped. */
int lh_pcall(lua_State *L, int nargs, int nresults, const char *context, nf_err *err);

/* The text of the file PATH: from disk, else embedded; NULL with ERR. The
 * caller frees it. */
char *lh_read_source(const char *path, size_t *len, nf_err *err);

#endif
