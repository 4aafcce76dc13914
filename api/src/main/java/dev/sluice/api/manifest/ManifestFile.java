package dev.sluice.api.manifest;

/**
 * The text of one manifest file.
 *
 * @param origin where the text came from, as a person would recognise it (a path); it appears in
 *     diagnostics and {@link ManifestSet#origins()}
 */
public record ManifestFile(String origin, String text) {}
