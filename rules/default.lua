-- rules/default.lua — nfold's default consolidation policy: DESIGN §1 as
-- named rules. Each rule looks at one workload's profile (w) and adds points
-- and a plain-language reason, with the figures that triggered it, to one or
-- more of the four strategies (s). The highest total wins; ties go to the
-- least disruptive strategy (docs/rules.md). An architect overrides a rule
-- by defining one with the same id in a --rules file, or drops it with
-- disable "id".
--
-- Percent figures are of all the server's processors, as perfmon's
-- Processor(_Total) counters are; statistics are over the samples in the
-- window (w.cpu.p95 and so on; absent metrics have n = 0 and no values).

-- Thresholds. ---------------------------------------------------------------

-- I/O-bound: busy disks with a mostly idle processor. Friedman (CMG 2006):
-- when guests outnumber physical CPUs, an I/O-bound guest waits to be
-- dispatched before it can service its completions and loses 50 % or more
-- of its native I/O throughput (DESIGN §1 "I/O interrupt delay", §1b).
local IO_IOPS_P95 = 800          -- disk transfers/s at p95
local IO_MBPS_P95 = 60           -- disk MB/s at p95
local IO_CPU_P95_MAX = 40        -- CPU % at p95 below which the load is I/O-, not CPU-bound

-- Network-bound: DESIGN §1 "Network-I/O-bound critical workloads should stay
-- native"; every interrupt is also serviced twice (DESIGN §1 source 3).
local NET_MBPS_P95 = 200         -- Mbit/s at p95

-- Memory-constrained with high paging: DESIGN §1 "Never virtualize a
-- memory-constrained guest with a high paging rate".
local MEM_NEED_FRAC = 0.90       -- RAM need at the percentile / installed RAM
local MEM_AVAIL_P50_FRAC = 0.10  -- median Available MBytes / installed RAM
local PAGING_P95 = 500           -- pages/s at p95

-- Privileged-instruction emulation: overhead proportional to the guest's
-- native % Privileged Time (DESIGN §1 source 2, binary translation).
local PRIV_P95 = 25              -- % Privileged Time at p95
-- Doubled I/O path: % Interrupt Time + % DPC Time estimates the extra host
-- CPU (DESIGN §1 source 3).
local INTR_DPC_P95 = 10          -- % Interrupt + % DPC at p95
-- Large nonpaged pool: the tell of physical-address-heavy kernel code (I/O
-- Manager, Cache Manager, Server service, TCP/IP, http.sys; DESIGN §1
-- source 2). 32-bit Windows caps the pool at 256 MB; on a big 64-bit
-- server the same megabytes are ordinary, so it must also be a share of RAM.
local NONPAGED_POOL_MB_P95 = 100
local NONPAGED_POOL_RAM_FRAC = 0.03

