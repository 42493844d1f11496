#!/usr/bin/env bash
# Prints the fenced code block under a run marker of a Markdown page, its fence's indentation
# removed, so a CI script runs the block as the page prints it (docs/contributing.md).
# Usage: .ci/doc-block.sh PAGE MARKER. Fails when PAGE has no block under MARKER.
set -euo pipefail

MARKER="$2" awk '
  !found {
    line = $0
    sub(/^[ \t]+/, "", line)
    sub(/[ \t]+$/, "", line)
    if (line == ENVIRON["MARKER"]) found = 1
    next
  }
  !open {
    if ($0 ~ /^[ \t]*(```|~~~)/) { match($0, /^[ \t]*/); indent = RLENGTH; open = 1; next }
    if ($0 ~ /[^ \t]/) exit 1
    next
  }
  /^[ \t]*(```|~~~)[ \t]*$/ { done = 1; exit }
  { print substr($0, indent + 1) }
  END { if (!done) exit 1 }
' "$1" || {
  echo "$1: no code block under $2" >&2
  exit 1
}
