package dev.sluice.api.compiler;

import dev.sluice.api.config.IngestLimits;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.TopicConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.SourceSpec;
import dev.sluice.api.v1alpha1.WriteKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One Source to its gateway route and topics. */
final class SourceCompiler {
  private static final Pattern ORIGIN = Pattern.compile("https?://[^/\\s?#]+");

  /**
   * @param writeKeys each key's hash and the field it came from, for the duplicate check
   */
  record Compiled(
      Source resource,
      Findings findings,
      SourceConfig route,
      Map<String, String> writeKeys,
      TopicConfig topic,
      TopicConfig rejectedTopic) {}

  private final SecretValues secrets;

  SourceCompiler(SecretValues secrets) {
    this.secrets = secrets;
  }

  Compiled compile(Source source) {
    Findings findings = Findings.of(source);
    String namespace = findings.namespace();
    String name = findings.name();
    SourceSpec spec =
        source.getSpec() == null ? new SourceSpec(null, null, null, null, null) : source.getSpec();

    Map<String, String> writeKeys = writeKeys(spec, findings);
    List<String> origins = origins(spec.cors(), findings);
    IngestLimits limits = limits(spec.limits(), findings);

    SourceSpec.TopicSpec topicSpec = spec.topic();
    int partitions =
        Values.between(
            topicSpec == null ? null : topicSpec.partitions(),
            Defaults.TOPIC_PARTITIONS,
            1,
            10000,
            "spec.topic.partitions",
            findings);
    int replication =
        Values.between(
            topicSpec == null ? null : topicSpec.replicationFactor(),
            Defaults.TOPIC_REPLICATION_FACTOR,
            1,
            32767,
            "spec.topic.replicationFactor",
            findings);
    Duration retention =
        Values.duration(
            topicSpec == null ? null : topicSpec.retention(),
            Defaults.TOPIC_RETENTION,
            false,
            "spec.topic.retention",
            findings);

    String policy = spec.deletionPolicy();
    if (policy != null && !policy.equals("Retain") && !policy.equals("Delete")) {
      findings.error(
          "spec.deletionPolicy", "deletionPolicy must be Retain or Delete, not " + policy);
    }

    String topicName = Names.sourceTopic(namespace, name);
    String rejectedName = Names.rejectedTopic(namespace, name);
    TopicConfig topic =
        new TopicConfig(topicName, partitions, (short) replication, retention.toMillis());
    TopicConfig rejected =
        new TopicConfig(rejectedName, partitions, (short) replication, retention.toMillis());
    SourceConfig route =
        new SourceConfig(
            namespace,
            name,
            topicName,
            rejectedName,
            List.copyOf(writeKeys.keySet()),
            Values.orDefault(spec.enabled(), Defaults.SOURCE_ENABLED),
            limits,
            origins);
    return new Compiled(source, findings, route, writeKeys, topic, rejected);
  }

  /** Hash to field, in spec order; a key listed twice in one Source counts once. */
  private Map<String, String> writeKeys(SourceSpec spec, Findings findings) {
    Map<String, String> hashes = new LinkedHashMap<>();
    List<WriteKey> keys = spec.writeKeys();
    if (keys == null || keys.isEmpty()) {
      String secret = Names.generatedWriteKeySecret(findings.name());
      if (!secrets.exists(findings.namespace(), secret)) {
        findings.error(
            "spec.writeKeys",
            "no spec.writeKeys, and the generated Secret "
                + secret
                + " (key "
                + Names.GENERATED_WRITE_KEY
                + ") does not exist in namespace "
                + findings.namespace()
                + "; the operator and `sluice local` create it, or list"
                + " keys in spec.writeKeys");
        return hashes;
      }
      String value =
          secrets.value(
              findings.namespace(), secret, Names.GENERATED_WRITE_KEY, "spec.writeKeys", findings);
      if (value != null) {
        hashes.put(WriteKeys.hash(value), "spec.writeKeys");
      }
      return hashes;
    }
    for (int i = 0; i < keys.size(); i++) {
      String field = "spec.writeKeys[" + i + "].secretKeyRef";
      WriteKey key = keys.get(i);
      String value = secrets.resolve(key == null ? null : key.secretKeyRef(), field, findings);
      if (value == null) {
        continue;
      }
      String previous = hashes.putIfAbsent(WriteKeys.hash(value), field);
      if (previous != null) {
        findings.warning(field, "the same write key as " + previous + "; it counts once");
      }
    }
    return hashes;
  }

  private static List<String> origins(SourceSpec.Cors cors, Findings findings) {
    if (cors == null || cors.allowedOrigins() == null) {
      return Defaults.CORS_ALLOWED_ORIGINS;
    }
    List<String> origins = new ArrayList<>();
    for (int i = 0; i < cors.allowedOrigins().size(); i++) {
      String origin = cors.allowedOrigins().get(i);
      String field = "spec.cors.allowedOrigins[" + i + "]";
      if (origin == null || !(origin.equals("*") || ORIGIN.matcher(origin).matches())) {
        findings.error(
            field,
            "\""
                + origin
                + "\" is not an origin: use \"*\" or scheme://host[:port] with no path,"
                + " e.g. https://shop.example.com");
      } else {
        origins.add(origin);
      }
    }
    return origins;
  }

  private static IngestLimits limits(SourceSpec.SourceLimits limits, Findings findings) {
    IngestLimits defaults = Defaults.INGEST_LIMITS;
    if (limits == null) {
      return defaults;
    }
    IngestLimits result =
        new IngestLimits(
            Values.atLeast(
                limits.eventsPerSecond(),
                defaults.eventsPerSecond(),
                0,
                "spec.limits.eventsPerSecond",
                findings),
            Values.atLeast(
                limits.maxMessageBytes(),
                defaults.maxMessageBytes(),
                1,
                "spec.limits.maxMessageBytes",
                findings),
            Values.atLeast(
                limits.maxBatchBytes(),
                defaults.maxBatchBytes(),
                1,
                "spec.limits.maxBatchBytes",
                findings),
            Values.atLeast(
                limits.maxBatchMessages(),
                defaults.maxBatchMessages(),
                1,
                "spec.limits.maxBatchMessages",
                findings));
    if (result.maxMessageBytes() > result.maxBatchBytes()) {
      findings.warning(
          "spec.limits.maxMessageBytes",
          "maxMessageBytes "
              + result.maxMessageBytes()
              + " is more than maxBatchBytes "
              + result.maxBatchBytes()
              + ", so a message that large is refused anyway");
    }
    return result;
  }
}
