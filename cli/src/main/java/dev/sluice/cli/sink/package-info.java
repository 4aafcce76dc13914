/** {@code sluice sink}: a webhook receiver that prints what it gets and checks signatures. */
package dev.sluice.cli.sink;
