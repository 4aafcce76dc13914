package dev.sluice.gateway;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link MutationIT} at ten times the size; runs in the {@code reliability} profile only. */
@Tag("reliability")
class MutationReliabilityIT extends MutationIT {
  @Test
  @Override
  void damagedMessagesGetDocumentedAnswersAndAcceptedOnesAreInKafka() throws Exception {
    run(Integer.getInteger("sluice.mutation.requests", 3000));
  }
}
