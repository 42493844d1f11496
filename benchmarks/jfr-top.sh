#!/usr/bin/env bash
# Top stacks of a JFR recording's execution samples, as PERFORMANCE.md's profile summaries show them.
#
#   benchmarks/jfr-top.sh RECORDING.jfr [DEPTH] [LAST_SECONDS]
#
# DEPTH frames per stack (default 3); LAST_SECONDS keeps only the samples of the recording's last
# seconds (e.g. a load test's measured round, not its set-up). Recordings come from JMH
# (-prof "jfr:dir=DIR;configName=profile") or load.sh (JAVA_OPTS="-XX:StartFlightRecording=...").
# JFR=path/to/jfr picks the tool (default: the Temurin 25 JDK's, else jfr on PATH).
set -euo pipefail
recording="${1:?usage: jfr-top.sh RECORDING.jfr [DEPTH] [LAST_SECONDS]}"
depth="${2:-3}"
last="${3:-0}"
jfr="${JFR:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr}"
[[ -x "$jfr" ]] || jfr=jfr
"$jfr" print --events jdk.ExecutionSample --stack-depth "$depth" "$recording" |
  python3 -c '
import collections, re, sys
depth, last = int(sys.argv[1]), float(sys.argv[2])
samples = []
for event in sys.stdin.read().split("jdk.ExecutionSample")[1:]:
    stack = re.search(r"stackTrace = \[(.*?)\n\s*\]", event, re.S)
    time = re.search(r"startTime = (\d+):(\d+):([\d.]+)", event)
    if not stack or not time:
        continue
    seconds = int(time.group(1)) * 3600 + int(time.group(2)) * 60 + float(time.group(3))
    frames = [re.sub(r"\s+line:.*", "", line.strip()) for line in stack.group(1).strip().split("\n")]
    samples.append((seconds, " <- ".join(frames[:depth])))
if last > 0 and samples:
    end = max(s[0] for s in samples)
    samples = [s for s in samples if s[0] >= end - last]
counts = collections.Counter(s[1] for s in samples)
print("samples", len(samples))
for stack, count in counts.most_common(25):
    print("%5.1f%% %s" % (100.0 * count / max(len(samples), 1), stack))
' "$depth" "$last"
