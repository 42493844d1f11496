#!/usr/bin/env bash
# Load test on loopback: the same trivial MCP servlet (it parses the JSON-RPC body with Jackson, as a
# Java MCP server does, and answers a fixed result) on embedded Tomcat behind different filters,
# driven by wrk. Every server logs through Logback with the README's recommended configuration
# (load/logback-load.xml, files in the run's temporary directory), so the audit event's cost is in
# the figures.
#
#   warm: A = TollgateFilter built in code with revocation, entitlement and MCP scopes on, R = a
#         reference filter (REFERENCE=header: one that only reads the Authorization header, the
#         floor any Bearer filter pays, as the container decodes the header into a string;
#         REFERENCE=hashed: the least a filter that caches only hashes of credentials does on a
#         cached request: read the header, SHA-256 the token, look the digest up, compare the
#         expiry; REFERENCE=naive and naive-sha256: the naive filter below, keyed by the token or
#         by its SHA-256), B = no filter; the same credential on every request; rounds
#         alternate A R B, B R A, ...
#   cold: every request a token that server has never seen: P = TollgateFilter configured by init
#         parameters alone (resource, issuer, jwks-uri, one scope), N = a naive Nimbus filter
#         (DefaultJWTProcessor + ConcurrentHashMap), B = no filter; rounds alternate P N B, B N P;
#         then A with fresh tokens and with tokens shared by both wrk threads (single flight), with
#         its verification and JWKS counters.
#
# Prints requests/s, p50/p99 latency, server CPU per request (utime + stime from /proc) and the
# ratios per round, with the load average before each row. Bounded: warm-up, ROUNDS x 2 x DURATION,
# COLD_ROUNDS x 3 x COLD_DURATION and two more cold runs; every server it starts is stopped on exit.
#
#   benchmarks/load.sh            (output also in benchmarks/results/load.txt; build first: ./mvnw -B -ntp -o -Pbenchmarks -pl benchmarks -am package -DskipTests)
#
# Settings (environment): MODE=all|warm|cold ROUNDS=4 DURATION=10 COLD_ROUNDS=2 COLD_DURATION=2
# COLD_TOKENS=50000 (per slice: the warm-up, each cold round, the shared run; a run that sends more
# requests than that repeats tokens, which are cache hits, and is flagged) CONNECTIONS=16
# WRK_THREADS=2 WARMUP=10 RESULTS=benchmarks/results PIN=1 (servers on CPU 1, wrk on CPU 0, so they do not fight for one core)
# REFERENCE=header|hashed|naive|naive-sha256 (the warm rounds' R) CREDENTIAL=token|apikey (what the warm rounds send) GATE=full|basic (A's gate: everything on, or
# without the method and tool rules, so that it never reads the body) AUDIT_LEVEL=INFO (DEBUG: a line per allowed
# request too) JAVA=java JAVA_OPTS (extra server JVM options, %DIR% standing for the server's directory, e.g.
# JAVA_OPTS="-XX:StartFlightRecording=filename=%DIR%/rec.jfr,settings=profile"; KEEP=1 keeps the
# directory: its path is printed at the end)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA:-java}"
mode="${MODE:-all}"
rounds="${ROUNDS:-4}"
cold_rounds="${COLD_ROUNDS:-2}"
warmup="${WARMUP:-10}"
audit_level="${AUDIT_LEVEL:-INFO}"
java_opts="${JAVA_OPTS:-}"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-16}"
threads="${WRK_THREADS:-2}"
cold_duration="${COLD_DURATION:-2}"
cold_tokens="${COLD_TOKENS:-50000}"
credential="${CREDENTIAL:-token}"
gate="${GATE:-full}"
reference="${REFERENCE:-header}"
pin="${PIN:-1}"
export WRK_THREADS="$threads"

command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 1; }
[[ -f "$jar" ]] || { echo "missing $jar; build: ./mvnw -B -ntp -o -Pbenchmarks -pl benchmarks -am package -DskipTests" >&2; exit 1; }

results="${RESULTS:-$here/results}"
mkdir -p "$results"
# Everything printed also goes to results/load.txt.
exec > >(tee "$results/load.txt") 2>&1

