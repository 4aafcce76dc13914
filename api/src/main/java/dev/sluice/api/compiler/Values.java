package dev.sluice.api.compiler;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/** Field checks shared by the resource compilers; each reports at the field it is given. */
final class Values {
  private Values() {}

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  /** An ISO-8601 duration ({@code PT30S}, {@code P7D}); negative never, zero when allowed. */
  static Duration duration(
      String text, Duration fallback, boolean zeroAllowed, String field, Findings findings) {
    if (text == null) {
      return fallback;
    }
    Duration duration;
    try {
      duration = Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      findings.error(
          field,
          "\"" + text + "\" is not an ISO-8601 duration such as PT0.5S, PT30S, PT5M, PT4H or P7D");
      return fallback;
    }
    if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
      findings.error(field, text + " must be " + (zeroAllowed ? "zero or more" : "more than zero"));
      return fallback;
    }
    return duration;
  }

  static int atLeast(Integer value, int fallback, int minimum, String field, Findings findings) {
    if (value == null) {
      return fallback;
    }
    if (value < minimum) {
      findings.error(field, "must be at least " + minimum + ", not " + value);
      return fallback;
    }
    return value;
  }

  /** Within the bounds the CRD schema also sets, so local and cluster checks agree. */
  static int between(
      Integer value, int fallback, int minimum, int maximum, String field, Findings findings) {
    if (value == null) {
      return fallback;
    }
    if (value < minimum || value > maximum) {
      findings.error(field, "must be between " + minimum + " and " + maximum + ", not " + value);
      return fallback;
    }
    return value;
  }

  /** One of the lower-case wire names in {@code choices}, or the fallback with an error. */
  static <T> T choice(
      String value, Map<String, T> choices, T fallback, String field, Findings findings) {
    if (value == null) {
      return fallback;
    }
    T chosen = choices.get(value);
    if (chosen == null) {
      findings.error(
          field,
          "\""
              + value
              + "\" is not one of "
              + String.join(", ", choices.keySet().stream().sorted().toList()));
      return fallback;
    }
    return chosen;
  }

  /** An absolute http(s) URL with a host. */
  static boolean httpUrl(String value, String field, Findings findings) {
    if (blank(value)) {
      findings.error(field, "a URL is required");
      return false;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        findings.error(field, value + " is not an http or https URL");
        return false;
      }
      if (uri.getHost() == null) {
        findings.error(field, value + " has no host");
        return false;
      }
      return true;
    } catch (URISyntaxException e) {
      findings.error(field, value + " is not a valid URL: " + e.getReason());
      return false;
    }
  }
}
