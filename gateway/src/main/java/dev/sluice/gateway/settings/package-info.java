/** {@code GET /v1/projects/{writeKey}/settings}: what analytics.js loads before it sends. */
package dev.sluice.gateway.settings;
