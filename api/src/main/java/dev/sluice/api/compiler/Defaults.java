package dev.sluice.api.compiler;

import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.IngestLimits;
import dev.sluice.api.config.WorkerConfig;
import java.time.Duration;
import java.util.List;

/**
 * Every value the compiler uses when a field is absent, and the only place defaults live: the data
 * plane runs exactly what the compiler wrote (a configuration file missing a field is rejected).
 * The CRD schema declares the same defaults (a test in the resources package compares them), so
 * what {@code kubectl get -o yaml} shows is what runs.
 */
public final class Defaults {
  private Defaults() {}

  // Source
  public static final boolean SOURCE_ENABLED = true;
  public static final int TOPIC_PARTITIONS = 3;
  public static final short TOPIC_REPLICATION_FACTOR = 1;
  public static final Duration TOPIC_RETENTION = Duration.ofDays(7);

  /** A deleted Source's topics are kept: deleting data takes asking for it. */
  public static final String SOURCE_DELETION_POLICY = "Retain";

  /** Segment's own API answers any origin: a browser's write key is public anyway. */
  public static final List<String> CORS_ALLOWED_ORIGINS = List.of("*");

  /** Segment's limits: 32 KB a message, 500 KB a request, 2,500 messages a batch. */
  public static final IngestLimits INGEST_LIMITS = new IngestLimits(0, 32 * 1024, 500 * 1024, 2500);

  // Dead-letter topics keep failures longer than the replay window so there is time to fix them.
  public static final int DEAD_LETTER_PARTITIONS = 3;
  public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

  // Destination
  public static final DeliveryPolicy DELIVERY =
      new DeliveryPolicy(
          30,
          DeliveryPolicy.BackoffPolicy.EXPONENTIAL,
          Duration.ofMillis(500),
          Duration.ofMinutes(5),
          Duration.ofHours(4),
          true);
  public static final int EVENTS_PER_SECOND = 0;
  public static final int CONCURRENCY = 8;
  public static final int REPLICAS = 1;
  public static final WorkerConfig.Ordering ORDERING = WorkerConfig.Ordering.KEY;
  public static final boolean DEDUPLICATION_ENABLED = true;
  public static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(10);
  public static final int DEDUPLICATION_MAX_ENTRIES = 100_000;
  public static final int AUTOSCALING_MIN_REPLICAS = 1;
  public static final int AUTOSCALING_LAG_THRESHOLD = 1000;
  public static final int AUTOSCALING_CPU_UTILIZATION = 80;

  // webhook
  public static final int WEBHOOK_BATCH_MAX_EVENTS = 1;
  public static final int WEBHOOK_BATCH_MAX_BYTES = 1_048_576;
  public static final Duration WEBHOOK_BATCH_MAX_WAIT = Duration.ofSeconds(1);
  public static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

  // kafka
  public static final DestinationSettings.Kafka.KeyMode KAFKA_KEY =
      DestinationSettings.Kafka.KeyMode.USER_ID;

  // archive
  public static final String ARCHIVE_PREFIX = "";
  public static final long ARCHIVE_ROLL_BYTES = 64L * 1024 * 1024;
  public static final Duration ARCHIVE_ROLL_INTERVAL = Duration.ofMinutes(5);
  public static final String S3_REGION = "us-east-1";
  public static final boolean S3_PATH_STYLE = false;

  // warehouse
  /**
   * Half the workers' 10,000 records in flight, so one batch fills while the previous one loads (a
   * batch as large as the in-flight limit would pause consumption for every load).
   */
  public static final int WAREHOUSE_BATCH_MAX_EVENTS = 5_000;

  public static final int WAREHOUSE_BATCH_MAX_BYTES = 16 * 1024 * 1024;
  public static final Duration WAREHOUSE_BATCH_MAX_WAIT = Duration.ofSeconds(5);
  public static final int WAREHOUSE_MAX_CONNECTIONS = 4;

  /** PostgreSQL allows 1600 columns a table; stop well before, with room for Segment's own. */
  public static final int WAREHOUSE_MAX_COLUMNS = 1000;

  // actions
  public static final int ACTIONS_BATCH_MAX_EVENTS = 1;
  public static final int ACTIONS_BATCH_MAX_BYTES = 1_048_576;
  public static final Duration ACTIONS_BATCH_MAX_WAIT = Duration.ofSeconds(1);

  /** Segment's own request timeout in the action code. */
  public static final Duration ACTIONS_TIMEOUT = Duration.ofSeconds(10);

  // Connection
  public static final boolean CONNECTION_ENABLED = true;
  public static final String START = "latest";
}
