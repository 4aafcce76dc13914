package dev.sluice.api.config;

/**
 * Checks, in the records' constructors, that a field the data plane cannot run without is present.
 * A configuration file is complete or rejected with the field's name; the data plane never fills in
 * defaults of its own (they live in the compiler's {@code Defaults}).
 */
final class Required {
  private Required() {}

  static <T> T field(String where, String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(where + ": " + field + " is required");
    }
    return value;
  }
}
