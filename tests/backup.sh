#!/usr/bin/env bash
# The backup and restore procedure of docs/operations.md, exercised end to end: a durable PostgreSQL 15
# (fsync on) archiving its WAL, the Release server on it, grants through the CLI, a base backup
# (pg_basebackup) taken between two rounds of grants, then the cluster destroyed and rebuilt from the
# base backup plus the archived WAL. The restored ledger must hold every acknowledged grant and pass
# the verifier. Builds nothing: run `dotnet build Credits.Grpc.sln -c Release` first.
# Prints "backup: ..." and exits 0 when the restore is whole; keeps its directory when it is not.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SERVER_DIR="$ROOT/src/Credits.Server/bin/Release/net10.0"
CLI_DLL="$ROOT/clients/cli/bin/Release/net10.0/credits.dll"
for built in "$SERVER_DIR/Credits.Server.dll" "$CLI_DLL"; do
  [ -f "$built" ] || { echo "backup.sh: $built is missing: run 'dotnet build Credits.Grpc.sln -c Release'" >&2; exit 2; }
done
[ -x "$PGBIN/pg_basebackup" ] || { echo "backup.sh: PostgreSQL 15 not found in $PGBIN (apt-get install postgresql-15)" >&2; exit 2; }

if [ "$(id -u)" -eq 0 ]; then AS_OWNER=(runuser -u postgres --); else AS_OWNER=(); fi
WORK=$(mktemp -d /tmp/ledger-backup.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/archive"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$WORK"; fi
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
GRPC_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
SERVER_PID=""
status=1

pg() { "${AS_OWNER[@]}" "$PGBIN/$@"; }
pg_start() { # pg_start DATA_DIR
  pg pg_ctl -D "$1" -l "$WORK/postgres.log" -w -t 120 \
    -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
}
server_stop() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
cleanup() {
  server_stop
  for data in "$WORK/data" "$WORK/restored"; do
    [ -d "$data" ] && pg pg_ctl -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  done
  if [ "$status" -eq 0 ]; then rm -rf "$WORK"; else echo "backup.sh: logs kept in $WORK" >&2; fi
}
trap cleanup EXIT
fail() { echo "backup: FAILED: $*" >&2; tail -n 20 "$WORK/server.log" >&2 2>/dev/null || true; exit 1; }

server_start() {
  (cd "$SERVER_DIR" && exec env ASPNETCORE_ENVIRONMENT=Development Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$GRPC_PORT" \
    Webhooks__Url= Database__Provider=Postgres \
    Database__ConnectionString="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=ledger" \
    dotnet Credits.Server.dll >>"$WORK/server.log" 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    credits balance user:backup-0 >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited"
    sleep 0.5
  done
  fail "the server did not answer"
}
export CREDITS_URL="http://127.0.0.1:$GRPC_PORT" CREDITS_API_KEY=credits-dev-key
credits() { dotnet "$CLI_DLL" "$@"; }
grant_round() { # grant_round NAME: one grant of 7 to each of five accounts, in parallel
  local pids=()
  for account in 0 1 2 3 4; do
    credits grant "user:backup-$account" 7 --idempotency-key "$1-$account" >/dev/null & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || fail "a grant of round $1 failed"; done
}
total() { # the sum of available credits over the five accounts
  local sum=0 line
  for account in 0 1 2 3 4; do
    line=$(credits balance "user:backup-$account") || fail "balance of user:backup-$account"
    sum=$((sum + $(awk '$1 ~ /^user:/ {print $2}' <<<"$line")))
  done
  echo "$sum"
}

echo "backup: a durable PostgreSQL 15 archiving its WAL to $WORK/archive"
pg initdb -D "$WORK/data" -U postgres --auth=trust -E UTF8 >/dev/null
cat >>"$WORK/data/postgresql.conf" <<EOF
fsync = on
synchronous_commit = on
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $WORK/archive/%f && cp %p $WORK/archive/%f'
EOF
pg_start "$WORK/data"
pg psql -h 127.0.0.1 -p "$PORT" -U postgres -qAt -c "CREATE DATABASE ledger" >/dev/null
server_start

echo "backup: 4 rounds of grants, a base backup, 4 more rounds"
for round in 1 2 3 4; do grant_round "before-$round"; done
pg pg_basebackup -h 127.0.0.1 -p "$PORT" -U postgres -D "$WORK/base" -X stream -c fast
for round in 1 2 3 4; do grant_round "after-$round"; done
expected=$(total)
[ "$expected" -eq $((8 * 5 * 7)) ] || fail "the ledger holds $expected credits before the loss, not $((8 * 5 * 7))"
# What the last commits wrote is archived once its segment is complete: close it, as an operator's
# archive_timeout would.
pg psql -h 127.0.0.1 -p "$PORT" -U postgres -qAt -c "SELECT pg_switch_wal()" >/dev/null
for _ in $(seq 1 60); do
  ready=$(find "$WORK/data/pg_wal/archive_status" -name '*.ready' | wc -l)
  [ "$ready" -eq 0 ] && break
  sleep 0.5
done

echo "backup: the cluster is lost; restoring the base backup and replaying the archived WAL"
server_stop
pg pg_ctl -D "$WORK/data" -m immediate -w stop >/dev/null
rm -rf "$WORK/data"
cp -a "$WORK/base" "$WORK/restored"
cat >>"$WORK/restored/postgresql.conf" <<EOF
restore_command = 'cp $WORK/archive/%f %p'
EOF
"${AS_OWNER[@]}" touch "$WORK/restored/recovery.signal"
pg_start "$WORK/restored"
for _ in $(seq 1 120); do
  [ "$(pg psql -h 127.0.0.1 -p "$PORT" -U postgres -qAt -c 'SELECT pg_is_in_recovery()')" = "f" ] && break
  sleep 0.5
done
server_start

restored=$(total)
[ "$restored" -eq "$expected" ] || fail "the restored ledger holds $restored credits, not the $expected acknowledged"
verify=$(credits verify) || fail "the verifier found violations: $verify"
segments=$(find "$WORK/archive" -type f | wc -l)
echo "backup: base backup + $segments archived WAL files restored; $restored of $expected credits present (40 grants, 20 after the base backup); verifier clean"
status=0
