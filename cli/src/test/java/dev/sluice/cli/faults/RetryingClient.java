package dev.sluice.cli.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Sends batches the way Segment's client libraries do: every message carries its own messageId, and
 * a batch answered 408, 429, 5xx or not at all is sent again, unchanged, after a pause.
 */
final class RetryingClient {
  final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  final AtomicInteger attempts = new AtomicInteger();
  final AtomicInteger unavailable = new AtomicInteger();
  final AtomicInteger rateLimited = new AtomicInteger();
  final AtomicInteger noAnswer = new AtomicInteger();
  final AtomicInteger other = new AtomicInteger();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI batchUri;
  private final String authorization;

  RetryingClient(String gatewayUrl, String writeKey) {
    this.batchUri = URI.create(gatewayUrl + "/v1/batch");
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes());
  }

  /** Sends one batch until it is answered 200 (or a status a client would drop). */
  void send(List<String> messageIds) {
    String body =
        messageIds.stream()
            .map(
                id ->
                    "{\"type\":\"track\",\"event\":\"Fault\",\"userId\":\"u-"
                        + id.hashCode() % 50
                        + "\",\"messageId\":\""
                        + id
                        + "\"}")
            .collect(Collectors.joining(",", "{\"batch\":[", "]}"));
    HttpRequest request =
        HttpRequest.newBuilder(batchUri)
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    while (true) {
      attempts.incrementAndGet();
      int status;
      try {
        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (java.io.IOException e) {
        noAnswer.incrementAndGet();
        status = -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (status == 200) {
        acknowledged.addAll(messageIds);
        return;
      }
      if (status == 503) {
        unavailable.incrementAndGet();
      } else if (status == 429) {
        rateLimited.incrementAndGet();
      } else if (status != -1 && status != 408 && status < 500) {
        other.incrementAndGet();
        return; // a client drops it
      }
      // The client's own backoff before it retries (what the libraries do), not a test wait.
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }
}
