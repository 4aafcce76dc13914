package dev.sluice.api.v1alpha1;

/**
 * Regular expressions the CRD schema and its CEL rules share. They avoid look-arounds and
 * backslashes because the API server checks {@code pattern} with Go's RE2 and the same text also
 * appears inside CEL string literals.
 */
final class Patterns {
  private Patterns() {}

  /** A Kubernetes object name (DNS subdomain, RFC 1123). */
  static final String OBJECT_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key of a Secret's data. */
  static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  private static final String SECONDS = "[0-9]+([.][0-9]+)?S";
  private static final String TIME =
      "T([0-9]+H([0-9]+M)?(" + SECONDS + ")?|[0-9]+M(" + SECONDS + ")?|" + SECONDS + ")";

  /**
   * An ISO-8601 duration as {@link java.time.Duration#parse} reads it: days, hours, minutes and
   * (fractional) seconds, e.g. {@code PT0.5S}, {@code PT5M}, {@code P7D}.
   */
  static final String DURATION = "^P([0-9]+D(" + TIME + ")?|" + TIME + ")$";

  private static final String RFC3339_SHAPE =
      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})";

  /** {@code earliest}, {@code latest} or something shaped like an RFC 3339 time. */
  static final String START = "^(earliest|latest|" + RFC3339_SHAPE + ")$";

  /**
   * An RFC 3339 time with every field in range (the CEL rule on {@code start}). No leap second:
   * {@link java.time.OffsetDateTime#parse}, which the compiler uses, rejects second 60. Days past a
   * month's end (February 30) pass here and are left to the compiler.
   */
  static final String RFC3339_STRICT =
      "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:"
          + "[0-5][0-9]([.][0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$";

  /** An HTTP header field name (an RFC 9110 token). */
  static final String HEADER_NAME = "^[-!#$%&'*+.^_`|~0-9A-Za-z]+$";

  /** A Kafka topic name. */
  static final String KAFKA_TOPIC = "^[a-zA-Z0-9._-]+$";

  /** Comma-separated {@code host:port} pairs. */
  static final String BOOTSTRAP_SERVERS = "^[^, :]+:[0-9]+(,[^, :]+:[0-9]+)*$";

  /** An S3 bucket name. */
  static final String S3_BUCKET = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  /** An http or https URL with a host (checked by CEL rules: patterns cannot carry a message). */
  static final String HTTP_URL = "^https?://[^/?# ]+([/?#][^ ]*)?$";

  /** A Kubernetes resource quantity (the API server's own pattern), e.g. 250m, 1.5, 512Mi. */
  static final String QUANTITY = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
}
