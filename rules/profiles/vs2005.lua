-- vs2005.lua — Microsoft Virtual Server 2005 R2: hosted on Windows Server
-- 2003, single-processor guests, no memory over-commit. Every parameter is
-- {value, "source"}.
name = "vs2005"
title = "Microsoft Virtual Server 2005 R2 (hosted, no over-commit)"

sched_per_vm_pct = {0.5, "estimate: a hosted monitor is dispatched by the host OS scheduler; no per-VM benchmark published, twice the esx2 estimate"}
sched_base_pct = {0, "estimate: user code runs directly under the software monitor, as under binary translation"}
priv_cost = {1.0, "estimate: a hosted software monitor pays at least the binary-translation cost calibrated for VMware's (0.8, Barham et al. SOSP 2003), plus world switches to the host"}
hw_assist = {0, "Virtual Server 2005 R2 (before SP1) does not use Intel VT-x / AMD-V"}
npp_factor = {2.5, "as esx2: physical-address-heavy kernel code is hit hardest under a software monitor (DESIGN §1)"}
io_cost = {2.0, "estimate: a hosted monitor's I/O goes through the host OS's driver stack as well as the guest's: about twice the bare-metal doubled path (DESIGN §1)"}
pv_io_saving = {0, "emulated devices (Intel 21140 NIC, emulated SCSI) only"}
cosched = {0, "single-processor guests: nothing to co-schedule"}
vcpu_max = {1, "Microsoft Virtual Server 2005: guests have one virtual processor"}
vcpu_threads = {0, "one vCPU anyway"}

vm_memory = {
  source = "Microsoft KB 903748: up to 32 MB per running virtual machine (taken at its maximum)",
  vcpus = {1},
  guest_mb = {512},
  mb = {{32}},
}
host_kernel_mb = {400, "DESIGN §1, the seed's rule of thumb: ≈ 400 MB for the host (Windows Server 2003 and the Virtual Server service)"}
host_console_mb = {0, "no separate console: the host OS is counted in host_kernel_mb"}
host_free_pct = {0, "estimate: the host OS pages rather than keeping a hypervisor free floor"}
page_sharing_enabled = {0, "Virtual Server 2005 has no page sharing (Microsoft KB 903748: memory is not over-committed)"}
share_intra = {0, "no page sharing"}
share_inter = {0, "no page sharing"}
overcommit = {0, "Microsoft KB 903748: no memory over-commit; a guest needs its full RAM or it will not boot"}
guest_ram_max_mb = {3686, "Microsoft KB 903748: at most 3.6 GB per virtual machine"}
