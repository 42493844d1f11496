#!/usr/bin/env bash
# Starts the example server as the README's set-up prints it (a build, then the jar), in the
# background, and checks it from outside with docs/testing-your-app.md's tollgate-check command, as
# an MCP client would see it. Both blocks run as the pages print them (.ci/doc-block.sh), but for
# the port (PORT, and a free one for the development authorization server) and the demo key.
# Bounded: the server gets START_TIMEOUT seconds to listen, the check CHECK_TIMEOUT seconds, and
# the server (its process group: the shell, Maven, the jar) is stopped whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${TOLLGATE_CHECK_PORT:-18080}"
START_TIMEOUT="${TOLLGATE_CHECK_START_TIMEOUT:-300}"
CHECK_TIMEOUT="${TOLLGATE_CHECK_TIMEOUT:-180}"

setup="$(.ci/doc-block.sh README.md '<!-- run: by .ci/check-example.sh as set-up -->')"
check="$(.ci/doc-block.sh docs/testing-your-app.md '<!-- run: by .ci/check-example.sh as tollgate-check -->')"

log="$(mktemp)"
PORT="$PORT" TOLLGATE_DEV_AUTH_PORT=0 setsid bash -c "$setup" >"$log" 2>&1 &
server_pid=$!
cleanup() {
  kill -- -"$server_pid" 2>/dev/null || true
  # Give the shutdown hook a moment, then make sure the processes are gone.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 -- -"$server_pid" 2>/dev/null || break
    sleep 1
  done
  kill -9 -- -"$server_pid" 2>/dev/null || true
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

# A demo account's API key from the banner. The command reaches bash on its standard input and
# hands the key to tollgate-check in its environment, so it is on no command line.
api_key="$(sed -n 's/^API key for demo-pro: \([^ ]*\)$/\1/p' "$log" | head -n 1)"
check="${check//http:\/\/localhost:8080/http://localhost:$PORT}"
check="${check//tgk_…/$api_key}"
output="$(timeout "$CHECK_TIMEOUT" bash -e <<<"$check")"
echo "$output"
# Our own example passes every check: a WARN (a SHOULD of the specs missed) is a defect here too.
if grep -qE '^(WARN|FAIL) ' <<<"$output"; then
  echo "tollgate-check: the example must pass every check, not only the MUSTs" >&2
  exit 1
fi
