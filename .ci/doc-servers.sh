#!/usr/bin/env bash
# Runs the server commands of the pages (docs/contributing.md) that CI runs rather than a test: each
# block runs as its page prints it (.ci/doc-block.sh), on a port of its own, until its start-up line
# appears; its RFC 9728 document must then say what the page promises, and it is stopped (its
# process group: the shell, Maven, the jar) whatever happens. 17 s here (2 cores, 2026-12-04).
set -euo pipefail
cd "$(dirname "$0")/.."

START_TIMEOUT="${TOLLGATE_DOC_SERVERS_START_TIMEOUT:-300}"
server_pid=""
log="$(mktemp)"
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -- -"$server_pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 -- -"$server_pid" 2>/dev/null || break
      sleep 1
    done
    kill -9 -- -"$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; rm -f "$log"' EXIT

# serve PAGE MARKER READY_LINE METADATA_URL EXPECTED [VAR=VALUE...]: runs the block under MARKER with
# the given environment, waits for READY_LINE (a grep pattern) in its output, and checks that the
# document at METADATA_URL contains EXPECTED.
serve() {
  local page=$1 marker=$2 ready=$3 url=$4 expected=$5
  shift 5
  local script
  script="$(.ci/doc-block.sh "$page" "$marker")"
  : >"$log"
  env "$@" setsid bash -e -c "$script" >"$log" 2>&1 &
  server_pid=$!
  local up=false
  for _ in $(seq 1 "$START_TIMEOUT"); do
    if grep -q "$ready" "$log"; then
      up=true
      break
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
  done
  if [ "$up" != true ]; then
    echo "$page ($marker): no '$ready' within ${START_TIMEOUT}s:" >&2
    cat "$log" >&2
    exit 1
  fi
  local metadata
  metadata="$(curl -s --max-time 30 "$url")"
  if [[ "$metadata" != *"$expected"* ]]; then
    echo "$page ($marker): $url says $metadata; expected $expected" >&2
    exit 1
  fi
  echo "$page ($marker): started; $url names $expected"
  stop_server
}

port="${TOLLGATE_DOC_SERVERS_PORT:-18090}"

# The example behind a public URL and an authorization server of your own (README.md): it starts
# without reaching that server (its keys are discovered on the first token) and advertises both.
serve README.md '<!-- run: by .ci/doc-servers.sh as public-url -->' \
  '^Tollgate example MCP server: https://mcp.example.com/mcp' \
  "http://localhost:$port/.well-known/oauth-protected-resource/mcp" \
  '"resource":"https://mcp.example.com/mcp","authorization_servers":["https://login.example.com"]' \
  PORT="$port"

# The Spring example (docs/spring-boot.md), with its development authorization server.
serve docs/spring-boot.md '<!-- run: by .ci/doc-servers.sh as spring-example -->' \
  '^API key for demo-pro: ' \
  "http://localhost:$port/.well-known/oauth-protected-resource/mcp" \
  "\"resource\":\"http://localhost:$port/mcp\"" \
  PORT="$port" TOLLGATE_DEV_AUTH_PORT=0
