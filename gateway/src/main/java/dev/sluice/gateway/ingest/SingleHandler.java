package dev.sluice.gateway.ingest;

import dev.sluice.api.message.IngestResult;
import dev.sluice.api.message.MessageType;
import dev.sluice.gateway.http.ApiError;
import dev.sluice.gateway.http.BodyReader;
import dev.sluice.gateway.http.Exchange;
import io.vertx.core.Handler;

/** {@code POST /v1/track} (and identify, page, screen, group, alias, t, i, p, s, g, a). */
public final class SingleHandler implements Handler<Exchange> {
  private final IngestPipeline pipeline;
  private final MessageType type;

  public SingleHandler(IngestPipeline pipeline, MessageType type) {
    this.pipeline = pipeline;
    this.type = type;
  }

  @Override
  public void handle(Exchange exchange) {
    BodyReader.read(exchange.request(), exchange.sources().maxBodyBytes())
        .onSuccess(bytes -> accept(exchange, bytes))
        .onFailure(exchange::fail);
  }

  private void accept(Exchange exchange, byte[] bytes) {
    try {
      IngestPipeline.Parsed parsed = pipeline.parseAndAuthenticate(exchange, bytes);
      IngestResult result = pipeline.single(exchange, parsed, type);
      pipeline
          .log(exchange, parsed.auth(), result)
          .onSuccess(
              logged -> {
                if (logged.rejected().isEmpty()) {
                  exchange.success();
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
}
