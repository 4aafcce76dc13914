package dev.sluice.api.compiler;

import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.v1alpha1.WarehouseSpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A warehouse block, checked, with its URL turned into a JDBC URL and the credentials taken out of
 * it: the PostgreSQL driver does not read {@code user:password@} in a URL, but people paste URLs in
 * the {@code postgresql://user:password@host/db} form every other tool accepts.
 */
final class WarehouseSettings {
  /** scheme, optional user information, then host and the rest. */
  private static final Pattern URL =
      Pattern.compile("(?:jdbc:)?postgres(?:ql)?://(?:([^@/?]*)@)?([^/?]+)(.*)", Pattern.DOTALL);

  /** PostgreSQL truncates identifiers to 63 bytes. */
  private static final int MAX_IDENTIFIER_BYTES = 63;

  private final SecretValues secrets;

  WarehouseSettings(SecretValues secrets) {
    this.secrets = secrets;
  }

  DestinationSettings.Warehouse compile(WarehouseSpec spec, Findings findings) {
    boolean fromSecret = spec.urlFrom() != null;
    if (Values.blank(spec.url()) == !fromSecret) {
      findings.error(
          "spec.warehouse",
          "a warehouse needs exactly one of url or urlFrom (a Secret holding the URL)");
    }
    String field = fromSecret ? "spec.warehouse.urlFrom.secretKeyRef" : "spec.warehouse.url";
    String raw =
        fromSecret ? secrets.resolve(spec.urlFrom().secretKeyRef(), field, findings) : spec.url();
    String url = null;
    String user = Values.blank(spec.user()) ? null : spec.user();
    String password = null;
    if (raw != null) {
      Matcher m = URL.matcher(raw.strip());
      if (!m.matches()) {
        // The value may come from a Secret: describe it without repeating it.
        findings.error(
            field,
            "the URL is not a PostgreSQL URL such as postgresql://host:5432/database or"
                + " jdbc:postgresql://host:5432/database");
      } else {
        url = "jdbc:postgresql://" + m.group(2) + m.group(3);
        if (m.group(1) != null && !m.group(1).isEmpty()) {
          String[] parts = m.group(1).split(":", 2);
          if (user != null && !user.equals(decode(parts[0]))) {
            findings.error(
                "spec.warehouse.user", "the URL names another user; set the user in one place");
          }
          user = decode(parts[0]);
          if (parts.length == 2) {
            if (!fromSecret) {
              findings.error(
                  field,
                  "the URL holds a password: put the password in passwordRef, or the whole URL in"
                      + " urlFrom");
            }
            password = decode(parts[1]);
          }
        }
      }
    }
    if (spec.passwordRef() != null) {
      if (password != null) {
        findings.error(
            "spec.warehouse.passwordRef", "the URL already holds a password; keep one of them");
      } else {
        password = secrets.resolve(spec.passwordRef(), "spec.warehouse.passwordRef", findings);
      }
    }
    Map<String, String> schemas = new TreeMap<>();
    if (spec.schemas() != null) {
      spec.schemas()
          .forEach(
              (source, schema) -> {
                if (Values.blank(schema)
                    || schema.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
                  findings.error(
                      "spec.warehouse.schemas." + source,
                      "a schema name has 1 to " + MAX_IDENTIFIER_BYTES + " bytes");
                } else {
                  schemas.put(source, schema);
                }
              });
    }
    WarehouseSpec.Batch batch = spec.batch();
    int maxEvents =
        Values.between(
            batch == null ? null : batch.maxEvents(),
            Defaults.WAREHOUSE_BATCH_MAX_EVENTS,
            1,
            100_000,
            "spec.warehouse.batch.maxEvents",
            findings);
    int maxBytes =
        Values.between(
            batch == null ? null : batch.maxBytes(),
            Defaults.WAREHOUSE_BATCH_MAX_BYTES,
            1024,
            1 << 30,
            "spec.warehouse.batch.maxBytes",
            findings);
    Duration maxWait =
        Values.duration(
            batch == null ? null : batch.maxWait(),
            Defaults.WAREHOUSE_BATCH_MAX_WAIT,
            false,
            "spec.warehouse.batch.maxWait",
            findings);
    int maxConnections =
        Values.between(
            spec.maxConnections(),
            Defaults.WAREHOUSE_MAX_CONNECTIONS,
            1,
            64,
            "spec.warehouse.maxConnections",
            findings);
    int maxColumns =
        Values.between(
            spec.maxColumns(),
            Defaults.WAREHOUSE_MAX_COLUMNS,
            20,
            1600,
            "spec.warehouse.maxColumns",
            findings);
    if (findings.hasErrors()) {
      return null; // the settings record refuses incomplete values; this one never runs
    }
    return new DestinationSettings.Warehouse(
        url, user, password, schemas, maxEvents, maxBytes, maxWait, maxConnections, maxColumns);
  }

  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
