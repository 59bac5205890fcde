# gen_wide.awk — writes a relog-style perfmon CSV for the import benchmark:
# H hosts x 10 counters = one column each (1,000 columns for H=100), T rows
# 5 minutes apart from 03/01/2026 00:00:00, every cell quoted as relog does.
# usage: awk -v H=100 -v T=2016 -f gen_wide.awk > wide.csv
BEGIN {
  if (H == "") H = 100
  if (T == "") T = 2016
  n = split("Processor(_Total)\\% Processor Time|Processor(_Total)\\% Privileged Time|" \
            "Processor(_Total)\\% Interrupt Time|Processor(_Total)\\% DPC Time|" \
            "System\\Processor Queue Length|System\\Context Switches/sec|" \
            "Memory\\Available MBytes|Memory\\Pages/sec|" \
            "PhysicalDisk(_Total)\\Disk Transfers/sec|Network Interface(eth0)\\Bytes Total/sec", C, "|")
  line = "\"(PDH-CSV 4.0) (Coordinated Universal Time)(0)\""
  for (h = 1; h <= H; h++)
    for (c = 1; c <= n; c++)
      line = line sprintf(",\"\\\\HOST%03d\\%s\"", h, C[c])
  print line
  x = 12345
  for (t = 0; t < T; t++) {
    sec = 300 * t
    day = 1 + int(sec / 86400); s = sec % 86400
    line = sprintf("\"03/%02d/2026 %02d:%02d:%02d.000\"", day, int(s / 3600), int(s % 3600 / 60), s % 60)
    for (i = 0; i < H * n; i++) {
      x = (x * 16807) % 2147483647
      line = line sprintf(",\"%.6f\"", (x % 100000) / 1000)
    }
    print line
  }
}
