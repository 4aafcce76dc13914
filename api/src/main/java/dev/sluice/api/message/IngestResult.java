package dev.sluice.api.message;

import java.util.List;

/** The outcome of ingesting one request: every item is either accepted or rejected. */
public record IngestResult(List<AcceptedMessage> accepted, List<RejectedMessage> rejected) {
  public IngestResult {
    accepted = List.copyOf(accepted);
    rejected = List.copyOf(rejected);
  }
}
