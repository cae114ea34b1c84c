#!/usr/bin/env bash
# Runs the whole test suite: starts a throwaway PostgreSQL 15 (initdb into a temp dir, a free
# port, 127.0.0.1 only), runs every test project against it and SQLite (two at a time), stops PostgreSQL, and
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
# Built once, then the test projects run in two lanes at once: the domain specs (the longest
# project by far) in one, every other project in turn in the other. One `dotnet test` over the
# solution ran the projects one after another, leaving a core idle for most of the run.
no_build=0
for argument in "$@"; do [ "$argument" = "--no-build" ] && no_build=1; done
if [ "$no_build" -eq 0 ]; then
  dotnet build Credits.Grpc.sln -c "$CONFIGURATION" -nologo -v quiet 2>&1 | tee "$RESULTS/build.log" | grep -E "error|rror\(s\)" || true
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then status=1; fi
fi
arguments=()
for argument in "$@"; do [ "$argument" != "--no-build" ] && arguments+=("$argument"); done

lane() {
  local name=$1; shift
  local lane_status=0 project
  for project in "$@"; do
    dotnet test "$project" -c "$CONFIGURATION" --no-build --logger "trx" --results-directory "$RESULTS/$(basename "$project" .csproj)" \
      --logger "console;verbosity=minimal" "${arguments[@]}" >>"$RESULTS/lane-$name.log" 2>&1 || lane_status=$?
  done
  echo "lane $name done at $(date -u +%H:%M:%S) (status $lane_status)" >>"$RESULTS/lane-$name.log"
  return "$lane_status"
}

if [ "$status" -eq 0 ]; then
  domain=tests/Credits.Ledger.Tests/Credits.Ledger.Tests.csproj
  # The rest longest first, so the lane's tail is short.
  others=()
  for name in Server Stripe Audit Receipts Cli Fuzz AspNetCore; do others+=("tests/Credits.$name.Tests/Credits.$name.Tests.csproj"); done
  for project in tests/*.Tests/*.Tests.csproj; do
    case " $domain ${others[*]} " in *" $project "*) ;; *) others+=("$project") ;; esac
  done
  lane domain "$domain" & domain_pid=$!
  lane others "${others[@]}" & others_pid=$!
  wait "$domain_pid" || status=$?
  wait "$others_pid" || status=$?
  cat "$RESULTS/lane-domain.log" "$RESULTS/lane-others.log" | tee "$RESULTS/test.log"
fi

# The fuzzing suite's count lines ("fuzz: N requests, 0 INTERNAL, ..."), read back from the results:
# the console logger shows a passed test's progress output only some of the time.
grep -rho --include='*.trx' "fuzz: [^<]*" "$RESULTS" | tee -a "$RESULTS/test.log" || true

# Count every test result from the .trx files: one per test project.
summary=$(python3 - "$RESULTS" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
failures = []
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    root = ET.parse(path).getroot()
    classes = {test.get("id"): test.find(ns + "TestMethod").get("className") for test in root.iter(ns + "UnitTest")}
    for result in root.iter(ns + "UnitTestResult"):
        outcome = result.get("outcome")
        if outcome == "Passed": passed += 1
        elif outcome in ("NotExecuted", "Inconclusive"): skipped += 1
        else:
            failed += 1
            message = result.find(".//" + ns + "Message")
            lines = [line.strip() for line in (message.text or "").splitlines() if line.strip()] if message is not None else []
            reason = next((line for line in lines if not line.startswith("Multiple failures")), "")[:300]
            name = classes.get(result.get("testId"), "").rsplit(".", 1)[-1] + "." + result.get("testName")
            failures.append(f"FAILED TEST: {name}: {reason}")
# Named just above the summary, so that the end of a long CI log says what failed.
for line in failures[:20]: print(line)
if len(failures) > 20: print(f"FAILED TEST: ... and {len(failures) - 20} more (the .trx files in {sys.argv[1]})")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
if [ "$status" -ne 0 ] && [[ "$summary" == *" 0 failed"* ]]; then
  # The build or the test host failed before any result was written: count it as a failure.
  summary=$(echo "$summary" | sed 's/ 0 failed/ 1 failed/')
fi
echo "$summary"
exit "$status"
