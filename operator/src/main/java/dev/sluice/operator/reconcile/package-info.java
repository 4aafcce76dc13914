/**
 * The reconcilers and what they share. A reconciler only orchestrates: it reads its namespace from
 * its informers' caches, compiles it with the api's {@code Compiler}, asks the model for the
 * desired objects, applies them, and sets the status through one helper.
 */
package dev.sluice.operator.reconcile;
