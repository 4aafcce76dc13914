package dev.sluice.console;

import dev.sluice.api.compiler.Diagnostic;

/**
 * One diagnostic of the manifests, as the Problems view shows it.
 *
 * @param file the manifest file, or null when none is known
 */
public record Problem(String file, Diagnostic diagnostic) {}
