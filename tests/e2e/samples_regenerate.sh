#!/bin/bash
# samples_regenerate.sh — the bundled sample estate (samples/estate) is the
# output of samples/gen_estate.c with its default options. Regenerate it into
# a temporary folder and require it byte for byte identical to the committed
# files, so that generator and data never drift; then import the committed
# estate with nfold and require every file to load in full.
#
# Usage: samples_regenerate.sh NFOLD  (NFOLD_SOURCE, NFOLD_BUILD from ctest)
# After an intended change to the generator:
#   build/nfold-gen-samples --out samples/estate   (from the source tree)
set -u
nfold=${1:?usage: samples_regenerate.sh NFOLD}
src=${NFOLD_SOURCE:?NFOLD_SOURCE not set}
gen=${NFOLD_BUILD:-$(dirname "$nfold")}/nfold-gen-samples
estate=$src/samples/estate
fail() { echo "samples_regenerate: $*" >&2; exit 1; }

[ -x "$gen" ] || fail "no generator at $gen (build target nfold-gen-samples)"
[ -f "$estate/inventory.csv" ] || fail "no committed estate at $estate"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nfold-samples.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# 1. Defaults reproduce the committed estate, file for file, byte for byte.
"$gen" --out "$tmp/estate" || fail "generator failed"
diff -r -q "$estate" "$tmp/estate" || fail "generated estate differs from samples/estate; regenerate with: build/nfold-gen-samples --out samples/estate"

# 2. Explicit options equal to the defaults give the same bytes, and a second
#    run is identical to the first (no hidden state: time, locale, address).
"$gen" --seed 2006 --servers 36 --days 7 --interval-min 5 --out "$tmp/again" || fail "generator failed"
diff -r -q "$tmp/estate" "$tmp/again" || fail "explicit default options changed the output"

# 3. Options are honoured: rows = days * 1440 / interval (+ header), extra
#    servers beyond the catalogue, and a different seed changes the values.
"$gen" --seed 7 --servers 38 --days 1 --interval-min 15 --out "$tmp/small" || fail "generator failed"
n=$(ls "$tmp/small/perfmon" | wc -l)
[ "$n" -eq 38 ] || fail "--servers 38 wrote $n logs"
[ "$(grep -c '' "$tmp/small/inventory.csv")" -eq 39 ] || fail "--servers 38: inventory is not 38 rows + header"
rows=$(grep -c '' "$tmp/small/perfmon/SEA-WEB01.csv")
[ "$rows" -eq 97 ] || fail "--days 1 --interval-min 15 wrote $rows lines, expected 97"
"$gen" --seed 7 --out "$tmp/seed7" || fail "generator failed"
cmp -s "$tmp/seed7/perfmon/SEA-WEB01.csv" "$tmp/estate/perfmon/SEA-WEB01.csv" \
  && fail "--seed 7 gave the same log as the default seed"
"$gen" --days 0 --out "$tmp/bad" 2>/dev/null; [ $? -eq 2 ] || fail "--days 0 was not refused with status 2"

# 4. The committed estate imports with no error, every log in full.
out=$("$nfold" --db "$tmp/s.db" import "$estate/inventory.csv" "$estate"/perfmon/*.csv 2>&1) \
  || { echo "$out" >&2; fail "nfold import of the sample estate failed"; }
echo "$out" | grep -q 'inventory.csv: inventory, 36 new servers' || { echo "$out" >&2; fail "inventory did not load 36 servers"; }
logs=$(ls "$estate/perfmon" | wc -l)
full=$(echo "$out" | grep -c ': perfmon, 0 new servers, 2016 records')
[ "$full" -eq "$logs" ] || { echo "$out" >&2; fail "$full of $logs perfmon logs imported as 2016 records of known servers"; }
echo "samples_regenerate: ok ($logs logs)"
