/**
 * HTTP plumbing shared by every operation: the per-request {@link
 * dev.sluice.gateway.http.Exchange}, bounded body reading (gzip included), CORS, client addresses
 * and the uniform error type.
 */
package dev.sluice.gateway.http;
