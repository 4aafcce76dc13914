package dev.sluice.gateway.http;

import dev.sluice.api.message.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body without ever holding more than the limit: the raw bytes are counted as they
 * arrive, and a gzip body is inflated here (not by the HTTP codec) so that its inflated size is
 * bounded too; a small bomb fails as soon as it passes the limit.
 */
public final class BodyReader {
  private BodyReader() {}

  /** The body, inflated when {@code Content-Encoding: gzip}, at most {@code maxBytes} long. */
  public static Future<byte[]> read(HttpServerRequest request, int maxBytes) {
    String length = request.getHeader("Content-Length");
    if (length != null && parseLong(length) > maxBytes) {
      return Future.failedFuture(overLimit(maxBytes));
    }
    Promise<byte[]> promise = Promise.promise();
    BodyBytes body = new BodyBytes(length == null ? -1 : Math.max(-1, parseLong(length)));
    request.handler(
        chunk -> {
          if (promise.future().isComplete()) {
            return;
          }
          if (body.length() + chunk.length() > maxBytes) {
            promise.tryFail(overLimit(maxBytes));
            return;
          }
          body.append(chunk);
        });
    request.exceptionHandler(
        failure -> {
          if (failure instanceof HttpClosedException) {
            promise.tryFail(failure); // an abort, not an answer
          } else {
            // The codec could not decode the body (a broken chunk size, say): the client's fault.
            promise.tryFail(
                new ApiError(
                    ErrorCode.MALFORMED_REQUEST,
                    "the request body's HTTP framing is broken ("
                        + failure.getClass().getSimpleName()
                        + ")"));
          }
        });
    request.endHandler(
        v -> {
          if (promise.future().isComplete()) {
            return;
          }
          try {
            promise.tryComplete(
                decode(request.getHeader("Content-Encoding"), body.toByteArray(), maxBytes));
          } catch (ApiError e) {
            promise.tryFail(e);
          }
        });
    return promise.future();
  }

  static byte[] decode(String encoding, byte[] raw, int maxBytes) throws ApiError {
    if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
      return raw;
    }
    if (!encoding.trim().equalsIgnoreCase("gzip") && !encoding.trim().equalsIgnoreCase("x-gzip")) {
      throw new ApiError(
          ErrorCode.UNSUPPORTED_ENCODING,
          "Content-Encoding " + encoding + " is not supported; use gzip");
    }
    return gunzip(raw, maxBytes);
  }

  /** Inflates at most {@code maxBytes}; more is a 413, a corrupt or truncated stream a 400. */
  public static byte[] gunzip(byte[] raw, int maxBytes) throws ApiError {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 8192)) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(Math.min(maxBytes, raw.length * 4 + 64));
      byte[] chunk = new byte[8192];
      int total = 0;
      int n;
      while ((n = in.read(chunk)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw overLimit(maxBytes);
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ApiError(
          ErrorCode.INVALID_GZIP, "the gzip body could not be inflated (" + e.getMessage() + ")");
    }
  }

  private static ApiError overLimit(int maxBytes) {
    return new ApiError(
        ErrorCode.REQUEST_TOO_LARGE, "the request body is larger than " + maxBytes + " bytes");
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
