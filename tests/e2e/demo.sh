#!/usr/bin/env bash
# `nfold demo` on the bundled estate: 36 workloads, each with exactly one
# verdict and a reason; the XML validates; at least two scenarios carry
# hosts, OS images and a lower bound; the phenomena the samples were built
# to show get the verdicts an experienced planner expects.
set -u
nfold=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$nfold" demo -o out > run.out 2> run.err || { cat run.out run.err; echo "FAIL: nfold demo exited $?"; exit 1; }
. "$NFOLD_SOURCE/tests/lib/report_checks.sh"
check_reports out 36 || exit 1
v() { xq out/report.xml "string(/nfold-report/workloads/workload[@name='$1']/recommendation/@strategy)"; }
fail=0
expect() { # workload allowed-verdicts...
  local w=$1 got; shift; got=$(v "$w")
  for ok in "$@"; do [ "$got" = "$ok" ] && return 0; done
  echo "FAIL: $w got '$got', expected one of: $*"; fail=1
}
expect SEA-BKP01 vm-dedicated-cpu native        # I/O-bound backup (DESIGN §1)
expect SEA-WEB03 native                         # network-bound and critical
expect SEA-APP03 native co-host                 # memory-constrained, paging: never a plain guest
expect SEA-SQL01 co-host vm-guest               # SQL Server: co-host as an instance
expect SEA-WEB01 co-host vm-guest               # IIS: app pools
[ "$(xq out/report.xml "string(/nfold-report/workloads/workload[@name='SEA-APP06']/confidence/@level)")" = low ] \
  || { echo "FAIL: SEA-APP06 is already a VMware guest: its confidence must be low"; fail=1; }
grep -q "validates against the nfold-report schema" run.out || { echo "FAIL: run did not say the XML validates"; fail=1; }
# The terminal names the scenario the reports recommend, with its hosts.
rec=$(xq out/report.xml "string(//scenario[@recommended='true']/@name)")
hosts=$(xq out/report.xml "string(//scenario[@recommended='true']/@hosts)")
grep -q "^recommended: $rec .*, $hosts hosts (lower bound " run.out \
  || { echo "FAIL: no 'recommended: $rec ... $hosts hosts' line"; tail -3 run.out; fail=1; }
[ $fail = 0 ] && echo "demo: 36 workloads, reports valid, phenomena caught"
exit $fail
