#!/usr/bin/env bash
# The abuse harness: starts a throwaway PostgreSQL 15 (tests/postgres.sh), runs the Release server
# as a child process on 127.0.0.1 with low limits, and runs tests/Credits.AbuseHarness, which goes
# past every limit while measuring a normal caller's Reserve+Commit p99 before, during and after.
# Builds nothing: run `dotnet build Credits.Grpc.sln -c Release` first. Extra arguments go to the
# harness, for example: tests/abuse.sh --phase-seconds 30 --pairs-per-second 200
# Exits with the harness's code (0 = every refusal as documented, p99 within 2x unless --latency report). The server log
# is kept when the run fails.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER_DLL="$ROOT/src/Credits.Server/bin/Release/net10.0/Credits.Server.dll"
HARNESS_DLL="$ROOT/tests/Credits.AbuseHarness/bin/Release/net10.0/Credits.AbuseHarness.dll"
for built in "$SERVER_DLL" "$HARNESS_DLL"; do
  if [ ! -f "$built" ]; then
    echo "abuse.sh: $built is missing: run 'dotnet build Credits.Grpc.sln -c Release'" >&2
    exit 2
  fi
done

# shellcheck source=tests/postgres.sh
source "$ROOT/tests/postgres.sh"
WORK=$(mktemp -d /tmp/ledger-abuse.XXXXXX)
status=1
cleanup() {
  postgres_stop
  if [ "$status" -eq 0 ]; then rm -rf "$WORK"; else echo "abuse.sh: server log kept in $WORK" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
postgres_start

dotnet "$HARNESS_DLL" --pg "$LEDGER_TEST_PG" --server-dll "$SERVER_DLL" --work-dir "$WORK" "$@" && status=0 || status=$?
exit "$status"
