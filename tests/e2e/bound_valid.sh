#!/usr/bin/env bash
# The lower bound never exceeds the hosts a plan uses, on estates drawn
# from the sample generator with several seeds and sizes, for every
# scenario and two hypervisor generations: a bound above a solution would
# be a false promise in every report.
set -u
nfold=$1
gen=${NFOLD_BUILD:?}/nfold-gen-samples
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
for seed in 1 2 3 4; do
  for n in 12 40; do
    rm -rf "$dir/e" "$dir"/t.db*
    "$gen" --seed $seed --servers $n --days 2 --out "$dir/e" > /dev/null 2>&1 || { echo "FAIL: generator"; exit 1; }
    "$nfold" --db "$dir/t.db" import -q "$dir/e"/inventory.csv "$dir/e"/perfmon/*.csv || exit 1
    "$nfold" --db "$dir/t.db" score > /dev/null || exit 1
    for hv in esx2 esxi8; do
      "$nfold" --db "$dir/t.db" plan --hypervisor $hv --host cores=16,mhz=2600,ram_gb=128 --slot 15 > /dev/null || exit 1
      bad=$(sqlite3 "$dir/t.db" "SELECT name || ' ' || hosts || ' < bound ' || lower_bound FROM scenarios
             WHERE plan_id = (SELECT max(id) FROM plans) AND lower_bound > hosts")
      if [ -n "$bad" ]; then echo "FAIL: seed $seed, $n servers, $hv: $bad"; fail=1; fi
    done
  done
done
[ $fail = 0 ] && echo "lower bound <= hosts on 16 plans x 3 scenarios"
exit $fail
