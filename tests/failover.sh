#!/usr/bin/env bash
# The failover harness: starts PostgreSQL 15 under pg_auto_failover on loopback (a monitor, a primary
# and a synchronous standby, each with its own port and data directory, fsync and synchronous_commit
# on), runs the ledger server against both nodes through a multi-host connection string, and runs
# tests/Credits.CrashHarness in failover mode: keyed callers under load while the primary's postmaster
# is SIGKILLed, the standby promoted and the old primary brought back as standby, several times; then
# the crash harness's audit. See docs/operations-failover.md.
# Builds nothing: run `dotnet build Credits.Grpc.sln -c Release` first.
# Extra arguments go to the harness, for example: tests/failover.sh --failovers 5 --seconds 120
# Exits with the harness's code (0 = nothing lost, doubled or violated, every failover completed).
# FAILOVER_KEEP=1 keeps the temporary directory (nodes, pg_autoctl and server logs); it is also kept
# when the run fails. Needs Debian's postgresql-15-auto-failover and pg-auto-failover-cli.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SERVER_DLL="$ROOT/src/Credits.Server/bin/Release/net10.0/Credits.Server.dll"
HARNESS_DLL="$ROOT/tests/Credits.CrashHarness/bin/Release/net10.0/Credits.CrashHarness.dll"

for built in "$SERVER_DLL" "$HARNESS_DLL"; do
  if [ ! -f "$built" ]; then
    echo "failover.sh: $built is missing: run 'dotnet build Credits.Grpc.sln -c Release'" >&2
    exit 2
  fi
done
if ! command -v pg_autoctl >/dev/null || [ ! -x "$PGBIN/pg_ctl" ]; then
  echo "failover.sh: pg_autoctl or PostgreSQL 15 not found (apt-get install postgresql-15-auto-failover pg-auto-failover-cli)" >&2
  exit 2
fi

WORK=$(mktemp -d /tmp/ledger-failover.XXXXXX)
chmod 755 "$WORK"
# PostgreSQL refuses to run as root: the nodes run as postgres when we are root. pg_autoctl keeps its
# configuration and state under the XDG directories, here inside $WORK so runs never share them.
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$WORK"; AS_OWNER=(runuser -u postgres --); else AS_OWNER=(); fi
AUTOCTL=("${AS_OWNER[@]}" env "XDG_CONFIG_HOME=$WORK/xdg/config" "XDG_DATA_HOME=$WORK/xdg/data"
  "XDG_RUNTIME_DIR=$WORK/xdg/run" "PG_CONFIG=$PGBIN/pg_config" pg_autoctl)
NODES=(monitor node1 node2)
status=1

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

