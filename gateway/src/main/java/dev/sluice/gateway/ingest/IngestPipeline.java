package dev.sluice.gateway.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.IngestLimits;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.message.AcceptedMessage;
import dev.sluice.api.message.ErrorCode;
import dev.sluice.api.message.Ingest;
import dev.sluice.api.message.IngestContext;
import dev.sluice.api.message.IngestException;
import dev.sluice.api.message.IngestResult;
import dev.sluice.api.message.MessageParser;
import dev.sluice.api.message.RawIngest;
import dev.sluice.api.message.RejectedMessage;
import dev.sluice.gateway.auth.Authenticated;
import dev.sluice.gateway.auth.WriteKeyAuth;
import dev.sluice.gateway.http.ApiError;
import dev.sluice.gateway.http.ClientIp;
import dev.sluice.gateway.http.Exchange;
import dev.sluice.gateway.http.Json;
import dev.sluice.gateway.kafka.EventLog;
import dev.sluice.gateway.limits.RateLimits;
import dev.sluice.gateway.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The steps every message-carrying operation shares, in the order they run. */
public final class IngestPipeline {
  private final Ingest ingest;
  private final RawIngest rawIngest;
  private final MessageParser parser = new MessageParser();
  private final EventLog log;
  private final RateLimits rates;
  private final GatewayMetrics metrics;
  private final ClientIp clientIp;
  private final Clock clock;

  public IngestPipeline(
      Clock clock, EventLog log, RateLimits rates, GatewayMetrics metrics, ClientIp clientIp) {
    this.clock = clock;
    this.ingest = new Ingest(clock);
    this.rawIngest = new RawIngest(clock);
    this.log = log;
    this.rates = rates;
    this.metrics = metrics;
    this.clientIp = clientIp;
  }

  /**
   * Parses and authenticates. A key in the headers is checked before the body is parsed (no
   * validation feedback for a wrong key); otherwise the body's {@code writeKey} decides.
   */
  Parsed parseAndAuthenticate(Exchange exchange, byte[] bytes) throws ApiError {
    return parseAndAuthenticate(exchange, bytes, false);
  }

  /**
   * As {@link #parseAndAuthenticate(Exchange, byte[])}; a {@code batch} body is read measuring each
   * item's raw length (a single message's is the body's own length), so that short messages skip
   * the size walk.
   */
  Parsed parseAndAuthenticate(Exchange exchange, byte[] bytes, boolean batch) throws ApiError {
    String headerKey = WriteKeyAuth.fromHeaders(exchange.request());
    Authenticated auth = null;
    if (headerKey != null) {
      auth = authenticated(exchange, headerKey, null);
    }
    // Bodies already in the form Sluice writes are read without a tree (decision 0081); any
    // other body, and any request the raw path declines later, is read into a tree as before.
    RawIngest.Scanned raw = batch ? RawIngest.scanBatch(bytes) : RawIngest.scanSingle(bytes);
    MessageParser.Spanned spanned = null;
    String bodyKey;
    if (raw != null) {
      bodyKey = raw.writeKey();
    } else {
      spanned = tree(bytes, batch);
      bodyKey = Ingest.writeKeyOf(spanned.body());
    }
    if (auth == null) {
      auth = authenticated(exchange, null, bodyKey);
    }
    IngestLimits limits = auth.source().limits();
    if (bytes.length > limits.maxBatchBytes()) {
      throw new ApiError(
          ErrorCode.REQUEST_TOO_LARGE,
          "the request body is " + bytes.length + " bytes; the limit is " + limits.maxBatchBytes());
    }
    return new Parsed(auth, spanned, raw, bytes, limits);
  }

  private MessageParser.Spanned tree(byte[] bytes, boolean batch) throws ApiError {
    return batch ? parseSpanned(bytes) : new MessageParser.Spanned(parse(bytes), null);
  }

  private static Authenticated authenticated(Exchange exchange, String headerKey, String bodyKey)
      throws ApiError {
    Authenticated auth = WriteKeyAuth.authenticate(headerKey, bodyKey, exchange.sources());
    exchange.source(auth.source());
    return auth;
  }

  /** Parses, measuring batch items' raw lengths so that short ones skip the size walk. */
  private MessageParser.Spanned parseSpanned(byte[] bytes) throws ApiError {
    try {
      return parser.parseSpanned(bytes);
    } catch (IngestException e) {
      throw ApiError.of(e);
    }
  }

  ObjectNode parse(byte[] bytes) throws ApiError {
    try {
      return parser.parse(bytes);
    } catch (IngestException e) {
      throw ApiError.of(e);
    }
  }

  IngestResult single(Exchange exchange, Parsed parsed, dev.sluice.api.message.MessageType type)
      throws ApiError {
    IngestContext ctx = context(exchange);
    if (parsed.raw() != null) {
      IngestResult result = rawIngest.single(parsed.raw(), type, ctx, parsed.limits());
      if (result != null) {
        return result;
      }
    }
    MessageParser.Spanned spanned = parsed.spanned();
    if (spanned == null) {
      spanned = tree(parsed.bytes(), false);
    }
    return ingest.single(spanned.body(), parsed.bytes().length, type, ctx, parsed.limits());
  }

