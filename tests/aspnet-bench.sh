#!/usr/bin/env bash
# The overhead of Credits.AspNetCore (tests/Credits.AspNetCore.Bench): builds the ledger server and the bench in
# Release, starts a throwaway PostgreSQL 15 with fsync and synchronous_commit ON (as tests/bench.sh does, so a
# commit costs what it costs in production), runs the bench once, and stops PostgreSQL on exit.
#
#   tests/aspnet-bench.sh           2 s warm-up + 5 s per row, 6 rows (about a minute)
#   tests/aspnet-bench.sh --quick   1 s warm-up + 2 s per row (about 30 s): the smoke test
#
# BENCH_SKIP_BUILD=1 skips the builds (when the solution was just built in Release).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# shellcheck source=tests/postgres.sh
source "$ROOT/tests/postgres.sh"

cd "$ROOT"
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  dotnet build src/Credits.Server/Credits.Server.csproj -c Release -nologo -v quiet
  dotnet build tests/Credits.AspNetCore.Bench/Credits.AspNetCore.Bench.csproj -c Release -nologo -v quiet
fi

# postgres_start's cluster, but durable: postgres.sh turns fsync off for throwaway test data.
PG_DIR=$(mktemp -d /tmp/ledger-aspnet-bench-pg.XXXXXX)
chmod 755 "$PG_DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DIR"; fi
trap postgres_stop EXIT
postgres_as_owner "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
PG_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
postgres_as_owner "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on -c synchronous_commit=on" start >/dev/null
postgres_as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ledger_aspnet_bench
export PG_DIR PG_PORT
export LEDGER_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ledger_aspnet_bench"
export LEDGER_SERVER_DLL="$ROOT/src/Credits.Server/bin/Release/net10.0/Credits.Server.dll"

dotnet "$ROOT/tests/Credits.AspNetCore.Bench/bin/Release/net10.0/Credits.AspNetCore.Bench.dll" "$@"
