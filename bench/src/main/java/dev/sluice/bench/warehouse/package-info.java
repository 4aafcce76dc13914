/** The warehouse destination's load path against a plain JDBC batch-insert loop. */
package dev.sluice.bench.warehouse;
