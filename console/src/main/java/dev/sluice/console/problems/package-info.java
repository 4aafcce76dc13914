/** The Problems view: the manifests' diagnostics, pushed again whenever the folder changes. */
package dev.sluice.console.problems;
