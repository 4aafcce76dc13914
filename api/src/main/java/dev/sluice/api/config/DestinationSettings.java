package dev.sluice.api.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.Map;

/** A Destination's settings with Secret references resolved to their values. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = DestinationSettings.Webhook.class, name = "webhook"),
  @JsonSubTypes.Type(value = DestinationSettings.Kafka.class, name = "kafka"),
  @JsonSubTypes.Type(value = DestinationSettings.Archive.class, name = "archive"),
  @JsonSubTypes.Type(value = DestinationSettings.Warehouse.class, name = "warehouse"),
  @JsonSubTypes.Type(value = ActionsSettings.class, name = "actions")
})
public sealed interface DestinationSettings
    permits DestinationSettings.Webhook,
        DestinationSettings.Kafka,
        DestinationSettings.Archive,
        DestinationSettings.Warehouse,
        ActionsSettings {

  /**
   * @param signingSecret null when requests are not signed
   */
  record Webhook(
      String url,
      Map<String, String> headers,
      String signingSecret,
      int batchMaxEvents,
      int batchMaxBytes,
      Duration batchMaxWait,
      Duration timeout,
      boolean allowLinkLocal)
      implements DestinationSettings {
    public Webhook {
      Required.field("webhook", "url", url);
      headers = Map.copyOf(Required.field("webhook", "headers", headers));
      Required.field("webhook", "batchMaxWait", batchMaxWait);
      Required.field("webhook", "timeout", timeout);
    }

    /** Link-local and metadata addresses refused (the default). */
    public Webhook(
        String url,
        Map<String, String> headers,
        String signingSecret,
        int batchMaxEvents,
        int batchMaxBytes,
        Duration batchMaxWait,
        Duration timeout) {
      this(
          url, headers, signingSecret, batchMaxEvents, batchMaxBytes, batchMaxWait, timeout, false);
    }

    @Override
    public String toString() {
      // Header values and the signing secret are credentials: never print them.
      return "Webhook[url=" + url + ", headers=" + headers.keySet() + "]";
    }
  }

  /**
   * @param bootstrapServers null means the cluster Sluice logs to
   * @param properties producer properties, credentials included
   */
  record Kafka(String bootstrapServers, String topic, KeyMode key, Map<String, String> properties)
      implements DestinationSettings {
    public Kafka {
      Required.field("kafka", "topic", topic);
      Required.field("kafka", "key", key);
      properties = Map.copyOf(Required.field("kafka", "properties", properties));
    }

    public enum KeyMode {
      USER_ID,
      MESSAGE_ID,
      NONE
    }

    @Override
    public String toString() {
      return "Kafka[bootstrapServers=" + bootstrapServers + ", topic=" + topic + "]";
    }
  }

  /**
   * @param path a local directory, or null when {@code s3} is set
   */
  record Archive(String path, S3 s3, String prefix, long rollBytes, Duration rollInterval)
      implements DestinationSettings {
    public Archive {
      if ((path == null) == (s3 == null)) {
        throw new IllegalArgumentException("archive: exactly one of path and s3 is required");
      }
      Required.field("archive", "prefix", prefix);
      Required.field("archive", "rollInterval", rollInterval);
    }
  }

  record S3(
      String bucket,
      String endpoint,
      String region,
      boolean pathStyle,
      String accessKeyId,
      String secretAccessKey) {
    public S3 {
      Required.field("s3", "bucket", bucket);
      Required.field("s3", "region", region);
    }

    @Override
    public String toString() {
      return "S3[bucket=" + bucket + ", endpoint=" + endpoint + "]";
    }
  }

  /**
   * PostgreSQL loaded in Segment's warehouse schema.
   *
   * @param url a JDBC URL ({@code jdbc:postgresql://...}); may carry credentials
   * @param user null when the URL names it
   * @param password null when the URL carries it (or none is needed)
   * @param schemas database schema per Source name; a Source not listed gets its own name
   */
  record Warehouse(
      String url,
      String user,
      String password,
      Map<String, String> schemas,
      int batchMaxEvents,
      long batchMaxBytes,
      Duration batchMaxWait,
      int maxConnections,
      int maxColumns)
      implements DestinationSettings {
    public Warehouse {
      Required.field("warehouse", "url", url);
      schemas = Map.copyOf(Required.field("warehouse", "schemas", schemas));
      Required.field("warehouse", "batchMaxWait", batchMaxWait);
    }

    /** The URL without user information or parameters, which may hold credentials. */
    public String safeUrl() {
      String u = url == null ? "" : url;
      int query = u.indexOf('?');
      u = query < 0 ? u : u.substring(0, query);
      return u.replaceFirst("//[^/@]*@", "//");
    }

    @Override
    public String toString() {
      return "Warehouse[url=" + safeUrl() + ", user=" + user + ", schemas=" + schemas + "]";
    }
  }
}
