package dev.sluice.embedded.junit;

import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordingSink;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real infrastructure integration tests run against, started in one place: a Kafka broker
 * shared by every test class of a test run (it answers in seconds, so starting one per class costs
 * minutes over a suite), and a fresh recording HTTP sink for each parameter that asks for one,
 * closed after its test or class. Use {@code @ExtendWith(SluiceInfra.class)} and take {@link
 * EmbeddedKafka} or {@link RecordingSink} as a parameter of a test, a lifecycle method or a
 * constructor.
 *
 * <p>Tests that share the broker use their own topic names. A test that stops the broker (to prove
 * what happens while Kafka is away) starts its own with {@link EmbeddedKafka#start()}.
 */
public final class SluiceInfra implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SluiceInfra.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EmbeddedKafka.class || type == RecordingSink.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == EmbeddedKafka.class) {
      return kafka(context);
    }
    // Stored in the asking context, so JUnit closes it when that test or class is done.
    RecordingSink sink = new RecordingSink().start(0);
    context.getStore(NAMESPACE).put(sink, sink);
    return sink;
  }

  /** The run's broker; the root store closes it when the run ends. */
  public static EmbeddedKafka kafka(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(EmbeddedKafka.class, type -> EmbeddedKafka.start(), EmbeddedKafka.class);
  }
}
