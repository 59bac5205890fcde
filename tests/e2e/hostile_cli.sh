#!/usr/bin/env bash
# Every hostile input through `nfold import`: the command must end with
# status 0 or 1 (never a crash or a signal), say what is wrong as
# "nfold: FILE...", and leave the study database as it was when it fails.
set -u
nfold=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
count() { sqlite3 "$dir/t.db" "select (select count(*) from samples)+(select count(*) from servers)+(select count(*) from imports)+(select count(*) from samples_extra)"; }
for f in "$NFOLD_SOURCE"/tests/hostile/*; do
  rm -f "$dir"/t.db*
  "$nfold" --db "$dir/t.db" servers > /dev/null
  before=$(count)
  "$nfold" --db "$dir/t.db" import "$f" > "$dir/out" 2> "$dir/err"
  rc=$?
  case $rc in
    0) ;;
    1)
      grep -q "^nfold: $f" "$dir/err" || { echo "FAIL $f: error does not name the file:"; cat "$dir/err"; fail=1; }
      [ "$(count)" = "$before" ] || { echo "FAIL $f: failed import changed the database"; fail=1; } ;;
    *) echo "FAIL $f: exit status $rc"; cat "$dir/err"; fail=1 ;;
  esac
done
exit $fail
