package dev.sluice.workers.warehouse;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (zonky's embedded binaries) on a free loopback port, started once per
 * test JVM and shared; each test gets a database of its own.
 */
public final class Postgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private Postgres() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
      } catch (IOException e) {
        throw new UncheckedIOException("PostgreSQL did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(Postgres::stop));
    }
    return server;
  }

  private static synchronized void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // the JVM is exiting
    }
  }

  /** A fresh, empty database; its JDBC URL (user postgres, no password). */
  public static String newDatabase() {
    String name = "wh_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return server().getJdbcUrl("postgres", name);
  }
}
