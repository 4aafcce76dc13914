package dev.sluice.bench.message;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The same operations as {@link IngestBenchmark}, timed in thread CPU time and interleaved round by
 * round, so that the ratio to the baseline survives a machine shared with other busy processes
 * (where JMH's wall-clock throughput swings by 2x between iterations). Run: {@code java -cp
 * bench/target/benchmarks.jar dev.sluice.bench.message.IngestCpuRatio [rounds]}.
 */
public final class IngestCpuRatio {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private interface Op {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    IngestBenchmark b = new IngestBenchmark();
    b.setup();
    String[] names = {
      "baselineSingle",
      "exactJacksonSingle",
      "ingestSingle",
      "rawSingle",
      "baselineBatch",
      "ingestBatch",
      "rawBatch",
      "ingestBatchTree",
      "exactParseBatch",
      "exactWriteBatch",
      "streamCopyBatch",
      "tokenizeBatch"
    };
    Op[] ops = {
      b::baselineSingle,
      b::exactJacksonSingle,
      b::ingestSingle,
      b::rawSingle,
      b::baselineBatch,
      b::ingestBatch,
      b::rawBatch,
      b::ingestBatchTree,
      b::exactParseBatch,
      b::exactWriteBatch,
      b::streamCopyBatch,
      b::tokenizeBatch
    };
    int[] perRound = {2000, 2000, 2000, 2000, 20, 20, 20, 20, 20, 20, 20, 20};
    double[][] nanosPerOp = new double[ops.length][rounds];
    Object sink = null;
    for (int round = -10; round < rounds; round++) { // 10 warm-up rounds
      for (int i = 0; i < ops.length; i++) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int k = 0; k < perRound[i]; k++) {
          sink = ops[i].run();
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - start;
        if (round >= 0) {
          nanosPerOp[i][round] = (double) cpu / perRound[i];
        }
      }
    }
    System.out.printf(
        "%-20s %14s %14s %10s%n", "operation", "median cpu/op", "ops/cpu-s", "vs base");
    double[] medians = new double[ops.length];
    for (int i = 0; i < ops.length; i++) {
      double[] sorted = nanosPerOp[i].clone();
      Arrays.sort(sorted);
      medians[i] = sorted[rounds / 2];
    }
    for (int i = 0; i < ops.length; i++) {
      double base = names[i].endsWith("Single") ? medians[0] : medians[4];
      System.out.printf(
          "%-20s %11.1f us %14.0f %9.2fx%n",
          names[i], medians[i] / 1000, 1e9 / medians[i], base / medians[i]);
    }
    if (sink == null) {
      System.out.println();
    }
  }
}
