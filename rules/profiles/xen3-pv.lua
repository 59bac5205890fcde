-- xen3-pv.lua — Xen 3 with paravirtualized guests: the guest kernel is
-- ported to the hypervisor interface, so privileged instructions become
-- (batched) hypercalls and I/O goes through shared-memory rings. Every
-- parameter is {value, "source"}.
name = "xen3-pv"
title = "Xen 3 (paravirtualized guests)"

sched_per_vm_pct = {0.0586, "Barham et al., SOSP 2003: 128 CPU-bound domains lose 7.5 % at a 5 ms slice: 7.5 / 128 = 0.0586 % per domain"}
slice_ms = {5, "Barham et al., SOSP 2003: the 5 ms time slice of the 128-domain measurement"}
sched_base_pct = {0, "Barham et al., SOSP 2003: SPEC INT 2000 at ≈ 1.00 of native under Xen"}
priv_cost = {0.1, "estimate calibrated on Barham et al., SOSP 2003: a kernel-heavy Linux build (30 % privileged) runs at 0.97 of native: page-table updates are validated hypercalls"}
hw_assist = {0, "paravirtualized guests do not use VT-x/AMD-V; priv_cost is already the hypercall cost"}
npp_factor = {0.1, "estimate calibrated on Barham et al., SOSP 2003 (SPECweb99 within 1 %): I/O-stack kernel code talks to shared rings and system calls use fast trap handlers that bypass Xen, so I/O-heavy kernel time costs a tenth of page-table-heavy time"}
io_cost = {0.01, "estimate calibrated on Barham et al., SOSP 2003 (SPECweb99 within 1 %): zero-copy I/O rings with batched event notification instead of a second emulated interrupt path"}
pv_io_saving = {0, "the paravirtual rings are already in io_cost"}
cosched = {0, "Xen's schedulers (BVT, credit) dispatch vCPUs independently: no gang scheduling"}
vcpu_max = {32, "Xen 3: up to 32 vCPUs per domain"}
vcpu_threads = {0, "sizing practice: one vCPU per physical core of the source"}

vm_memory = {
  source = "Barham et al., SOSP 2003: 20 kB of hypervisor state per domain (0.02 MB)",
  vcpus = {1},
  guest_mb = {512},
  mb = {{0.02}},
}
host_kernel_mb = {16, "estimate: the Xen hypervisor's own heap and frame table on a 2006-size host"}
host_console_mb = {512, "estimate: a typical domain 0 (the driver domain) of the time"}
host_free_pct = {0, "Xen keeps no free floor: domain memory is reserved outright"}
page_sharing_enabled = {0, "Xen 3 does not share pages between domains"}
share_intra = {0, "no page sharing"}
share_inter = {0, "no page sharing"}
overcommit = {0, "Xen 3 reserves each domain's memory in physical RAM; the balloon driver moves memory, it does not over-commit it"}
guest_ram_max_mb = {0, "no per-domain limit below the host's RAM"}
