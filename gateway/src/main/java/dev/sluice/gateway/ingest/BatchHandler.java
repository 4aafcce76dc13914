package dev.sluice.gateway.ingest;

import dev.sluice.api.message.IngestResult;
import dev.sluice.gateway.http.ApiError;
import dev.sluice.gateway.http.BodyReader;
import dev.sluice.gateway.http.Exchange;
import io.vertx.core.Handler;

/**
 * {@code POST /v1/batch}, {@code /v1/b}, {@code /v1/import}: valid messages are logged and the
 * answer is 200 even when some are rejected; those are listed in {@code rejected[]}.
 */
public final class BatchHandler implements Handler<Exchange> {
  private final IngestPipeline pipeline;

  public BatchHandler(IngestPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void handle(Exchange exchange) {
    BodyReader.read(exchange.request(), exchange.sources().maxBodyBytes())
        .onSuccess(bytes -> accept(exchange, bytes))
        .onFailure(exchange::fail);
  }

  private void accept(Exchange exchange, byte[] bytes) {
    try {
      IngestPipeline.Parsed parsed = pipeline.parseAndAuthenticate(exchange, bytes, true);
      IngestResult result = pipeline.batch(exchange, parsed);
      pipeline
          .log(exchange, parsed.auth(), result)
          .onSuccess(logged -> IngestPipeline.answerBatch(exchange, logged))
          .onFailure(exchange::fail);
    } catch (ApiError | RuntimeException e) {
      // Unchecked too: a failure thrown inside a future's callback would leave the request hanging.
      exchange.fail(e);
    }
  }
}
