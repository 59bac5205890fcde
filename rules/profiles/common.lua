-- common.lua — parameters every hypervisor profile shares: the thresholds
-- the risks use and the weights that do not depend on the hypervisor.
-- nfold loads this file first, then cohost.lua, then the profile (and the
-- profile's `base`, if it names one), so a profile or `--set KEY=VALUE`
-- can override any of these. Each parameter is {value, "source"}.

-- CPU ready per vCPU: below this is normal operation.
ready_normal_pct = {5, "VMware community practice: CPU ready < 5 % per vCPU is normal (DESIGN §1b)"}
-- CPU ready per vCPU: above this the guest's response time degrades.
ready_degrade_pct = {10, "VMware community practice: CPU ready > 10 % per vCPU degrades (DESIGN §1b)"}

-- A guest whose % Interrupt + % DPC Time is at least this share of its busy
-- time counts as I/O-bound for the io-interrupt-delay risk.
io_bound_share = {0.15, "estimate: interrupt + DPC at 15 % of busy time marks a guest whose throughput is paced by I/O completions (no published threshold)"}
-- Native I/O throughput an I/O-bound guest loses when guests outnumber pCPUs.
io_delay_loss_pct = {50, "Friedman, CMG 2006: I/O-bound guests (backup) lose 50 % or more of native I/O throughput when guests outnumber processors"}

-- Nonpaged pool at which a Windows guest counts as fully "nonpaged-pool
-- heavy" (kernel time in I/O Manager, Cache Manager, TCP/IP, http.sys).
npp_heavy_mb = {100, "estimate: 100 MB is about 40 % of the 256 MB 32-bit Windows Server 2003 nonpaged-pool ceiling, a level only I/O-heavy servers reach"}

-- Paging rate (pages/s, 95th percentile) that marks a guest as paging hard.
paging_high_per_s = {500, "estimate: sustained > 500 pages/s on one disk spindle already costs most of its random I/O capacity (a common perfmon rule of thumb)"}
-- Memory need at this share of installed RAM means the guest is memory-constrained.
mem_tight_pct = {90, "estimate: available memory under 10 % of installed is the usual perfmon sign of memory pressure"}

-- A runaway thread: the median CPU sits at one processor's worth or more
-- and barely moves (p95 − p50 below the flatness threshold).
runaway_core_pct = {95, "estimate: a spinning thread holds one processor at ≥ 95 % for the whole window"}
runaway_flat_pts = {3, "estimate: a loop does not vary with load; p95 − p50 under 3 points of one processor"}

-- Ceiling of the scheduler fraction, so that absurd guest counts stay finite.
sched_frac_max = {0.9, "model bound, not a measurement: the scheduler can never take more than 90 % of a host"}

-- Page-sharing similarity of two guests with the same OS but different roles
-- (same OS and role count 1, different OS 0).
share_same_os = {0.3, "estimate: the same OS shares its kernel and system DLL pages, but most of a guest's memory is its application's (Waldspurger OSDI 2002 measured only identical guests)"}

-- vCPU right-sizing (P2V): a guest gets ceil(peak CPU demand / (core rating
-- × this target)) vCPUs, at least 1, at most the source's cores (threads
-- where the profile's vcpu_threads says so), capped by vcpu_max.
vcpu_target_util = {0.7, "estimate after VMware's right-sizing guidance (vSphere performance best practices: configure only as many vCPUs as the workload can use; vRealize Operations sizes a VM for its peak demand with headroom): 70 % busy per vCPU at the peak"}

-- Placement ceilings the planner enforces per host (0 = none). Profiles
-- set them from their vendor's configuration maximums; `--set` tightens
-- them to a site's own policy (e.g. --set max_vcpu_per_pcpu=4).
max_vcpu_per_pcpu = {0, "no ceiling unless the profile or --set gives one"}
max_guests_per_host = {0, "no ceiling unless the profile or --set gives one"}