-- Small and steady: folds well (DESIGN §1 "workloads whose peaks do not
-- overlap fold much tighter").
local SMALL_CPU_P95 = 20         -- CPU % at p95
local STEADY_SPREAD = 10         -- p95 − p50, CPU percentage points
local SMALL_RAM_NEED_MB = 4096

-- Runaway thread: CPU pinned near one core's worth (DESIGN §1 "Runaway
-- threads in a guest steal from every guest sharing its processors").
local RUNAWAY_BAND = 0.15        -- within ±15 % of one core's share
local RUNAWAY_HOURS = 6          -- hours of the day spent there

-- Co-scheduling: SMP guests are dispatched on all vCPUs at once; two 2-vCPU
-- guests at ≈ 55 % drove a 2-way host to only ≈ 65 % (Shelden, CMG 2005).
local SMP_CORES = 4
local SMP_CPU_P95 = 60

-- CPU ready of an existing guest, host-side (esxtop %RDY): < 5 % per vCPU
-- normal, > 10 % per vCPU degrades (DESIGN §1b, VMware community practice).
local READY_PER_VCPU = 10

-- Exchange: large ones stay native (store I/O, memory, application-level
-- backup that must run where Exchange runs: DESIGN §1 "Backup").
local EXCHANGE_LARGE_RAM_MB = 8192
local EXCHANGE_LARGE_CORES = 4
local EXCHANGE_LARGE_IOPS_P95 = 500

-- Evidence: a week of samples covers the weekly cycle.
local MIN_DAYS = 7

-- Helpers. ------------------------------------------------------------------

local function cpu_p95(w) return p95(w, "cpu_pct") end

-- The baseline: every workload gets a verdict and a reason. -----------------

rule {
  id = "baseline",
  doc = "Virtualization is the default consolidation target: it isolates workloads without changing them.",
  score = function(w, s)
    -- The figures behind "nothing against it", so the reason says something.
    local parts = {}
    local cpu = p95(w, "cpu_pct")
    if cpu then
      parts[#parts + 1] = ("CPU %s at p95 (%s CU)"):format(pct(cpu), num(cpu / 100 * (w.capacity or 0), 1))
    end
    parts[#parts + 1] = w.ram_need_mb and ("needs " .. mb(w.ram_need_mb) .. " RAM")
      or "RAM unknown: no memory counters and no installed RAM in the inventory"
    local iops, net = p95(w, "disk_iops"), p95(w, "net_mbps")
    if iops then parts[#parts + 1] = num(iops) .. " IOPS" end
    if net then parts[#parts + 1] = num(net, 1) .. " Mbit/s" end
    local figures = #parts > 0 and (" (" .. table.concat(parts, ", ") .. ")") or ""
    s:add(VM_GUEST, 10, "a VM guest consolidates it without changing the application" .. figures
      .. "; no rule found a reason against virtualizing it")
  end,
}

-- Confidence in the figures. ------------------------------------------------

rule {
  id = "evidence",
  doc = "Confidence from how much was measured: none, less than a week, or enough.",
  score = function(w, s)
    if w.nsamples == 0 then
      s:confidence("low", "no performance samples: the verdict rests on the inventory alone")
    elseif w.days < MIN_DAYS then
      s:confidence("medium", ("only %s days of samples; a week (%d days) covers the weekly cycle")
        :format(num(w.days, 1), MIN_DAYS))
    else
      s:confidence("high", ("%s samples over %s days"):format(num(w.nsamples), num(w.days, 0)))
    end
  end,
}

rule {
  id = "cpu-size",
  doc = "No core count or no clock speed: the CPU is sized on a guess (one core, or 1 CU a core).",
  when = function(w)
    return (w.cores == nil and w.threads == nil) or (w.mhz == nil and w.cpu_rating == nil)
  end,
  score = function(w, s)
    local nocount = w.cores == nil and w.threads == nil
    local noclock = w.mhz == nil and w.cpu_rating == nil
    local what = nocount and noclock and "no core count and no clock speed"
      or nocount and "no core count" or "no clock speed"
    local guess = nocount and noclock and "one core of 1 CU" or nocount and "one core" or "1 CU a core"
    s:confidence("medium", ("%s in the inventory or its logs: its CPU is sized on a guess (%s)")
      :format(what, guess))
  end,
}

rule {
  id = "already-guest",
  doc = "Sources that already are VM guests measure CPU and disk latency unreliably (DESIGN §1 measurement caveats).",
  when = function(w) return w.is_guest end,
  score = function(w, s)
    local ev = w.guest_evidence and (" (" .. w.guest_evidence .. ")") or ""
    s:add(VM_GUEST, 5, "already runs as a VM guest" .. ev .. ": staying virtual is the smallest change")
    if has(w, "vm_cpu_used_pct") then
      s:confidence("medium", "CPU taken from host-side esxtop %USED; disk-latency counters measured "
        .. "inside the guest remain unreliable (DESIGN §1 measurement caveats)")
    else
      s:confidence("low", "CPU and disk-latency counters measured inside a guest are unreliable: "
        .. "DESIGN §1 measurement caveats")
    end
  end,
}

-- I/O. ----------------------------------------------------------------------

rule {
  id = "io-bound",
  doc = "Busy disks, idle CPU, or the backup role: a guest loses half its I/O when guests outnumber pCPUs (Friedman, CMG 2006).",
  score = function(w, s)
    local iops, mbps, cpu = p95(w, "disk_iops"), p95(w, "disk_mbps"), cpu_p95(w)
    local busy = (iops and iops >= IO_IOPS_P95) or (mbps and mbps >= IO_MBPS_P95)
    local cpu_low = cpu == nil or cpu <= IO_CPU_P95_MAX
    local why
    if busy and cpu_low then
      local parts = {}
      if iops then parts[#parts + 1] = num(iops) .. " IOPS" end
      if mbps then parts[#parts + 1] = num(mbps, 1) .. " MB/s" end
      why = ("I/O-bound: disk %s at p95 with CPU %s at p95"):format(table.concat(parts, ", "),
        cpu and pct(cpu) or "unmeasured")
    elseif role_is(w, "backup") then
      why = "backup server: I/O-bound by nature"
    else
      return
    end
    why = why .. "; when guests outnumber physical CPUs an I/O-bound guest loses 50% or more of its "
      .. "I/O throughput (Friedman, CMG 2006), so give it a dedicated CPU or keep it native"
    s:add(VM_DEDICATED, 30, why)
    s:add(NATIVE, 20, why)
    s:add(VM_GUEST, -20, why)
    -- No hypervisor, no dispatch delay: under one OS image its I/O completes
    -- natively, though it shares the disks with its neighbours.
    s:add(CO_HOST, 10, why)
    -- No s:dedicated_cores here: the planner sizes the pinned cores for the
    -- target host (its core rating, the overhead, the plan's busiest slot);
    -- the busy cores of the old server would leave it short at its peak.
  end,
}

rule {
  id = "network-bound",
  doc = "Network-I/O-bound workloads pay the doubled I/O path; critical ones stay native (DESIGN §1).",
  when = function(w) return (p95(w, "net_mbps") or 0) >= NET_MBPS_P95 end,
  score = function(w, s)
    local net = p95(w, "net_mbps")
    if w.criticality == "high" then
      s:add(NATIVE, 40, ("network-I/O-bound and critical: %s Mbit/s at p95, criticality high; "
        .. "DESIGN §1: network-bound critical workloads stay native"):format(num(net)))
    else
      s:add(VM_GUEST, -10, ("network-bound: %s Mbit/s at p95; every interrupt is serviced by the host "
        .. "and again by the guest (doubled I/O path)"):format(num(net)))
      s:add(VM_DEDICATED, 10, ("network-bound: %s Mbit/s at p95; a dedicated CPU services its "
        .. "interrupts without waiting to be dispatched"):format(num(net)))
    end
  end,
}

-- Memory. -------------------------------------------------------------------

rule {
  id = "memory-constrained",
  doc = "Memory nearly full and paging hard: never virtualize it (DESIGN §1).",
  when = function(w) return w.ram_mb and has(w, "mem_avail_mb") and has(w, "paging_per_s") end,
  score = function(w, s)
    local avail50, paging = p50(w, "mem_avail_mb"), p95(w, "paging_per_s")
    local need = w.ram_need_mb or 0
    local tight = need >= MEM_NEED_FRAC * w.ram_mb or avail50 <= MEM_AVAIL_P50_FRAC * w.ram_mb
    if not (tight and paging >= PAGING_P95) then
      return
    end
    local why = ("memory-constrained: only %s of %s available at the median (needs %s at the "
      .. "percentile) while paging %s pages/s at p95"):format(mb(avail50), mb(w.ram_mb), mb(need), num(paging))
    s:add(VM_GUEST, -60, why .. "; DESIGN §1: never virtualize a memory-constrained guest with a high "
      .. "paging rate: each fault becomes a doubled I/O and the host's overhead takes RAM it lacks")
    s:add(VM_DEDICATED, -60, why .. "; a dedicated CPU does not add memory")
    s:add(NATIVE, 30, why .. "; keep it on its own box and add RAM")
    s:add(CO_HOST, 10, why .. "; under one OS image with a memory limit it shares one kernel's "
      .. "file cache instead of paging inside a guest")
  end,
}

-- The three sources of virtualization overhead (DESIGN §1). -----------------

rule {
  id = "privileged-heavy",
  doc = "High % Privileged Time: binary translation emulates each privileged instruction (DESIGN §1 source 2).",
  when = function(w) return (p95(w, "cpu_priv_pct") or 0) >= PRIV_P95 end,
  score = function(w, s)
    local why = ("privileged time %s at p95: under binary translation every privileged instruction "
      .. "traps and is emulated, so the VM overhead grows with it (DESIGN §1 source 2; hardware assist "
      .. "removes most of it)"):format(pct(p95(w, "cpu_priv_pct")))
    s:add(VM_GUEST, -10, why)
    s:add(CO_HOST, 15, why)
  end,
}

rule {
  id = "interrupt-heavy",
  doc = "High % Interrupt + % DPC Time: every interrupt is serviced twice (DESIGN §1 source 3).",
  when = function(w) return (p95(w, "cpu_intr_pct") or 0) + (p95(w, "cpu_dpc_pct") or 0) >= INTR_DPC_P95 end,
  score = function(w, s)
    local intr, dpc = p95(w, "cpu_intr_pct") or 0, p95(w, "cpu_dpc_pct") or 0
    local why = ("interrupt %s + DPC %s at p95: every interrupt is serviced by the host driver and "
      .. "again by the guest, costing about that much extra host CPU (DESIGN §1 source 3)")
      :format(pct(intr), pct(dpc))
    s:add(VM_GUEST, -10, why)
    s:add(CO_HOST, 15, why)
  end,
}

rule {
  id = "nonpaged-pool",
  doc = "A large nonpaged pool marks physical-address-heavy kernel code, hit hardest by emulation (DESIGN §1 source 2).",
  when = function(w)
    local npp = p95(w, "nonpaged_pool_mb") or 0
    return npp >= NONPAGED_POOL_MB_P95 and npp >= NONPAGED_POOL_RAM_FRAC * (w.ram_mb or 0)
  end,
  score = function(w, s)
    local why = ("large nonpaged pool: %s at p95, the tell of kernel code that uses physical "
      .. "addresses (I/O Manager, Cache Manager, TCP/IP, http.sys), which privileged-instruction "
      .. "emulation hits hardest (DESIGN §1 source 2)"):format(mb(p95(w, "nonpaged_pool_mb")))
    s:add(VM_GUEST, -5, why)
    s:add(CO_HOST, 10, why)
  end,
}

-- Applications that consolidate under one OS image (DESIGN §1). -------------

rule {
  id = "iis-web",
  doc = "IIS web servers consolidate as application pools under one OS image.",
  when = function(w)
    return role_is(w, "web", "iis") or mentions(w, "iis") or mentions(w, "w3wp")
  end,
  score = function(w, s)
    s:add(CO_HOST, 25, "IIS web server: its sites consolidate as isolated application pools (web "
      .. "gardens) under one OS image, health managed per pool, one OS image fewer to manage (DESIGN §1)")
    s:co_host_kind("app-pool")
  end,
}

rule {
  id = "sql-server",
  doc = "SQL Server consolidates as an instance with an affinity mask and max server memory.",
  when = function(w)
    return role_is(w, "sql", "mssql") or mentions(w, "sql server") or mentions(w, "mssql")
  end,
  score = function(w, s)
    local mem = (w.ram_need_mb and w.nsamples > 0) and (", max server memory about " .. mb(w.ram_need_mb)) or ""
    s:add(CO_HOST, 25, ("SQL Server: co-host it as a named instance with a processor affinity mask%s "
      .. "(DESIGN §1); its own backups keep running where it runs"):format(mem))
    s:co_host_kind("sql-instance")
  end,
}

rule {
  id = "exchange",
  doc = "Exchange: large servers stay native, small ones virtualize; never shares an OS image.",
  when = function(w) return role_is(w, "exchange") end,
  score = function(w, s)
    local iops = p95(w, "disk_iops")
    local large = (w.ram_mb or 0) >= EXCHANGE_LARGE_RAM_MB or (w.cores or 0) >= EXCHANGE_LARGE_CORES
      or (iops or 0) >= EXCHANGE_LARGE_IOPS_P95
    local size = ("%s cores, %s RAM%s"):format(w.cores or "?", w.ram_mb and mb(w.ram_mb) or "unknown",
      iops and (", " .. num(iops) .. " IOPS at p95") or "")
    if large then
      s:add(NATIVE, 30, "large Exchange server (" .. size .. "): store I/O and memory hungry, and its "
        .. "application-level backup must run where it runs (DESIGN §1 Backup): keep it native")
    else
      s:add(VM_GUEST, 15, "small Exchange server (" .. size .. "): virtualizes well")
    end
    s:add(CO_HOST, -30, "Exchange is supported only alone in its OS image: no co-hosting")
  end,
}

rule {
  id = "small-steady",
  doc = "Small, steady workloads (CPU, memory, disks and network all light) fold well as guests or co-hosted.",
  when = function(w) return has(w, "cpu_pct") end,
  score = function(w, s)
    local c95, c50 = p95(w, "cpu_pct"), p50(w, "cpu_pct")
    local need = w.ram_need_mb
    if c95 > SMALL_CPU_P95 or c95 - c50 > STEADY_SPREAD or (need and need > SMALL_RAM_NEED_MB) then
      return
    end
    -- Light CPU is not light: busy disks or network are what the I/O- and
    -- network-bound rules judge, and they must not be outvoted here.
    local iops, mbps, net = p95(w, "disk_iops"), p95(w, "disk_mbps"), p95(w, "net_mbps")
    if (iops and iops >= IO_IOPS_P95) or (mbps and mbps >= IO_MBPS_P95)
        or (net and net >= NET_MBPS_P95) or role_is(w, "backup") then
      return
    end
    local why = ("small and steady: CPU %s at p95 (median %s)%s, folds well with others")
      :format(pct(c95), pct(c50), need and (", needs " .. mb(need) .. " RAM") or ", RAM unknown")
    s:add(VM_GUEST, 20, why)
    s:add(CO_HOST, 10, why)
  end,
}

-- Hazards (DESIGN §1). ------------------------------------------------------

rule {
  id = "runaway-thread",
  doc = "CPU pinned at one core's worth for hours: a runaway thread steals from every guest on its host.",
  when = function(w) return has(w, "cpu_pct") and (w.cores or 1) >= 2 end,
  score = function(w, s)
    local one = 100 / w.cores
    local lo, hi = one * (1 - RUNAWAY_BAND), one * (1 + RUNAWAY_BAND)
    local c50, c95 = p50(w, "cpu_pct"), p95(w, "cpu_pct")
    if c50 < lo or c50 > hi or c95 > hi then
      return
    end
    local hours = 0
    for h = 1, 24 do
      local v = w.hour_cpu[h]
      if v and v >= lo and v <= hi then
        hours = hours + 1
      end
    end
    if hours < RUNAWAY_HOURS then
      return
    end
    local why = ("possible runaway thread: CPU sits at %s (one core of %d) at the median and %s at "
      .. "p95, in %d of 24 hours; a runaway thread steals from every guest sharing its processors "
      .. "(DESIGN §1) — find it before moving this workload"):format(pct(c50), w.cores, pct(c95), hours)
    -- A risk to resolve, not a reason to change strategy: a small penalty
    -- for a guest, whose neighbours it would rob, and a doubt on the figures.
    s:add(VM_GUEST, -5, why)
    s:confidence("medium", "possible runaway thread: part of the measured CPU may not be real demand")
  end,
}

rule {
  id = "smp-coscheduling",
  doc = "CPU-heavy SMP workloads suffer co-scheduling as guests (Shelden, CMG 2005).",
  when = function(w) return (w.cores or 0) >= SMP_CORES and (p95(w, "cpu_pct") or 0) >= SMP_CPU_P95 end,
  score = function(w, s)
    local why = ("CPU-heavy SMP: %d cores at %s CPU at p95; an SMP guest is dispatched on all its vCPUs "
      .. "at once, and two 2-vCPU guests at 55%% drove a 2-way host to only 65%% busy (Shelden, CMG 2005); "
      .. "under one OS image its threads are scheduled one by one, and the planner's co-scheduling "
      .. "term sizes the loss for the target hypervisor (relaxed co-scheduling since ESX 3 keeps it small)")
      :format(w.cores, pct(p95(w, "cpu_pct")))
    -- A caution, not a veto: its peaks may be exactly the ones that fold
    -- into other workloads' valleys.
    s:add(VM_GUEST, -10, why)
    s:add(CO_HOST, 15, why)
    s:add(VM_DEDICATED, 5, why)
  end,
}

rule {
  id = "cpu-ready",
  doc = "An existing guest already waiting for CPU (esxtop %RDY) needs dedicated processors.",
  when = function(w) return has(w, "vm_cpu_ready_pct") end,
  score = function(w, s)
    local rdy = p95(w, "vm_cpu_ready_pct")
    local vcpus = w.cores or 1
    if rdy / vcpus <= READY_PER_VCPU then
      return
    end
    local why = ("CPU ready %s at p95 over %d vCPU (%s per vCPU; over %d%% per vCPU degrades, "
      .. "VMware practice): it already waits for processors as a guest")
      :format(pct(rdy), vcpus, pct(rdy / vcpus), READY_PER_VCPU)
    s:add(VM_GUEST, -10, why)
    s:add(VM_DEDICATED, 15, why)
  end,
}

-- Placement constraints. ----------------------------------------------------

rule {
  id = "domain-controller",
  doc = "Two domain controllers of one domain never share a host; a DC never shares its OS image.",
  when = function(w) return role_is(w, "dc", "domain-controller", "ad") end,
  score = function(w, s)
    local domain = tag(w, "domain") or "default"
    s:anti_affinity("dc:" .. domain)
    s:add(VM_GUEST, 5, ("domain controller of %s: virtualize, but never two DCs of one domain on one "
      .. "host (anti-affinity dc:%s)"):format(domain, domain))
    s:add(CO_HOST, -20, "a domain controller does not share its OS image with applications")
  end,
}

rule {
  id = "cluster",
  doc = "Nodes of one cluster never share a host.",
  when = function(w) return tag(w, "cluster") ~= nil end,
  score = function(w, s)
    local c = tag(w, "cluster")
    s:anti_affinity("cluster:" .. c)
    s:add(VM_GUEST, 0, ("node of cluster %s: its nodes never share a host, or one host failure takes "
      .. "the cluster down (anti-affinity cluster:%s)"):format(c, c))
  end,
}

rule {
  id = "same-site",
  doc = "A workload stays in its site unless a policy moves it.",
  when = function(w) return w.site ~= nil and w.site ~= "" end,
  score = function(w, s)
    s:site(w.site)
  end,
}
