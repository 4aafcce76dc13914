/**
 * The custom resources of group {@code sluice.dev}, version {@code v1alpha1}: {@link
 * dev.sluice.api.v1alpha1.Source}, {@link dev.sluice.api.v1alpha1.Destination} and {@link
 * dev.sluice.api.v1alpha1.Connection}. The CRDs in {@code crds/} are generated from these types.
 */
package dev.sluice.api.v1alpha1;
