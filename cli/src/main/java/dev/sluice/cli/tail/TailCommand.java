package dev.sluice.cli.tail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.message.MessageJson;
import dev.sluice.api.message.SegmentMessage;
import dev.sluice.cli.local.BrokerOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a Source's messages as they arrive, like Segment's source debugger. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Print the live messages of a Source as they arrive, from the latest offset.",
      "Reads the Source's Kafka topic directly; it joins no consumer group and moves no offsets."
    })
public final class TailCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "The Source's name.")
  String source;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "The Source's namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Mixin BrokerOptions broker;

  @Option(
      names = "--filter",
      description =
          "Only messages for which this CEL expression over `message` is true, e.g."
              + " \"message.type == 'track' && message.event == 'Order Completed'\".")
  String filter;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "pretty",
      description = "pretty (indented, with a header line) or compact (one JSON a line).")
  Output output;

  @Option(
      names = "--from-beginning",
      description = "Start from the oldest retained message instead of the latest.")
  boolean fromBeginning;

  @Option(
      names = "--max-messages",
      description = "Stop after printing this many messages.",
      defaultValue = "0")
  long maxMessages;

  /** Where the tailing loop stands; tests wait for it instead of sleeping. */
  final CountDownLatch positioned = new CountDownLatch(1);

  public enum Output {
    pretty,
    compact
  }

  @Override
  public Integer call() {
    String bootstrap = broker.bootstrapServers(spec.commandLine().getErr());
    if (bootstrap == null) {
      return 1;
    }
    Predicate<ObjectNode> condition = MessageFilters.compile(spec, filter);
    String topic = Names.sourceTopic(namespace, source);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties(bootstrap))) {
      List<PartitionInfo> partitions;
      try {
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        err.println(
            "Kafka at "
                + bootstrap
                + " did not answer in 15 s; is `sluice local` running (or --kafka right)?");
        return 1;
      }
      if (partitions == null || partitions.isEmpty()) {
        err.println(
            "Source "
                + namespace
                + "/"
                + source
                + " has no topic "
                + topic
                + " on "
                + bootstrap
                + "; is the Source defined (and valid) in the folder `sluice local` runs?");
        return 1;
      }
      List<TopicPartition> assigned =
          partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(assigned);
      if (fromBeginning) {
        consumer.seekToBeginning(assigned);
      } else {
        consumer.seekToEnd(assigned);
      }
      // Resolve the positions now, so that everything sent after this line is printed.
      assigned.forEach(consumer::position);
      err.println(
          "Tailing "
              + topic
              + " on "
              + bootstrap
              + (fromBeginning ? " from the beginning" : " from the latest offset")
              + (filter == null ? "" : " where " + filter)
              + "; Ctrl-C to stop.");
      err.flush();
      positioned.countDown();
      return loop(consumer, condition, out, err);
    }
  }

  private int loop(
      KafkaConsumer<String, byte[]> consumer,
      Predicate<ObjectNode> condition,
      PrintWriter out,
      PrintWriter err) {
    Thread main = Thread.currentThread();
    Thread hook = new Thread(consumer::wakeup);
    Runtime.getRuntime().addShutdownHook(hook);
    long printed = 0;
    try {
      while (!main.isInterrupted()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          ObjectNode message = parse(record, err);
          if (message == null || !condition.test(message)) {
            continue;
          }
          out.println(format(message, record));
          out.flush();
          printed++;
          if (maxMessages > 0 && printed >= maxMessages) {
            return 0;
          }
        }
      }
      return 0;
    } catch (WakeupException e) {
      return 0;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down.
      }
    }
  }

  private static ObjectNode parse(ConsumerRecord<String, byte[]> record, PrintWriter err) {
    try {
      // As the workers read it: numbers stay exactly as sent, so --filter sees what a
      // Connection's condition sees.
      return SegmentMessage.parse(record.value()).json();
    } catch (Exception e) {
      // Reported below.
    }
    err.println(
        "skipping a record that is not a JSON object at partition "
            + record.partition()
            + " offset "
            + record.offset());
    return null;
  }

  private String format(ObjectNode message, ConsumerRecord<String, byte[]> record) {
    try {
      if (output == Output.compact) {
        return MessageJson.mapper().writeValueAsString(message);
      }
      return "── "
          + headline(message)
          + "  [partition "
          + record.partition()
          + " offset "
          + record.offset()
          + "]\n"
          + MessageJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(message);
    } catch (Exception e) {
      return message.toString();
    }
  }

  /** "track Order Completed user-1 2026-11-29T03:00:00Z": what a person scans for. */
  static String headline(ObjectNode message) {
    StringBuilder line = new StringBuilder(message.path("type").asText("?"));
    for (String field : List.of("event", "name", "groupId", "previousId")) {
      if (message.hasNonNull(field)) {
        line.append(' ').append(message.get(field).asText());
      }
    }
    String user =
        message.hasNonNull("userId")
            ? "userId=" + message.get("userId").asText()
            : "anonymousId=" + message.path("anonymousId").asText("");
    line.append("  ").append(user);
    if (message.hasNonNull("receivedAt")) {
      line.append("  received ").append(message.get("receivedAt").asText());
    }
    return line.toString();
  }

  private static Properties properties(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-tail-" + UUID.randomUUID());
    return props;
  }
}
