#!/usr/bin/env bash
# The warm load test over several JVM starts, with medians.
#
#   STARTS=5 benchmarks/load-starts.sh
#
# How well the JIT compiles the container's own header parsing differs between JVM starts by more
# than the filter's whole 2 µs budget (benchmarks/PERFORMANCE.md), so one start per server cannot
# resolve that budget. This runs load.sh with MODE=warm STARTS times (default 5); each run starts
# fresh A (filter), R (the reference filter, REFERENCE as load.sh's) and B (plain) servers, warms
# them up and measures ROUNDS rounds (default 1 here). It prints each start's A/B throughput, the
# CPU per request A, R and B used, and A-B and A-R, then the medians. Each start's full output:
# RESULTS/load-start-N.txt (RESULTS as load.sh's, default benchmarks/results). Other settings pass through to load.sh (DURATION, WARMUP, JAVA,
# JAVA_OPTS, CREDENTIAL, ...). Bounded: STARTS runs of load.sh, each bounded itself.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
starts="${STARTS:-5}"
results="${RESULTS:-$here/results}"
mkdir -p "$results"
rows="$results/load-starts.txt"
: >"$rows"

for start in $(seq 1 "$starts"); do
  # Through a pipe, so that the file is complete when load.sh's own tee has finished too. Warm
  # rounds need no fresh tokens: few are minted.
  RESULTS="$results" MODE=warm ROUNDS="${ROUNDS:-1}" COLD_TOKENS="${COLD_TOKENS:-300}" \
    "$here/load.sh" | cat >"$results/load-start-$start.txt"
  # Per round: A/B throughput, then CPU µs per request of A, R and B (load.sh's columns).
  awk -v start="$start" '
    $2 == "A" && $3 == "filter" { a = $7 }
    $2 == "R" { r = $7 }
    $2 == "B" && $3 == "plain" { b = $7 }
    $2 == "ratio" { printf "%d %s %s %s %s %+.1f %+.1f\n", start, $3, a, r, b, a - b, a - r }
  ' "$results/load-start-$start.txt" >>"$rows"
done

median() { # column -> median of that column of $rows
  awk -v c="$1" '{ print $c }' "$rows" | sort -g | awk '
    { v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf "%-6s %8s %10s %10s %10s %10s %10s\n" start "A/B" "A CPU us" "R CPU us" "B CPU us" "A-B us" "A-R us"
awk '{ printf "%-6s %8s %10s %10s %10s %10s %10s\n", $1, $2, $3, $4, $5, $6, $7 }' "$rows"
printf "%-6s %8s %10s %10s %10s %10s %10s\n" median "$(median 2)" "$(median 3)" "$(median 4)" "$(median 5)" "$(median 6)" "$(median 7)"
