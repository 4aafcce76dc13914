package dev.sluice.api.compiler;

import dev.sluice.api.catalog.ActionsCatalog;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.LinkLocal;
import dev.sluice.api.v1alpha1.DestinationSpec;
import dev.sluice.api.v1alpha1.DestinationType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Destination's settings block, checked and with its Secret references resolved. Only the Secrets
 * this block names are read, so a worker holds its own credentials and no others.
 */
final class SettingsCompiler {
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Pattern BOOTSTRAP =
      Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Map<String, DestinationSettings.Kafka.KeyMode> KEY_MODES =
      Map.of(
          "userId", DestinationSettings.Kafka.KeyMode.USER_ID,
          "messageId", DestinationSettings.Kafka.KeyMode.MESSAGE_ID,
          "none", DestinationSettings.Kafka.KeyMode.NONE);
  private static final Map<String, String> SECURITY_PROTOCOLS =
      Map.of(
          "PLAINTEXT", "PLAINTEXT",
          "SSL", "SSL",
          "SASL_PLAINTEXT", "SASL_PLAINTEXT",
          "SASL_SSL", "SASL_SSL");
  private static final Map<String, String> SASL_LOGIN_MODULES =
      Map.of(
          "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
          "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
          "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

  /** Producer properties Sluice sets itself; a user's value would silently lose or break. */
  private static final Set<String> MANAGED_KAFKA_PROPERTIES =
      Set.of(
          "bootstrap.servers",
          "key.serializer",
          "value.serializer",
          "security.protocol",
          "sasl.mechanism",
          "sasl.jaas.config");

  private final SecretValues secrets;

  SettingsCompiler(SecretValues secrets) {
    this.secrets = secrets;
  }

  /** The settings of {@code type}, or null with errors. */
  DestinationSettings compile(DestinationType type, DestinationSpec spec, Findings findings) {
    Map<DestinationType, Object> blocks = new LinkedHashMap<>();
    blocks.put(DestinationType.WEBHOOK, spec.webhook());
    blocks.put(DestinationType.KAFKA, spec.kafka());
    blocks.put(DestinationType.ARCHIVE, spec.archive());
    blocks.put(DestinationType.WAREHOUSE, spec.warehouse());
    blocks.put(DestinationType.ACTIONS, spec.actions());
    blocks.forEach(
        (other, block) -> {
          if (other != type && block != null) {
            findings.error(
                "spec." + other.wireName(),
                "spec."
                    + other.wireName()
                    + " is set but type is "
                    + type.wireName()
                    + "; a Destination has only the settings block of its type");
          }
        });
    if (blocks.get(type) == null) {
      findings.error(
          "spec." + type.wireName(),
          "type " + type.wireName() + " needs a spec." + type.wireName() + " block");
      return null;
    }
    DestinationSettings settings =
        switch (type) {
          case WEBHOOK -> webhook(spec.webhook(), findings);
          case KAFKA -> kafka(spec.kafka(), findings);
          case ARCHIVE -> archive(spec.archive(), findings);
          case WAREHOUSE -> new WarehouseSettings(secrets).compile(spec.warehouse(), findings);
          case ACTIONS ->
              new ActionsCompiler(secrets, ActionsCatalog.get()).compile(spec.actions(), findings);
        };
    // Settings with errors are never run, and the records refuse incomplete values.
    return findings.hasErrors() ? null : settings;
  }

  private DestinationSettings.Webhook webhook(DestinationSpec.Webhook webhook, Findings findings) {
    Values.httpUrl(webhook.url(), "spec.webhook.url", findings);
    Map<String, String> headers = new TreeMap<>();
    Map<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    List<DestinationSpec.Header> list = webhook.headers() == null ? List.of() : webhook.headers();
    for (int i = 0; i < list.size(); i++) {
      String field = "spec.webhook.headers[" + i + "]";
      DestinationSpec.Header header = list.get(i);
      if (header == null || Values.blank(header.name())) {
        findings.error(field + ".name", "a header needs a name");
        continue;
      }
      if (!HEADER_NAME.matcher(header.name()).matches()) {
        findings.error(
            field + ".name", "\"" + header.name() + "\" is not a valid HTTP header name");
        continue;
      }
      String previous = seen.putIfAbsent(header.name(), field);
      if (previous != null) {
        findings.error(
            field + ".name", "header " + header.name() + " is already set at " + previous);
        continue;
      }
      boolean fromSecret = header.valueFrom() != null;
      if ((header.value() != null) == fromSecret) {
        findings.error(
            field, "header " + header.name() + " needs exactly one of value or valueFrom");
        continue;
      }
      String value =
          fromSecret
              ? secrets.resolve(
                  header.valueFrom().secretKeyRef(), field + ".valueFrom.secretKeyRef", findings)
              : header.value();
      if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
        // Said without the value: it may come from a Secret.
        findings.error(field, "the value of header " + header.name() + " contains a line break");
      } else if (value != null) {
        headers.put(header.name(), value);
      }
    }
    String signingSecret =
        webhook.signingSecretRef() == null
            ? null
            : secrets.resolve(
                webhook.signingSecretRef(), "spec.webhook.signingSecretRef", findings);
    DestinationSpec.Batch batch = webhook.batch();
    int maxEvents =
        Values.between(
            batch == null ? null : batch.maxEvents(),
            Defaults.WEBHOOK_BATCH_MAX_EVENTS,
            1,
            10000,
            "spec.webhook.batch.maxEvents",
            findings);
    int maxBytes =
        Values.between(
            batch == null ? null : batch.maxBytes(),
            Defaults.WEBHOOK_BATCH_MAX_BYTES,
            1024,
            104857600,
            "spec.webhook.batch.maxBytes",
            findings);
    Duration maxWait =
        Values.duration(
            batch == null ? null : batch.maxWait(),
            Defaults.WEBHOOK_BATCH_MAX_WAIT,
            true,
            "spec.webhook.batch.maxWait",
            findings);
    Duration timeout =
        Values.duration(
            webhook.timeout(), Defaults.WEBHOOK_TIMEOUT, false, "spec.webhook.timeout", findings);
    boolean allowLinkLocal = Boolean.TRUE.equals(webhook.allowLinkLocal());
    String refused = allowLinkLocal ? null : LinkLocal.refusedLiteral(webhook.url());
    if (refused != null) {
      findings.error(
          "spec.webhook.url",
          refused + "; set spec.webhook.allowLinkLocal: true if this Destination must send there");
    }
    if (findings.hasErrors()) {
      return null;
    }
    return new DestinationSettings.Webhook(
        webhook.url(),
        headers,
        signingSecret,
        maxEvents,
        maxBytes,
        maxWait,
        timeout,
        allowLinkLocal);
  }

