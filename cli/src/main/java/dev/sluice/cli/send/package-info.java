/** {@code sluice send}: one message to a gateway, for trying things and for scripts. */
package dev.sluice.cli.send;
