/** Rate limits shared by the gateway (per Source) and the workers (per Destination). */
package dev.sluice.runtime.limits;
