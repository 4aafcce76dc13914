package dev.sluice.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.v1alpha1.Source;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Secrets a resource's spec refers to: every {@code {name, key}} object in it (the shape of
 * {@code SecretKeyRef}), wherever the spec puts one. Walking the tree instead of naming fields
 * keeps this right as destination types gain credentials.
 */
final class SecretRefs {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SecretRefs() {}

  static Set<String> of(Object spec) {
    Set<String> names = new TreeSet<>();
    if (spec != null) {
      collect(MAPPER.valueToTree(spec), names);
    }
    return names;
  }

  /** A Source without write keys uses the generated write-key Secret. */
  static Set<String> of(Source source) {
    Set<String> names = of(source.getSpec());
    if (source.getSpec() == null || source.getSpec().writeKeys() == null) {
      names.add(Names.generatedWriteKeySecret(source.getMetadata().getName()));
    }
    return names;
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      JsonNode name = node.get("name");
      if (name != null && name.isTextual() && node.has("key") && node.size() == 2) {
        names.add(name.asText());
      }
      node.elements().forEachRemaining(child -> collect(child, names));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collect(child, names));
    }
  }
}
