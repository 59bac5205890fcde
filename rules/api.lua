-- rules/api.lua — the rule author's API (docs/rules.md), compiled into
-- nfold and run first, with the sandbox's global table as its environment:
-- everything it defines as a global (rule, disable, the strategy names, the
-- formatting and lookup helpers) is visible to every policy file, each of
-- which runs in an environment of its own. The rule registry itself stays
-- local to this file; the engine in core/score.c reaches it through the
-- table handed over in __nfold_engine, which it removes from the globals.
--
-- Flow per workload (score.c): new_scorer(name) once, then run(i, w, s) for
-- each rule i in order, each its own protected call with its own
-- instruction budget; then score.c reads the scorer's fields back.

local STRATEGIES = {
  ["vm-guest"] = true, ["vm-dedicated-cpu"] = true, ["native"] = true, ["co-host"] = true,
}
local STRATEGY_LIST = "vm-guest, vm-dedicated-cpu, native or co-host"
local KINDS = {
  ["app-pool"] = true, ["sql-instance"] = true, ["resource-policy"] = true, ["container"] = true,
}
local LEVELS = { low = 1, medium = 2, high = 3 }
-- Constraint kinds and what their value is.
local CONSTRAINTS = {
  ["anti-affinity"] = "name", ["affinity"] = "name", ["site"] = "name",
  ["dedicated-cores"] = "count", ["max-guests"] = "count",
}
local RULE_FIELDS = { id = true, doc = true, when = true, score = true }

-- Points of s:forbid and s:force: more than any sum of ordinary rules.
FORBID = 1000

VM_GUEST = "vm-guest"
VM_DEDICATED = "vm-dedicated-cpu"
NATIVE = "native"
CO_HOST = "co-host"

local rules = {}        -- rule records in run order
local byid = {}         -- id -> record
local current_file = "?"
local defined_here = {} -- ids defined by the file being loaded

local function quote(v)
  if type(v) == "string" then
    return "'" .. v .. "'"
  end
  return "a " .. type(v)
end

