package dev.sluice.operator.reconcile;

import dev.sluice.operator.model.ConfigHash;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Creates or replaces a generated object when what the operator wants of it changed. What it wants
 * is hashed into an annotation; the object is written only when the hash differs, so a reconcile
 * that changes nothing writes nothing, whatever defaults the API server filled in. Server-side
 * apply is not used (the Fabric8 mock API server lacks it, and tests must run what production
 * runs).
 */
public final class Applier {
  public static final String APPLIED_HASH = "sluice.dev/applied-hash";

  private final KubernetesClient client;

  public Applier(KubernetesClient client) {
    this.client = client;
  }

  /** What happened to one object. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /**
   * @param current the object as the informer cache last saw it, if at all
   */
  public <T extends HasMetadata> Outcome apply(T desired, Optional<T> current) {
    return apply(desired, current, null, null);
  }

  /**
   * Like {@link #apply(HasMetadata, Optional)}, and puts what was written into the informer's cache
   * at once, so that the next reconcile compares with it rather than with an older version (which
   * would only fail with a conflict and be retried after a backoff).
   *
   * @param primary the resource being reconciled
   */
  public <T extends HasMetadata, P extends HasMetadata> Outcome apply(
      T desired, Optional<T> current, InformerEventSource<T, P> informer, ResourceID primary) {
    return apply(desired, current, informer, primary, client::resource, o -> {});
  }

  /**
   * The general form.
   *
   * @param handle the client's handle on an object, e.g. for a resource the client has no class for
   *     (a KEDA ScaledObject)
   * @param beforeWrite changes made after hashing, just before a write: what the operator does not
   *     own but must send in a full replace, e.g. the replicas an autoscaler set
   */
  public <T extends HasMetadata, P extends HasMetadata> Outcome apply(
      T desired,
      Optional<T> current,
      InformerEventSource<T, P> informer,
      ResourceID primary,
      Function<T, ? extends Resource<T>> handle,
      Consumer<T> beforeWrite) {
    String hash = ConfigHash.of(client.getKubernetesSerialization().asJson(desired));
    Map<String, String> annotations =
        new HashMap<>(
            desired.getMetadata().getAnnotations() == null
                ? Map.of()
                : desired.getMetadata().getAnnotations());
    annotations.put(APPLIED_HASH, hash);
    desired.getMetadata().setAnnotations(annotations);
    if (current.isPresent()) {
      Map<String, String> old = current.get().getMetadata().getAnnotations();
      if (old != null && hash.equals(old.get(APPLIED_HASH))) {
        return Outcome.UNCHANGED;
      }
      beforeWrite.accept(desired);
      // Optimistic locking: a concurrent change fails this write and the reconcile is retried.
      desired.getMetadata().setResourceVersion(current.get().getMetadata().getResourceVersion());
      T updated = handle.apply(desired).update();
      if (informer != null) {
        informer.handleRecentResourceUpdate(primary, updated, current.get());
      }
      return Outcome.UPDATED;
    }
    beforeWrite.accept(desired);
    try {
      T created = handle.apply(desired).create();
      if (informer != null) {
        informer.handleRecentResourceCreate(primary, created);
      }
      return Outcome.CREATED;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // The cache had not seen it yet: replace what is there.
      desired.getMetadata().setResourceVersion(null);
      handle.apply(desired).update();
      return Outcome.UPDATED;
    }
  }

  /** Deletes an object if it exists (e.g. a PodDisruptionBudget no longer wanted). */
  public void delete(HasMetadata object) {
    client.resource(object).delete();
  }
}
