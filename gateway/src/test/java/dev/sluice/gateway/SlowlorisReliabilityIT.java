package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slowloris, bounded: 1,500 connections send their headers a byte a second while a normal client
 * keeps sending; the normal client is answered promptly throughout, and the header deadline closes
 * every slow connection. Stops by itself after about 20 s. Reliability profile only.
 */
@Tag("reliability")
@ExtendWith(SluiceInfra.class)
class SlowlorisReliabilityIT {
  static final int CONNECTIONS = Integer.getInteger("sluice.slowloris.connections", 1500);
  static final Duration HEADER_TIMEOUT = Duration.ofSeconds(8);
  static final String KEY = "wk_slowloris";
  static TestGateway gw;

  @BeforeAll
  static void start(EmbeddedKafka kafka) {
    gw =
        TestGateway.start(
            TestGateway.options(TestGateway.options(kafka.bootstrapServers()).kafka())
                .headerTimeout(HEADER_TIMEOUT)
                .build(),
            new GatewayConfig(
                List.of(TestGateway.source("slowloris", KEY, Defaults.INGEST_LIMITS, List.of()))));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void slowHeadersDoNotStopOthersAndAreCutOffAtTheHeaderDeadline() throws Exception {
    List<SocketChannel> loris = new ArrayList<>();
    byte[] head =
        ("POST /v1/track HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            .getBytes(StandardCharsets.ISO_8859_1);
    try {
      for (int i = 0; i < CONNECTIONS; i++) {
        SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", gw.gateway.port()));
        c.configureBlocking(false);
        c.write(ByteBuffer.wrap(head));
        loris.add(c);
      }
      long start = System.nanoTime();
      long worstMillis = 0;
      int answered = 0;
      int open = loris.size();
      // A byte a second on every slow connection, and normal requests in between, for up to
      // twice the header deadline.
      while (open > 0 && System.nanoTime() - start < HEADER_TIMEOUT.multipliedBy(2).toNanos()) {
        open = 0;
        for (SocketChannel c : loris) {
          if (c.isOpen() && trickle(c)) {
            open++;
          }
        }
        long t = System.nanoTime();
        HttpResponse<String> normal =
            gw.post(
                "/v1/track",
                "{\"userId\":\"u\",\"event\":\"Meanwhile\"}",
                "Authorization",
                TestGateway.basic(KEY));
        worstMillis = Math.max(worstMillis, (System.nanoTime() - t) / 1_000_000);
        assertThat(normal.statusCode()).isEqualTo(200);
        answered++;
        // Pacing the attacker: one byte per connection per second.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1000));
      }
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "Slowloris: %d connections, all closed by the gateway after %d ms (header timeout %d ms);"
              + " %d normal requests answered meanwhile, slowest %d ms%n",
          CONNECTIONS, elapsed, HEADER_TIMEOUT.toMillis(), answered, worstMillis);
      assertThat(open).as("slow connections still open").isZero();
      assertThat(answered).isGreaterThanOrEqualTo(3);
      assertThat(worstMillis).isLessThan(5_000);
    } finally {
      for (SocketChannel c : loris) {
        c.close();
      }
    }
  }

  /** One more header byte; false once the gateway has closed the connection. */
  private static boolean trickle(SocketChannel c) {
    try {
      if (c.read(ByteBuffer.allocate(1024)) < 0) {
        c.close();
        return false;
      }
      c.write(ByteBuffer.wrap(new byte[] {'a'}));
      return true;
    } catch (IOException closed) {
      try {
        c.close();
      } catch (IOException ignored) {
        // already gone
      }
      return false;
    }
  }
}
