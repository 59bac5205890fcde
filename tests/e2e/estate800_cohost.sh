#!/usr/bin/env bash
# The 800-server generated estate (nfold-gen-samples --servers 800, a week at
# 5 minutes), the one bench/README.md and docs/planner.md measure the target
# on: co-host needs 24 hosts against a bound of 21, Frankfurt's partition 18
# against 15. The squeeze gets Frankfurt from 19 to 18 only with the
# annealing's chains (fold.c chain_move) and a second attempt after a near
# miss (NEAR_MISS): without either it stays at 19 (25 in all).
set -u
nfold=$1
gen=${NFOLD_BUILD:?}/nfold-gen-samples
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$gen" --servers 800 --out "$dir/e" > /dev/null || { echo "FAIL: generator"; exit 1; }
"$nfold" --db "$dir/t.db" import -q "$dir/e"/inventory.csv "$dir/e"/perfmon/*.csv || exit 1
"$nfold" --db "$dir/t.db" score > /dev/null || exit 1
"$nfold" --db "$dir/t.db" plan --slot 5 --scenario co-host > "$dir/plan.out" || exit 1
got=$(sqlite3 "$dir/t.db" "SELECT hosts || ' / ' || lower_bound FROM scenarios")
notes=$(sqlite3 "$dir/t.db" "SELECT notes FROM scenarios")
echo "co-host: $got hosts / bound"
echo "$notes" | grep -o 'per partition, hosts/bound: [^;]*'
[ "$got" = "24 / 21" ] || { echo "FAIL: expected 24 / 21"; exit 1; }
echo "$notes" | grep -q 'fra co-host windows 18/15' || { echo "FAIL: expected Frankfurt at 18/15"; exit 1; }
# Three hosts above the bound at the default search: the terminal says so
# and names --effort.
grep -q "^co-host: 2 hosts or more above the lower bound .*--effort 16" "$dir/plan.out" \
  || { cat "$dir/plan.out"; echo "FAIL: no hint that more search may save hosts"; exit 1; }
