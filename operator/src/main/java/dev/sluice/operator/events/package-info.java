/**
 * Kubernetes Events for what a person should notice: a configuration rejected, a topic created or
 * changed, a rollout. Never secret values: messages come from diagnostics and topic changes.
 */
package dev.sluice.operator.events;
