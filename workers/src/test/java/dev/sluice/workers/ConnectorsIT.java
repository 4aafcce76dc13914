package dev.sluice.workers;

import static dev.sluice.workers.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The kafka and archive destinations against a real broker, a real directory and s3proxy. */
@ExtendWith(SluiceInfra.class)
class ConnectorsIT {
  static EmbeddedKafka kafka;
  static Vertx vertx;
  Workers workers;
  SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void broker(EmbeddedKafka shared) {
    kafka = shared;
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopBroker() {
    vertx.close().await();
  }

  @AfterEach
  void stop() {
    if (workers != null) {
      workers.close().await();
    }
  }

  private void start(WorkerConfig config) {
    workers =
        Workers.start(vertx, testOptions(kafka.bootstrapServers()), List.of(config), registry)
            .await();
  }

  /**
   * The archive's folder cannot be written (issue 11: disk full or read-only). To make every write
   * fail with a real IOException whether the test runs as root or not (file permissions do not stop
   * root, and a full or read-only file system needs root to mount), the folder is moved aside and a
   * regular file takes its name, then the folder comes back.
   */
  @Test
  void anArchiveFolderThatCannotBeWrittenStopsCommittingSaysWhyAndCatchesUp(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("archive");
    Files.createDirectories(dir);
    String topic = unique("arch-full");
    String dest = unique("arch-full");
    // Retries every 20-500 ms for ten minutes: the outage must not end in dead letters.
    DeliveryPolicy patient =
        new DeliveryPolicy(
            100_000,
            DeliveryPolicy.BackoffPolicy.EXPONENTIAL,
            Duration.ofMillis(20),
            Duration.ofMillis(500),
            Duration.ofMinutes(10),
            true);
    start(
        worker(
            dest,
            new DestinationSettings.Archive(
                dir.toString(), null, "", 1L << 20, Duration.ofMillis(300)),
            patient,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c", "web", topic, "earliest"))));
    Path hour = dir.resolve("web/2026-01-02/03");
    List<ObjectNode> before =
        IntStream.range(0, 5)
            .mapToObj(i -> at(track("u" + i, "E", i), "2026-01-02T03:04:05Z"))
            .toList();
    produce(kafka.bootstrapServers(), topic, before);
    await().atMost(Duration.ofSeconds(60)).until(() -> archived(hour).size() == 5);
    await().atMost(Duration.ofSeconds(30)).until(() -> committed(dest) == 5);

    Path aside = tmp.resolve("archive-aside");
    Files.move(dir, aside);
    Files.writeString(dir, "not a folder");
    List<ObjectNode> during =
        IntStream.range(5, 12)
            .mapToObj(i -> at(track("u" + i, "E", i), "2026-01-02T03:04:05Z"))
            .toList();
    produce(kafka.bootstrapServers(), topic, during);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> String.valueOf(workers.readiness().problem()).contains("could not be written"));
    assertThat(failing(dest)).isEqualTo(1.0);
    // Nothing of the new messages is done, so nothing more is committed while the folder is gone.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> committed(dest) == 5);

    Files.delete(dir);
    Files.move(aside, dir);
    await().atMost(Duration.ofSeconds(60)).until(() -> archived(hour).size() == 12);
    List<String> expected = new ArrayList<>();
    before.forEach(m -> expected.add(m.toString()));
    during.forEach(m -> expected.add(m.toString()));
    assertThat(archived(hour)).containsExactlyInAnyOrderElementsOf(expected);
    await().atMost(Duration.ofSeconds(30)).until(() -> committed(dest) == 12);
    await().atMost(Duration.ofSeconds(30)).until(() -> workers.readiness().problem() == null);
    assertThat(failing(dest)).isEqualTo(0.0);
  }

  private double failing(String destination) {
    return registry
        .get("sluice.worker.destination.failing")
        .tag("destination", destination)
        .gauge()
        .value();
  }

  @Test
  void kafkaDestinationProducesKeyedByUserWithHeadersKept() {
    String topic = unique("src");
    String target = unique("target");
    start(
        worker(
            unique("k"),
            new DestinationSettings.Kafka(
                null, target, DestinationSettings.Kafka.KeyMode.USER_ID, Map.of()),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c", "web", topic, "earliest"))));
    List<ObjectNode> sent =
        IntStream.range(0, 5).mapToObj(i -> track("user-" + i, "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, sent);

    List<ConsumerRecord<byte[], byte[]>> got =
        readAll(kafka.bootstrapServers(), target, 5, Duration.ofSeconds(60));

    assertThat(got).hasSize(5);
    for (ConsumerRecord<byte[], byte[]> r : got) {
      ObjectNode body = (ObjectNode) parse(r.value());
      assertThat(new String(r.key(), StandardCharsets.UTF_8))
          .isEqualTo(body.get("userId").asText());
      assertThat(header(r, SluiceHeaders.SOURCE)).isEqualTo("web");
      assertThat(sent).contains(body);
    }
  }

  @Test
  void localArchiveCommitsMessagesOnlyOnceTheirFileIsWritten(@TempDir Path dir) throws Exception {
    String topic = unique("arch");
    String dest = unique("a");
    ObjectNode sample = at(track("u", "E", 0), "2026-01-02T03:04:05Z");
    int size = bytes(sample).length + 1;
    // Five messages fill a file; the time limit is far away.
    DestinationSettings.Archive settings =
        new DestinationSettings.Archive(
            dir.toString(), null, "raw", 5L * size, Duration.ofHours(1));
    start(
        worker(
            dest,
            settings,
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c", "web", topic, "earliest"))));
    List<ObjectNode> sent =
        IntStream.range(0, 12)
            .mapToObj(i -> at(track("u" + i, "E", 1000 + i), "2026-01-02T03:04:05Z"))
            .toList();
    produce(kafka.bootstrapServers(), topic, sent);

    await().atMost(Duration.ofSeconds(60)).until(() -> committed(dest) >= 10);
    // The last two are in a file still open: not delivered, so not committed.
    assertThat(committed(dest)).isEqualTo(10);
    Path hour = dir.resolve("raw/web/2026-01-02/03");
    assertThat(archived(hour)).hasSize(10);

    workers.close().await();
    workers = null;
    assertThat(archived(hour))
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(m -> m.toString()).toList());
    assertThat(committed(dest)).isEqualTo(12);
    try (Stream<Path> files = Files.list(hour)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(3)
          .allMatch(n -> n.endsWith(".json.gz") && !n.startsWith("."));
    }
  }

  @Test
  void switchingAWebhookToAnArchiveLiveLosesNothingThatWasWaiting(@TempDir Path dir)
      throws Exception {
    String topic = unique("switch");
    String dest = unique("sw");
    try (dev.sluice.embedded.sink.RecordingSink failing =
        new dev.sluice.embedded.sink.RecordingSink(vertx).start(0).respondAlways(500)) {
      WorkerConfig config =
          worker(
              dest,
              webhook(failing.url("/"), null),
              FAST_RETRIES,
              WorkerConfig.Ordering.KEY,
              List.of(connection("c", "web", topic, "earliest")));
      start(config);
      // One key: the first message keeps failing, the others wait behind it in its lane.
      List<ObjectNode> sent =
          IntStream.range(0, 6)
              .mapToObj(i -> at(track("same", "E", i), "2026-01-02T03:04:05Z"))
              .toList();
      produce(kafka.bootstrapServers(), topic, sent);
      failing.awaitCount(2, Duration.ofSeconds(60));

      workers
          .update(
              List.of(
                  withSettings(
                      config,
                      new DestinationSettings.Archive(
                          dir.toString(), null, "", 1L << 20, Duration.ofMillis(300)))))
          .await();

      Path hour = dir.resolve("web/2026-01-02/03");
      await().atMost(Duration.ofSeconds(60)).until(() -> archived(hour).size() >= 6);
      assertThat(archived(hour))
          .containsExactlyInAnyOrderElementsOf(sent.stream().map(Object::toString).toList());
      await().atMost(Duration.ofSeconds(30)).until(() -> committed(dest) == 6);
    }
  }

  @Test
  void s3ArchivePartitionsBySourceAndHourOfReceipt() throws Exception {
    S3ProxyJunitCore s3 =
        new S3ProxyJunitCore.Builder()
            .withCredentials(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
            .build();
    s3.beforeEach();
    try (S3Client client =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(s3.getUri())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
            .build()) {
      client.createBucket(b -> b.bucket("events"));
      String topic = unique("arch-s3");
      DestinationSettings.Archive settings =
          new DestinationSettings.Archive(
              null,
              new DestinationSettings.S3(
                  "events", s3.getUri().toString(), "us-east-1", true, "access", "secret"),
              "raw/",
              1L << 20,
              Duration.ofMillis(300));
      start(
          worker(
              unique("s3"),
              settings,
              FAST_RETRIES,
              WorkerConfig.Ordering.KEY,
              List.of(connection("c", "web", topic, "earliest"))));
      List<ObjectNode> three =
          IntStream.range(0, 3)
              .mapToObj(i -> at(track("u", "E", i), "2026-01-02T03:59:59Z"))
              .toList();
      List<ObjectNode> four =
          IntStream.range(3, 6)
              .mapToObj(i -> at(track("u", "E", i), "2026-01-02T04:00:00Z"))
              .toList();
      List<ObjectNode> all = new ArrayList<>(three);
      all.addAll(four);
      produce(kafka.bootstrapServers(), topic, all);

      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> lines(client, "raw/").size() >= 6);

      assertThat(lines(client, "raw/web/2026-01-02/03/"))
          .containsExactlyElementsOf(three.stream().map(Object::toString).toList());
      assertThat(lines(client, "raw/web/2026-01-02/04/"))
          .containsExactlyElementsOf(four.stream().map(Object::toString).toList());
      assertThat(client.listObjectsV2(b -> b.bucket("events").prefix("raw/")).contents())
          .extracting(S3Object::key)
          .allMatch(k -> k.matches("raw/web/2026-01-02/0[34]/[^/]+\\.json\\.gz"));
    } finally {
      if (workers != null) {
        workers.close().await();
        workers = null;
      }
      s3.afterEach();
    }
  }

  private static ObjectNode at(ObjectNode message, String receivedAt) {
    message.put("receivedAt", receivedAt);
    return message;
  }

  private static List<String> lines(S3Client client, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    List<S3Object> objects =
        new ArrayList<>(client.listObjectsV2(b -> b.bucket("events").prefix(prefix)).contents());
    objects.sort(java.util.Comparator.comparing(S3Object::key));
    for (S3Object o : objects) {
      byte[] content = client.getObjectAsBytes(b -> b.bucket("events").key(o.key())).asByteArray();
      lines.addAll(gunzipLines(new ByteArrayInputStream(content)));
    }
    return lines;
  }

  private static List<String> archived(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return lines;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p :
          files.filter(f -> f.getFileName().toString().endsWith(".json.gz")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          lines.addAll(gunzipLines(in));
        }
      }
    }
    return lines;
  }

  private static List<String> gunzipLines(InputStream in) throws IOException {
    String text = new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private long committed(String destination) throws Exception {
    return EmbeddedKafka.committedTotal(kafka.bootstrapServers(), "sluice.test." + destination);
  }
}
