#!/usr/bin/env bash
# The rule example in README.md runs as written: it loads, and its
# site-b-native rule forces a site-B server native.
set -u
nfold=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed -n '/^```lua/,/^```$/p' "$NFOLD_SOURCE/README.md" | sed '1d;$d' > "$dir/ours.lua"
[ -s "$dir/ours.lua" ] || { echo "FAIL: no lua example in README.md"; exit 1; }
cat > "$dir/inv.csv" <<'INV'
name,site,role,cores,mhz,ram_mb,tags
B01,B,app,2,2600,4096,
A01,A,app,2,2600,4096,app=sap
INV
"$nfold" --db "$dir/t.db" import -q "$dir/inv.csv" || exit 1
"$nfold" --db "$dir/t.db" score --rules "$dir/ours.lua" > "$dir/out" 2>&1 || { cat "$dir/out"; exit 1; }
grep -q "^B01 .*native .*site B is out of scope" "$dir/out" || { cat "$dir/out"; echo "FAIL: B01 not native"; exit 1; }
grep -q "^A01 .*co-host (resource-policy).*SAP app server" "$dir/out" || { cat "$dir/out"; echo "FAIL: A01 not co-hosted"; exit 1; }
echo "README rule example: loads and scores as it says"