  private DestinationSettings.Kafka kafka(DestinationSpec.Kafka kafka, Findings findings) {
    if (Values.blank(kafka.topic())) {
      findings.error("spec.kafka.topic", "a topic is required");
    } else if (!KAFKA_TOPIC.matcher(kafka.topic()).matches()) {
      findings.error(
          "spec.kafka.topic",
          "\"" + kafka.topic() + "\" is not a Kafka topic name (letters, digits, '.', '_', '-')");
    }
    String bootstrap = Values.blank(kafka.bootstrapServers()) ? null : kafka.bootstrapServers();
    if (bootstrap == null && kafka.topic() != null && kafka.topic().startsWith("sluice.")) {
      // Writing back into Sluice's own topics can feed a Source from its own output, forever.
      findings.error(
          "spec.kafka.topic",
          "topics named sluice.* are Sluice's own; choose another topic or set bootstrapServers");
    }
    if (bootstrap != null && !BOOTSTRAP.matcher(bootstrap).matches()) {
      findings.error(
          "spec.kafka.bootstrapServers",
          "\"" + bootstrap + "\" is not a list of host:port, e.g. kafka-1:9092,kafka-2:9092");
    }
    DestinationSettings.Kafka.KeyMode key =
        Values.choice(kafka.key(), KEY_MODES, Defaults.KAFKA_KEY, "spec.kafka.key", findings);

    Map<String, String> properties = new TreeMap<>();
    Map<String, String> own = kafka.properties() == null ? Map.of() : kafka.properties();
    own.forEach(
        (name, value) -> {
          if (MANAGED_KAFKA_PROPERTIES.contains(name)) {
            findings.error(
                "spec.kafka.properties." + name,
                name
                    + " is set by Sluice from spec.kafka (bootstrapServers, securityProtocol,"
                    + " sasl); set it there");
          } else {
            properties.put(name, value == null ? "" : value);
          }
        });
    String protocol =
        Values.choice(
            kafka.securityProtocol(),
            SECURITY_PROTOCOLS,
            null,
            "spec.kafka.securityProtocol",
            findings);
    DestinationSpec.KafkaSasl sasl = kafka.sasl();
    if (sasl != null) {
      if (protocol == null) {
        protocol = "SASL_SSL";
      } else if (!protocol.startsWith("SASL_")) {
        findings.error(
            "spec.kafka.securityProtocol",
            "sasl needs securityProtocol SASL_SSL or SASL_PLAINTEXT, not " + protocol);
      }
      sasl(sasl, properties, findings);
    }
    if (protocol != null) {
      properties.put("security.protocol", protocol);
    }
    if (findings.hasErrors()) {
      return null;
    }
    return new DestinationSettings.Kafka(bootstrap, kafka.topic(), key, properties);
  }

