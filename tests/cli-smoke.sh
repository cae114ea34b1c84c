#!/usr/bin/env bash
# Smoke test of the packed CLI, as a user gets it: packs clients/cli, installs the package as a .NET
# tool into a temporary --tool-path with `dotnet tool install --add-source` (the README's command),
# starts the server (Development, SQLite in a temp dir, a free port), then runs `credits balance`,
# `credits history ACCOUNT --follow` (for a few seconds, then interrupted like Ctrl-C) and
# `credits verify`, checking their output and exit codes. Prints "cli smoke: ok" and exits 0 on success.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONFIGURATION=${CONFIGURATION:-Release}
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "cli smoke: FAILED: $*" >&2; [ -f "$WORK/server.log" ] && tail -n 20 "$WORK/server.log" >&2; exit 1; }

echo "cli smoke: packing and installing the tool"
dotnet pack "$ROOT/clients/cli/Credits.Cli.csproj" -c "$CONFIGURATION" -o "$WORK/packages" -nologo -v quiet >/dev/null
dotnet tool install Credits.Cli --tool-path "$WORK/tools" --add-source "$WORK/packages" >/dev/null
CREDITS="$WORK/tools/credits"
credits() { "$CREDITS" "$@"; }

echo "cli smoke: starting the server"
dotnet build "$ROOT/src/Credits.Server/Credits.Server.csproj" -c "$CONFIGURATION" -nologo -v quiet >/dev/null
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# The server finds appsettings*.json in its working directory: run it from its output folder.
(cd "$ROOT/src/Credits.Server/bin/$CONFIGURATION/net10.0" && \
  exec env ASPNETCORE_ENVIRONMENT=Development Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$PORT" Webhooks__Url= Json__Url= \
    Database__Provider=Sqlite Database__ConnectionString="Data Source=$WORK/credits.db" \
    dotnet Credits.Server.dll >"$WORK/server.log" 2>&1) &
SERVER_PID=$!
export CREDITS_URL="http://127.0.0.1:$PORT" CREDITS_API_KEY=credits-dev-key
for _ in $(seq 1 60); do
  credits balance user:smoke >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited"
  sleep 0.5
done

echo "cli smoke: credits grant / balance"
credits grant user:smoke 100 --bucket free --idempotency-key smoke-1 >/dev/null || fail "grant exited $?"
out=$(credits balance user:smoke) || fail "balance exited $?"
grep -Eq '^user:smoke +100 +0 ' <<<"$out" || fail "balance printed: $out"
set +e; credits balance not-an-account 2>"$WORK/bad.err"; status=$?; set -e
[ "$status" -eq 3 ] || fail "a malformed account exited $status, not 3"
grep -q '^error: INVALID_REQUEST: ' "$WORK/bad.err" || fail "a malformed account printed: $(cat "$WORK/bad.err")"

echo "cli smoke: credits history --follow"
# Job control gives the follower its own process group, where SIGINT is not ignored as it is for
# background jobs of a non-interactive shell: the signal then arrives as Ctrl-C would.
# The tool is started directly (not through the shell function) so that the signal reaches it.
set -m
# A runner started in the background (nohup, CI agents) hands SIGINT down ignored, and a process
# cannot un-ignore a signal it inherited ignored; reset it, as a terminal would have it.
python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
  "$CREDITS" history user:smoke --follow >"$WORK/follow.out" 2>"$WORK/follow.err" &
FOLLOW_PID=$!
set +m
# Waits (at most 30 s) for a line in the follower's output rather than sleeping a fixed time: on
# a loaded machine a fresh tool takes longer to start, and a Ctrl-C that arrives before the tool
# has hooked it is not a test of the tool.
await_line() {
  for _ in $(seq 1 60); do grep -Eq "$1" "$WORK/follow.out" && return 0; sleep 0.5; done
  kill -KILL "$FOLLOW_PID" 2>/dev/null; fail "$2: $(cat "$WORK/follow.out" "$WORK/follow.err")"
}
await_line '^1 +[0-9T:.Z-]+ +grant +100 ' "history --follow did not print the past entry within 30 s"
credits grant user:smoke 5 --bucket gift --idempotency-key smoke-2 >/dev/null || fail "the live grant exited $?"
await_line '^2 +[0-9T:.Z-]+ +grant +5 ' "history --follow did not print the live entry within 30 s"
kill -INT "$FOLLOW_PID"
for _ in $(seq 1 30); do kill -0 "$FOLLOW_PID" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$FOLLOW_PID" 2>/dev/null; then kill -KILL "$FOLLOW_PID"; fail "history --follow ignored Ctrl-C for 15 s"; fi
set +e; wait "$FOLLOW_PID"; status=$?; set -e
[ "$status" -eq 0 ] || fail "history --follow exited $status after Ctrl-C, not 0: $(cat "$WORK/follow.err")"
grep -Eq '^1 +[0-9T:.Z-]+ +grant +100 ' "$WORK/follow.out" || fail "the past entry is missing: $(cat "$WORK/follow.out")"
grep -Eq '^2 +[0-9T:.Z-]+ +grant +5 ' "$WORK/follow.out" || fail "the live entry is missing: $(cat "$WORK/follow.out")"

echo "cli smoke: credits verify"
out=$(credits verify) || fail "verify exited $?: $out"
grep -q 'every invariant holds' <<<"$out" || fail "verify printed: $out"

echo "cli smoke: ok"
