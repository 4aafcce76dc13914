package dev.sluice.runtime.deadletter;

import java.util.List;

/**
 * What a replay did (or, dry, would do).
 *
 * @param replayed the dead letters written back to their Source topic for the Destination
 * @param skipped the ones left alone, each with why
 */
public record ReplaySummary(List<DeadLetter> replayed, List<Skipped> skipped) {
  public ReplaySummary {
    replayed = List.copyOf(replayed);
    skipped = List.copyOf(skipped);
  }

  /** A dead letter not replayed, and why. */
  public record Skipped(DeadLetter letter, String reason) {}
}
