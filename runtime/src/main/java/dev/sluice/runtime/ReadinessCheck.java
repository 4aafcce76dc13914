package dev.sluice.runtime;

/** One reason a process may not be ready yet; {@code /readyz} lists those that fail. */
public interface ReadinessCheck {
  String name();

  /** Null when ready, else what is missing, in words an operator can act on. */
  String problem();

  /**
   * Null, or something a person should know that does not make the process unready, such as a
   * configuration that was refused while the last good one keeps running.
   */
  default String warning() {
    return null;
  }

  static ReadinessCheck of(String name, java.util.function.Supplier<String> problem) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String problem() {
        return problem.get();
      }
    };
  }
}
