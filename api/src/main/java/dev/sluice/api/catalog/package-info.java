/**
 * The catalog of Segment's open-source action destinations, as a description generated from the
 * pinned npm package ({@code actions-runtime/src/catalog}) into {@code catalog/actions.json.gz}:
 * what the compiler checks {@code type: actions} Destinations against without running Node, and
 * what {@code sluice catalog} lists. Also the parser of Segment's subscription syntax.
 */
package dev.sluice.api.catalog;
