/**
 * Notices the workers serve on their management port ({@code GET /status}) turned into Destination
 * conditions: workers have no Kubernetes API access, so the operator reads them (decision 0144).
 */
package dev.sluice.operator.notices;