-- Registers a rule: rule { id = "...", doc = "...", when = fn(w), score = fn(w, s) }.
function rule(t)
  if type(t) ~= "table" then
    error("rule: expects a table, as in rule { id = 'my-rule', score = function(w, s) ... end }", 2)
  end
  for k in pairs(t) do
    if not RULE_FIELDS[k] then
      error(("rule: unknown field %s (a rule has id, doc, when and score)"):format(quote(k)), 2)
    end
  end
  local id = t.id
  if type(id) ~= "string" or not id:match("^[%w][%w%-_.]*$") then
    error(("rule: id must be a name of letters, digits, '-', '_' and '.', got %s"):format(quote(id)), 2)
  end
  if type(t.score) ~= "function" then
    error(("rule '%s': score must be a function(w, s)"):format(id), 2)
  end
  if t.when ~= nil and type(t.when) ~= "function" then
    error(("rule '%s': when must be a function(w) or absent"):format(id), 2)
  end
  if t.doc ~= nil and type(t.doc) ~= "string" then
    error(("rule '%s': doc must be a string"):format(id), 2)
  end
  if defined_here[id] then
    error(("rule '%s' is defined twice in %s"):format(id, current_file), 2)
  end
  defined_here[id] = true
  local rec = { id = id, doc = t.doc or "", when = t.when, score = t.score, file = current_file }
  local old = byid[id]
  if old then
    -- A later file replaces the rule in place: same position, new body.
    for i, r in ipairs(rules) do
      if r == old then
        rules[i] = rec
        break
      end
    end
    rec.replaces = old.file
  else
    rules[#rules + 1] = rec
  end
  byid[id] = rec
end

-- Removes the rule ID, defined by this or an earlier file.
function disable(id)
  if type(id) ~= "string" then
    error(("disable: expects a rule id, got %s"):format(quote(id)), 2)
  end
  local rec = byid[id]
  if not rec then
    error(("disable: no rule '%s' is defined before this point"):format(id), 2)
  end
  for i, r in ipairs(rules) do
    if r == rec then
      table.remove(rules, i)
      break
    end
  end
  byid[id] = nil
end

-- Formatting helpers, for the figures in reasons. ---------------------------

-- X with thousands separators and DIGITS decimals (default 0): 1240 -> "1,240".
function num(x, digits)
  if type(x) ~= "number" then
    return tostring(x)
  end
  local s = string.format("%." .. (digits or 0) .. "f", x)
  local sign, int, frac = s:match("^(-?)(%d+)(.*)$")
  if not int then
    return s
  end
  int = int:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return sign .. int .. frac
end

-- A percentage: "18%", or "0.4%" below 10.
function pct(x)
  if type(x) ~= "number" then
    return tostring(x)
  end
  if math.abs(x) < 10 and x ~= math.floor(x) then
    return string.format("%.1f%%", x)
  end
  return string.format("%.0f%%", x)
end

-- Megabytes: "1,950 MB".
function mb(x)
  return num(x) .. " MB"
end

-- Lookup helpers. -----------------------------------------------------------

-- True when workload W has samples of METRIC.
function has(w, metric)
  local m = w[metric]
  return type(m) == "table" and (m.n or 0) > 0
end

-- Statistic WHICH ("p95", "mean", ...) of METRIC, or DEFAULT (nil) when absent.
function stat(w, metric, which, default)
  local m = w[metric]
  if type(m) == "table" and (m.n or 0) > 0 and m[which] ~= nil then
    return m[which]
  end
  return default
end

function p50(w, metric, default) return stat(w, metric, "p50", default) end
function p95(w, metric, default) return stat(w, metric, "p95", default) end
function p99(w, metric, default) return stat(w, metric, "p99", default) end

-- The value of tag KEY (any case), or nil.
function tag(w, key)
  return w.tags[string.lower(key)]
end

-- True when the role is one of the names given (any case).
function role_is(w, ...)
  local r = w.role
  if not r then
    return false
  end
  for i = 1, select("#", ...) do
    if r == string.lower((select(i, ...))) then
      return true
    end
  end
  return false
end

-- True when WORD (plain text, any case) appears in the role, OS, model,
-- or any tag name or value.
function mentions(w, word)
  word = string.lower(word)
  local function in_(s)
    return type(s) == "string" and string.lower(s):find(word, 1, true) ~= nil
  end
  if in_(w.role) or in_(w.os) or in_(w.model) then
    return true
  end
  for k, v in pairs(w.tags) do
    if in_(k) or in_(v) then
      return true
    end
  end
  return false
end

-- The scorer: what a rule's score function writes through (s:add, ...). ----

local Scorer = {}
Scorer.__index = Scorer

-- Errors raised for a bad argument point at the rule's own line (level 3:
-- this check, the method, the rule).
local function check_strategy(st, fn)
  if not STRATEGIES[st] then
    error(("%s: unknown strategy %s (expected %s)"):format(fn, quote(st), STRATEGY_LIST), 3)
  end
end

local function check_text(text, fn)
  if type(text) ~= "string" or text == "" then
    error(("%s: the reason must be a non-empty string, got %s"):format(fn, quote(text)), 3)
  end
end

