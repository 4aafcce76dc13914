/**
 * The {@code actions} connector: hands events to the actions runtime (Segment's action destinations
 * in Node, beside the worker) over loopback HTTP and turns its per-event outcomes into the
 * pipeline's delivered, retried and dead-lettered.
 */
package dev.sluice.workers.actions;
