#!/usr/bin/env bash
# import.sh — the import benchmark (bench/README.md). Generates test files
# with awk, then times `nfold import` against the sqlite3 shell's `.import`
# of the same file into a plain table, alternating the two, and prints
# medians, rows (values) per second and the ratio nfold / .import. Needs
# bash, awk, sqlite3 and GNU time (/usr/bin/time) for the memory case.
#
# usage: bench/import.sh [-b NFOLD] [-s SERVERS] [-t TIMES] [-r REPS]
#                        [-w WORKDIR] [CASE...]
# CASES: long (default), wide (perfmon, 1,000 columns), rss (peak memory
#        importing a ~1 GB long CSV), all.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
nfold=${NFOLD:-$here/../build/nfold}
servers=200
times=2016
reps=5
work=${TMPDIR:-/tmp}/nfold-bench
rss_servers=1400  # x 2016 x 8 rows of ~47 bytes: ~1.06 GB

while getopts "b:s:t:r:w:h" opt; do
  case $opt in
    b) nfold=$OPTARG ;;
    s) servers=$OPTARG ;;
    t) times=$OPTARG ;;
    r) reps=$OPTARG ;;
    w) work=$OPTARG ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
cases=${*:-long}
[ "$cases" = all ] && cases="long wide rss"

[ -x "$nfold" ] || { echo "import.sh: no nfold binary at $nfold (build it, or -b PATH)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "import.sh: sqlite3 shell not found" >&2; exit 1; }
mkdir -p "$work"

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }

# Runs a command; prints "WALL CPU" seconds (CPU = user + system), so that a
# machine busy with other work still gives a fair comparison.
timed() {
  local TIMEFORMAT='%R %U %S' out
  out=$( { time "$@" > /dev/null; } 2>&1 ) || { echo "import.sh: failed: $*" >&2; echo "$out" >&2; exit 1; }
  echo "$out" | tail -1 | awk '{ printf "%.3f %.3f", $1, $2 + $3 }'
}

# Times one `.import` of CSV into a plain table of a fresh database.
time_sqlite() {
  local db=$work/sqlite.db
  fresh "$db"
  timed sqlite3 "$db" -cmd ".mode csv" ".import '$1' t"
}

# Times one `nfold import` of CSV into a fresh study database.
time_nfold() {
  local db=$work/nfold.db
  fresh "$db"
  timed "$nfold" --db "$db" import -q "$1"
}

# Runs both REPS times, alternating; prints the figures. UNITS is what is
# counted (rows or values), N_SQLITE / N_NFOLD how many each one stores.
compare() {
  local label=$1 csv=$2 units=$3 n_sqlite=$4 n_nfold=$5
  local ws="" cs="" wn="" cn="" i r
  for i in $(seq "$reps"); do
    r=$(time_sqlite "$csv"); ws="$ws ${r% *}"; cs="$cs ${r#* }"
    r=$(time_nfold "$csv"); wn="$wn ${r% *}"; cn="$cn ${r#* }"
  done
  echo "== $label: $(du -h "$csv" | cut -f1), $reps repetitions, alternating"
  echo "   sqlite3 .import  wall:$ws  cpu:$cs"
  echo "   nfold import     wall:$wn  cpu:$cn"
  awk -v ws="$(echo "$ws" | median)" -v cs="$(echo "$cs" | median)" \
      -v wn="$(echo "$wn" | median)" -v cn="$(echo "$cn" | median)" \
      -v ns="$n_sqlite" -v nn="$n_nfold" -v u="$units" 'BEGIN {
    printf "   sqlite3 .import  median %.3f s wall (%.0f %s/s), %.3f s cpu (%.0f %s/s)\n", ws, ns / ws, u, cs, ns / cs, u
    printf "   nfold import     median %.3f s wall (%.0f %s/s), %.3f s cpu (%.0f %s/s)\n", wn, nn / wn, u, cn, nn / cn, u
    printf "   ratio nfold/.import, %s/s: %.2fx wall, %.2fx cpu\n", u, (nn / wn) / (ns / ws), (nn / cn) / (ns / cs)
    printf "%.0f %.0f\n", ns / cs, nn / cn > "/dev/stderr"
  }' 2> "$work/last-rates"
}

case_long() {
  local csv=$work/long-$servers-$times.csv
  [ -s "$csv" ] || awk -v S="$servers" -v T="$times" -f "$here/gen_long.awk" > "$csv"
  local rows=$((servers * times * 8))
  compare "long CSV, $servers servers x $times times x 8 metrics = $rows rows" "$csv" rows "$rows" "$rows"
  cp "$work/last-rates" "$work/long-rates"
  echo "   study database: $(du -h "$work/nfold.db" | cut -f1); plain .import table: $(du -h "$work/sqlite.db" | cut -f1)"
}

case_wide() {
  local hosts=100
  local csv=$work/wide-$hosts-$times.csv
  [ -s "$csv" ] || awk -v H="$hosts" -v T="$times" -f "$here/gen_wide.awk" > "$csv"
  local vals=$((hosts * 10 * times))
  # Check that nfold reads it before timing it (perfmon importer present?).
  local db=$work/nfold.db
  fresh "$db"
  if ! "$nfold" --db "$db" import "$csv" > "$work/wide.out" 2>&1; then
    echo "== wide perfmon CSV: nfold cannot import it yet:"; sed 's/^/   /' "$work/wide.out"; return 0
  fi
  local stored
  stored=$(sqlite3 "$db" "select sum(vals) from imports")
  compare "wide perfmon CSV, $hosts hosts x 10 counters = $((hosts * 10)) columns x $times rows = $vals values" \
    "$csv" values "$vals" "$stored"
  # The issue's yardstick: values per second against .import of the same
  # values as a long CSV (one row per value), measured in this invocation.
  if [ -s "$work/long-rates" ]; then
    read -r long_sqlite _ < "$work/long-rates"
    read -r _ wide_nfold < "$work/last-rates"
    awk -v a="$wide_nfold" -v b="$long_sqlite" 'BEGIN {
      printf "   per value vs .import of the long CSV: %.0f values/s against %.0f rows/s = %.2fx cpu\n", a, b, a / b }'
  fi
}

case_rss() {
  command -v /usr/bin/time >/dev/null || { echo "== rss: needs GNU time (apt-get install time)"; return 0; }
  local csv=$work/long-$rss_servers-2016.csv
  [ -s "$csv" ] || awk -v S="$rss_servers" -v T=2016 -f "$here/gen_long.awk" > "$csv"
  local db=$work/nfold.db
  fresh "$db"
  /usr/bin/time -v "$nfold" --db "$db" import -q "$csv" 2> "$work/rss.txt"
  local kb secs rows=$((rss_servers * 2016 * 8))
  kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/rss.txt")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/rss.txt")
  echo "== peak memory: long CSV of $(du -h "$csv" | cut -f1) ($rows rows)"
  awk -v kb="$kb" -v s="$secs" -v r="$rows" 'BEGIN {
    printf "   nfold import: peak RSS %.1f MB (target < 64 MB), %.1f s, %.0f rows/s\n", kb / 1024, s, r / s }'
  rm -f "$csv"
}

echo "nfold: $nfold ($("$nfold" --version 2>/dev/null || echo '?')); sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(nproc) CPUs"
for c in $cases; do
  case $c in
    long) case_long ;;
    wide) case_wide ;;
    rss) case_rss ;;
    *) echo "import.sh: unknown case '$c' (long, wide, rss, all)" >&2; exit 2 ;;
  esac
done
