#!/usr/bin/env bash
# Runs one case file (tests/README.md) through the nfold binary.
# usage: run_case.sh CASE NFOLD
# Sections:
#   %%FILE NAME [crlf] [encoding=ICONV-NAME] [bom]   a file for the case
#   %%REQUIRE PATH          skip (exit 77) when PATH is absent ($NFOLD_SHARED...)
#   %%RUN                   bash lines; `nfold` runs the binary on ./test.db
#   %%EXIT N                expected exit status of the RUN block (default 0)
#   %%STDOUT / %%STDERR     expected output, compared exactly
#   %%STDOUT-CONTAINS / %%STDERR-CONTAINS   lines that must each appear
# Set NFOLD_UPDATE=1 to rewrite the expected STDOUT/STDERR from this run.
set -u
case_file=$1
NFOLD_BIN=$2
export NFOLD_BIN
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Split into section files: $work/.sec/NNN.KIND[.ARGS]
mkdir "$work/.sec"
awk -v dir="$work/.sec" '
  /^%%[A-Z-]+/ { n++; hdr=$0; sub(/^%%/, "", hdr); file=sprintf("%s/%03d", dir, n);
                 print hdr > (file ".hdr"); close(file ".hdr"); printf "" > (file ".body"); next }
  n { print > (file ".body") }
' "$case_file"

status=0
expect_exit=0
fail() { echo "FAIL: $*"; status=1; }
for hdr in "$work"/.sec/*.hdr; do
  body=${hdr%.hdr}.body
  read -r kind args < "$hdr"
  case $kind in
    FILE)
      set -- $args
      name=$1; shift
      mkdir -p "$work/$(dirname "$name")"
      cp "$body" "$work/$name.tmp"
      for opt in "$@"; do
        case $opt in
          crlf) sed -i 's/$/\r/' "$work/$name.tmp" ;;
          noeol) truncate -s -1 "$work/$name.tmp" ;;
        esac
      done
      enc=""; bom=0
      for opt in "$@"; do
        case $opt in encoding=*) enc=${opt#encoding=} ;; bom) bom=1 ;; esac
      done
      if [ -n "$enc" ]; then
        iconv -f UTF-8 -t "$enc" "$work/$name.tmp" > "$work/$name.enc" || { fail "iconv $enc"; }
        mv "$work/$name.enc" "$work/$name.tmp"
      fi
      if [ $bom = 1 ]; then
        case ${enc^^} in
          UTF-16LE) printf '\xff\xfe' ;;
          UTF-16BE) printf '\xfe\xff' ;;
          *) printf '\xef\xbb\xbf' ;;
        esac > "$work/$name"
        cat "$work/$name.tmp" >> "$work/$name"
        rm "$work/$name.tmp"
      else
        mv "$work/$name.tmp" "$work/$name"
      fi
      ;;
    REQUIRE)
      p=$(eval echo "$args")
      if [ ! -e "$p" ]; then echo "SKIP: $p absent"; exit 77; fi ;;
    RUN) cp "$body" "$work/.run.sh" ;;
    EXIT) expect_exit=$args ;;
  esac
done

cd "$work"
cat > .prelude.sh <<'PRE'
nfold() { "$NFOLD_BIN" --db test.db "$@"; }
PRE
bash -c 'source ./.prelude.sh; source ./.run.sh' > .out 2> .err
rc=$?
[ "$rc" = "$expect_exit" ] || fail "exit status $rc, expected $expect_exit"

for hdr in "$work"/.sec/*.hdr; do
  body=${hdr%.hdr}.body
  read -r kind args < "$hdr"
  case $kind in
    STDOUT|STDERR)
      got=.out; [ $kind = STDERR ] && got=.err
      if [ "${NFOLD_UPDATE:-0}" = 1 ]; then
        # Rewrite this section of the case file with what the run printed.
        python3 - "$case_file" "$kind" "$work/$got" <<'PY'
import sys
path, kind, got = sys.argv[1:]
lines = open(path, encoding='utf-8').read().split('\n')
out, i = [], 0
while i < len(lines):
    out.append(lines[i])
    if lines[i].strip() == '%%' + kind:
        i += 1
        while i < len(lines) and not lines[i].startswith('%%'):
            i += 1
        new = open(got, encoding='utf-8', errors='replace').read()
        out.extend(new.rstrip('\n').split('\n') if new else [])
        continue
    i += 1
text = '\n'.join(out)
open(path, 'w', encoding='utf-8').write(text if text.endswith('\n') else text + '\n')
PY
      elif ! diff -u "$body" "$got" > .diff; then
        fail "$kind differs:"; cat .diff
      fi ;;
    STDOUT-CONTAINS|STDERR-CONTAINS)
      got=.out; [ $kind = STDERR-CONTAINS ] && got=.err
      while IFS= read -r line; do
        [ -z "$line" ] && continue
        grep -qF -- "$line" "$got" || fail "$kind: missing line: $line"
      done < "$body" ;;
  esac
done
if [ $status != 0 ]; then
  echo "--- stdout"; cat .out; echo "--- stderr"; cat .err
fi
exit $status
