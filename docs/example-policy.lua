-- example-policy.lua — what an architect's own policy looks like
-- (docs/rules.md). Run it with:  nfold score --rules docs/example-policy.lua -v
--
-- Our estate: two sites, A (the new data centre) and B (a branch office we
-- are not touching this year); SAP application servers that we consolidate
-- under Windows System Resource Manager; a web farm that the web team runs
-- as VMs; and stricter limits on what counts as "I/O-bound".

-- Site B is out of scope this year: everything there stays native.
rule {
  id = "site-b-native",
  doc = "Site B is out of scope this year: everything there stays native.",
  when = function(w) return w.site == "B" end,
  score = function(w, s)
    s:force(NATIVE, "site B is out of scope for this consolidation: stays native")
  end,
}

-- SAP application servers co-host under one OS image with WSRM policies
-- (CPU % per process group, memory limits), at most four per image.
rule {
  id = "sap-wsrm",
  doc = "SAP application servers co-host under WSRM resource policies.",
  when = function(w) return tag(w, "app") == "sap" or mentions(w, "sap") end,
  score = function(w, s)
    s:add(CO_HOST, 40, ("SAP application server (%s cores, %s needed): co-host under a WSRM "
      .. "resource policy with its own CPU share and memory limit"):format(w.cores or "?", mb(w.ram_need_mb or 0)))
    s:co_host_kind("resource-policy")
    s:max_guests(4)
  end,
}

-- The web team runs IIS as VMs: replace the default rule (same id) that
-- would co-host IIS as application pools.
rule {
  id = "iis-web",
  doc = "Our web farm stays virtual (the web team manages VMs, not app pools).",
  when = function(w) return role_is(w, "web", "iis") end,
  score = function(w, s)
    s:add(VM_GUEST, 30, "web farm policy: IIS servers stay VM guests managed by the web team")
    s:affinity("web-farm")
  end,
}

-- Our SAN handles more: raise the bar for "I/O-bound" by replacing the
-- default rule with stricter thresholds (the default is 800 IOPS at p95).
local OUR_IOPS_P95 = 2000
rule {
  id = "io-bound",
  doc = "I/O-bound at 2,000 IOPS at p95 (our SAN), else as the default.",
  when = function(w) return (p95(w, "disk_iops") or 0) >= OUR_IOPS_P95 or role_is(w, "backup") end,
  score = function(w, s)
    local iops = p95(w, "disk_iops")
    local why = iops and ("I/O-bound: %s IOPS at p95 (our threshold %s)"):format(num(iops), num(OUR_IOPS_P95))
      or "backup server: I/O-bound by nature"
    why = why .. "; guests outnumbering pCPUs lose half their I/O throughput (Friedman, CMG 2006)"
    s:add(VM_DEDICATED, 30, why)
    s:add(VM_GUEST, -20, why)
    s:dedicated_cores(1)
  end,
}

-- We do not pin workloads to their current site: the planner may move them.
disable "same-site"

-- Anything business-critical without a week of measurements gets flagged.
rule {
  id = "critical-needs-data",
  when = function(w) return w.criticality == "high" and w.days < 7 end,
  score = function(w, s)
    s:confidence("low", ("critical workload measured for only %s days"):format(num(w.days, 1)))
  end,
}
