/** {@code sluice validate}: compile only, for pull-request checks in a GitOps repository. */
package dev.sluice.cli.validate;
