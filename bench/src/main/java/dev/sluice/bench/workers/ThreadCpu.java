package dev.sluice.bench.workers;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the contender's threads only (the pipeline or the plain loop), read with {@link
 * ThreadMXBean}: the broker, the receiver and the load generator share this JVM, so the process's
 * CPU time alone would charge their work to whoever is measured. A thread counts when its name is
 * one the contenders use; the receiver's event loop is renamed by {@link CountingSink} so that it
 * does not pass for one. GC and JIT threads are not Java threads and are not counted here: the
 * process's CPU over the same window is reported beside it.
 */
final class ThreadCpu {
  private static final String[] CONTENDER_PREFIXES = {
    "sluice-consumer-", // the pipeline's consumer thread
    "plain-loop", // the baseline's consumer thread
    "vert.x-eventloop-thread-", // pipeline context, HTTP client (the receiver's loop is renamed)
    "vert.x-worker-thread-", // executeBlocking (address resolution)
    "vert.x-internal-blocking-",
    "kafka-coordinator-heartbeat-thread", // classic consumer protocol
    "consumer_background_thread", // KIP-848 consumer protocol
    "kafka-producer-network-thread | sluice-", // dedup log and dead letters
    "sluice-kafka-", // KafkaSender hand-off threads
  };

  private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> start = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final long processStart;

  private ThreadCpu() {
    this.processStart = processNanos();
    forEachContender((id, nanos) -> start.put(id, nanos));
  }

  static ThreadCpu start() {
    return new ThreadCpu();
  }

  /** {contender threads' CPU nanoseconds, the whole process's} since {@link #start()}. */
  long[] elapsed() {
    long[] sum = {0};
    forEachContender((id, nanos) -> sum[0] += nanos - start.getOrDefault(id, 0L));
    return new long[] {sum[0], processNanos() - processStart};
  }

  /** CPU nanoseconds since {@link #start()} per kind of thread (names without their numbers). */
  Map<String, Long> byThread() {
    Map<String, Long> out = new java.util.TreeMap<>();
    forEachContender(
        (id, nanos) ->
            out.merge(
                names.get(id).replaceAll("[0-9]+", "N"),
                nanos - start.getOrDefault(id, 0L),
                Long::sum));
    return out;
  }

  static boolean contender(String name) {
    for (String prefix : CONTENDER_PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private interface Sink {
    void accept(long id, long nanos);
  }

  private void forEachContender(Sink sink) {
    for (ThreadInfo info : BEAN.getThreadInfo(BEAN.getAllThreadIds())) {
      if (info == null || !contender(info.getThreadName())) {
        continue;
      }
      names.put(info.getThreadId(), info.getThreadName());
      long nanos = BEAN.getThreadCpuTime(info.getThreadId());
      if (nanos >= 0) {
        sink.accept(info.getThreadId(), nanos);
      }
    }
  }

  private static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
