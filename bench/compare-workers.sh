#!/usr/bin/env bash
# Workers before/after on this machine, alternating jars round by round, so both see the same load:
#   bench/compare-workers.sh BEFORE_JAR AFTER_JAR [ROUNDS] [WorkersRatio options...]
# Each jar is a bench/target/benchmarks.jar built from one commit (see compare.sh). Each run of
# WorkersRatio measures its own plain-loop baseline, so every ratio is within one JVM and one round.
set -euo pipefail
before=$1
after=$2
rounds=${3:-2}
shift $(($# < 3 ? $# : 3))
for round in $(seq "$rounds"); do
  for side in before after; do
    jar=$before
    [ "$side" = after ] && jar=$after
    echo "=== round $round, $side, load $(cut -d' ' -f1 /proc/loadavg)"
    java -Xms512m -Xmx1g -cp "$jar" dev.sluice.bench.workers.WorkersRatio --rounds 1 "$@" 2>/dev/null \
      | grep -vE '^[0-9:.]+ (INFO|WARN|DEBUG)'
  done
done