cleanup() {
  # A server the harness could not kill itself (the harness was killed): by its process id only.
  if [ -f "$WORK/server.pid" ]; then kill -9 "$(cat "$WORK/server.pid")" 2>/dev/null || true; fi
  # Data nodes first, then the monitor; each pg_autoctl stops its own PostgreSQL.
  touch "$WORK/stopping"
  for node in node2 node1 monitor; do
    if [ -f "$WORK/$node.pid" ]; then
      "${AUTOCTL[@]}" stop --pgdata "$WORK/$node" >/dev/null 2>&1 || true
    fi
  done
  for node in node2 node1 monitor; do
    if [ -f "$WORK/$node.pid" ]; then
      pid=$(cat "$WORK/$node.pid")
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 -- "-$pid" 2>/dev/null || true
    fi
    if [ -f "$WORK/$node.supervisor" ]; then wait "$(cat "$WORK/$node.supervisor")" 2>/dev/null || true; fi
    if [ -f "$WORK/$node/postmaster.pid" ]; then
      "${AS_OWNER[@]}" "$PGBIN/pg_ctl" -D "$WORK/$node" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
  if [ "$status" -eq 0 ] && [ -z "${FAILOVER_KEEP:-}" ]; then
    rm -rf "$WORK"
  else
    echo "failover.sh: nodes, pg_autoctl logs (monitor.log, node1.log, node2.log) and server logs kept in $WORK" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs `pg_autoctl run` for a node as a service manager would (systemd's Restart=always): in its own
# process group, whose id goes to $WORK/NODE.pid, and again whenever it exits. The harness simulates
# the loss of the primary's host by creating $WORK/NODE.down and SIGKILLing that group and the
# postmaster; the node's "host" comes back when the harness removes NODE.down after the promotion.
run_node() {
  (
    while [ ! -f "$WORK/stopping" ]; do
      setsid "${AUTOCTL[@]}" run --pgdata "$WORK/$1" >>"$WORK/$1.log" 2>&1 &
      echo $! >"$WORK/$1.pid"
      wait $! 2>/dev/null || true
      while [ -f "$WORK/$1.down" ] && [ ! -f "$WORK/stopping" ]; do sleep 0.2; done
    done
  ) &
  echo $! >"$WORK/$1.supervisor"
}

# Settings for a data node, after pg_autoctl's own include so they win. pg_autoctl sizes
# shared_buffers and wal_keep_size for a dedicated host (gigabytes); two nodes on a shared test
# machine get small ones. Durability is spelled out: a failover test on a cluster that may lose
# commits proves nothing. The ledger server's pool needs more than the default 100 connections.
# Short checkpoints: when pg_rewind fails (pg_auto_failover 2.0 sometimes starts the crashed node
# for crash recovery and leaves it running, and pg_rewind then finds postmaster.pid), the keeper
# falls back to pg_basebackup, which waits for a spread checkpoint on the primary: 15 s at most
# here instead of up to 4.5 minutes with the default checkpoint_timeout.
tune_node() {
  cat >>"$WORK/$1/postgresql.conf" <<'EOF'
# tests/failover.sh
shared_buffers = '128MB'
wal_keep_size = '512MB'
max_connections = 300
checkpoint_timeout = '30s'
checkpoint_completion_target = 0.5
fsync = on
synchronous_commit = on
full_page_writes = on
EOF
}

# Waits until the monitor reports one settled primary and one settled secondary.
wait_healthy() {
  for _ in $(seq 1 "$2"); do
    states=$(psql -h 127.0.0.1 -p "$MONITOR_PORT" -U autoctl_node -d pg_auto_failover -Atc \
      "SELECT string_agg(reportedstate || '/' || goalstate, ' ' ORDER BY reportedstate) FROM pgautofailover.node" 2>/dev/null || true)
    if [ "$states" = "primary/primary secondary/secondary" ]; then return 0; fi
    sleep 1
  done
  echo "failover.sh: $1: the nodes are '$states', not a primary and a secondary" >&2
  return 1
}

MONITOR_PORT=$(free_port); PORT1=$(free_port); PORT2=$(free_port)
"${AUTOCTL[@]}" create monitor --pgdata "$WORK/monitor" --pgport "$MONITOR_PORT" --hostname 127.0.0.1 \
  --auth trust --no-ssl --pgctl "$PGBIN/pg_ctl" >"$WORK/monitor-create.log" 2>&1
run_node monitor
MONITOR="postgres://autoctl_node@127.0.0.1:$MONITOR_PORT/pg_auto_failover?sslmode=disable"
for _ in $(seq 1 60); do
  psql "$MONITOR" -Atc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.5
done
# Health checks of the monitor, faster than the defaults for a test on loopback (see
# docs/operations-failover.md): a node is checked every second, a failed check retried once after
# 500 ms, and a node whose keeper stopped reporting is unhealthy after 5 s instead of 20 s. Before
# promoting, the monitor waits primary_demote_timeout for the old primary to demote itself (it may
# be alive behind a partition): 5 s instead of 30 s, above the keepers' network_partition_timeout
# (set to 3 s below), after which an isolated primary stops taking writes on its own.
psql -q -o /dev/null -h 127.0.0.1 -p "$MONITOR_PORT" -U postgres -d pg_auto_failover <<'EOF'
ALTER SYSTEM SET pgautofailover.health_check_period = 1000;
ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000;
ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1;
ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500;
ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 5000;
ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 5000;
SELECT pg_reload_conf();
EOF

# node1 first: it becomes the primary; node2 is cloned from it (pg_basebackup) and becomes the
# standby. Replication quorum on with number_sync_standbys 0 (the defaults) make pg_auto_failover set
# synchronous_standby_names = 'ANY 1 (standby)' on the primary while the standby is healthy.
for node in node1 node2; do
  port=$PORT1; [ "$node" = node2 ] && port=$PORT2
  "${AUTOCTL[@]}" create postgres --pgdata "$WORK/$node" --pgport "$port" --hostname 127.0.0.1 \
    --listen 127.0.0.1 --name "$node" --monitor "$MONITOR" --auth trust --no-ssl \
    --pgctl "$PGBIN/pg_ctl" --dbname ledger --replication-quorum true --candidate-priority 50 \
    >"$WORK/$node-create.log" 2>&1
  tune_node "$node"
  "${AUTOCTL[@]}" config set --pgdata "$WORK/$node" timeout.network_partition_timeout 3 >/dev/null
  run_node "$node"
  if [ "$node" = node1 ]; then
    for _ in $(seq 1 60); do
      [ "$(psql -h 127.0.0.1 -p "$MONITOR_PORT" -U autoctl_node -d pg_auto_failover -Atc \
        "SELECT reportedstate FROM pgautofailover.node WHERE nodename = 'node1'" 2>/dev/null)" = single ] && break
      sleep 1
    done
  fi
done
wait_healthy "start" 120
echo "failover.sh: monitor on $MONITOR_PORT, node1 on $PORT1, node2 on $PORT2: primary and synchronous standby ready"

cd "$ROOT"
# Target Session Attributes=primary: Npgsql tries the hosts in turn and uses the one that is not in
# recovery, so the server follows the primary. Host Recheck Seconds=1: Npgsql remembers a host's role
# (10 s by default) and would keep treating the promoted standby as a standby that long.
PG="Host=127.0.0.1:$PORT1,127.0.0.1:$PORT2;Username=postgres;Database=ledger;Target Session Attributes=primary;Host Recheck Seconds=1;Maximum Pool Size=60;Timeout=5"
dotnet run -c Release --project tests/Credits.CrashHarness --no-build -- \
  --pg "$PG" --failover-monitor "Host=127.0.0.1;Port=$MONITOR_PORT;Username=autoctl_node;Database=pg_auto_failover" \
  --work-dir "$WORK" "$@" && status=0 || status=$?
exit "$status"
