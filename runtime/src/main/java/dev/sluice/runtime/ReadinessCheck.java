package dev.sluice.runtime;

/** One reason a process may not be ready yet; {@code /readyz} lists those that fail. */
public interface ReadinessCheck {
  String name();

  /** Null when ready, else what is missing, in words an operator can act on. */
  String problem();

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
