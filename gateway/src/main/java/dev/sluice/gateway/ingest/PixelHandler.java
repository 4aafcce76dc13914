package dev.sluice.gateway.ingest;

import dev.sluice.api.message.ErrorCode;
import dev.sluice.api.message.IngestResult;
import dev.sluice.api.message.MessageType;
import dev.sluice.gateway.http.ApiError;
import dev.sluice.gateway.http.Exchange;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.Base64;

/**
 * {@code GET /v1/pixel/{type}?data=<base64 JSON>}: one message carried in the URL (for email opens
 * and no-JavaScript pages), answered with a transparent 1x1 GIF.
 */
public final class PixelHandler implements Handler<Exchange> {
  private static final Buffer GIF =
      Buffer.buffer(
          Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"));

  private final IngestPipeline pipeline;
  private final MessageType type;

  public PixelHandler(IngestPipeline pipeline, MessageType type) {
    this.pipeline = pipeline;
    this.type = type;
  }

  @Override
  public void handle(Exchange exchange) {
    try {
      byte[] bytes = decode(exchange.request().getParam("data"));
      if (bytes.length > exchange.sources().maxBodyBytes()) {
        throw new ApiError(ErrorCode.REQUEST_TOO_LARGE, "the pixel's data is too large");
      }
      IngestPipeline.Parsed parsed = pipeline.parseAndAuthenticate(exchange, bytes);
      IngestResult result = pipeline.single(exchange, parsed, type);
      pipeline
          .log(exchange, parsed.auth(), result)
          .onSuccess(
              logged -> {
                if (logged.rejected().isEmpty()) {
                  exchange.respond(200, "image/gif", GIF, 0);
                } else {
                  exchange.fail(IngestPipeline.singleRejection(logged.rejected().get(0)));
                }
              })
          .onFailure(exchange::fail);
    } catch (ApiError | RuntimeException e) {
      // Unchecked too: a failure thrown inside a future's callback would leave the request hanging.
      exchange.fail(e);
    }
  }

  /** Standard or URL-safe base64, padded or not. */
  static byte[] decode(String data) throws ApiError {
    if (data == null || data.isEmpty()) {
      throw new ApiError(ErrorCode.DATA_MISSING, "the pixel needs ?data=<base64 JSON message>");
    }
    String standard = data.trim().replace('-', '+').replace('_', '/').replace(' ', '+');
    try {
      return Base64.getDecoder().decode(standard);
    } catch (IllegalArgumentException e) {
      throw new ApiError(ErrorCode.INVALID_BASE64, "the pixel's data is not base64");
    }
  }
}
