package dev.sluice.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The informers a reconciler reads its namespace from. A reconciler reads from the very informers
 * whose events trigger it, so what it compiles includes the change it was woken for.
 */
final class Informers {
  private Informers() {}

  static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(
      EventSourceContext<P> context,
      Class<R> type,
      String name,
      SecondaryToPrimaryMapper<R> mapper) {
    return informer(context, type, name, null, mapper);
  }

  static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(
      EventSourceContext<P> context,
      Class<R> type,
      String name,
      String labelSelector,
      SecondaryToPrimaryMapper<R> mapper) {
    InformerEventSourceConfiguration.Builder<R> builder =
        InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
            .withName(name)
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(mapper);
    if (labelSelector != null) {
      builder.withLabelSelector(labelSelector);
    }
    return new InformerEventSource<>(builder.build(), context);
  }

  /** Every primary of the namespace matching {@code filter}, as resource ids. */
  static <P extends HasMetadata> Set<ResourceID> primaries(
      EventSourceContext<P> context, String namespace, Predicate<P> filter) {
    return context
        .getPrimaryCache()
        .list(namespace, filter::test)
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  static <R extends HasMetadata> List<R> list(
      Context<?> context, Class<R> type, String name, String namespace) {
    InformerEventSource<R, ?> source =
        (InformerEventSource<R, ?>) context.eventSourceRetriever().getEventSourceFor(type, name);
    return source.list(namespace, r -> true).toList();
  }

  @SuppressWarnings("unchecked")
  static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> named(
      Context<P> context, Class<R> type, String name) {
    return (InformerEventSource<R, P>) context.eventSourceRetriever().getEventSourceFor(type, name);
  }

  @SuppressWarnings("unchecked")
  static <R extends HasMetadata> Optional<R> get(
      Context<?> context, Class<R> type, String name, String namespace, String objectName) {
    InformerEventSource<R, ?> source =
        (InformerEventSource<R, ?>) context.eventSourceRetriever().getEventSourceFor(type, name);
    return source.get(new ResourceID(objectName, namespace));
  }

  @SuppressWarnings("unchecked")
  static <R extends HasMetadata> List<R> listAllNamespaces(
      Context<?> context, Class<R> type, String name, Predicate<R> filter) {
    InformerEventSource<R, ?> source =
        (InformerEventSource<R, ?>) context.eventSourceRetriever().getEventSourceFor(type, name);
    return source.list(filter).toList();
  }
}
