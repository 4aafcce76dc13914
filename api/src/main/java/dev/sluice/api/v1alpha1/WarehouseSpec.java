package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * A warehouse Destination's settings: PostgreSQL loaded in Segment's warehouse schema (tracks,
 * identifies, users, ...).
 */
@ValidationRule(
    value = "has(self.url) != has(self.urlFrom)",
    message = "warehouse needs exactly one of url and urlFrom")
public record WarehouseSpec(
    @JsonPropertyDescription(
            "The PostgreSQL URL, postgresql://host:5432/database or jdbc:postgresql://..., "
                + "without a password: put that in passwordRef, or the whole URL in urlFrom.")
        @Size(min = 1, max = 2048)
        String url,
    @JsonPropertyDescription("Takes the whole URL (with credentials) from a Secret.")
        DestinationSpec.ValueFrom urlFrom,
    @JsonPropertyDescription("The database user, unless the URL names one.") @Size(max = 63)
        String user,
    @JsonPropertyDescription("The Secret key holding the database user's password.")
        SecretKeyRef passwordRef,
    @JsonPropertyDescription(
            "The database schema for each Source, by Source name. A Source not listed loads "
                + "into a schema named after it (snake_case).")
        @Size(max = 100)
        Map<String, String> schemas,
    @JsonPropertyDescription(
            "Batching: messages are loaded in one transaction per batch, by count, bytes and "
                + "time.")
        Batch batch,
    @JsonPropertyDescription("Database connections each worker pod keeps. Default 4.")
        @Min(1)
        @Max(64)
        @Default("4")
        Integer maxConnections,
    @JsonPropertyDescription(
            "Most columns a table may grow to; a message that would add more goes to the "
                + "dead-letter topic. Default 1000 (PostgreSQL's own limit is 1600).")
        @Min(20)
        @Max(1600)
        @Default("1000")
        Integer maxColumns) {

  /** How many messages are loaded in one transaction. */
  public record Batch(
      @JsonPropertyDescription("Most messages in one load. Default 5000.")
          @Min(1)
          @Max(100000)
          @Default("5000")
          Integer maxEvents,
      @JsonPropertyDescription("Most message bytes in one load. Default 16777216 (16 MiB).")
          @Min(1024)
          @Max(1073741824)
          @Default("16777216")
          Integer maxBytes,
      @JsonPropertyDescription(
              "Longest a message waits for its load, as an ISO-8601 duration. Default PT5S.")
          @Pattern(Patterns.DURATION)
          @Default("PT5S")
          String maxWait) {}
}
