/**
 * The web console: {@link dev.sluice.console.Console} mounts a JSON and server-sent-events API
 * ({@code /api/...}) and the front end's static files on a management port. It reads only what
 * Sluice already has: Kafka topics (with a bounded consumer per open view), the pipelines' meters
 * and the compiler's diagnostics, handed over as {@link dev.sluice.console.ConsoleSnapshot}s.
 */
package dev.sluice.console;