work="$(mktemp -d -t tollgate-load.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept: $work"; else rm -rf "$work"; fi
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
  # shellcheck disable=SC2086
  BENCH_KEYS="$work/keys.json" "${server_cpu[@]}" "$java" -Xms2g -Xmx2g ${java_opts//%DIR%/$dir} \
    -Dlogback.configurationFile="$here/load/logback-load.xml" -DLOG_DIR="$dir" -DAUDIT_LEVEL="$audit_level" \
    -cp "$jar" dev.tollgate.benchmarks.load.BenchServer "$mode" "$dir" "$@" >"$dir/server.log" 2>&1 &
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
last_cpu=0
run_wrk() { # label port pid seconds script [env...] ; prints one row
  local label="$1" port="$2" pid="$3" seconds="$4" script="$5"
  shift 5
  local before after out requests errors load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
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
  last_cpu=$cpu_us
  local flag=""
  local sent_once=$cold_tokens
  [[ " $* " == *" SHARED=1 "* ]] && sent_once=$((cold_tokens * threads))
  if [[ "$script" == */cold.lua && "$requests" -gt "$sent_once" ]]; then
    flag="  WRAPPED"
  fi
  printf "%-16s %10s %10.0f %10.0f %12s %9s   %s%s\n" "$label" "$last_rps" "$last_p50" "$last_p99" "$cpu_us" "${errors:-0}" "$load" "$flag"
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "java: $("$java" -version 2>&1 | head -1); wrk -t$threads -c$connections; pinned: $pin; audit level: $audit_level; mode: $mode; gate: $gate; reference: $reference"
[[ "$credential" == token || "$credential" == apikey ]] || { echo "CREDENTIAL must be token or apikey" >&2; exit 2; }
[[ "$mode" == all || "$mode" == warm || "$mode" == cold ]] || { echo "MODE must be all, warm or cold" >&2; exit 2; }
[[ "$gate" == full || "$gate" == basic ]] || { echo "GATE must be full or basic" >&2; exit 2; }
[[ " header hashed naive naive-sha256 " == *" $reference "* ]] || { echo "REFERENCE must be header, hashed, naive or naive-sha256" >&2; exit 2; }
[[ "$credential" == token || "$reference" == header ]] || { echo "REFERENCE=$reference verifies access tokens only; with CREDENTIAL=apikey use REFERENCE=header" >&2; exit 2; }
a_mode=filter
[[ "$gate" == basic ]] && a_mode=basic

slices=$((cold_rounds + 2))
echo "starting servers and minting $((slices * cold_tokens)) tokens..."
start_server "$a_mode" "$work/a" "$((slices * cold_tokens))"
pid_a=$started
wait_ready "$work/a" "$pid_a"
start_server plain "$work/b"
pid_b=$started
start_server "$reference" "$work/r"
pid_r=$started
if [[ "$mode" != warm ]]; then
  start_server params "$work/p"
  pid_p=$started
  start_server naive "$work/n"
  pid_n=$started
  wait_ready "$work/p" "$pid_p"
  wait_ready "$work/n" "$pid_n"
  port_p=$(cat "$work/p/port")
  port_n=$(cat "$work/n/port")
fi
wait_ready "$work/b" "$pid_b"
wait_ready "$work/r" "$pid_r"
port_a=$(cat "$work/a/port")
port_b=$(cat "$work/b/port")
port_r=$(cat "$work/r/port")
token_file="$work/a/$credential"

slice() { # n -> file with the n-th slice of fresh tokens (0: warm-up, 1..COLD_ROUNDS: rounds, last: shared)
  local file="$work/slice.$1"
  [[ -f "$file" ]] || sed -n "$(($1 * cold_tokens + 1)),$((($1 + 1) * cold_tokens))p" "$work/a/tokens" >"$file"
  echo "$file"
}

warm() { # port script [env...]
  local port="$1" script="$2"
  shift 2
  env "$@" "${wrk_cpu[@]}" wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$here/load/$script" "http://127.0.0.1:$port/mcp" >/dev/null
}

# The JIT compiles the cached path and the verification path before anything is measured: the
# warm path twice WARMUP seconds per server (not in MODE=cold), the cold path WARMUP seconds per
# server (slice 0).
echo "warming up (not reported)..."
if [[ "$mode" != cold ]]; then
  for _ in 1 2; do
    warm "$port_a" warm.lua TOKEN_FILE="$token_file"
    warm "$port_r" warm.lua TOKEN_FILE="$token_file"
    warm "$port_b" warm.lua TOKEN_FILE="$token_file"
  done
fi
if [[ "$mode" != warm ]]; then
  for port in "$port_a" "$port_p" "$port_n" "$port_b"; do
    warm "$port" cold.lua TOKENS_FILE="$(slice 0)" SHARED=0
  done
fi
row_header() { printf "%-16s %10s %10s %10s %12s %9s   %s\n" "$1" "req/s" "p50 us" "p99 us" "CPU us/req" "non-2xx" "load 1/5/15"; }

if [[ "$mode" != cold ]]; then
  echo
  echo "warm path: same $credential on every request (cached after the first), ${duration}s rounds"
  row_header round
  for round in $(seq 1 "$rounds"); do
    order="A R B"
    (( round % 2 == 0 )) && order="B R A"
    for server in $order; do
      case $server in
        A) run_wrk "$round A filter" "$port_a" "$pid_a" "$duration" "$here/load/warm.lua" TOKEN_FILE="$token_file"
           a_rps=$last_rps a_p50=$last_p50 a_p99=$last_p99 a_cpu=$last_cpu ;;
        R) run_wrk "$round R $reference" "$port_r" "$pid_r" "$duration" "$here/load/warm.lua" TOKEN_FILE="$token_file"
           r_rps=$last_rps r_cpu=$last_cpu ;;
        B) run_wrk "$round B plain" "$port_b" "$pid_b" "$duration" "$here/load/warm.lua" TOKEN_FILE="$token_file"
           b_rps=$last_rps b_p50=$last_p50 b_p99=$last_p99 b_cpu=$last_cpu ;;
      esac
    done
    awk -v ar="$a_rps" -v br="$b_rps" -v a5="$a_p50" -v b5="$b_p50" -v a9="$a_p99" -v b9="$b_p99" -v ac="$a_cpu" -v bc="$b_cpu" -v r="$round" \
      'BEGIN { printf "%-16s %10.3f %10.3f %10.3f %+12.1f   (A/B; CPU: A-B)\n", r " ratio", ar / br, a5 / b5, a9 / b9, ac - bc }'
    awk -v ar="$a_rps" -v rr="$r_rps" -v br="$b_rps" -v ac="$a_cpu" -v rc="$r_cpu" -v bc="$b_cpu" -v r="$round" \
      'BEGIN { printf "%-16s R/B %.3f  A/R %.3f   CPU us/req: R-B %+.1f (the reference)  A-R %+.1f (the gate beyond it)\n", r " reference", rr / br, ar / rr, rc - bc, ac - rc }'
  done
