-- none.lua — the zero-overhead profile: pure folding, for what-ifs and
-- tests (DESIGN §4: `--hypervisor none`). Every term is zero by definition,
-- not by measurement.
name = "none"
title = "No hypervisor (pure folding, zero overhead)"

sched_per_vm_pct = {0, "definition: the none profile adds no overhead"}
sched_base_pct = {0, "definition: the none profile adds no overhead"}
priv_cost = {0, "definition: the none profile adds no overhead"}
hw_assist = {0, "definition: the none profile adds no overhead"}
npp_factor = {1, "definition: neutral multiplier"}
io_cost = {0, "definition: the none profile adds no overhead"}
pv_io_saving = {0, "definition: the none profile adds no overhead"}
cosched = {0, "definition: no gang scheduling"}
vcpu_max = {0, "definition: 0 = no limit on vCPUs"}
vcpu_threads = {0, "definition: vCPUs = physical cores of the source"}
-- no vm_memory table: per-VM memory overhead 0
host_kernel_mb = {0, "definition: no host reservation"}
host_console_mb = {0, "definition: no host reservation"}
host_free_pct = {0, "definition: no free-memory floor"}
page_sharing_enabled = {0, "definition: no page sharing"}
share_intra = {0, "definition: no page sharing"}
share_inter = {0, "definition: no page sharing"}
overcommit = {1, "definition: a guest gets its measured need"}
guest_ram_max_mb = {0, "definition: 0 = no limit"}