local function add(self, strategy, points, text)
  local r = self.reasons
  r[#r + 1] = { rule = self.rule, strategy = strategy, points = points, text = text }
  self.totals[strategy] = self.totals[strategy] + points
end

-- Adds POINTS (negative to count against) to STRATEGY, with the reason TEXT.
function Scorer:add(strategy, points, text)
  check_strategy(strategy, "s:add")
  if type(points) ~= "number" or points ~= points or math.abs(points) == math.huge then
    error(("s:add: points must be a finite number, got %s"):format(quote(points)), 2)
  end
  check_text(text, "s:add")
  add(self, strategy, points, text)
end

-- Rules STRATEGY out (-FORBID points), saying why.
function Scorer:forbid(strategy, text)
  check_strategy(strategy, "s:forbid")
  check_text(text, "s:forbid")
  add(self, strategy, -FORBID, text)
end

-- Makes STRATEGY the verdict unless another rule forces or forbids too (+FORBID).
function Scorer:force(strategy, text)
  check_strategy(strategy, "s:force")
  check_text(text, "s:force")
  add(self, strategy, FORBID, text)
end

-- The points STRATEGY has so far, from the rules that ran before this one.
function Scorer:total(strategy)
  check_strategy(strategy, "s:total")
  return self.totals[strategy]
end

-- How a co-host verdict consolidates: app-pool, sql-instance,
-- resource-policy or container. The last rule to set it wins.
function Scorer:co_host_kind(kind)
  if not KINDS[kind] then
    error(("s:co_host_kind: unknown kind %s (expected app-pool, sql-instance, resource-policy or container)")
      :format(quote(kind)), 2)
  end
  self.kind = kind
  self.kind_rule = self.rule
end

-- Lowers the confidence to LEVEL (high, medium, low) saying WHY; the lowest
-- level any rule sets wins, and reasons at that level are joined.
function Scorer:confidence(level, why)
  if not LEVELS[level] then
    error(("s:confidence: unknown level %s (expected high, medium or low)"):format(quote(level)), 2)
  end
  if type(why) ~= "string" or why == "" then
    error(("s:confidence: the reason must be a non-empty string, got %s"):format(quote(why)), 2)
  end
  local cur = self.conf_level
  if cur == nil or LEVELS[level] < LEVELS[cur] then
    self.conf_level, self.conf_why = level, why
  elseif level == cur and not self.conf_why:find(why, 1, true) then
    self.conf_why = self.conf_why .. "; " .. why
  end
end

-- Adds a placement constraint; errors point at the rule (level 3: this
-- function, the method, the rule).
local function constraint(self, kind, value)
  local want = CONSTRAINTS[kind]
  if not want then
    error(("s:constraint: unknown kind %s (expected anti-affinity, affinity, site, dedicated-cores or max-guests)")
      :format(quote(kind)), 3)
  end
  if want == "count" then
    if math.type(value) == "float" and value == math.floor(value) then
      value = math.tointeger(value)
    end
    if math.type(value) ~= "integer" or value < 1 then
      error(("s:constraint: %s wants a whole number of at least 1, got %s"):format(kind, tostring(value)), 3)
    end
    value = tostring(value)
  elseif type(value) ~= "string" or value == "" then
    error(("s:constraint: %s wants a non-empty name, got %s"):format(kind, quote(value)), 3)
  end
  local key = kind .. "\0" .. value
  if self.seen[key] then
    return
  end
  self.seen[key] = true
  local c = self.constraints
  c[#c + 1] = { kind = kind, value = value }
end

-- A placement constraint for the planner (kinds in CONSTRAINTS).
function Scorer:constraint(kind, value) constraint(self, kind, value) end
function Scorer:anti_affinity(group) constraint(self, "anti-affinity", group) end
function Scorer:affinity(group) constraint(self, "affinity", group) end
function Scorer:site(name) constraint(self, "site", name) end
function Scorer:dedicated_cores(n) constraint(self, "dedicated-cores", n) end
function Scorer:max_guests(n) constraint(self, "max-guests", n) end

-- The engine's side (score.c). ---------------------------------------------

local engine = {}

function engine.begin_file(name)
  current_file = name
  defined_here = {}
end

-- The rules in run order: { {id, file, doc, replaces}, ... }.
function engine.list()
  local out = {}
  for i, r in ipairs(rules) do
    out[i] = { id = r.id, file = r.file, doc = r.doc, replaces = r.replaces }
  end
  return out
end

function engine.new_scorer(workload)
  return setmetatable({
    workload = workload, reasons = {}, constraints = {}, seen = {},
    totals = { ["vm-guest"] = 0, ["vm-dedicated-cpu"] = 0, ["native"] = 0, ["co-host"] = 0 },
  }, Scorer)
end

-- Runs rule I on workload W into scorer S.
function engine.run(i, w, s)
  local r = rules[i]
  s.rule = r.id
  if r.when and not r.when(w) then
    return
  end
  r.score(w, s)
end

__nfold_engine = engine
