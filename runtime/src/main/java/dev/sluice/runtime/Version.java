package dev.sluice.runtime;

/**
 * Sluice's version, from the jar's manifest, or {@code development} when run from classes; sent in
 * {@code User-Agent} and printed by {@code sluice --version}.
 */
public final class Version {
  private Version() {}

  public static final String VERSION = current();

  public static final String USER_AGENT = "Sluice/" + VERSION;

  private static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
