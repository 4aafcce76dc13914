package dev.sluice.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.cli.validate.InvalidResourcesTest;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A whole local run with hostile and invalid input thrown at it, then a scan for the values of the
 * Secrets it used: in every log line (DEBUG and up), in everything it wrote (data directory,
 * archive files, every Kafka record and header), and in its printed output outside the startup
 * summary. Invalid resources added while it runs are reported and break nothing already running.
 */
class SecretScanIT {
  static final String WRITE_KEY = "wk-SCAN-7f3a9c1e5d";
  static final String SIGNING_SECRET = "sig-SCAN-b8d2e4f60a";
  static final String API_KEY = "hdr-SCAN-9c0a1b2d3e";
  static final List<String> SECRETS = List.of(WRITE_KEY, SIGNING_SECRET, API_KEY);
  static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path temp;

  @Test
  void noSecretValueAppearsOutsideTheStartupSummary() throws Exception {
    Path manifests = Files.createDirectories(temp.resolve("manifests"));
    Path archive = temp.resolve("archive");
    Path data = temp.resolve("data");
    StringWriter output = new StringWriter();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger sluice = (Logger) LoggerFactory.getLogger("dev.sluice");
    Level level = sluice.getLevel();
    logs.start();
    root.addAppender(logs);
    sluice.setLevel(Level.DEBUG);
    List<String> kafkaTexts = new ArrayList<>();
    try (RecordingSink sink = new RecordingSink().start(0)) {
      for (String file : List.of("secrets.yaml", "source.yaml", "hook.yaml", "connections.yaml")) {
        Files.writeString(
            manifests.resolve(file),
            fixture(file)
                .replace("${SINK_URL}", sink.url("/hook"))
                .replace("${ARCHIVE_DIR}", archive.toString()));
      }
      LocalRunner runner =
          LocalRunner.start(
              new LocalRunner.Options(
                  manifests, data, null, "127.0.0.1", 0, 0, Duration.ofMillis(200)),
              new PrintWriter(output, true));
      try {
        assertThat(runner.awaitReady(DEADLINE)).isNull();
        String base = "http://127.0.0.1:" + runner.gatewayPort();
        String user = "scan-" + UUID.randomUUID();
        // Good traffic, the key in each place a client may put it.
        assertThat(post(base + "/v1/track", track(user, "Basic"), basic())).isEqualTo(200);
        assertThat(post(base + "/v1/track", track(user, "Header"), "X-Write-Key", WRITE_KEY))
            .isEqualTo(200);
        assertThat(
                post(
                    base + "/v1/batch",
                    "{\"writeKey\":\"" + WRITE_KEY + "\",\"batch\":[" + track(user, "Body") + "]}"))
            .isEqualTo(200);
        assertThat(get(base + "/v1/projects/" + WRITE_KEY + "/settings")).isEqualTo(200);
        // Hostile traffic carrying the key.
        int port = runner.gatewayPort();
        assertThat(rawGet(port, "/v1/pixel/track?writeKey=" + WRITE_KEY + "&data=%zz"))
            .isEqualTo(400);
        assertThat(rawGet(port, "/v1/projects/%zz" + WRITE_KEY + "/settings")).isEqualTo(400);
        assertThat(post(base + "/v1/track", "{\"userId\":\"u\",\"event\":", basic()))
            .isEqualTo(400);
        assertThat(post(base + "/v1/track", track(user, "Wrong"), "X-Write-Key", WRITE_KEY + "x"))
            .isEqualTo(401);
        assertThat(
                post(
                    base + "/v1/batch",
                    "{\"writeKey\":\"" + WRITE_KEY + "\",\"batch\":[{\"type\":\"track\"}]}"))
            .isEqualTo(200);

        await().atMost(DEADLINE).until(() -> deliveries(sink, user), list -> list.size() >= 3);
        assertThat(deliveries(sink, user))
            .allSatisfy(r -> assertThat(r.header("X-Api-Key")).isEqualTo(API_KEY));

        // Every invalid resource of the validate table at once, while it runs.
        long reloads = runner.reloads();
        Files.writeString(
            manifests.resolve("bad.yaml"),
            InvalidResourcesTest.table()
                .map(InvalidResourcesTest.Bad::yaml)
                .collect(Collectors.joining("\n---\n")));
        await().atMost(DEADLINE).until(() -> runner.reloads() > reloads);
        assertThat(output.toString())
            .contains("conn-bad-cel")
            .contains("dst-metadata-url")
            .contains("src-bad-origin");
        assertThat(runner.awaitReady(DEADLINE)).isNull();
        String after = "after-" + UUID.randomUUID();
        assertThat(post(base + "/v1/track", track(after, "After"), basic())).isEqualTo(200);
        await().atMost(DEADLINE).until(() -> deliveries(sink, after), list -> !list.isEmpty());

        kafkaTexts.addAll(everyRecord(runner.bootstrapServers()));
      } finally {
        runner.close();
      }
    } finally {
      root.detachAppender(logs);
      sluice.setLevel(level);
    }

    List<String> leaks = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(logs.list)) {
      String line =
          e.getLevel()
              + " "
              + e.getLoggerName()
              + " "
              + e.getFormattedMessage()
              + (e.getThrowableProxy() == null
                  ? ""
                  : " " + ThrowableProxyUtil.asString(e.getThrowableProxy()));
      scan("log", line, leaks);
    }
    for (String line : output.toString().split("\n")) {
      // The startup summary names each Source's write key, so that a person can send; nothing else.
      boolean summary = line.contains("write key " + WRITE_KEY + " ");
      scan("output", summary ? line.replace("write key " + WRITE_KEY, "") : line, leaks);
    }
    for (String text : kafkaTexts) {
      scan("kafka record", text, leaks);
    }
    int files = 0;
    for (Path root2 : List.of(data, archive)) {
      if (!Files.exists(root2)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root2)) {
        for (Path file : walk.filter(Files::isRegularFile).toList()) {
          files++;
          scan(file.toString(), read(file), leaks);
        }
      }
    }
    System.out.printf(
        "SecretScanIT: %d log lines, %d output lines, %d Kafka records, %d files scanned%n",
        logs.list.size(), output.toString().split("\n").length, kafkaTexts.size(), files);
    assertThat(files).isPositive();
    assertThat(kafkaTexts).isNotEmpty();
    assertThat(leaks).isEmpty();
  }

  private static void scan(String where, String text, List<String> leaks) {
    for (String secret : SECRETS) {
      if (text.contains(secret)) {
        int at = text.indexOf(secret);
        leaks.add(
            where + ": " + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 40)));
      }
    }
  }

  /** A file's text as ISO-8859-1 (byte for byte), gzip inflated. */
  private static String read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (file.toString().endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        bytes = out.toByteArray();
      } catch (IOException truncated) {
        // a file still being written: its raw bytes are scanned
      }
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Every record of every topic, key, value and headers, as text. */
  private static List<String> everyRecord(String bootstrap) throws Exception {
    Set<String> topics;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      topics = admin.listTopics().names().get();
    }
    List<String> texts = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  StringBuilder text = new StringBuilder(r.topic()).append(' ');
                  if (r.key() != null) {
                    text.append(new String(r.key(), StandardCharsets.UTF_8)).append(' ');
                  }
                  if (r.value() != null) {
                    text.append(new String(r.value(), StandardCharsets.UTF_8));
                  }
                  for (Header h : r.headers()) {
                    text.append(' ').append(h.key()).append('=');
                    if (h.value() != null) {
                      text.append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                  }
                  texts.add(text.toString());
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return texts;
  }

  private static List<RecordedRequest> deliveries(RecordingSink sink, String user) {
    return sink.requests().stream()
        .filter(RecordedRequest::succeeded)
        .filter(r -> r.bodyAsString().contains(user))
        .toList();
  }

  private static String track(String user, String event) {
    return "{\"userId\":\"" + user + "\",\"event\":\"" + event + "\",\"type\":\"track\"}";
  }

  private static String[] basic() {
    return new String[] {
      "Authorization",
      "Basic "
          + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8))
    };
  }

  private static int post(String url, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** A GET that Java's HttpClient refuses to send (a bad % escape), on a plain socket. */
  private static int rawGet(int port, String path) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String status =
          new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  private static String fixture(String name) throws IOException {
    try (var in = SecretScanIT.class.getResourceAsStream("/manifests/secrets-scan/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
