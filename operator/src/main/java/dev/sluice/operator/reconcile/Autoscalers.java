package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Names;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.operator.model.WorkerAutoscaler;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Puts a Destination's autoscaler in place: a KEDA ScaledObject where the KEDA CRD is installed,
 * else a HorizontalPodAutoscaler, and deletes the one no longer wanted. Which one exists is kept in
 * the Destination's status ({@code autoscaler}), so a Destination without autoscaling costs no API
 * call here.
 */
final class Autoscalers {
  private static final Logger LOG = Logger.getLogger(Autoscalers.class);

  private Autoscalers() {}

  /**
   * @param previous the kind the status says exists, or null
   * @return the kind that exists now, or null
   */
  static String reconcile(
      KubernetesClient client,
      Applier applier,
      Destination destination,
      Optional<WorkerAutoscaler> desired,
      String previous) {
    String namespace = destination.getMetadata().getNamespace();
    String name = Names.workerDeployment(destination.getMetadata().getName());
    String now = null;
    if (desired.isPresent()) {
      if (kedaInstalled(client)) {
        NonNamespaceOperation<
                GenericKubernetesResource,
                GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>>
            scaledObjects =
                client
                    .genericKubernetesResources(WorkerAutoscaler.SCALED_OBJECTS)
                    .inNamespace(namespace);
        GenericKubernetesResource scaledObject = desired.get().scaledObject();
        applier.<GenericKubernetesResource, Destination>apply(
            scaledObject,
            Optional.ofNullable(scaledObjects.withName(name).get()),
            null,
            null,
            scaledObjects::resource,
            o -> {});
        now = WorkerAutoscaler.SCALED_OBJECT;
      } else {
        HorizontalPodAutoscaler hpa = desired.get().horizontalPodAutoscaler();
        applier.apply(hpa, Optional.ofNullable(client.resource(hpa).get()));
        now = WorkerAutoscaler.HPA;
      }
    }
    if (previous != null && !previous.equals(now)) {
      delete(client, namespace, name, previous);
    }
    return now;
  }

  private static void delete(KubernetesClient client, String namespace, String name, String kind) {
    if (WorkerAutoscaler.SCALED_OBJECT.equals(kind)) {
      client
          .genericKubernetesResources(WorkerAutoscaler.SCALED_OBJECTS)
          .inNamespace(namespace)
          .withName(name)
          .delete();
    } else if (WorkerAutoscaler.HPA.equals(kind)) {
      client
          .autoscaling()
          .v2()
          .horizontalPodAutoscalers()
          .inNamespace(namespace)
          .withName(name)
          .delete();
    }
  }

  /** Asked on each reconcile of an autoscaled Destination, so installing KEDA later is seen. */
  private static boolean kedaInstalled(KubernetesClient client) {
    try {
      return client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(WorkerAutoscaler.KEDA_CRD)
              .get()
          != null;
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "cannot tell whether KEDA is installed (%s); using a HorizontalPodAutoscaler",
          e.getMessage());
      return false;
    }
  }

  /** For status and events: what scales the worker, in words. */
  static String describe(String kind) {
    return WorkerAutoscaler.SCALED_OBJECT.equals(kind)
        ? "KEDA scales the worker on its consumer group's lag (ScaledObject)"
        : "a HorizontalPodAutoscaler scales the worker on CPU (KEDA is not installed)";
  }
}
