package dev.sluice.operator.status;

/**
 * What the Ready condition should say.
 *
 * @param reason CamelCase, e.g. {@code Reconciled}, {@code SourceNotFound}
 * @param message what is wrong and what to do about it, for a person; never a secret value
 */
public record Readiness(Status status, String reason, String message) {
  public enum Status {
    TRUE("True"),
    FALSE("False"),
    UNKNOWN("Unknown");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  public static Readiness ready(String reason, String message) {
    return new Readiness(Status.TRUE, reason, message);
  }

  public static Readiness notReady(String reason, String message) {
    return new Readiness(Status.FALSE, reason, message);
  }

  public static Readiness unknown(String reason, String message) {
    return new Readiness(Status.UNKNOWN, reason, message);
  }

  public boolean isReady() {
    return status == Status.TRUE;
  }
}
