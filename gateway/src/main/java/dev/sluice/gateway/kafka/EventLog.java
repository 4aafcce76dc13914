package dev.sluice.gateway.kafka;

import dev.sluice.api.message.ErrorCode;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.runtime.kafka.KafkaSender;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a request's records and completes once Kafka has acknowledged every one of them.
 *
 * <p>{@code producer.send} can block (fetching metadata for a topic it has not seen, or a full
 * buffer), so sends go through a {@link KafkaSender}, never from an event loop; acknowledgements
 * come back on Kafka's I/O thread and complete the request's promise on its own context. Work in
 * flight is bounded in messages and bytes: past the bound, or when Kafka does not acknowledge
 * within the delivery timeout, the caller is told it is unavailable and nothing is reported as
 * logged that was not.
 */
public final class EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

  /**
   * Fewer messages than this waiting for Kafka, besides a request's own, send it through the idle
   * producer: the one record of a lone single call, or a lone batch, leaves at once; under load the
   * other producer's 5 ms linger fills batches (decision 0086).
   */
  static final int IDLE_BELOW = 64;

  private final KafkaSender sender;
  private final KafkaSender idleSender;
  private final GatewayMetrics metrics;
  private final int maxInFlightMessages;
  private final long maxInFlightBytes;
  private final AtomicInteger inFlightMessages = new AtomicInteger();
  private final java.util.Set<String> warmed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicLong inFlightBytes = new AtomicLong();
  private final long answerDeadlineMs;
  private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - 10_000_000_000L);
  private final AtomicLong failuresSinceLog = new AtomicLong();

  /**
   * @param idleProducerConfig the producer for requests that find little else in flight, or null to
   *     send everything through the one of {@code producerConfig}
   * @param answerDeadline the longest a caller waits: past it the answer is a 503 even if Kafka has
   *     not reported yet (the reservation is kept until it does)
   */
  public EventLog(
      Map<String, Object> producerConfig,
      Map<String, Object> idleProducerConfig,
      int maxInFlightMessages,
      long maxInFlightBytes,
      Duration answerDeadline,
      GatewayMetrics metrics) {
    this.answerDeadlineMs = answerDeadline.toMillis();
    this.sender = KafkaSender.create("gateway", producerConfig);
    this.idleSender =
        idleProducerConfig == null ? null : KafkaSender.create("gateway-idle", idleProducerConfig);
    this.maxInFlightMessages = maxInFlightMessages;
    this.maxInFlightBytes = maxInFlightBytes;
    this.metrics = metrics;
    metrics.inFlight(inFlightMessages::get, inFlightBytes::get);
  }

  /**
   * Sends the records; the future succeeds when all are acknowledged and fails with {@link
   * Unavailable} when the bound is reached or any record is not acknowledged.
   */
  public Future<Void> append(Context context, List<ProducerRecord<byte[], byte[]>> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    long bytes = 0;
    for (ProducerRecord<byte[], byte[]> record : records) {
      bytes += record.value().length + (record.key() == null ? 0 : record.key().length) + 64;
    }
    int messages = records.size();
    int others = reserve(messages, bytes);
    if (others < 0) {
      return Future.failedFuture(
          new Unavailable(
              ErrorCode.OVERLOADED,
              "the gateway has too much waiting for Kafka; retry shortly",
              1));
    }
    Promise<Void> promise = Promise.promise();
    Pending pending = new Pending(context, promise, messages, bytes);
    pending.timer =
        context
            .owner()
            .setTimer(
                answerDeadlineMs,
                id -> {
                  if (promise.tryFail(unavailable())) {
                    logFailure(
                        messages, new java.util.concurrent.TimeoutException("no answer in time"));
                  }
                });
    boolean idle = idleSender != null && others < IDLE_BELOW;
    metrics.kafkaAppend(idle);
    (idle ? idleSender : sender).send(records, pending);
    return promise.future();
  }

  private static Unavailable unavailable() {
    return new Unavailable(
        ErrorCode.KAFKA_UNAVAILABLE,
        "the event log did not acknowledge the messages in time; retry",
        5);
  }

  /** Records were not logged, or not in time: the caller should try again after a pause. */
  public static final class Unavailable extends Exception {
    private final ErrorCode code;
    private final int retryAfterSeconds;

    Unavailable(ErrorCode code, String message, int retryAfterSeconds) {
      super(message, null, false, false);
      this.code = code;
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorCode code() {
      return code;
    }

    public int retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /**
   * Past the bound only when nothing else is waiting, so one large request always gets through.
   * Returns how many other messages were in flight, or -1 when the bound refused the request.
   */
  private int reserve(int messages, long bytes) {
    int nowMessages = inFlightMessages.addAndGet(messages);
    long nowBytes = inFlightBytes.addAndGet(bytes);
    boolean alone = nowMessages == messages;
    if (!alone && (nowMessages > maxInFlightMessages || nowBytes > maxInFlightBytes)) {
      inFlightMessages.addAndGet(-messages);
      inFlightBytes.addAndGet(-bytes);
      return -1;
    }
    return nowMessages - messages;
  }

  /**
   * Fetches metadata for topics not seen yet (blocking: call from a worker thread), so the first
   * request to a new Source does not wait for it on the sender thread.
   */
  public void warm(java.util.Collection<String> topics) {
    List<String> fresh = topics.stream().filter(warmed::add).toList();
    sender.warm(fresh);
    if (idleSender != null) {
      idleSender.warm(fresh);
    }
  }

  /**
   * Whether the bound is reached, so that a request can be refused before its body is read (a
   * reservation could still fail later; this only spares the parsing of one that would).
   */
  public boolean full() {
    return inFlightMessages.get() >= maxInFlightMessages || inFlightBytes.get() >= maxInFlightBytes;
  }

  public int inFlightMessages() {
    return inFlightMessages.get();
  }

  /** Gives what Kafka holds up to {@code timeout} to be acknowledged, then closes the producer. */
  public Future<Void> close(Duration timeout) {
    if (idleSender == null) {
      return sender.close(timeout);
    }
    return Future.all(sender.close(timeout), idleSender.close(timeout)).mapEmpty();
  }

  /** An outage fails every request: one line every few seconds says so, with the count. */
  private void logFailure(int messages, Exception failure) {
    long failed = failuresSinceLog.addAndGet(messages);
    long now = System.nanoTime();
    long last = lastFailureLog.get();
    if (now - last > 5_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
      failuresSinceLog.addAndGet(-failed);
      LOG.warn(
          "Kafka did not acknowledge {} record(s) (answered 503): {}", failed, failure.toString());
    }
  }

  /** One request's records: completes its promise once, after the last acknowledgement. */
  private final class Pending implements Callback {
    private final Context context;
    private final Promise<Void> promise;
    private final AtomicInteger remaining;
    private final int messages;
    private final long bytes;
    private final long started = System.nanoTime();
    private volatile Exception failure;
    long timer = -1;

    Pending(Context context, Promise<Void> promise, int messages, long bytes) {
      this.context = context;
      this.promise = promise;
      this.remaining = new AtomicInteger(messages);
      this.messages = messages;
      this.bytes = bytes;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        failure = exception;
      }
      if (remaining.decrementAndGet() == 0) {
        finish();
      }
    }

    private void finish() {
      inFlightMessages.addAndGet(-messages);
      inFlightBytes.addAndGet(-bytes);
      metrics.kafkaSend(System.nanoTime() - started);
      Exception failed = failure;
      context.runOnContext(
          v -> {
            context.owner().cancelTimer(timer);
            if (failed == null) {
              promise.tryComplete();
            } else if (promise.tryFail(unavailable())) {
              logFailure(messages, failed);
            }
          });
    }
  }
}
