package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Compilation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per namespace: the last compilation of its Sources and the gateway state it was rendered to. */
final class GatewayMemo {
  /**
   * @param inputs {@link Fingerprint} of what was compiled
   * @param rendered the gateway state after the last render of these inputs, or null
   */
  record Entry(String inputs, Compilation compilation, String rendered) {}

  private final Map<String, Entry> byNamespace = new ConcurrentHashMap<>();

  Entry get(String namespace) {
    return byNamespace.get(namespace);
  }

  void put(String namespace, Entry entry) {
    byNamespace.put(namespace, entry);
  }
}
