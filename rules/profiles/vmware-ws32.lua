-- vmware-ws32.lua — VMware Workstation 3.2: a hosted binary-translation
-- monitor on a desktop OS, the "VMware" column of Barham et al. (SOSP
-- 2003). Kept to reproduce that paper's relative-to-native figures; not a
-- consolidation target. Every parameter is {value, "source"}.
name = "vmware-ws32"
title = "VMware Workstation 3.2 (hosted, binary translation)"

sched_per_vm_pct = {0.2, "estimate: a hosted monitor is dispatched by the host OS like any process; only one guest is measured in Barham 2003, whose SPEC INT 0.98 leaves room for about 0.2 %"}
sched_base_pct = {0, "Barham et al., SOSP 2003: SPEC INT 2000 at ≈ 0.98 of native: user code runs directly"}
priv_cost = {0.8, "estimate calibrated on Barham et al., SOSP 2003: a Linux build (30 % privileged) at 0.79 of native"}
hw_assist = {0, "Workstation 3.2 (2002) predates VT-x/AMD-V"}
npp_factor = {2.5, "estimate: I/O-stack kernel code (physical addresses) is hit hardest under binary translation (DESIGN §1); calibrated with io_cost on SPECweb99 < 0.33 (Barham 2003)"}
io_cost = {4.0, "estimate calibrated on Barham et al., SOSP 2003 (SPECweb99 below 0.33 of native): every I/O of a hosted monitor costs a world switch to the host OS and a pass through its driver stack"}
pv_io_saving = {0, "emulated devices only"}
cosched = {0, "single-processor guests"}
vcpu_max = {1, "Workstation 3.2 guests have one virtual processor"}
vcpu_threads = {0, "one vCPU anyway"}

vm_memory = {
  source = "estimate: about the ESX 2 figure for a 1-vCPU guest (54 MB, ESX 2.x Administration Guide), the same monitor",
  vcpus = {1},
  guest_mb = {512, 1536},
  mb = {{54}, {86}},
}
host_kernel_mb = {256, "estimate: a 2002 desktop host OS"}
host_console_mb = {0, "no console"}
host_free_pct = {0, "estimate: the host OS pages instead"}
page_sharing_enabled = {0, "Workstation does not share pages between VMs"}
share_intra = {0, "no page sharing"}
share_inter = {0, "no page sharing"}
overcommit = {1, "the host OS pages guest memory"}
guest_ram_max_mb = {0, "not a consolidation target; no limit applied"}
