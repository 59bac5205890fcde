# report_checks.sh — sourced by the end-to-end tests: the report contract of
# issue "The spine" checked on an output folder of `nfold run`/`demo`.
#   check_reports DIR N   — report.xml/html/csv exist; the XML validates
#                           against the shipped XSD; N workloads, each with
#                           exactly one recommendation and at least one
#                           reason; at least two scenarios carry hosts,
#                           os-images and lower-bound.
# Prints FAIL lines and returns 1 on the first broken promise.
xq() { xmllint --xpath "$2" "$1" 2>/dev/null; }

check_reports() {
  local out=$1 want=$2 xml=$1/report.xml f
  for f in report.xml report.html report.csv; do
    [ -s "$out/$f" ] || { echo "FAIL: no $f"; return 1; }
  done
  xmllint --noout --schema "$NFOLD_SOURCE/reports/nfold-report.xsd" "$xml" 2> "$out/xsd.err" \
    || { cat "$out/xsd.err"; echo "FAIL: report.xml does not validate"; return 1; }
  local n bad full
  n=$(xq "$xml" 'count(/nfold-report/workloads/workload)')
  [ "$n" = "$want" ] || { echo "FAIL: expected $want workloads, got $n"; return 1; }
  bad=$(xq "$xml" 'count(/nfold-report/workloads/workload[count(recommendation) != 1 or count(recommendation/reason) = 0])')
  [ "$bad" = 0 ] || { echo "FAIL: $bad workloads without exactly one recommendation with a reason"; return 1; }
  full=$(xq "$xml" 'count(/nfold-report/scenarios/scenario[@hosts and @os-images and @lower-bound])')
  [ "$full" -ge 2 ] || { echo "FAIL: only $full scenarios carry hosts, os-images and lower-bound"; return 1; }
  grep -q "https\?://" "$out/report.html" && grep -Eq '(src|href)="https?://' "$out/report.html" \
    && { echo "FAIL: report.html fetches from the network"; return 1; }
  return 0
}
