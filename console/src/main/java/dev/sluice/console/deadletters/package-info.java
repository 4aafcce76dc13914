/** The Dead letters view: a Destination's dead-letter topic, paged newest first, with why. */
package dev.sluice.console.deadletters;
