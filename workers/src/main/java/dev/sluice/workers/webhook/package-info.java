/** The webhook destination: JSON POSTs, signed, batched, over pooled keep-alive connections. */
package dev.sluice.workers.webhook;
