package dev.sluice.operator.model;

import java.util.Map;
import java.util.TreeMap;

/** The {@code app.kubernetes.io/*} labels of generated objects, and user labels beside them. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGER = "sluice-operator";

  private Labels() {}

  /**
   * What a Deployment selects its pods by: never changes for an object (a selector is immutable),
   * so user labels stay out of it.
   */
  public static Map<String, String> selector(String component, String instance) {
    return Map.of(NAME, "sluice", COMPONENT, component, INSTANCE, instance);
  }

  /** Every label of a generated object: the user's, then ours over them. */
  public static Map<String, String> of(
      String component, String instance, Map<String, String> userLabels) {
    Map<String, String> labels = new TreeMap<>(userLabels);
    labels.putAll(selector(component, instance));
    labels.put(PART_OF, "sluice");
    labels.put(MANAGED_BY, MANAGER);
    return labels;
  }
}
