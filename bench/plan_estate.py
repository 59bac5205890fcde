#!/usr/bin/env python3
"""Generates an inventory CSV and a long CSV (DESIGN §3) of N servers with a
week of 5-minute samples (diurnal web, night batch, flat, spiky), for the
CLI planner benchmark in bench/plan.sh. usage: plan_estate.py N INV SAMPLES"""
import math, random, sys

n, inv, smp = int(sys.argv[1]), sys.argv[2], sys.argv[3]
random.seed(7)
t0 = 1772323200  # 2026-03-01T00:00:00Z
roles = [("web", "Windows Server 2019"), ("app", "Red Hat Enterprise Linux 8"),
         ("file", "Windows Server 2019"), ("sql", "Windows Server 2019")]
with open(inv, "w") as f, open(smp, "w") as g:
    f.write("name,site,role,os,cores,mhz,ram_mb,model\n")
    g.write("server,timestamp,metric,value\n")
    for i in range(n):
        role, os_ = roles[i % len(roles)]
        cores = random.choice([2, 2, 4, 4, 8, 16])
        ram = cores * random.choice([2048, 4096, 8192])
        site = "ams" if i % 5 else "lon"
        name = f"srv{i:05d}"
        f.write(f"{name},{site},{role},{os_},{cores},2600,{ram},Xeon Gold\n")
        kind = random.random()
        base, amp, ph = 3 + random.random() * 10, 20 + random.random() * 50, random.uniform(-1.5, 1.5)
        use = 0.4 + random.random() * 0.4
        for k in range(7 * 288):
            t = t0 + k * 300
            h = ((t % 86400) / 3600 + ph) % 24
            if kind < 0.4:
                c = base + amp * max(0, math.sin(math.pi * (h - 7) / 14))
            elif kind < 0.6:
                c = base + (amp + 20 if 1 <= h < 5 else 0)
            elif kind < 0.85:
                c = base + amp * 0.4
            else:
                c = base + (amp + 20 if random.random() < 0.03 else 0)
            c = max(0, min(100, c + random.uniform(-2, 2)))
            g.write(f"{name},{t},cpu_pct,{c:.1f}\n")
            g.write(f"{name},{t},mem_avail_mb,{ram * (1 - use):.0f}\n")
            g.write(f"{name},{t},disk_iops,{100 + c * 10:.0f}\n")
