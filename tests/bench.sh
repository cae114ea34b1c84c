#!/usr/bin/env bash
# Runs the benchmark (tests/Credits.Bench): builds the server in Release, starts a throwaway
# PostgreSQL 15 with fsync and synchronous_commit ON (durable commits, the realistic setting),
# creates a database, exports LEDGER_BENCH_PG, runs the tool with the given arguments, and stops
# PostgreSQL on exit. SQLite scenarios use temporary files.
#
#   tests/bench.sh            full run (1, 4, 16, 64 callers; about 20 minutes with --settle; prints its estimate first)
#   tests/bench.sh --quick    CI smoke test (about a minute); exit code 0 only with zero errors
#   tests/bench.sh --help     the tool's options
#
# BENCH_SKIP_BUILD=1 skips building the server (when the solution was just built in Release).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# shellcheck source=tests/postgres.sh
source "$ROOT/tests/postgres.sh"

# postgres_start from tests/postgres.sh, with the durability settings as a parameter: the
# benchmark keeps fsync and synchronous_commit on, so that a commit costs what it costs in
# production. Exports PG_DIR, PG_PORT and LEDGER_BENCH_PG.
bench_postgres_start() {
  local durability=$1
  if [ ! -x "$PGBIN/initdb" ]; then
    echo "PostgreSQL 15 server binaries not found in $PGBIN (apt-get install postgresql-15)" >&2
    return 1
  fi
  PG_DIR=$(mktemp -d /tmp/ledger-bench-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DIR"; fi
  postgres_as_owner "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
  PG_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  # shellcheck disable=SC2086 # $durability is a list of -c options
  postgres_as_owner "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 $durability" start >/dev/null
  export PG_DIR PG_PORT
  postgres_as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ledger_bench
  export LEDGER_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ledger_bench"
  export LEDGER_BENCH_PG_DATA="$PG_DIR/data"
  # pgbench of the same build runs the raw-SQL baseline's transactions with a C client (Baselines/PgbenchBaseline.cs).
  export LEDGER_BENCH_PGBENCH="$PGBIN/pgbench"
  echo "PostgreSQL 15 on 127.0.0.1:$PG_PORT ($PG_DIR), $durability"
}

for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    exec dotnet run -c Release --project "$ROOT/tests/Credits.Bench" -- --help
  fi
done

cd "$ROOT"
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  echo "Building the server (Release)"
  dotnet build src/Credits.Server/Credits.Server.csproj -c Release -nologo -v quiet
fi
dotnet build tests/Credits.Bench/Credits.Bench.csproj -c Release -nologo -v quiet

bench_postgres_start "-c fsync=on -c synchronous_commit=on"
trap postgres_stop EXIT

status=0
dotnet run -c Release --no-build --project tests/Credits.Bench -- "$@" || status=$?
exit "$status"
