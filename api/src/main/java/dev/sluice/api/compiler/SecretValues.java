package dev.sluice.api.compiler;

import dev.sluice.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Looks up Secret values for references in a resource's namespace. Diagnostics name the Secret and
 * key, never the value.
 */
final class SecretValues {
  private final Map<String, Secret> byKey = new HashMap<>();

  SecretValues(List<Secret> secrets) {
    for (Secret secret : secrets) {
      byKey.putIfAbsent(Resources.key(secret), secret);
    }
  }

  boolean exists(String namespace, String name) {
    return byKey.containsKey(namespace + "/" + name);
  }

  /**
   * The value of {@code ref} in {@code findings}' namespace, or null with an error at {@code
   * field}.
   */
  String resolve(SecretKeyRef ref, String field, Findings findings) {
    if (ref == null) {
      findings.error(field, field + " is required");
      return null;
    }
    boolean complete = true;
    if (ref.name() == null || ref.name().isBlank()) {
      findings.error(field + ".name", "the Secret name is required");
      complete = false;
    }
    if (ref.key() == null || ref.key().isBlank()) {
      findings.error(field + ".key", "the key in the Secret is required");
      complete = false;
    }
    return complete ? value(findings.namespace(), ref.name(), ref.key(), field, findings) : null;
  }

  /** The value of {@code key} in Secret {@code namespace/name}, or null with an error. */
  String value(String namespace, String name, String key, String field, Findings findings) {
    Secret secret = byKey.get(namespace + "/" + name);
    if (secret == null) {
      findings.error(field, "Secret " + name + " not found in namespace " + namespace);
      return null;
    }
    Map<String, String> stringData =
        secret.getStringData() == null ? Map.of() : secret.getStringData();
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    // Kubernetes merges stringData over data on write; the same precedence here.
    if (stringData.containsKey(key)) {
      return nonEmpty(stringData.get(key), name, key, field, findings);
    }
    if (data.containsKey(key)) {
      String encoded = data.get(key) == null ? "" : data.get(key);
      try {
        String decoded =
            new String(Base64.getMimeDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
        return nonEmpty(decoded, name, key, field, findings);
      } catch (IllegalArgumentException e) {
        findings.error(
            field,
            "key "
                + key
                + " of Secret "
                + name
                + " is not valid base64 (data values are"
                + " base64; use stringData for plain text)");
        return null;
      }
    }
    TreeSet<String> keys = new TreeSet<>(stringData.keySet());
    keys.addAll(data.keySet());
    findings.error(
        field,
        "Secret "
            + name
            + " in namespace "
            + namespace
            + " has no key "
            + key
            + (keys.isEmpty()
                ? " (it has no keys)"
                : " (it has: " + String.join(", ", keys) + ")"));
    return null;
  }

  private static String nonEmpty(
      String value, String name, String key, String field, Findings findings) {
    if (value == null || value.isEmpty()) {
      findings.error(field, "key " + key + " of Secret " + name + " is empty");
      return null;
    }
    return value;
  }
}
