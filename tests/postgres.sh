# Throwaway PostgreSQL 15 for tests and tools: source this file, call postgres_start, and
# postgres_stop on exit. Exports LEDGER_TEST_PG (an admin connection string) and PG_PORT, PG_DIR.
# fsync is off because the data is thrown away; crash-safety tools start their own durable cluster.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  if [ ! -x "$PGBIN/initdb" ]; then
    echo "PostgreSQL 15 server binaries not found in $PGBIN (apt-get install postgresql-15)" >&2
    return 1
  fi
  PG_DIR=$(mktemp -d /tmp/ledger-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DIR"; fi
  postgres_as_owner "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
  PG_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  postgres_as_owner "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  export PG_DIR PG_PORT
  export LEDGER_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Maximum Pool Size=50"
  echo "PostgreSQL 15 on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

postgres_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    postgres_as_owner "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
