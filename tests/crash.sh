#!/usr/bin/env bash
# The crash harness: starts its own PostgreSQL 15 cluster with fsync and synchronous_commit ON
# (crash safety is meaningless without them), creates a database, and runs tests/Credits.CrashHarness,
# which SIGKILLs the ledger server and stops PostgreSQL in immediate mode under a keyed workload,
# then audits the database. Builds nothing: run `dotnet build Credits.Grpc.sln -c Release` first.
# Extra arguments go to the harness, for example: tests/crash.sh --kills 20 --pg-restarts 8 --seconds 300;
# tests/crash.sh --instances 3 runs three servers over the database (the multi-instance run).
# Exits with the harness's code (0 = nothing lost, doubled or violated). CRASH_KEEP=1 keeps the
# temporary directory (cluster, server logs); it is also kept when the run fails.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SERVER_DLL="$ROOT/src/Credits.Server/bin/Release/net10.0/Credits.Server.dll"
HARNESS_DLL="$ROOT/tests/Credits.CrashHarness/bin/Release/net10.0/Credits.CrashHarness.dll"

for built in "$SERVER_DLL" "$HARNESS_DLL"; do
  if [ ! -f "$built" ]; then
    echo "crash.sh: $built is missing: run 'dotnet build Credits.Grpc.sln -c Release' (and 'dotnet build tests/Credits.CrashHarness -c Release')" >&2
    exit 2
  fi
done
if [ ! -x "$PGBIN/initdb" ]; then
  echo "crash.sh: PostgreSQL 15 server binaries not found in $PGBIN (apt-get install postgresql-15)" >&2
  exit 2
fi

# pg_ctl runs as the cluster's owner: the postgres user when we are root.
if [ "$(id -u)" -eq 0 ]; then AS_OWNER=(runuser -u postgres --); else AS_OWNER=(); fi
PG_CTL="${AS_OWNER[*]:+${AS_OWNER[*]} }$PGBIN/pg_ctl"

WORK=$(mktemp -d /tmp/ledger-crash.XXXXXX)
chmod 755 "$WORK"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$WORK"; fi
PG_DATA="$WORK/data"
PG_LOG="$WORK/postgres.log"
status=1

cleanup() {
  # Servers the harness could not kill itself (the harness was killed): by their process ids only.
  for pid_file in "$WORK"/server*.pid; do
    [ -f "$pid_file" ] && kill -9 "$(cat "$pid_file")" 2>/dev/null || true
  done
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    "${AS_OWNER[@]}" "$PGBIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || "${AS_OWNER[@]}" "$PGBIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ "$status" -eq 0 ] && [ -z "${CRASH_KEEP:-}" ]; then
    rm -rf "$WORK"
  else
    echo "crash.sh: cluster and server logs kept in $WORK" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${AS_OWNER[@]}" "$PGBIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null
PG_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# No fsync=off here: the defaults (fsync, synchronous_commit, full_page_writes on) are spelled out.
PG_OPTIONS="-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=300"
"${AS_OWNER[@]}" "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -o "$PG_OPTIONS" start >/dev/null
"${AS_OWNER[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ledger_crash

cd "$ROOT"
# Files the harness writes (server logs) go to $WORK too; as root it may write in postgres's directory.
dotnet run -c Release --project tests/Credits.CrashHarness --no-build -- \
  --pg "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ledger_crash;Maximum Pool Size=60;Timeout=5" \
  --pg-data "$PG_DATA" --pg-log "$PG_LOG" --pg-options "$PG_OPTIONS" --pg-ctl "$PG_CTL" \
  --work-dir "$WORK" "$@" && status=0 || status=$?
exit "$status"
