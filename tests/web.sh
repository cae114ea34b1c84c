#!/usr/bin/env bash
# The TypeScript client and the purchase page, as CI checks them: npm install, generate the code
# from protos/ (buf), type-check, the unit tests (vitest, jsdom), build the page (Vite), and the
# browser tests (Debian's headless Chromium driven by playwright-core, against the Release build of
# Credits.Server and a fake Stripe API on 127.0.0.1), and the Node server integrations (server-tests/:
# the gRPC client, withCredits and requireCredits against the same server). Every test case counts; a step
# that fails before its tests run counts as one failure. The last line is
# "N passed, N failed, N skipped".
#
# Needs node >= 20.19 with npm, the .NET SDK (the server is built if its Release output is
# missing) and /usr/bin/chromium (apt-get install chromium; CHROMIUM_PATH points elsewhere).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENT="$ROOT/clients/typescript"
CONFIGURATION=${CONFIGURATION:-Release}
RESULTS="$CLIENT/test-results"
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.json

passed=0; failed=0; skipped=0
step() { echo; echo "--> $*"; }
fail_step() { echo "FAILED: $1"; failed=$((failed + 1)); }

# Adds a vitest JSON report's counts to the totals; a run that wrote no report is one failure.
count_report() { # count_report NAME REPORT STATUS
  if [ ! -s "$2" ]; then
    fail_step "$1 (exit $3, no results)"
    return
  fi
  read -r p f s < <(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests);' "$2")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  echo "$1: $p passed, $f failed, $s skipped"
  if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
    fail_step "$1 (exit $3)"
  fi
}

cd "$CLIENT" || exit 1

step "npm install (clients/typescript)"
# npm install rather than npm ci: the registry mirror here records no lock entries for other
# platforms' optional binaries (buf, esbuild, rollup), which npm ci then reports as out of sync.
if ! npm install --no-audit --no-fund --loglevel=error; then
  fail_step "npm install"
  echo "$passed passed, $failed failed, $skipped skipped"
  exit 1
fi

step "Generate from protos/ and type-check (tsc --noEmit)"
npm run --silent typecheck || fail_step "type-check"

step "Unit tests (vitest)"
npx vitest run --config vitest.config.ts --reporter=default --reporter=json --outputFile.json="$RESULTS/unit.json"
count_report "unit tests" "$RESULTS/unit.json" $?

step "Build the purchase page (vite build)"
npm run --silent build:page || fail_step "page build"

step "Browser tests (headless Chromium, real server, fake Stripe)"
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
server_dll="$ROOT/src/Credits.Server/bin/$CONFIGURATION/net10.0/Credits.Server.dll"
if [ ! -x "$chromium" ]; then
  fail_step "browser tests: $chromium is missing (apt-get install chromium)"
elif [ ! -f "$server_dll" ] && ! dotnet build "$ROOT/src/Credits.Server" -c "$CONFIGURATION" -nologo -v quiet; then
  fail_step "browser tests: the server does not build"
else
  CHROMIUM_PATH="$chromium" CONFIGURATION="$CONFIGURATION" npx vitest run --config browser-tests/vitest.config.ts \
    --reporter=default --reporter=json --outputFile.json="$RESULTS/browser.json"
  count_report "browser tests" "$RESULTS/browser.json" $?
fi

step "Build the Next.js example (clients/examples/nextjs), which the server integrations serve with next start"
(cd "$ROOT/clients/examples/nextjs" && npm install --no-audit --no-fund --loglevel=error && NEXT_TELEMETRY_DISABLED=1 npm run --silent build) \
  || fail_step "Next.js example build"

step "Server integrations (vitest, node: the gRPC client, withCredits, requireCredits, the examples, against the real server)"
if [ ! -f "$server_dll" ] && ! dotnet build "$ROOT/src/Credits.Server" -c "$CONFIGURATION" -nologo -v quiet; then
  fail_step "server integrations: the server does not build"
else
  CONFIGURATION="$CONFIGURATION" npx vitest run --config server-tests/vitest.config.ts \
    --reporter=default --reporter=json --outputFile.json="$RESULTS/server.json"
  count_report "server integration tests" "$RESULTS/server.json" $?
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
