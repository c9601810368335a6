#!/bin/sh
# Installs the Debian packages the build and tests need (cJSON, GSL, SQLite and its CLI, cmocka, jq, valgrind, pkg-config,
# clang-format, and clang with its sanitizer and libFuzzer runtimes for the clang pass and make fuzz).
# Exit 0 when everything is present afterwards; exit 1 (with the exact apt-get line) when not root.
set -eu
PKGS="build-essential pkg-config libcjson-dev libgsl-dev libsqlite3-dev sqlite3 libcmocka-dev jq valgrind clang-format clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages:$missing" >&2
  echo "install-deps: run as root:  apt-get update && apt-get install -y$missing" >&2
  exit 1
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
