#!/usr/bin/env bash
# Load test on loopback: the same trivial MCP servlet on embedded Tomcat, A behind TollgateFilter
# and B without it, driven by wrk in alternating rounds (A B A B ...), then a cold-path run where
# every request carries a token never seen before. Prints requests/s, p50/p99 latency, server CPU
# per request and the A/B ratio per round. Bounded: ROUNDS x 2 x DURATION plus the cold runs;
# every server it starts is stopped on exit.
#
#   benchmarks/load.sh            (output also in benchmarks/results/load.txt; build first: ./mvnw -B -ntp -o -pl benchmarks -am package -DskipTests)
#
# Settings (environment): ROUNDS=4 DURATION=10 CONNECTIONS=16 WRK_THREADS=2 COLD_DURATION=5
# COLD_TOKENS=20000 PIN=1 (server on CPU 1, wrk on CPU 0, so they do not fight for one core)
# CREDENTIAL=token|apikey (what the warm rounds send) JAVA=java
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA:-java}"
rounds="${ROUNDS:-4}"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-16}"
threads="${WRK_THREADS:-2}"
cold_duration="${COLD_DURATION:-5}"
cold_tokens="${COLD_TOKENS:-20000}"
credential="${CREDENTIAL:-token}"
pin="${PIN:-1}"
export WRK_THREADS="$threads"

command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 1; }
[[ -f "$jar" ]] || { echo "missing $jar; build: ./mvnw -B -ntp -o -pl benchmarks -am package -DskipTests" >&2; exit 1; }

mkdir -p "$here/results"
# Everything printed also goes to results/load.txt.
exec > >(tee "$here/results/load.txt") 2>&1

work="$(mktemp -d -t tollgate-load.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

server_cpu=()
wrk_cpu=()
if [[ "$pin" == 1 && $(nproc) -ge 2 ]]; then
  server_cpu=(taskset -c 1)
  wrk_cpu=(taskset -c 0)
fi

start_server() { # mode dir [tokens] -> pid in $started
  local mode="$1" dir="$2"
  shift 2
  mkdir -p "$dir"
  "${server_cpu[@]}" "$java" -Xms512m -Xmx512m -cp "$jar" dev.tollgate.benchmarks.load.BenchServer \
    "$mode" "$dir" "$@" >"$dir/server.log" 2>&1 &
  started=$!
  pids+=("$started")
}

