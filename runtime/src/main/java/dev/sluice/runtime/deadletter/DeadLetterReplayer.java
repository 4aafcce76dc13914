package dev.sluice.runtime.deadletter;

import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.kafka.KafkaSender;
import dev.sluice.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends dead letters of one Destination back to be delivered to that Destination only (decision
 * 0115): each is written again to the Source topic it was read from, key and value untouched, with
 * headers naming the Destination and Connection. Every other worker reading that topic skips such a
 * record, and the named one delivers it through that Connection even though it has seen the
 * messageId before. The dead letter stays where it is (the topic is a log; its retention ages it
 * out), so replaying the same letter twice delivers it twice.
 */
public final class DeadLetterReplayer implements AutoCloseable {
  /** The failure context of the previous attempt does not travel with the replayed message. */
  private static final Set<String> FAILURE_HEADERS =
      Set.of(
          SluiceHeaders.DESTINATION,
          SluiceHeaders.CONNECTION,
          SluiceHeaders.ATTEMPTS,
          SluiceHeaders.LAST_STATUS,
          SluiceHeaders.LAST_ERROR,
          SluiceHeaders.FIRST_ATTEMPT,
          SluiceHeaders.LAST_ATTEMPT,
          SluiceHeaders.ORIGINAL_TOPIC,
          SluiceHeaders.ORIGINAL_PARTITION,
          SluiceHeaders.ORIGINAL_OFFSET,
          SluiceHeaders.REPLAY_DESTINATION,
          SluiceHeaders.REPLAY_CONNECTION,
          SluiceHeaders.REPLAYED_FROM);

  private static final int PAGE = 500;

  private final KafkaSender sender;
  private final String namespace;
  private final String destination;

  /** A replayer into {@code namespace/destination} with a producer of its own. */
  public DeadLetterReplayer(KafkaSettings kafka, String namespace, String destination) {
    this(KafkaSender.create("replay", KafkaClients.replayProducer(kafka)), namespace, destination);
  }

  /**
   * @param sender used by this replayer from now on; closed by {@link #close}
   */
  public DeadLetterReplayer(KafkaSender sender, String namespace, String destination) {
    this.sender = sender;
    this.namespace = namespace;
    this.destination = destination;
  }

  /** The Destination's dead-letter topic, the one to read with a {@link DeadLetterReader}. */
  public String deadLetterTopic() {
    return Names.deadLetterTopic(namespace, destination);
  }

  /** Why this dead letter cannot be replayed, or null when it can. */
  public static String notReplayable(DeadLetter letter) {
    if (letter.failure().unreadable()) {
      return "not a message the worker could read (no Connection); a replay would fail again";
    }
    if (targetTopic(letter) == null) {
      return "its headers name no Source topic (" + SluiceHeaders.SOURCE + " is missing)";
    }
    return null;
  }

  /**
   * The Source topic to write a replay to: the topic it was read from, else (a dead letter written
   * before that header existed) the topic of its {@code sluice.source}; null when neither is known.
   */
  public static String targetTopic(DeadLetter letter) {
    FailureContext failure = letter.failure();
    if (!failure.originalTopic().isEmpty()) {
      return failure.originalTopic();
    }
    int slash = failure.source().indexOf('/');
    if (slash <= 0 || slash == failure.source().length() - 1) {
      return null;
    }
    return Names.sourceTopic(
        failure.source().substring(0, slash), failure.source().substring(slash + 1));
  }

