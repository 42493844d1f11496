#!/usr/bin/env bash
# Starts the example server in the background and checks it from outside with tollgate-check, as an
# MCP client would see it. Bounded: the server gets START_TIMEOUT seconds to listen, the check
# CHECK_TIMEOUT seconds, and the server is stopped (by its own PID) whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLE_JAR=tomcat-example/target/tollgate-example.jar
CHECK_JAR=testing/target/tollgate-check.jar
PORT="${TOLLGATE_CHECK_PORT:-18080}"
START_TIMEOUT="${TOLLGATE_CHECK_START_TIMEOUT:-120}"
CHECK_TIMEOUT="${TOLLGATE_CHECK_TIMEOUT:-180}"

for jar in "$EXAMPLE_JAR" "$CHECK_JAR"; do
  if [ ! -f "$jar" ]; then
    echo "tollgate-check: $jar is missing; run ./mvnw verify first" >&2
    exit 1
  fi
done

log="$(mktemp)"
PORT="$PORT" TOLLGATE_DEV_AUTH_PORT=0 java -jar "$EXAMPLE_JAR" >"$log" 2>&1 &
server_pid=$!
cleanup() {
  kill "$server_pid" 2>/dev/null || true
  # Give the shutdown hook a moment, then make sure the process is gone.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
  done
  kill -9 "$server_pid" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT

# The banner is printed once Tomcat accepts requests.
ready=false
for _ in $(seq 1 "$START_TIMEOUT"); do
  if grep -q "^Tollgate example MCP server:" "$log"; then
    ready=true
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    break
  fi
  sleep 1
done
if [ "$ready" != true ]; then
  echo "tollgate-check: the example server did not start within ${START_TIMEOUT}s:" >&2
  cat "$log" >&2
  exit 1
fi

endpoint="http://localhost:${PORT}/mcp"
# A demo account's API key from the banner, kept out of the command line through the environment.
api_key="$(sed -n 's/^API key for demo-pro: \([^ ]*\)$/\1/p' "$log" | head -n 1)"
# The development authorization server accepts any client secret; demo-pro is an entitled account.
TOLLGATE_CHECK_TOKEN="$api_key" TOLLGATE_CHECK_CLIENT_SECRET="ci-not-secret" \
  timeout "$CHECK_TIMEOUT" java -jar "$CHECK_JAR" "$endpoint" --client-id demo-pro
