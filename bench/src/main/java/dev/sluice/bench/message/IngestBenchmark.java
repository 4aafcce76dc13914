package dev.sluice.bench.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.IngestLimits;
import dev.sluice.api.message.Ingest;
import dev.sluice.api.message.IngestContext;
import dev.sluice.api.message.IngestException;
import dev.sluice.api.message.IngestResult;
import dev.sluice.api.message.MessageJson;
import dev.sluice.api.message.MessageParser;
import dev.sluice.api.message.MessageType;
import dev.sluice.api.message.RawIngest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parse + validate + enrich + serialise of a typical analytics.js track message (about 700 bytes)
 * and of a 100-message batch, against a baseline of plain Jackson {@code readTree} + {@code
 * writeValueAsBytes} of the same bytes (the least any gateway must do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestBenchmark {

  /**
   * A 709-byte track call as analytics.js sends it (the writeKey is in the Authorization header).
   */
  static final String TRACK =
      """
      {"timestamp":"2026-11-29T03:04:01.123Z","integrations":{},"type":"track",\
      "properties":{"sku":"G-32","name":"Monopoly",\
      "price":18.99,"quantity":1},"event":"Product Added",\
      "messageId":"ajs-next-1732849441123-4f1c2a772b7e4a55",\
      "anonymousId":"6f8d2c1e-9b3a-4e7f-8d21-5a4c3b2e1f00","userId":"user-48213",\
      "context":{"page":{"path":"/products/monopoly","referrer":"https://www.google.com/",\
      "url":"https://shop.example.com/products/monopoly"},\
      "userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",\
      "locale":"en-US","library":{"name":"analytics.js","version":"next-1.74.0"},\
      "campaign":{"source":"google","medium":"cpc"}},\
      "sentAt":"2026-11-29T03:04:01.456Z"}""";

  private final ObjectMapper plain = new ObjectMapper();
  private final MessageParser parser = new MessageParser();
  private final Ingest ingest = new Ingest(Clock.systemUTC());
  private final RawIngest raw = new RawIngest(Clock.systemUTC());
  private final IngestContext ctx = new IngestContext("203.0.113.7");
  private final IngestLimits limits = Defaults.INGEST_LIMITS;

  byte[] single;
  byte[] batch;
  private JsonNode parsedBatchItems;

  @Setup
  public void setup() {
    single = TRACK.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 100; i++) {
      b.append(i == 0 ? "" : ",").append(TRACK.replace("user-48213", "user-" + i));
    }
    b.append("],\"sentAt\":\"2026-11-29T03:04:01.456Z\"}");
    batch = b.toString().getBytes(StandardCharsets.UTF_8);
    try {
      parsedBatchItems = MessageJson.readTree(batch).get("batch");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public byte[] baselineSingle() throws IOException {
    return plain.writeValueAsBytes(plain.readTree(single));
  }

  /** Baseline with Sluice's exact-number Jackson configuration: what exactness alone costs. */
  @Benchmark
  public byte[] exactJacksonSingle() throws IOException {
    return MessageJson.write(MessageJson.readTree(single));
  }

  @Benchmark
  public IngestResult ingestSingle() throws IngestException {
    ObjectNode body = parser.parse(single);
    return ingest.single(body, single.length, MessageType.TRACK, ctx, limits);
  }

  /** As the gateway does it since decision 0081: the tree-less path, the tree when it declines. */
  @Benchmark
  public IngestResult rawSingle() throws IngestException {
    RawIngest.Scanned scanned = RawIngest.scanSingle(single);
    IngestResult r = scanned == null ? null : raw.single(scanned, MessageType.TRACK, ctx, limits);
    return r != null ? r : ingestSingle();
  }

  /** As the gateway does it since decision 0081: the tree-less path, the tree when it declines. */
  @Benchmark
  public IngestResult rawBatch() throws IngestException {
    RawIngest.Scanned scanned = RawIngest.scanBatch(batch);
    IngestResult r = scanned == null ? null : raw.batch(scanned, ctx, limits);
    return r != null ? r : ingestBatch();
  }

  /** Plain Jackson on the batch: one readTree, then each item written on its own, as logged. */
  @Benchmark
  public int baselineBatch() throws IOException {
    int total = 0;
    for (var item : plain.readTree(batch).get("batch")) {
      total += plain.writeValueAsBytes(item).length;
    }
    return total;
  }

  /** As the gateway does it: parse measuring the items' raw lengths, then ingest. */
  @Benchmark
  public IngestResult ingestBatch() throws IngestException {
    return ingest.batch(parser.parseSpanned(batch), ctx, limits);
  }

  /** The same without raw lengths (every item's size walked), as before decision 0080. */
  @Benchmark
  public IngestResult ingestBatchTree() throws IngestException {
    return ingest.batch(parser.parse(batch), ctx, limits);
  }

  /** Part of ingestBatch alone: the exact-number parse of the whole body into a tree. */
  @Benchmark
  public JsonNode exactParseBatch() throws IOException {
    return MessageJson.readTree(batch);
  }

  /** Part of ingestBatch alone: writing each of the 100 (already parsed) items. */
  @Benchmark
  public int exactWriteBatch() {
    int total = 0;
    for (JsonNode item : parsedBatchItems) {
      total += MessageJson.write(item).length;
    }
    return total;
  }

  /**
   * The floor of a tree-less design: the batch's items copied token by token from parser to
   * generator (exact numbers, no validation, no enrichment, no tree), each to its own byte[].
   */
  @Benchmark
  public int streamCopyBatch() throws IOException {
    JsonFactory factory = MessageJson.mapper().getFactory();
    int total = 0;
    try (JsonParser p = factory.createParser(batch)) {
      p.nextToken(); // {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        p.nextToken();
        if (!"batch".equals(p.currentName())) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          ByteArrayBuilder out = new ByteArrayBuilder(1024);
          try (JsonGenerator g = factory.createGenerator(out)) {
            g.copyCurrentStructureExact(p);
          }
          total += out.toByteArray().length;
        }
      }
    }
    return total;
  }

  /**
   * The floor of any design that validates the body with Jackson: tokenising it (strings and
   * numbers skipped, not decoded), no copy, no output.
   */
  @Benchmark
  public int tokenizeBatch() throws IOException {
    int tokens = 0;
    try (JsonParser p = MessageJson.mapper().getFactory().createParser(batch)) {
      while (p.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }
}
