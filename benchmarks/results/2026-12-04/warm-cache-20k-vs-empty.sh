#!/usr/bin/env bash
# Ad-hoc: warm path, before-jar filter (X) vs after-jar filter (Y) vs plain (B), same run, alternating.
set -euo pipefail
BEFORE=/tmp/perf-before/benchmarks; AFTER=/work/wt/perf/benchmarks
work=$(mktemp -d -t perf-ab.XXXXXX); pids=()
trap '[[ -n "${KEEPDIR:-}" ]] && cp $work/Y/*.jfr $KEEPDIR/ 2>/dev/null; for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null; rm -rf $work' EXIT
start() { # name jar mode [tokens]
  mkdir -p $work/$1
  taskset -c 1 java -Xms512m -Xmx512m $( [[ $1 == Y ]] && echo "${JOPTS:-}" ) -Dlogback.configurationFile=$AFTER/load/logback-load.xml -DLOG_DIR=$work/$1 -DAUDIT_LEVEL=${AUDIT_LEVEL:-INFO} \
    -cp $2/target/benchmarks.jar dev.tollgate.benchmarks.load.BenchServer $3 $work/$1 ${4:-} > $work/$1/server.log 2>&1 &
  pids+=($!); eval "pid_$1=$!"
}
start X $AFTER filter 20000; start Y $AFTER filter; start B $AFTER plain
for s in X Y B; do for i in $(seq 1 240); do [[ -f $work/$s/port ]] && break; sleep 0.5; done; done
cpu() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' /proc/$1/stat; }
run() { # name seconds
  local port=$(cat $work/$1/port) pid; eval "pid=\$pid_$1"
  local tf=$work/$1/token; [[ $1 == B ]] && tf=$work/Y/token
  local before=$(cpu $pid) load=$(cut -d' ' -f1-3 /proc/loadavg)
  local out=$(TOKEN_FILE=$tf taskset -c 0 wrk -t2 -c16 -d${2}s -s $AFTER/load/warm.lua http://127.0.0.1:$port/mcp)
  local after=$(cpu $pid) n=$(awk '/requests in/ {print $1}' <<<"$out") rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  awk -v d=$((after-before)) -v hz=$(getconf CLK_TCK) -v n=$n -v r=$rps -v s=$1 -v l="$load" 'BEGIN {printf "%s %10.0f req/s %7.1f us/req   load %s\n", s, r, d/hz/n*1e6, l}'
}
for s in X Y B X Y B; do run $s ${WARMUP:-8} > /dev/null; done
# X only: fill its cache with fresh tokens, as load.sh's cold warm-up does
TOKENS_FILE=$work/X/tokens SHARED=0 WRK_THREADS=2 taskset -c 0 wrk -t2 -c16 -d12s -s $AFTER/load/cold.lua http://127.0.0.1:$(cat $work/X/port)/mcp > /dev/null
curl -s http://127.0.0.1:$(cat $work/X/port)/stats; echo
for r in $(seq 1 ${ROUNDS:-3}); do
  order="X Y B"; (( r % 2 == 0 )) && order="B Y X"
  for s in $order; do echo "$r $(run $s ${DURATION:-6})"; done
done
