/**
 * What a worker tells the operator about itself beyond readiness: notices per destination, served
 * as JSON on the management port ({@code GET /status}), never a credential.
 */
package dev.sluice.workers.status;
