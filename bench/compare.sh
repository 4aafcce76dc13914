#!/usr/bin/env bash
# Before/after pairs on this machine, alternating, so both sides see the same load:
#   bench/compare.sh BEFORE_JAR AFTER_JAR [ROUNDS]
# Each jar is a bench/target/benchmarks.jar (build one per commit with
# ./mvnw -q package -pl bench -am -DskipTests in a worktree of that commit).
# Prints the gateway's batched phase against the raw producer, then the workers' short run.
set -euo pipefail
before=$1
after=$2
rounds=${3:-2}
for round in $(seq "$rounds"); do
  for side in before after; do
    jar=$before
    [ "$side" = after ] && jar=$after
    echo "=== round $round, $side, gateway, load $(cut -d' ' -f1 /proc/loadavg)"
    java -cp "$jar" dev.sluice.bench.gateway.GatewayLoad --phases raw,batch --seconds 10 2>/dev/null \
      | grep -vE '^[0-9:.]+ (INFO|WARN|DEBUG)'
  done
done
for round in $(seq "$rounds"); do
  for side in before after; do
    jar=$before
    [ "$side" = after ] && jar=$after
    echo "=== round $round, $side, workers, load $(cut -d' ' -f1 /proc/loadavg)"
    java -cp "$jar" dev.sluice.bench.workers.WorkersBench 20000 50000 10 5000 2>/dev/null \
      | grep -vE '^[0-9:.]+ (INFO|WARN|DEBUG)'
  done
done
