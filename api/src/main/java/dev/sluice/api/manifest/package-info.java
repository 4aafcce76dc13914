/**
 * Reading manifests: multi-document YAML text (the CLI reads the files) into a {@link
 * dev.sluice.api.compiler.ResourceSet}, with a diagnostic for every document or field it cannot
 * take, so a typo is an error rather than a silently ignored setting.
 */
package dev.sluice.api.manifest;
