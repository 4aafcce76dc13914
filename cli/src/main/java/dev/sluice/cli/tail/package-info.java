/** {@code sluice tail}: a Source's live messages, read straight from its topic. */
package dev.sluice.cli.tail;
