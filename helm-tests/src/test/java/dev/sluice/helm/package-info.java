/**
 * Tests of what installs Sluice into a cluster, checked offline: the Helm chart rendered and linted
 * by embedded Helm (helm-java), the Argo CD health checks run by LuaJ, the container build
 * definitions, and the dashboard's and alerts' metric names against a running data plane.
 */
package dev.sluice.helm;