  private void sasl(
      DestinationSpec.KafkaSasl sasl, Map<String, String> properties, Findings findings) {
    String mechanism = sasl.mechanism() == null ? "" : sasl.mechanism().toUpperCase(Locale.ROOT);
    String module = SASL_LOGIN_MODULES.get(mechanism);
    if (module == null) {
      findings.error(
          "spec.kafka.sasl.mechanism",
          "\""
              + sasl.mechanism()
              + "\" is not one of "
              + String.join(", ", SASL_LOGIN_MODULES.keySet().stream().sorted().toList()));
    }
    String username = secrets.resolve(sasl.usernameRef(), "spec.kafka.sasl.usernameRef", findings);
    String password = secrets.resolve(sasl.passwordRef(), "spec.kafka.sasl.passwordRef", findings);
    if (module != null && username != null && password != null) {
      properties.put("sasl.mechanism", mechanism);
      properties.put(
          "sasl.jaas.config",
          module
              + " required username=\""
              + jaasQuote(username)
              + "\" password=\""
              + jaasQuote(password)
              + "\";");
    }
  }

  /** JAAS quoted strings escape backslash and double quote. */
  private static String jaasQuote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private DestinationSettings.Archive archive(DestinationSpec.Archive archive, Findings findings) {
    boolean local = !Values.blank(archive.path());
    if (local == (archive.s3() != null)) {
      findings.error(
          "spec.archive",
          "an archive needs exactly one of path (a local directory) or s3 (a bucket)");
    }
    DestinationSettings.S3 s3 = archive.s3() == null ? null : s3(archive.s3(), findings);
    long rollBytes =
        Values.between(
            archive.rollBytes(),
            (int) Math.min(Integer.MAX_VALUE, Defaults.ARCHIVE_ROLL_BYTES),
            1024,
            2147483647,
            "spec.archive.rollBytes",
            findings);
    Duration rollInterval =
        Values.duration(
            archive.rollInterval(),
            Defaults.ARCHIVE_ROLL_INTERVAL,
            false,
            "spec.archive.rollInterval",
            findings);
    String prefix = archive.prefix() == null ? Defaults.ARCHIVE_PREFIX : archive.prefix();
    if (prefix.startsWith("/")) {
      findings.error("spec.archive.prefix", "a prefix is relative: drop the leading '/'");
    }
    if (findings.hasErrors()) {
      return null;
    }
    return new DestinationSettings.Archive(
        local ? archive.path() : null, s3, prefix, rollBytes, rollInterval);
  }

  private DestinationSettings.S3 s3(DestinationSpec.S3 s3, Findings findings) {
    if (Values.blank(s3.bucket())) {
      findings.error("spec.archive.s3.bucket", "a bucket is required");
    } else if (!BUCKET.matcher(s3.bucket()).matches()) {
      findings.error(
          "spec.archive.s3.bucket",
          "\""
              + s3.bucket()
              + "\" is not an S3 bucket name (3-63 lower-case letters, digits, '.',"
              + " '-')");
    }
    String endpoint = Values.blank(s3.endpoint()) ? null : s3.endpoint();
    if (endpoint != null) {
      Values.httpUrl(endpoint, "spec.archive.s3.endpoint", findings);
    }
    String accessKeyId = null;
    String secretAccessKey = null;
    if ((s3.accessKeyIdRef() == null) != (s3.secretAccessKeyRef() == null)) {
      findings.error(
          s3.accessKeyIdRef() == null
              ? "spec.archive.s3.accessKeyIdRef"
              : "spec.archive.s3.secretAccessKeyRef",
          "accessKeyIdRef and secretAccessKeyRef go together: set both, or neither to use the"
              + " default AWS credentials");
    } else if (s3.accessKeyIdRef() != null) {
      accessKeyId =
          secrets.resolve(s3.accessKeyIdRef(), "spec.archive.s3.accessKeyIdRef", findings);
      secretAccessKey =
          secrets.resolve(s3.secretAccessKeyRef(), "spec.archive.s3.secretAccessKeyRef", findings);
    }
    if (findings.hasErrors()) {
      return null;
    }
    return new DestinationSettings.S3(
        s3.bucket(),
        endpoint,
        Values.blank(s3.region()) ? Defaults.S3_REGION : s3.region(),
        Values.orDefault(s3.pathStyle(), Defaults.S3_PATH_STYLE),
        accessKeyId,
        secretAccessKey);
  }
}
