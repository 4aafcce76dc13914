/**
 * The filter and transform engine the workers run for every message and Connection: the {@code
 * integrations} object, message types, event names, sampling, a CEL condition, then transforms
 * ({@code drop}, {@code allow}, {@code rename}, {@code set}). Pure code, no I/O; compiled once per
 * Connection by {@link dev.sluice.api.routing.ConnectionRouter#compile}, checked for the compiler's
 * diagnostics by {@link dev.sluice.api.routing.ConnectionRouter#check}.
 */
package dev.sluice.api.routing;
