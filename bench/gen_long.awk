# gen_long.awk — writes a long CSV (server,timestamp,metric,value) for the
# import benchmark: S servers x T timestamps (5 minutes apart from
# 2026-03-01T00:00:00Z) x the 8 canonical metrics below, sorted by server,
# then time, then metric (the order exporters write).
# usage: awk -v S=200 -v T=2016 -f gen_long.awk > long.csv
function civil(z,    era, doe, yoe, y, doy, mp, d, m) {
  # Howard Hinnant's civil_from_days.
  z += 719468
  era = int((z >= 0 ? z : z - 146096) / 146097)
  doe = z - era * 146097
  yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
  y = yoe + era * 400
  doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
  mp = int((5 * doy + 2) / 153)
  d = doy - int((153 * mp + 2) / 5) + 1
  m = mp < 10 ? mp + 3 : mp - 9
  return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}
BEGIN {
  if (S == "") S = 200
  if (T == "") T = 2016
  split("cpu_pct cpu_priv_pct cpu_intr_pct cpu_dpc_pct cpu_queue mem_avail_mb disk_iops net_mbps", M, " ")
  base = 1772323200  # 2026-03-01T00:00:00Z
  for (t = 0; t < T; t++) {
    ts = base + 300 * t
    day = int(ts / 86400); sec = ts - day * 86400
    TS[t] = sprintf("%sT%02d:%02d:%02dZ", civil(day), int(sec / 3600), int(sec % 3600 / 60), sec % 60)
  }
  print "server,timestamp,metric,value"
  x = 12345
  for (s = 1; s <= S; s++) {
    name = sprintf("srv%04d", s)
    for (t = 0; t < T; t++)
      for (m = 1; m <= 8; m++) {
        x = (x * 16807) % 2147483647
        printf "%s,%s,%s,%.2f\n", name, TS[t], M[m], (x % 10000) / 100
      }
  }
}
