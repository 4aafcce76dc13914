package dev.sluice.bench.workers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a delivered event's CPU goes: the execution samples of a {@link WorkersRatio} recording on
 * the contender's threads ({@link ThreadCpu#contender}), each put in one bucket. A sample's bucket
 * is decided by the first frame from the leaf that a rule names; JDK frames are passed over unless
 * a rule names them (so a {@code HashMap.get} counts for whoever called it). Buckets follow issue
 * 14's list: consumer poll/deserialise, parse, route, dedup, dispatch, Vert.x HTTP client, commit
 * bookkeeping, metrics.
 *
 * <p>Usage: {@code JfrBreakdown FILE.jfr [FILE.jfr...]}.
 */
public final class JfrBreakdown {
  private JfrBreakdown() {}

  /** Class-name prefix (or class + "." + method prefix) to bucket, the first match wins. */
  private static final List<String[]> RULES =
      List.of(
          new String[] {"io.micrometer.", "metrics"},
          new String[] {"dev.sluice.workers.pipeline.PipelineMetrics", "metrics"},
          new String[] {"dev.sluice.workers.webhook.WebhookMetrics", "metrics"},
          new String[] {"dev.sluice.workers.webhook.Signature", "HMAC signature"},
          new String[] {"javax.crypto.", "HMAC signature"},
          new String[] {"com.sun.crypto.", "HMAC signature"},
          new String[] {"sun.security.", "HMAC signature"},
          new String[] {"java.util.HexFormat", "HMAC signature"},
          new String[] {"dev.sluice.workers.pipeline.DedupWindow", "dedup window and log"},
          new String[] {"dev.sluice.workers.pipeline.DedupLog", "dedup window and log"},
          new String[] {"dev.sluice.runtime.kafka.KafkaSender", "dedup log / dead-letter producer"},
          new String[] {"org.apache.kafka.clients.producer.", "dedup log / dead-letter producer"},
          new String[] {"dev.sluice.workers.pipeline.OffsetTracker", "commit bookkeeping"},
          new String[] {"dev.sluice.workers.pipeline.Commits", "commit bookkeeping"},
          new String[] {"dev.sluice.workers.pipeline.DoneOffsets", "commit bookkeeping"},
          new String[] {"dev.sluice.workers.pipeline.Intake.positions", "commit bookkeeping"},
          new String[] {
            "dev.sluice.workers.pipeline.Intake.lambda$requestCommit", "commit bookkeeping"
          },
          new String[] {
            "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.commit",
            "commit bookkeeping"
          },
          new String[] {"org.apache.kafka.", "consumer poll/deserialise"},
          new String[] {"dev.sluice.api.message.", "parse (message model)"},
          new String[] {"com.fasterxml.jackson.", "parse (message model)"},
          new String[] {"dev.sluice.api.routing.", "route (filter, transforms)"},
          new String[] {"dev.sluice.workers.pipeline.RouteTable", "route (filter, transforms)"},
          new String[] {"dev.sluice.workers.pipeline.Prepared", "prepare (Prepared.of, own code)"},
          new String[] {"java.net.InetAddress", "webhook address resolution"},
          new String[] {"dev.sluice.workers.webhook.WebhookTarget", "webhook address resolution"},
          new String[] {"io.vertx.core.impl.WorkerExecutor", "webhook address resolution"},
          new String[] {"io.vertx.core.impl.TaskQueue", "webhook address resolution"},
          new String[] {"dev.sluice.workers.webhook.", "webhook request building"},
          new String[] {"io.vertx.core.http.", "Vert.x HTTP client + Netty"},
          new String[] {"io.vertx.core.net.", "Vert.x HTTP client + Netty"},
          new String[] {"io.netty.", "Vert.x HTTP client + Netty"},
          new String[] {"sun.nio.", "Vert.x HTTP client + Netty"},
          new String[] {"io.vertx.core.", "Vert.x context, futures, timers"},
          new String[] {"dev.sluice.workers.pipeline.Intake", "intake (track, hand-off)"},
          new String[] {"dev.sluice.workers.pipeline.", "dispatch (lanes, batcher, settle)"},
          new String[] {"dev.sluice.workers.", "other Sluice code"},
          new String[] {"dev.sluice.bench.", "plain loop's own code"});

  public static void main(String[] args) throws Exception {
    for (String file : args) {
      Map<String, Integer> buckets = new TreeMap<>();
      Map<String, Integer> threads = new TreeMap<>();
      int total = 0;
      for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(file))) {
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedThread thread = e.getThread("sampledThread");
        String name = thread == null ? "" : thread.getJavaName();
        if (name == null || !ThreadCpu.contender(name)) {
          continue;
        }
        total++;
        threads.merge(name.replaceAll("[0-9]+$", "N"), 1, Integer::sum);
        buckets.merge(bucket(name, e.getStackTrace()), 1, Integer::sum);
      }
      System.out.printf("%s: %d samples on the contender's threads%n", file, total);
      print(buckets, total);
      System.out.println("by thread:");
      print(threads, total);
    }
  }

  private static void print(Map<String, Integer> counts, int total) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(
            en ->
                System.out.printf(
                    "| %s | %d | %.1f%% |%n",
                    en.getKey(), en.getValue(), 100.0 * en.getValue() / Math.max(1, total)));
  }

  static String bucket(String thread, RecordedStackTrace stack) {
    // Threads of one job: what a Kafka client does there is that job, whatever the frames say.
    if (thread.startsWith("kafka-producer-network-thread | sluice-dedup")
        || thread.startsWith("sluice-kafka-dedup")) {
      return "dedup log / dead-letter producer";
    }
    if (stack == null) {
      return "no stack";
    }
    for (RecordedFrame frame : stack.getFrames()) {
      String type = frame.getMethod().getType().getName();
      String full = type + "." + frame.getMethod().getName();
      for (String[] rule : RULES) {
        if (full.startsWith(rule[0])) {
          return rule[1];
        }
      }
    }
    return "JDK only (GC barriers, collections, threads)";
  }
}
