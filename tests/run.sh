#!/usr/bin/env bash
# Runs the whole test suite: starts a throwaway PostgreSQL 15 (initdb into a temp dir, a free
# port, 127.0.0.1 only), runs every test project against it and SQLite, stops PostgreSQL, and
# ends with one line "N passed, N failed, N skipped". Extra arguments go to `dotnet test`
# (for example --filter "FullyQualifiedName~Holds").
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONFIGURATION=${CONFIGURATION:-Release}
mkdir -p "$ROOT/.artifacts"
RESULTS=$(mktemp -d "$ROOT/.artifacts/test-results.XXXXXX")

# shellcheck source=tests/postgres.sh
source "$ROOT/tests/postgres.sh"
postgres_start
trap postgres_stop EXIT

cd "$ROOT"
status=0
dotnet test Credits.Grpc.sln -c "$CONFIGURATION" --logger "trx" --results-directory "$RESULTS" \
  --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$RESULTS/test.log" || status=$?

# The fuzzing suite's count lines ("fuzz: N requests, 0 INTERNAL, ..."), read back from the results:
# the console logger shows a passed test's progress output only some of the time.
grep -rho --include='*.trx' "fuzz: [^<]*" "$RESULTS" | tee -a "$RESULTS/test.log" || true

# Count every test result from the .trx files: one per test project.
summary=$(python3 - "$RESULTS" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    for result in ET.parse(path).getroot().iter("{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}UnitTestResult"):
        outcome = result.get("outcome")
        if outcome == "Passed": passed += 1
        elif outcome in ("NotExecuted", "Inconclusive"): skipped += 1
        else: failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
if [ "$status" -ne 0 ] && [[ "$summary" == *" 0 failed"* ]]; then
  # The build or the test host failed before any result was written: count it as a failure.
  summary=$(echo "$summary" | sed 's/ 0 failed/ 1 failed/')
fi
echo "$summary"
exit "$status"
