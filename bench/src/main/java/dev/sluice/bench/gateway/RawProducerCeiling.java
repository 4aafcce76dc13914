package dev.sluice.bench.gateway;

import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling: the gateway's own producer settings (acks=all, idempotence, lz4, linger 5 ms)
 * sending the same messages straight to the same broker, with no HTTP, parsing or enrichment.
 */
final class RawProducerCeiling {
  private RawProducerCeiling() {}

  static LoadClient.Result run(
      String bootstrap, String topic, List<byte[]> values, Duration duration, String compression)
      throws InterruptedException {
    Map<String, Object> config =
        KafkaClients.gatewayProducer(
            new KafkaSettings(
                bootstrap,
                compression.isEmpty() ? Map.of() : Map.of("compression.type", compression)),
            Duration.ofSeconds(30),
            64L << 20);
    Latencies latencies = new Latencies(1);
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Semaphore window = new Semaphore(50_000);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      long n = 0;
      while (System.nanoTime() < deadline) {
        window.acquire();
        byte[] key = ("user-" + (n % 5000)).getBytes(StandardCharsets.UTF_8);
        producer.send(
            new ProducerRecord<>(topic, key, values.get((int) (n++ % values.size()))),
            (metadata, error) -> {
              if (error == null) {
                acked.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
              window.release();
            });
      }
      producer.flush();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new LoadClient.Result(
        "raw producer",
        acked.get() + failed.get(),
        acked.get(),
        Map.of(),
        failed.get(),
        seconds,
        latencies);
  }
}
