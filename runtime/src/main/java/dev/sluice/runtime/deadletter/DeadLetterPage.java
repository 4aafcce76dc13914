package dev.sluice.runtime.deadletter;

import java.util.List;

/**
 * Some dead letters in topic order (by partition, then offset).
 *
 * @param next where the following page starts
 * @param end true when nothing was left after this page when it was read
 */
public record DeadLetterPage(List<DeadLetter> letters, Cursor next, boolean end) {
  public DeadLetterPage {
    letters = List.copyOf(letters);
  }
}
