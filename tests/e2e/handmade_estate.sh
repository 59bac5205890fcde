#!/usr/bin/env bash
# A hand-made estate (not the bundled samples) in several input formats —
# a ';'-separated inventory with a BOM, a long CSV, a perfmon CSV with
# blanks and two hosts, a sysstat XML — goes through `nfold run` in one
# command. Checks: exit 0, the XML validates against the shipped XSD, every
# workload has exactly one recommendation with at least one reason, and at
# least two scenarios carry hosts, os-images and lower-bound.
set -u
nfold=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/in"
fail() { echo "FAIL: $*"; exit 1; }

printf '\xef\xbb\xbf' > "$dir/in/inventory.csv"
cat >> "$dir/in/inventory.csv" <<'INV'
Name;Site;Role;OS;Cores;MHz;RAM_MB;Model;Criticality;Owner
WEBA;north;web;Windows Server 2016;4;2600;8192;PowerEdge R640 Xeon Gold 6130;normal;team-web
WEBB;north;web;Windows Server 2016;4;2600;8192;PowerEdge R640 Xeon Gold 6130;normal;team-web
SQLA;north;sql;Windows Server 2016;8;2600;32768;PowerEdge R640 Xeon Gold 6130;high;dba
BKP1;north;backup;Windows Server 2012 R2;4;2930;8192;PowerEdge R710 Xeon X5670;normal;ops
LNX1;north;app;Linux;4;2600;16384;PowerEdge R640 Xeon Gold 6130;normal;apps
INV

# A day of 5-minute samples: web busy by day, SQL steady, backup by night.
{
  echo "server,timestamp,metric,value"
  for i in $(seq 0 287); do
    ts=$((1772323200 + i * 300)); h=$((i / 12))
    day=$(( h >= 8 && h < 18 ? 1 : 0 )); night=$(( h < 4 ? 1 : 0 ))
    echo "SQLA,$ts,cpu_pct,$((20 + i % 7))"
    echo "SQLA,$ts,mem_avail_mb,$((6000 + (i % 11) * 10))"
    echo "SQLA,$ts,disk_iops,$((300 + i % 50))"
    echo "BKP1,$ts,cpu_pct,$((3 + night * 6))"
    echo "BKP1,$ts,cpu_intr_pct,$((1 + night * 9))"
    echo "BKP1,$ts,disk_iops,$((20 + night * 2400))"
    echo "BKP1,$ts,disk_mbps,$((1 + night * 180))"
    echo "BKP1,$ts,mem_avail_mb,5000"
  done
} > "$dir/in/long.csv"

# perfmon: two hosts in one relog file, first row blank.
{
  printf '"(PDH-CSV 4.0) (Coordinated Universal Time)(0)"'
  for h in WEBA WEBB; do
    printf ',"\\\\%s\\Processor(_Total)\\%% Processor Time","\\\\%s\\Memory\\Available MBytes","\\\\%s\\Network Interface(eth)\\Bytes Total/sec"' $h $h $h
  done
  printf '\n"03/01/2026 00:00:00.000"," ","4000"," "," ","4100"," "\n'
  for i in $(seq 1 287); do
    s=$((i * 300)); hh=$((s / 3600)); mm=$((s % 3600 / 60))
    day=$(( hh >= 8 && hh < 18 ? 1 : 0 ))
    printf '"03/01/2026 %02d:%02d:00.000","%d","%d","%d","%d","%d","%d"\n' $hh $mm \
      $((5 + day * 40)) $((5000 - day * 1500)) $((100000 + day * 2000000)) \
      $((6 + day * 35)) $((5100 - day * 1400)) $((90000 + day * 1500000))
  done
} > "$dir/in/web-perfmon.csv"

cat > "$dir/in/lnx1.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<sysstat xmlns="https://sysstat.github.io">
  <sysdata-version>3.17</sysdata-version>
  <host nodename="LNX1">
    <sysname>Linux</sysname><release>6.1.0</release><machine>x86_64</machine>
    <number-of-cpus>4</number-of-cpus>
    <file-date>2026-03-01</file-date>
    <statistics>
      <timestamp date="2026-03-01" time="00:00:00" utc="1" interval="300">
        <cpu-load><cpu number="all" usr="10.00" nice="0.00" sys="3.00" iowait="0.50" steal="0.00" irq="0.20" soft="0.30" guest="0.00" gnice="0.00" idle="86.00"/></cpu-load>
      </timestamp>
      <timestamp date="2026-03-01" time="12:00:00" utc="1" interval="300">
        <cpu-load><cpu number="all" usr="40.00" nice="0.00" sys="6.00" iowait="0.50" steal="0.00" irq="0.20" soft="0.30" guest="0.00" gnice="0.00" idle="53.00"/></cpu-load>
      </timestamp>
    </statistics>
  </host>
</sysstat>
XML

"$nfold" --db "$dir/study.db" run "$dir/in" -o "$dir/out" > "$dir/run.out" 2> "$dir/run.err" \
  || { cat "$dir/run.out" "$dir/run.err"; fail "nfold run exited $?"; }
. "$NFOLD_SOURCE/tests/lib/report_checks.sh"
check_reports "$dir/out" 5 || exit 1
x() { xq "$dir/out/report.xml" "$1"; }
# The backup server is I/O-bound at night: not a plain VM guest.
bk=$(x "string(/nfold-report/workloads/workload[@name='BKP1']/recommendation/@strategy)")
case $bk in vm-dedicated-cpu|native) ;; *) fail "BKP1 (I/O-bound backup) got '$bk'";; esac
echo "handmade estate: 5 workloads, BKP1 -> $bk"
