#!/usr/bin/env bash
# dev.sh — the README's quick start. On a fresh Debian machine (as root, or
# with sudo) it installs what is missing, builds, and then:
#   ./dev.sh demo    runs `nfold demo` on the bundled sample estate
#                    (report.xml, report.html and report.csv in ./nfold-demo/)
#   ./dev.sh test    builds twice (plain, and AddressSanitizer + UBSan) and
#                    runs the whole test suite on both
#   ./dev.sh build   just builds ./build/nfold
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES="cmake make gcc pkg-config libsqlite3-dev liblua5.4-dev libxml2-dev sqlite3 libxml2-utils python3"
JOBS=$(nproc 2>/dev/null || echo 2)

install_missing() {
  local missing=()
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

build() { # build DIR [cmake options...]
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNFOLD_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$JOBS"
}

case "${1:-}" in
  build)
    install_missing
    build build ;;
  demo)
    install_missing
    build build
    ./build/nfold demo -o nfold-demo ;;
  test)
    install_missing
    build build
    ctest --test-dir build -j"$JOBS" --output-on-failure
    # Debug keeps the assertions; -O1, AddressSanitizer's own advice for
    # speed, halves this half of the suite against -O0.
    build build-asan -DNFOLD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O1 -g"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build-asan -j"$JOBS" --output-on-failure ;;
  *)
    echo "usage: ./dev.sh demo | test | build" >&2
    exit 2 ;;
esac