  IngestResult batch(Exchange exchange, Parsed parsed) throws ApiError {
    IngestContext ctx = context(exchange);
    if (parsed.raw() != null) {
      IngestResult result = rawIngest.batch(parsed.raw(), ctx, parsed.limits());
      if (result != null) {
        return result;
      }
    }
    MessageParser.Spanned spanned = parsed.spanned();
    if (spanned == null) {
      spanned = tree(parsed.bytes(), true);
    }
    try {
      return ingest.batch(spanned, ctx, parsed.limits());
    } catch (IngestException e) {
      throw ApiError.of(e);
    }
  }

  private IngestContext context(Exchange exchange) {
    return new IngestContext(clientIp.of(exchange.request()));
  }

  /**
   * Takes rate tokens, logs accepted messages to the Source's topic and rejected ones to its
   * rejected topic, and completes once Kafka has acknowledged all of them.
   */
  Future<IngestResult> log(Exchange exchange, Authenticated auth, IngestResult result)
      throws ApiError {
    // Read and parsed: what waits for Kafka from here is bounded by the event log, not admission.
    exchange.bodyParsed();
    int wait = rates.take(auth.source(), result.accepted().size());
    if (wait > 0) {
      throw new ApiError(
          ErrorCode.RATE_LIMITED,
          "Source "
              + auth.sourceName()
              + " is over its rate of "
              + auth.source().limits().eventsPerSecond()
              + " events/s",
          wait);
    }
    Header[] common = {
      new RecordHeader(SluiceHeaders.SOURCE, utf8(auth.sourceName())),
      new RecordHeader(SluiceHeaders.WRITE_KEY_ID, utf8(auth.keyId())),
      new RecordHeader(SluiceHeaders.RECEIVED_AT, utf8(clock.instant().toString()))
    };
    List<ProducerRecord<byte[], byte[]>> records =
        new ArrayList<>(result.accepted().size() + result.rejected().size());
    String topic = auth.source().topic();
    for (AcceptedMessage message : result.accepted()) {
      byte[] key = message.key() == null ? null : utf8(message.key());
      records.add(
          new ProducerRecord<>(topic, null, key, message.json(), new RecordHeaders(common)));
    }
    for (RejectedMessage rejected : result.rejected()) {
      RecordHeaders headers = new RecordHeaders(common);
      headers.add(SluiceHeaders.CODE, utf8(rejected.code().wireName()));
      headers.add(SluiceHeaders.REASON, utf8(rejected.message()));
      records.add(
          new ProducerRecord<>(
              auth.source().rejectedTopic(), null, (byte[]) null, rejected.original(), headers));
    }
    return log.append(Vertx.currentContext(), records)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof EventLog.Unavailable u
                        ? new ApiError(u.code(), u.getMessage(), u.retryAfterSeconds())
                        : e))
        .map(
            v -> {
              count(auth, result);
              return result;
            });
  }

  private void count(Authenticated auth, IngestResult result) {
    String source = auth.sourceName();
    if (result.accepted().size() == 1) {
      metrics.events(source, result.accepted().get(0).type().wireName(), 1);
    } else {
      int[] perType = new int[dev.sluice.api.message.MessageType.values().length];
      for (AcceptedMessage message : result.accepted()) {
        perType[message.type().ordinal()]++;
      }
      for (dev.sluice.api.message.MessageType type : dev.sluice.api.message.MessageType.values()) {
        if (perType[type.ordinal()] > 0) {
          metrics.events(source, type.wireName(), perType[type.ordinal()]);
        }
      }
    }
    for (RejectedMessage rejected : result.rejected()) {
      metrics.rejected(source, rejected.code().wireName());
    }
  }

  /** {@code {"success":true}}, with {@code rejected[]} when a batch had invalid messages. */
  static void answerBatch(Exchange exchange, IngestResult result) {
    if (result.rejected().isEmpty()) {
      exchange.success();
      return;
    }
    StringBuilder out = new StringBuilder(64 + 96 * result.rejected().size());
    out.append("{\"success\":true,\"rejected\":[");
    for (int i = 0; i < result.rejected().size(); i++) {
      RejectedMessage rejected = result.rejected().get(i);
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"index\":").append(rejected.index()).append(",\"code\":");
      Json.string(out, rejected.code().wireName());
      out.append(",\"message\":");
      Json.string(out, rejected.message());
      out.append('}');
    }
    out.append("]}");
    exchange.json(200, Buffer.buffer(out.toString()));
  }

  /** A single message answers with its own rejection. */
  static ApiError singleRejection(RejectedMessage rejected) {
    return new ApiError(rejected.code(), rejected.message());
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * An authenticated body ({@code bytes} as parsed, inflated): read by the raw path ({@code raw})
   * or into a tree ({@code spanned}); when the raw path declines, the tree is read from {@code
   * bytes}.
   */
  record Parsed(
      Authenticated auth,
      MessageParser.Spanned spanned,
      RawIngest.Scanned raw,
      byte[] bytes,
      IngestLimits limits) {}
}
