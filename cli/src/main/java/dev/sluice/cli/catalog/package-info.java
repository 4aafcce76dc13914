/** {@code sluice catalog}: Segment's action destinations that {@code type: actions} can run. */
package dev.sluice.cli.catalog;
