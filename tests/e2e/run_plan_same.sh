#!/usr/bin/env bash
# `nfold run` plans from the estate it loaded for scoring instead of
# loading it again (plan_run's LOADED). Its plan must be the one `nfold
# plan` makes from a fresh load with the same options: every scenario's
# hosts and bound, every host's projected peaks and series, every
# placement.
set -u
nfold=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$nfold" demo -o out > run.out 2>&1 || { cat run.out; echo "FAIL: nfold demo exited $?"; exit 1; }
"$nfold" --db out/nfold.db plan > plan.out 2>&1 || { cat plan.out; echo "FAIL: nfold plan exited $?"; exit 1; }
plan() { # plan id -> its scenarios, hosts and placements, one line each
  sqlite3 out/nfold.db "
    SELECT s.name, s.hosts, s.lower_bound, s.os_images, s.oh_cpu_pct, s.oh_ram_mb, s.notes
      FROM scenarios s WHERE s.plan_id = $1 ORDER BY s.id;
    SELECT s.name, h.label, h.kind, h.os_images, h.cpu_peak_pct, h.ram_peak_pct, h.ram_mb,
           h.cpu_series, h.ram_series
      FROM plan_hosts h JOIN scenarios s ON s.id = h.scenario_id
     WHERE s.plan_id = $1 ORDER BY s.id, h.label;
    SELECT s.name, h.label, pl.server_id, pl.strategy, pl.co_host_kind, pl.dedicated_cores,
           pl.cpu_peak, pl.ram_peak_mb
      FROM placements pl JOIN plan_hosts h ON h.id = pl.host_id JOIN scenarios s ON s.id = h.scenario_id
     WHERE s.plan_id = $1 ORDER BY s.id, h.label, pl.server_id;"
}
plan 1 > run.plan
plan 2 > fresh.plan
[ "$(wc -l < run.plan)" -gt 36 ] || { echo "FAIL: run's plan has too few rows"; cat run.plan; exit 1; }
diff run.plan fresh.plan > plan.diff || {
  echo "FAIL: run's plan differs from a plan of the same estate loaded afresh:"
  head -20 plan.diff
  exit 1
}
echo "run: its plan ($(wc -l < run.plan) rows) equals nfold plan's"
