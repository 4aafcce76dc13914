package dev.sluice.api.compiler;

/** Every generated name in one place: topics, consumer groups, Secrets, Deployments. */
public final class Names {
  private Names() {}

  public static String sourceTopic(String namespace, String source) {
    return "sluice." + namespace + "." + source;
  }

  public static String rejectedTopic(String namespace, String source) {
    return sourceTopic(namespace, source) + ".rejected";
  }

  public static String consumerGroup(String namespace, String destination) {
    return "sluice." + namespace + "." + destination;
  }

  public static String deadLetterTopic(String namespace, String destination) {
    return "sluice." + namespace + "." + destination + ".dlq";
  }

  /**
   * A Destination's dedup log: the messageIds it delivered recently, compacted, read back by a
   * restarted worker (decision 0112).
   */
  public static String dedupTopic(String namespace, String destination) {
    return "sluice." + namespace + "." + destination + ".dedup";
  }

  /** The Secret holding a Source's generated write key when its spec names none. */
  public static String generatedWriteKeySecret(String source) {
    return source + "-write-key";
  }

  /** The key inside {@link #generatedWriteKeySecret}. */
  public static final String GENERATED_WRITE_KEY = "writeKey";

  public static String gatewayDeployment() {
    return "sluice-gateway";
  }

  public static String workerDeployment(String destination) {
    return "sluice-worker-" + destination;
  }

  /** The gateway's ConfigMap (its route table) and Service share the Deployment's name. */
  public static String gatewayConfigMap() {
    return gatewayDeployment();
  }

  public static String gatewayService() {
    return gatewayDeployment();
  }

  /** A worker's Secret (its WorkerConfig with credentials) shares the Deployment's name. */
  public static String workerSecret(String destination) {
    return workerDeployment(destination);
  }
}