  /**
   * The record a replay writes.
   *
   * @throws DeadLetterException when the letter cannot be replayed ({@link #notReplayable})
   */
  public ProducerRecord<byte[], byte[]> record(DeadLetter letter) {
    String why = notReplayable(letter);
    if (why != null) {
      throw new DeadLetterException("dead letter " + letter.position() + ": " + why);
    }
    RecordHeaders headers = new RecordHeaders();
    letter
        .headers()
        .forEach(
            (name, value) -> {
              if (!FAILURE_HEADERS.contains(name)) {
                headers.add(name, bytes(value));
              }
            });
    headers.add(SluiceHeaders.REPLAY_DESTINATION, bytes(namespace + "/" + destination));
    headers.add(SluiceHeaders.REPLAY_CONNECTION, bytes(letter.failure().connection()));
    headers.add(
        SluiceHeaders.REPLAYED_FROM,
        bytes(letter.topic() + "/" + letter.partition() + "/" + letter.offset()));
    // Same key, so the same partition as the original: the key's order is kept.
    byte[] key = letter.key() == null ? null : bytes(letter.key());
    return new ProducerRecord<>(targetTopic(letter), null, key, letter.value(), headers);
  }

  /**
   * Replays one dead letter; completes on the caller's Vert.x context (Kafka's thread outside
   * Vert.x) once Kafka acknowledged it.
   */
  public Future<RecordMetadata> replay(DeadLetter letter) {
    try {
      return sender.send(record(letter));
    } catch (DeadLetterException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Replays every dead letter the topic holds now (letters written while it runs, such as replays
   * that failed again, are not replayed again), except those that cannot be replayed or that {@code
   * veto} refuses. Blocks until Kafka acknowledged them: call it from a worker thread, never an
   * event loop.
   *
   * @param veto why a letter must not be replayed (e.g. its Connection no longer exists), or null
   * @param dryRun only say what would be replayed
   * @throws DeadLetterException when Kafka does not acknowledge a replay within {@code timeout}
   */
  public ReplaySummary replayAll(
      DeadLetterReader reader,
      Function<DeadLetter, String> veto,
      boolean dryRun,
      Duration timeout) {
    Map<Integer, Long> ends = new HashMap<>();
    reader.partitions().forEach(r -> ends.put(r.partition(), r.end()));
    List<DeadLetter> replayed = new ArrayList<>();
    List<ReplaySummary.Skipped> skipped = new ArrayList<>();
    Cursor cursor = Cursor.START;
    while (true) {
      DeadLetterPage page = reader.read(cursor, PAGE);
      List<DeadLetter> batch = new ArrayList<>();
      for (DeadLetter letter : page.letters()) {
        if (letter.offset() >= ends.getOrDefault(letter.partition(), 0L)) {
          continue;
        }
        String why = notReplayable(letter);
        if (why == null && veto != null) {
          why = veto.apply(letter);
        }
        if (why != null) {
          skipped.add(new ReplaySummary.Skipped(letter, why));
        } else {
          batch.add(letter);
        }
      }
      if (!dryRun) {
        send(batch, timeout);
      }
      replayed.addAll(batch);
      cursor = page.next();
      if (page.end() || reached(cursor, ends)) {
        return new ReplaySummary(replayed, skipped);
      }
    }
  }

  private static boolean reached(Cursor cursor, Map<Integer, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> cursor.next(e.getKey()) >= e.getValue());
  }

  /** Sends and waits, with callbacks on Kafka's thread: safe on a Vert.x worker thread too. */
  private void send(List<DeadLetter> letters, Duration timeout) {
    if (letters.isEmpty()) {
      return;
    }
    List<ProducerRecord<byte[], byte[]>> records = letters.stream().map(this::record).toList();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : records) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      acks.add(ack);
      sender.send(
          List.of(record),
          (metadata, error) -> {
            if (error == null) {
              ack.complete(null);
            } else {
              ack.completeExceptionally(error);
            }
          });
    }
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new DeadLetterException("Kafka refused a replay: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new DeadLetterException("Kafka did not acknowledge the replays in " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadLetterException("interrupted while replaying", e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Waits up to 5 s for what Kafka still holds, then closes the producer. */
  @Override
  public void close() {
    try {
      sender
          .close(Duration.ofSeconds(5))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing is best effort; what mattered was acknowledged before.
    }
  }
}
