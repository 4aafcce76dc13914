package dev.sluice.runtime.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records without blocking the caller. {@code producer.send} blocks its caller while it waits
 * for a topic's metadata or for buffer memory (up to {@code max.block.ms}, 60 s by default), which
 * on an event loop stalls everything else on it. Here every send runs on this sender's own thread,
 * in the order asked; the future completes on the caller's Vert.x context once Kafka acknowledged
 * the record or gave up on it.
 *
 * <p>When a send to a topic timed out waiting for metadata or memory, the next sends to that topic
 * fail at once for a second with a {@link TimeoutException} (retriable) instead of each waiting
 * {@code max.block.ms} in turn behind it. The queue in front of the thread is unbounded: callers
 * bound what they have in flight (a pipeline's in-flight records, the gateway's reservation).
 *
 * <p>One sender per producer and per job (a Destination's connector, its dead letters, the
 * gateway's log), so a cluster that does not answer only holds back its own sends. Thread-safe.
 */
public final class KafkaSender {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);
  private static final long FAIL_FAST_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String name;
  private final Producer<byte[], byte[]> producer;
  private final ExecutorService thread;

  /** Per topic, until when sends fail at once; used on the sender thread only. */
  private final Map<String, Long> failFastUntil = new HashMap<>();

  private final Promise<Void> closed = Promise.promise();
  private boolean closing;

  /**
   * @param name names the thread ({@code sluice-kafka-<name>}) and the log lines
   * @param producer used by this sender only from now on; closed by {@link #close}
   */
  public KafkaSender(String name, Producer<byte[], byte[]> producer) {
    this.name = name;
    this.producer = producer;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-kafka-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** A sender over a new producer of byte arrays with these settings. */
  public static KafkaSender create(String name, Map<String, Object> producerConfig) {
    return new KafkaSender(
        name,
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  /**
   * Queues one record. The future completes on the calling thread's Vert.x context (on Kafka's
   * thread when called from outside Vert.x) with the record's metadata, or fails with what Kafka
   * reported ({@link org.apache.kafka.common.errors.RetriableException}s are worth a retry).
   */
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    return send(List.of(record)).get(0);
  }

  /** Queues the records in order with one hand-off; one future per record, as {@link #send}. */
  public List<Future<RecordMetadata>> send(List<ProducerRecord<byte[], byte[]>> records) {
    Context context = Vertx.currentContext();
    List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
    List<Callback> callbacks = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      Promise<RecordMetadata> promise = Promise.promise();
      futures.add(promise.future());
      callbacks.add((metadata, error) -> complete(context, promise, metadata, error));
    }
    handOver(records, callbacks::get);
    return futures;
  }

  /**
   * Queues the records in order with one hand-off, for a caller that counts acknowledgements itself
   * (the gateway's log answers a request once all its records are in): {@code callback} runs once
   * per record on Kafka's I/O thread, or on the sender's thread for a record that was never handed
   * over, and never on the caller's context.
   */
  public void send(List<ProducerRecord<byte[], byte[]>> records, Callback callback) {
    handOver(records, i -> callback);
  }

  /**
   * Like {@link #send(List, Callback)}, but {@code records} is asked for the records on the
   * sender's thread, when that thread gets to this hand-off. A caller that queues records itself
   * and hands over only when no hand-off of its own is waiting (the workers' dedup log) then pays
   * one thread wake-up per turn of this thread instead of one per record, and no record waits
   * longer than it would have behind the earlier hand-off. Nothing is asked once closed.
   */
  public void sendWhenReady(
      Supplier<List<ProducerRecord<byte[], byte[]>>> records, Callback callback) {
    try {
      thread.execute(() -> sendAll(records.get(), i -> callback));
    } catch (RejectedExecutionException e) {
      LOG.debug("{}: closed, records left unsent", name);
    }
  }

  private void handOver(List<ProducerRecord<byte[], byte[]>> records, IntFunction<Callback> to) {
    try {
      thread.execute(() -> sendAll(records, to));
    } catch (RejectedExecutionException e) {
      KafkaException closedError = new KafkaException("sender " + name + " is closed");
      for (int i = 0; i < records.size(); i++) {
        to.apply(i).onCompletion(null, closedError);
      }
    }
  }

  /** On the sender thread: hands the records to the producer, which may block here. */
  private void sendAll(List<ProducerRecord<byte[], byte[]>> records, IntFunction<Callback> to) {
    for (int i = 0; i < records.size(); i++) {
      ProducerRecord<byte[], byte[]> record = records.get(i);
      Callback callback = to.apply(i);
      Long until = failFastUntil.get(record.topic());
      if (until != null) {
        if (System.nanoTime() - until < 0) {
          callback.onCompletion(null, new TimeoutException(notWaitingAgain(record.topic())));
          continue;
        }
        failFastUntil.remove(record.topic());
      }
      try {
        java.util.concurrent.Future<RecordMetadata> handed = producer.send(record, callback);
        noteTimeout(record.topic(), handed);
      } catch (RuntimeException e) {
        // Not handed over: the producer is closed, or the record does not serialise.
        callback.onCompletion(null, e);
      }
    }
  }

  /**
   * Fetches the topics' metadata now, blocking up to {@code max.block.ms} per topic that has none
   * (call from a worker thread, never an event loop), so that the first send to a new topic does
   * not wait for it on the sender thread, in front of every other send.
   */
  public void warm(Collection<String> topics) {
    for (String topic : topics) {
      try {
        producer.partitionsFor(topic);
      } catch (RuntimeException e) {
        LOG.debug("{}: no metadata yet for {}: {}", name, topic, e.toString());
      }
    }
  }

  /**
   * A send that failed before returning timed out waiting for metadata or memory (Kafka reports it
   * to the callback, not by throwing): stop waiting on that topic for a while.
   */
  private void noteTimeout(String topic, java.util.concurrent.Future<RecordMetadata> handed) {
    if (!handed.isDone()) {
      return;
    }
    try {
      handed.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        failFastUntil.put(topic, System.nanoTime() + FAIL_FAST_NANOS);
        LOG.debug("{}: {}", name, e.getCause().toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String notWaitingAgain(String topic) {
    return "Kafka had no metadata or memory for topic "
        + topic
        + " a moment ago; not waiting again yet";
  }

  private static <T> void complete(Context context, Promise<T> promise, T value, Throwable error) {
    if (context == null) {
      settle(promise, value, error);
    } else {
      context.runOnContext(v -> settle(promise, value, error));
    }
  }

  private static <T> void settle(Promise<T> promise, T value, Throwable error) {
    if (error == null) {
      promise.tryComplete(value);
    } else {
      promise.tryFail(error);
    }
  }

  /**
   * Closes the producer without blocking the caller. Records Kafka already holds get up to {@code
   * timeout} to be acknowledged; a send still waiting for metadata, and what is queued behind it,
   * fail. A caller that wants everything it queued sent waits for those futures first. Completes on
   * the caller's context; a second call returns the same future.
   */
  public synchronized Future<Void> close(Duration timeout) {
    if (closing) {
      return closed.future();
    }
    closing = true;
    Context context = Vertx.currentContext();
    Thread closer =
        new Thread(
            () -> {
              thread.shutdown();
              try {
                // Wakes a send blocked on metadata; what is still queued then fails at once.
                producer.close(timeout);
                thread.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.warn("{}: closing the producer failed: {}", name, e.toString());
              }
              complete(context, closed, null, null);
            },
            "sluice-kafka-close-" + name);
    closer.setDaemon(true);
    closer.start();
    return closed.future();
  }
}