wait_ready() { # dir pid
  for _ in $(seq 1 600); do
    [[ -f "$1/port" ]] && return 0
    kill -0 "$2" 2>/dev/null || { echo "server exited:" >&2; cat "$1/server.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "server did not start within 300 s" >&2
  exit 1
}

cpu_ticks() { # pid -> utime + stime in clock ticks (fields 14 and 15 of /proc/<pid>/stat)
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

to_us() { # wrk latency (e.g. 512.00us, 1.20ms, 1.01s) -> microseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else if (v ~ /s$/) print n * 1000000; else print n
  }'
}

last_rps=0
last_p50=0
last_p99=0
run_wrk() { # label port pid seconds script [env...] ; prints one row
  local label="$1" port="$2" pid="$3" seconds="$4" script="$5"
  shift 5
  local before after out requests errors
  before=$(cpu_ticks "$pid")
  out=$(env "$@" "${wrk_cpu[@]}" wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency \
    -s "$script" "http://127.0.0.1:$port/mcp" 2>&1)
  after=$(cpu_ticks "$pid")
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  errors=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
  last_rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  last_p50=$(to_us "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  last_p99=$(to_us "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  local cpu_us
  cpu_us=$(awk -v d=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%.1f", (n > 0 ? d / hz / n * 1e6 : 0) }')
  printf "%-14s %10s %10.0f %10.0f %12s %9s\n" "$label" "$last_rps" "$last_p50" "$last_p99" "$cpu_us" "${errors:-0}"
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $("$java" -version 2>&1 | head -1); wrk -t$threads -c$connections, ${duration}s rounds; pinned: $pin"
echo "starting servers (A: TollgateFilter, B: no filter) and minting $((3 * cold_tokens)) tokens..."
start_server filter "$work/a" "$((3 * cold_tokens))"
pid_a=$started
start_server plain "$work/b"
pid_b=$started
wait_ready "$work/a" "$pid_a"
wait_ready "$work/b" "$pid_b"
port_a=$(cat "$work/a/port")
port_b=$(cat "$work/b/port")
token_file="$work/a/$credential"
[[ "$credential" == token || "$credential" == apikey ]] || { echo "CREDENTIAL must be token or apikey" >&2; exit 2; }

head -n "$cold_tokens" "$work/a/tokens" >"$work/fresh.tokens"
sed -n "$((cold_tokens + 1)),$((2 * cold_tokens))p" "$work/a/tokens" >"$work/shared.tokens"
tail -n "+$((2 * cold_tokens + 1))" "$work/a/tokens" >"$work/warmup.tokens"

# The JIT compiles the cached path and the verification path before anything is measured.
echo "warming up both servers (10 s each, and 5 s of fresh tokens on A; not reported)..."
TOKEN_FILE="$token_file" "${wrk_cpu[@]}" wrk -t"$threads" -c"$connections" -d10s -s "$here/load/warm.lua" "http://127.0.0.1:$port_a/mcp" >/dev/null
TOKEN_FILE="$token_file" "${wrk_cpu[@]}" wrk -t"$threads" -c"$connections" -d10s -s "$here/load/warm.lua" "http://127.0.0.1:$port_b/mcp" >/dev/null
TOKENS_FILE="$work/warmup.tokens" SHARED=0 "${wrk_cpu[@]}" wrk -t"$threads" -c"$connections" -d5s -s "$here/load/cold.lua" "http://127.0.0.1:$port_a/mcp" >/dev/null

echo
echo "warm path: same $credential on every request (cached after the first)"
printf "%-14s %10s %10s %10s %12s %9s\n" "round" "req/s" "p50 us" "p99 us" "CPU us/req" "non-2xx"
for round in $(seq 1 "$rounds"); do
  run_wrk "$round A filter" "$port_a" "$pid_a" "$duration" "$here/load/warm.lua" TOKEN_FILE="$token_file"
  a_rps=$last_rps a_p50=$last_p50 a_p99=$last_p99
  run_wrk "$round B plain" "$port_b" "$pid_b" "$duration" "$here/load/warm.lua" TOKEN_FILE="$token_file"
  awk -v ar="$a_rps" -v br="$last_rps" -v a5="$a_p50" -v b5="$last_p50" -v a9="$a_p99" -v b9="$last_p99" -v r="$round" \
    'BEGIN { printf "%-14s %10.3f %10.3f %10.3f   (A/B)\n", r " ratio", ar / br, a5 / b5, a9 / b9 }'
done

echo
echo "cold path: a token never sent before on every request (${cold_duration}s per run)"
stats() { curl -s "http://127.0.0.1:$port_a/stats"; }
printf "%-14s %10s %10s %10s %12s %9s\n" "run" "req/s" "p50 us" "p99 us" "CPU us/req" "non-2xx"
for mode in fresh shared; do
  before_stats=$(stats)
  shared=0
  [[ "$mode" == shared ]] && shared=1
  run_wrk "cold $mode" "$port_a" "$pid_a" "$cold_duration" "$here/load/cold.lua" \
    TOKENS_FILE="$work/$mode.tokens" SHARED="$shared"
  echo "    before: $before_stats"
  echo "    after:  $(stats)"
done
echo "fresh: every wrk thread sends its own tokens, so verifications grow by the requests sent."
echo "shared: all $threads wrk threads send each token at about the same time, so verifications grow"
echo "by about 1/$threads of the requests (single flight plus cache); jwks_fetches stays at 1 throughout."
echo "Past $cold_tokens requests per run the list wraps and tokens repeat (cache hits)."
