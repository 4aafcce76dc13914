package dev.sluice.workers;

/** Sluice's version, as sent in {@code User-Agent}. */
public final class Version {
  private Version() {}

  public static final String VERSION =
      java.util.Objects.requireNonNullElse(
          Version.class.getPackage().getImplementationVersion(), "0.1.0-SNAPSHOT");

  public static final String USER_AGENT = "Sluice/" + VERSION;
}
