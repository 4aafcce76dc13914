/** {@code sluice replay}: list a Destination's dead letters and deliver them again. */
package dev.sluice.cli.replay;
