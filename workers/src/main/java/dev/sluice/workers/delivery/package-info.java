/**
 * What every connector shares: the unit of delivery, the connector contract, the outcome of an
 * attempt, and the retry schedule that decides between trying again and the dead-letter topic.
 */
package dev.sluice.workers.delivery;
