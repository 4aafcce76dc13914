package dev.sluice.operator.reconcile;

import dev.sluice.operator.model.ConfigHash;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A digest of the Kafka properties Secret's content (TLS/SASL client settings), for the pods'
 * restart hash: a pod reads that file only when it starts, so a change must roll the pods. Only the
 * digest leaves this class, never a value.
 */
final class KafkaPropertiesDigest {
  private KafkaPropertiesDigest() {}

  /** Whether {@code secret} is the Kafka properties Secret of its namespace. */
  static boolean isIt(Secret secret, OperatorSettings settings) {
    return settings
        .kafkaPropertiesSecret()
        .map(name -> name.equals(secret.getMetadata().getName()))
        .orElse(false);
  }

  /**
   * @param informer the Secret informer of the reconciler asking
   * @return empty without a Kafka properties Secret in the settings; {@code absent} while the
   *     Secret does not exist (its pods cannot start anyway)
   */
  static String of(
      Context<?> context, OperatorSettings settings, String informer, String namespace) {
    Optional<String> name = settings.kafkaPropertiesSecret();
    if (name.isEmpty()) {
      return "";
    }
    Optional<Secret> secret = Informers.get(context, Secret.class, informer, namespace, name.get());
    if (secret.isEmpty()) {
      return "absent";
    }
    Map<String, String> content = new TreeMap<>();
    if (secret.get().getData() != null) {
      content.putAll(secret.get().getData());
    }
    if (secret.get().getStringData() != null) {
      secret.get().getStringData().forEach((k, v) -> content.put(k, "string:" + v));
    }
    String[] parts = new String[content.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> entry : content.entrySet()) {
      parts[i++] = entry.getKey();
      parts[i++] = entry.getValue();
    }
    return ConfigHash.of(parts);
  }
}
