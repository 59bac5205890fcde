-- hyperv2022.lua — Microsoft Hyper-V (Windows Server 2022): hardware
-- assisted with SLAT, synthetic (VMBus) devices, no gang scheduling, no
-- page sharing, Dynamic Memory. Every parameter is {value, "source"}.
name = "hyperv2022"
title = "Microsoft Hyper-V, Windows Server 2022"

sched_per_vm_pct = {0.1, "estimate: no per-VM benchmark published; as esxi8 for a mature hardware-assisted scheduler"}
sched_base_pct = {1.5, "estimate from IBM RC25482 (2014): CPU-bound Linpack loses ≈ 2 % on a hardware-assisted hypervisor; 1.5 % here, the rest from the other terms"}
priv_cost = {0.8, "the binary-translation cost of the same guest code (calibrated on Barham et al. SOSP 2003); hw_assist removes most of it"}
hw_assist = {0.9, "estimate: VT-x/AMD-V with SLAT remove most privileged-instruction cost (DESIGN §1; VMware EPT evaluation 2009 for the MMU part)"}
npp_factor = {2.5, "same guest code as esx2: physical-address-heavy kernel code still exits most (DESIGN §1)"}
io_cost = {1.0, "DESIGN §1: native % Interrupt + % DPC Time ≈ the extra host CPU of the doubled I/O path (here the root partition's VSPs)"}
pv_io_saving = {0.2, "estimate by analogy with PVSCSI (VMware performance blog 2010: 10–30 % less CPU per I/O than emulated): synthetic VMBus devices avoid emulation the same way"}
cosched = {0, "Hyper-V dispatches virtual processors independently (the core scheduler pairs SMT siblings, not a VM's vCPUs)"}
max_guests_per_host = {1024, "Microsoft Learn, Plan for Hyper-V scalability in Windows Server: 1,024 running virtual machines per host"}
max_vcpu_per_pcpu = {0, "no per-core ratio: Windows Server 2016 and later drop the 8:1 (12:1 VDI) supported ratio of 2008 R2; the host limit is 2,048 virtual processors"}
vcpu_max = {2048, "Microsoft, Hyper-V maximums for Windows Server 2022: 2048 virtual processors per generation 2 VM"}
vcpu_threads = {0, "sizing practice: one vCPU per physical core of the source"}

vm_memory = {
  source = "Microsoft Hyper-V planning guidance (Windows Server 2008 R2 era, no newer table published): 32 MB for the first GB of guest RAM + 8 MB per additional GB",
  vcpus = {1},
  guest_mb = {1024, 2048},
  mb = {{32}, {40}},
}
host_kernel_mb = {2048, "estimate: Microsoft sizing guidance keeps about 2 GB for the root partition of a Hyper-V host"}
host_console_mb = {0, "the root partition is counted in host_kernel_mb"}
host_free_pct = {0, "Hyper-V keeps no percentage free floor beyond the root reserve"}
page_sharing_enabled = {0, "Hyper-V has no page sharing"}
share_intra = {0, "no page sharing"}
share_inter = {0, "no page sharing"}
overcommit = {1, "Dynamic Memory gives a guest its demand between its minimum and maximum, so a guest is sized by its measured need"}
guest_ram_max_mb = {245760000, "Microsoft, Hyper-V maximums for Windows Server 2022: 240 TB per generation 2 VM"}