fi

if [[ "$mode" != warm ]]; then
  echo
  echo "cold path: a token that server never saw on every request, ${cold_duration}s runs"
  row_header run
  for round in $(seq 1 "$cold_rounds"); do
    order="P N B"
    (( round % 2 == 0 )) && order="B N P"
    tokens="$(slice "$round")"
    for server in $order; do
      case $server in
        P) run_wrk "$round P params" "$port_p" "$pid_p" "$cold_duration" "$here/load/cold.lua" TOKENS_FILE="$tokens" SHARED=0
           p_rps=$last_rps p_cpu=$last_cpu ;;
        N) run_wrk "$round N naive" "$port_n" "$pid_n" "$cold_duration" "$here/load/cold.lua" TOKENS_FILE="$tokens" SHARED=0
           n_rps=$last_rps n_cpu=$last_cpu ;;
        B) run_wrk "$round B plain" "$port_b" "$pid_b" "$cold_duration" "$here/load/cold.lua" TOKENS_FILE="$tokens" SHARED=0
           b_rps=$last_rps b_cpu=$last_cpu ;;
      esac
    done
    awk -v p="$p_rps" -v n="$n_rps" -v b="$b_rps" -v pc="$p_cpu" -v nc="$n_cpu" -v bc="$b_cpu" -v r="$round" \
      'BEGIN { printf "%-16s P/B %.3f  N/B %.3f  P/N %.3f   added CPU us/req: P %.1f  N %.1f  P/N %.2f\n", r " ratios", p / b, n / b, p / n, pc - bc, nc - bc, (pc - bc) / (nc - bc) }'
  done
  stats() { curl -s "http://127.0.0.1:$port_a/stats"; }
  for run in fresh shared; do
    before_stats=$(stats)
    if [[ $run == fresh ]]; then
      run_wrk "A fresh" "$port_a" "$pid_a" "$cold_duration" "$here/load/cold.lua" TOKENS_FILE="$(slice 1)" SHARED=0
    else
      run_wrk "A shared" "$port_a" "$pid_a" "$cold_duration" "$here/load/cold.lua" TOKENS_FILE="$(slice $((cold_rounds + 1)))" SHARED=1
    fi
    echo "    before: $before_stats"
    echo "    after:  $(stats)"
  done
  echo "P N B: the same fresh tokens go to each server once per round (each server's cache is its own)."
  echo "A fresh: every wrk thread sends its own tokens, so verifications grow by the requests sent."
  echo "A shared: all $threads wrk threads send each token at about the same time, so verifications grow"
  echo "by about 1/$threads of the requests (single flight plus cache); jwks_fetches stays at 1 throughout."
  echo "A run of more than $cold_tokens requests repeats tokens (cache hits) and is flagged WRAPPED;"
  echo "the plain servlet's runs may wrap (it verifies nothing)."
fi
