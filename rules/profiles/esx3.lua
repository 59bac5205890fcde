-- esx3.lua — VMware ESX 3.5: bare-metal, binary translation by default
-- (first-generation VT-x was no faster), relaxed co-scheduling, up to 4
-- vCPUs, transparent page sharing on. Every parameter is {value, "source"}.
name = "esx3"
title = "VMware ESX 3.5 (binary translation, relaxed co-scheduling)"

sched_per_vm_pct = {0.2, "estimate: no per-VM benchmark published for ESX 3; slightly below the esx2 estimate for the relaxed co-scheduler"}
sched_base_pct = {0, "binary translation runs guest user code directly (as esx2; Barham et al. SOSP 2003 SPEC INT ≈ 0.98 on VMware's monitor)"}
priv_cost = {0.8, "the same binary-translation cost as esx2 (calibrated on Barham et al. SOSP 2003, Linux build 0.79)"}
hw_assist = {0, "ESX 3 uses binary translation by default for 32-bit guests: first-generation VT-x was no faster than BT (Adams & Agesen, ASPLOS 2006)"}
npp_factor = {2.5, "as esx2: physical-address-heavy kernel code is hit hardest under binary translation (DESIGN §1)"}
io_cost = {1.0, "DESIGN §1: native % Interrupt + % DPC Time ≈ the extra host CPU of the emulated I/O path"}
pv_io_saving = {0, "no paravirtual SCSI before vSphere 4 (PVSCSI, VMware performance blog 2010)"}
cosched = {1.3, "estimate: ESX 3 introduced relaxed co-scheduling (vCPUs co-stopped only when their skew grows), keeping about 0.4 of the strict gang loss calibrated for esx2 (3.15, Shelden, CMG 2005)"}
cosched_gang = {2, "estimate: relaxed co-scheduling (VMware, The CPU Scheduler in VMware ESX 4.1, 2010) co-stops only a vCPU that runs ahead of a lagging sibling: the loss is that of a pair"}
max_vcpu_per_pcpu = {8, "estimate, recalled from VMware ESX 3.5 Configuration Maximums (8 virtual CPUs per core; raised to 20 in ESX 3.5 Update 3): verify against the document before relying on it"}
max_guests_per_host = {128, "estimate, recalled from VMware ESX 3.5 Configuration Maximums (128 virtual machines per host; 170 from Update 3): verify against the document"}
vcpu_max = {4, "VMware ESX 3.5 Configuration Maximums: 4 vCPUs per VM"}
vcpu_threads = {0, "sizing practice of the time: vCPUs follow the source's physical cores"}

vm_memory = {
  source = "estimate: the ESX 2.x Administration Guide table (54 MB 1 vCPU ≤ 512 MB, 64 MB 2 vCPU, + 32 MB per GB), extended by +10 MB per extra vCPU; ESX 3's own larger table is not encoded, so this is a lower bound",
  vcpus = {1, 2, 4},
  guest_mb = {512, 1536},
  mb = {
    {54, 64, 84},
    {86, 96, 116},
  },
}
host_kernel_mb = {24, "estimate: the vmkernel's own 24 MB as in the ESX 2.x Administration Guide"}
host_console_mb = {272, "VMware ESX 3.x: the service console's default memory is 272 MB"}
host_free_pct = {6, "estimate: ESX 2's 6 % minimum free (ESX 2.x Administration Guide), kept for ESX 3"}
page_sharing_enabled = {1, "ESX 3 shares identical pages across VMs by default (Waldspurger, OSDI 2002)"}
share_intra = {0.05, "as esx2: estimate of sharing within one VM"}
share_inter = {0.37, "as esx2: calibrated on Waldspurger OSDI 2002 (33–43 % for 10 homogeneous NT guests)"}
overcommit = {1, "ESX 3 over-commits memory with ballooning, sharing and swap"}
guest_ram_max_mb = {65536, "VMware ESX 3.5 Configuration Maximums: 64 GB per VM"}
