#!/usr/bin/env bash
# Builds the web console for the Maven build: installs the npm packages of package-lock.json when
# node_modules does not hold them yet (npm ci, from npm's cache when it can: once they have been
# downloaded, builds work offline), then bundles the console into OUT_DIR.
#
#   build.sh OUT_DIR PATH/TO/polytrace.d.ts
set -euo pipefail
cd "$(dirname "$0")"
out=$1 dts=$2

fail() { printf 'polytrace console: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null && command -v npm >/dev/null \
  || fail "node and npm are needed to build the web console (Debian: apt-get install nodejs npm; ./polytrace installs them), or build without it: mvn -Dpolytrace.console.skip=true"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || fail "node $(node --version) is too old to build the console; it needs 18 or later"

# npm records what it installed in node_modules/.package-lock.json: install again only when the
# lock file changed since.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log=$(mktemp)
  if ! npm ci --prefer-offline --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    fail "npm ci failed (output above): the npm registry or npm's cache (~/.npm) must have the packages of host/src/main/console/package-lock.json"
  fi
  rm -f "$log"
fi
node build.mjs "$out" "$dts" || fail "bundling failed (output above)"
