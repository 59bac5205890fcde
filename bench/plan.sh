#!/usr/bin/env bash
# bench/plan.sh — planner benchmarks (docs/planner.md, bench/README.md "planner").
# usage: bench/plan.sh [quality|large|effort|planted|scale|mip|cliquelp|cli|spread|all]   (run from the source tree)
# Builds bench/plan_bench.c against the folding core, then prints figures:
#   quality  hosts vs lower bound vs sum-of-p95 first fit, realistic traces,
#            5-minute slots for a week, 300 workloads, 5 seeds (+ no-spiky mix),
#            and 400 servers modelled on the sample estate's generator, 5 seeds;
#            then both in 60-minute slots (168 a week)
#   large    the spiky mix at 800 and 1,600 workloads, seeds 1-3 (the spiky split)
#   effort   the spiky mix at 300 workloads, seeds 1-5, at effort 1, 4 and 16
#            (fold_cfg.effort, `plan --effort`)
#   planted  instances with a known packing on 20 hosts, seeds 1-3: as drawn (the
#            optimum is at most 20), and with each host topped up by half and by
#            90 % of its free room (filler=0.9: where the bound reaches 20, 20 is
#            the optimum); then the same on 100 hosts, seed 1
#   scale    10,000 workloads × 2,016 slots × 4 dims, time and peak memory
#   mip      gap to the exact optimum (cbc) on 12-40 workloads × 24 slots, and
#            cbc's bound on the 300-workload instances over their 12 busiest slots
#   cliquelp the 300-workload instances' bound from an LP that keeps a conflict
#            clique whole (cbc): how much of the gap is the bound's
#   cli      the whole `nfold import/score/plan` path on a generated estate
#            (CLI_SERVERS servers, default 500; EFFORT=N plans with --effort N)
#   spread   how far apart the hosts of the latest plan in DB (default: cli's
#            database) peak, against packings that balance volume blind to
#            time (bench/plan_spread.py); not part of all
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${BENCH_OUT:-/tmp/nfold-plan-bench}
mkdir -p "$out"
cc -O2 -std=gnu11 -I"$src/core" "$src/bench/plan_bench.c" "$src/core/fold.c" "$src/core/util.c" \
   -lm -o "$out/plan_bench"
what=${1:-all}

if [ "$what" = quality ] || [ "$what" = all ]; then
  for s in 1 2 3 4 5; do "$out/plan_bench" quality $s 300; done
  for s in 1 2 3; do "$out/plan_bench" quality $s 300 nospiky; done
  for s in 1 2 3 4 5; do "$out/plan_bench" quality $s 400 estate; done
  # the same week in 60-minute slots (168): rounds the fewer slots afford
  for s in 1 2 3 4 5; do "$out/plan_bench" quality $s 300 slots=168; done
  for s in 1 2 3 4 5; do "$out/plan_bench" quality $s 400 estate slots=168; done
fi

if [ "$what" = large ] || [ "$what" = all ]; then
  for n in 800 1600; do for s in 1 2 3; do "$out/plan_bench" quality $s $n; done; done
fi

if [ "$what" = effort ] || [ "$what" = all ]; then
  for e in 1 4 16; do for s in 1 2 3 4 5; do "$out/plan_bench" quality $s 300 effort=$e; done; done
fi

if [ "$what" = planted ] || [ "$what" = all ]; then
  for f in 0 0.5 0.9; do for s in 1 2 3; do "$out/plan_bench" planted $s 20 filler=$f; done; done
  for f in 0 0.5 0.9; do "$out/plan_bench" planted 1 100 filler=$f; done
fi

if [ "$what" = scale ] || [ "$what" = all ]; then
  command -v /usr/bin/time >/dev/null || apt-get install -y time >/dev/null
  /usr/bin/time -v "$out/plan_bench" scale 10000 2> "$out/scale.time"
  grep -E "Elapsed|Maximum resident|User time" "$out/scale.time"
fi

if [ "$what" = mip ] || [ "$what" = all ]; then
  # CBC (coinor-cbc) proves optimality where glpsol times out; its proven
  # bound on a slot-restricted instance is a lower bound on the full one.
  command -v cbc >/dev/null || apt-get install -y coinor-cbc >/dev/null
  cbc_run() { # LP-file seconds -> "status objective bound"
    timeout $(($2 + 30)) cbc "$1" sec "$2" solve solu "$1.sol" 2>&1 |
      awk '/^Result - /{st=$3" "$4} /^Objective value:/{o=$3} /^Lower bound:/{lb=$3}
           END{printf "cbc=%s objective=%s cbc_bound=%s\n", st, o, lb}'
  }
  for n in 12 24 40; do for s in 1 2 3; do
    line=$("$out/plan_bench" mip $s $n 24 "$out/mip$n-$s.lp")
    echo "$line $(cbc_run "$out/mip$n-$s.lp" ${MIP_SECONDS:-60})"
  done; done
  for s in 1 2 3 4 5; do
    line=$("$out/plan_bench" mipslots $s 300 12 "$out/slots$s.lp")
    echo "$line $(cbc_run "$out/slots$s.lp" ${MIP_SECONDS:-60})"
  done
fi

if [ "$what" = cliquelp ] || [ "$what" = all ]; then
  # The relaxation that keeps a conflict clique whole (plan_bench.c,
  # write_clique_lp) is a plain LP: its optimum, rounded up, is a bound.
  command -v cbc >/dev/null || apt-get install -y coinor-cbc >/dev/null
  for s in 1 2 3 4 5; do
    line=$("$out/plan_bench" cliquelp $s 300 "$out/clique$s.lp")
    echo "$line $(timeout 900 cbc "$out/clique$s.lp" solve 2>&1 |
      awk '/^Optimal objective/{o=$3}
           END{if (o == "") {print "lp=unsolved"; exit}
               b = int(o - 1e-6); if (b < o - 1e-6) b++
               printf "lp_objective=%s clique_lp_bound=%d\n", o, b}')"
  done
fi

if [ "$what" = cli ] || [ "$what" = all ]; then
  nfold=${NFOLD:-$src/build/nfold}
  command -v python3 >/dev/null || apt-get install -y python3 >/dev/null
  python3 "$src/bench/plan_estate.py" "${CLI_SERVERS:-500}" "$out/inv.csv" "$out/samples.csv"
  rm -f "$out/cli.db"*
  /usr/bin/time -f "import %e s %M kB" "$nfold" --db "$out/cli.db" import "$out/inv.csv" "$out/samples.csv" >/dev/null
  /usr/bin/time -f "score %e s %M kB" "$nfold" --db "$out/cli.db" score >/dev/null
  /usr/bin/time -f "plan %e s %M kB" "$nfold" --db "$out/cli.db" plan --slot 5 ${EFFORT:+--effort "$EFFORT"}
fi

if [ "$what" = spread ]; then
  command -v python3 >/dev/null || apt-get install -y python3 >/dev/null
  for sc in all-vm hybrid; do python3 "$src/bench/plan_spread.py" "${DB:-$out/cli.db}" $sc 5; done
fi
