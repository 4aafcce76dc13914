package dev.sluice.helm;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository (tests run in {@code helm-tests/}). */
final class Repo {
  private Repo() {}

  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("helm")) ? here : here.getParent();
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static Path chart() {
    return path("helm/sluice");
  }
}
