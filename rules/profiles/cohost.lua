-- cohost.lua — the price of consolidating under one OS image instead of
-- separate VMs: workloads that share one kernel contend for its buffer
-- cache, locks and scheduler. Loaded with every profile (after common.lua),
-- so the planner reads it with hv_get whatever the hypervisor, and
-- `--set cohost_contention=F` overrides it.

-- Aggregate throughput lost by several instances of a heavy server
-- (database) in one OS compared with the same in separate VMs.
cohost_contention = {0.30, "Barham et al., SOSP 2003: several PostgreSQL instances in one Linux gave 25–35 % lower aggregate throughput than separate Xen domains; 0.30 is the midpoint"}
-- Published range, used by `nfold figures` to check the parameter.
cohost_contention_lo = {0.25, "Barham et al., SOSP 2003 (low end of the 25–35 % range)"}
cohost_contention_hi = {0.35, "Barham et al., SOSP 2003 (high end of the 25–35 % range)"}
-- Light workloads (web sites in application pools, file shares) contend far
-- less: they do not each own a buffer pool.
cohost_contention_light = {0.05, "estimate: IIS application pools share http.sys and the file cache by design; no published figure, kept small"}
