/** Adapts the shared filter/transform engine to the pipeline: one compiled route per Connection. */
package dev.sluice.workers.route;
