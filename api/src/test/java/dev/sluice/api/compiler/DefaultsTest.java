package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AutoscalingSpec;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import dev.sluice.api.v1alpha1.DestinationSpec;
import dev.sluice.api.v1alpha1.SourceSpec;
import dev.sluice.api.v1alpha1.WarehouseSpec;
import io.fabric8.generator.annotation.Default;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiler applies the same defaults the CRD schema declares, so a resource read from a local
 * file runs exactly as it would after the API server defaulted it.
 */
class DefaultsTest {

  static Stream<Arguments> defaults() {
    return Stream.of(
        Arguments.of(SourceSpec.class, "enabled", Defaults.SOURCE_ENABLED),
        Arguments.of(SourceSpec.class, "deletionPolicy", Defaults.SOURCE_DELETION_POLICY),
        Arguments.of(ConnectionSpec.class, "enabled", Defaults.CONNECTION_ENABLED),
        Arguments.of(ConnectionSpec.class, "start", Defaults.START),
        Arguments.of(DestinationSpec.class, "ordering", Defaults.ORDERING),
        Arguments.of(DestinationSpec.class, "replicas", Defaults.REPLICAS),
        Arguments.of(AutoscalingSpec.class, "minReplicas", Defaults.AUTOSCALING_MIN_REPLICAS),
        Arguments.of(AutoscalingSpec.class, "lagThreshold", Defaults.AUTOSCALING_LAG_THRESHOLD),
        Arguments.of(AutoscalingSpec.class, "cpuUtilization", Defaults.AUTOSCALING_CPU_UTILIZATION),
        Arguments.of(DestinationSpec.Webhook.class, "timeout", Defaults.WEBHOOK_TIMEOUT),
        Arguments.of(DestinationSpec.Batch.class, "maxEvents", Defaults.WEBHOOK_BATCH_MAX_EVENTS),
        Arguments.of(DestinationSpec.Batch.class, "maxBytes", Defaults.WEBHOOK_BATCH_MAX_BYTES),
        Arguments.of(DestinationSpec.Batch.class, "maxWait", Defaults.WEBHOOK_BATCH_MAX_WAIT),
        Arguments.of(DestinationSpec.Kafka.class, "key", "userId"),
        Arguments.of(DestinationSpec.Archive.class, "rollBytes", Defaults.ARCHIVE_ROLL_BYTES),
        Arguments.of(DestinationSpec.Archive.class, "rollInterval", Defaults.ARCHIVE_ROLL_INTERVAL),
        Arguments.of(DestinationSpec.S3.class, "pathStyle", Defaults.S3_PATH_STYLE),
        Arguments.of(WarehouseSpec.class, "maxConnections", Defaults.WAREHOUSE_MAX_CONNECTIONS),
        Arguments.of(WarehouseSpec.class, "maxColumns", Defaults.WAREHOUSE_MAX_COLUMNS),
        Arguments.of(WarehouseSpec.Batch.class, "maxEvents", Defaults.WAREHOUSE_BATCH_MAX_EVENTS),
        Arguments.of(WarehouseSpec.Batch.class, "maxBytes", Defaults.WAREHOUSE_BATCH_MAX_BYTES),
        Arguments.of(WarehouseSpec.Batch.class, "maxWait", Defaults.WAREHOUSE_BATCH_MAX_WAIT),
        Arguments.of(DestinationSpec.Delivery.class, "retry", Defaults.DELIVERY.retry()),
        Arguments.of(
            DestinationSpec.Delivery.class, "backoffPolicy", Defaults.DELIVERY.backoffPolicy()),
        Arguments.of(
            DestinationSpec.Delivery.class, "backoffDelay", Defaults.DELIVERY.backoffDelay()),
        Arguments.of(DestinationSpec.Delivery.class, "maxBackoff", Defaults.DELIVERY.maxBackoff()),
        Arguments.of(
            DestinationSpec.Delivery.class,
            "maxRetryDuration",
            Defaults.DELIVERY.maxRetryDuration()),
        Arguments.of(
            DestinationSpec.DeadLetter.class, "enabled", Defaults.DELIVERY.deadLetterEnabled()),
        Arguments.of(
            DestinationSpec.Deduplication.class, "enabled", Defaults.DEDUPLICATION_ENABLED),
        Arguments.of(DestinationSpec.Deduplication.class, "window", Defaults.DEDUPLICATION_WINDOW),
        Arguments.of(
            DestinationSpec.Deduplication.class, "maxEntries", Defaults.DEDUPLICATION_MAX_ENTRIES));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("defaults")
  void theCompilerDefaultIsTheCrdDefault(Class<?> type, String field, Object compilerDefault)
      throws NoSuchFieldException {
    Default crd = type.getDeclaredField(field).getAnnotation(Default.class);
    assertThat(crd).as("the CRD declares a default for " + field).isNotNull();
    Object expected;
    Object actual;
    if (compilerDefault instanceof Duration duration) {
      expected = Duration.parse(crd.value());
      actual = duration;
    } else if (compilerDefault instanceof Enum<?> value) {
      expected = crd.value().toUpperCase(Locale.ROOT);
      actual = value.name();
    } else {
      expected = crd.value();
      actual = String.valueOf(compilerDefault);
    }
    assertThat(actual).isEqualTo(expected);
  }
}
