#!/usr/bin/env bash
# Runs the benchmark suites on demand and writes the results to benchmarks/results/ (or RESULTS).
#
#   benchmarks/run.sh [suite...]      suites: cached cached-jdk25 cold cold-jdk25 cold-threads scaling
#                                             singleflight limits footprint all
#
# Build first: ./mvnw -B -ntp -o -Pbenchmarks -pl benchmarks -am package -DskipTests
# JAVA (default: java on PATH) and JAVA25 (default: the Temurin 25 JDK) pick the JVMs; JMH_OPTS
# overrides the fork/warmup/measurement settings, e.g. JMH_OPTS="-f 2 -wi 5 -i 10".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
results="${RESULTS:-$here/results}"
java="${JAVA:-java}"
java25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
# One fork, 5 x 1 s warmup (C2 settles the decision path within about 4 s), 5 x 1 s measurement:
# about 12 s per benchmark and parameter; raise for publication.
jmh_opts="${JMH_OPTS:--f 1 -wi 5 -i 5 -w 1s -r 1s}"

if [[ ! -f "$jar" ]]; then
  echo "missing $jar; build it with: ./mvnw -B -ntp -o -Pbenchmarks -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi
mkdir -p "$results"

environment() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc)"
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java: $("$1" -version 2>&1 | head -2 | tail -1)"
  }
}

jmh() { # name java pattern [extra jmh args...]
  local name="$1" jvm="$2" pattern="$3"
  shift 3
  echo "== $name ($("$jvm" -version 2>&1 | head -1))"
  environment "$jvm" | tee "$results/$name.env"
  # shellcheck disable=SC2086
  "$jvm" -jar "$jar" "$pattern" $jmh_opts "$@" \
    -rf json -rff "$results/$name.json" 2>&1 | tee "$results/$name.txt" | grep -E '^\[|^Benchmark|avgt|thrpt'
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/$name.env"
}

suite() {
  case "$1" in
    cached) jmh cached-jdk17 "$java" 'CachedDecisionBenchmark' ;;
    cached-jdk25) jmh cached-jdk25 "$java25" 'CachedDecisionBenchmark' ;;
    cold) jmh cold "$java" 'ColdVerificationBenchmark' -prof gc ;;
    cold-jdk25) jmh cold-jdk25 "$java25" 'ColdVerificationBenchmark' -prof gc ;;
    singleflight) jmh singleflight "$java" 'SingleFlightBenchmark' ;;
    scaling) jmh scaling "$java" 'CacheScalingBenchmark' ;;
    cold-threads)
      for threads in 1 2 4 16; do
        jmh "cold-threads-$threads" "$java" 'ColdDecisionBenchmark' -t "$threads" -bm thrpt
      done
      ;;
    limits) jmh limits "$java" 'RequestLimiterBenchmark' ;;   # store=postgres needs TOLLGATE_TEST_POSTGRES_URL
    footprint)
      # FOOTPRINT_ENTRIES: the cache sizes to fill (default 100000, the default maximum).
      for entries in ${FOOTPRINT_ENTRIES:-100000}; do
        echo "== footprint ($entries entries)"
        environment "$java" | tee "$results/footprint-$entries.env"
        "$java" -Xmx6g -Djdk.attach.allowAttachSelf=true -cp "$jar" \
          dev.tollgate.benchmarks.CacheFootprint "$entries" 2>&1 | grep -v WARNING |
          tee "$results/footprint-$entries.txt"
      done
      ;;
    all)
      for s in cached cached-jdk25 cold cold-jdk25 cold-threads scaling singleflight footprint; do
        suite "$s"
      done
      ;;
    *) echo "unknown suite: $1 (cached cached-jdk25 cold cold-jdk25 cold-threads scaling singleflight limits footprint all)" >&2; exit 2 ;;
  esac
}

if [[ $# -eq 0 ]]; then
  set -- all
fi
for s in "$@"; do
  suite "$s"
done
