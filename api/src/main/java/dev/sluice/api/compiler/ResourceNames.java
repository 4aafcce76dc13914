package dev.sluice.api.compiler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.regex.Pattern;

/**
 * Resource names become topic, consumer-group and Deployment names. The API server already holds
 * them to DNS-1123 rules; manifests read locally are held to the same rules here, so a name that
 * runs locally also applies in a cluster.
 */
final class ResourceNames {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** A Deployment name is a DNS label of at most 63 characters. */
  static final int MAX_DESTINATION_NAME = 63 - Names.workerDeployment("").length();

  private ResourceNames() {}

  /** Whether the resource's name and namespace are usable, with an error when not. */
  static boolean check(HasMetadata resource, Findings findings) {
    String name = findings.name();
    String namespace = findings.namespace();
    if (!DNS_LABEL.matcher(namespace).matches() || namespace.length() > 63) {
      findings.error(
          "metadata.namespace",
          "namespace \""
              + namespace
              + "\" is not a DNS label (lower-case letters, digits and '-')");
      return false;
    }
    if ("Destination".equals(resource.getKind())) {
      if (!DNS_LABEL.matcher(name).matches() || name.length() > MAX_DESTINATION_NAME) {
        findings.error(
            "metadata.name",
            "a Destination's name becomes its worker Deployment's name: use at most "
                + MAX_DESTINATION_NAME
                + " lower-case letters, digits and '-', not \""
                + name
                + "\"");
        return false;
      }
      return true;
    }
    if (!DNS_SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
      findings.error(
          "metadata.name",
          "\"" + name + "\" is not a valid name: use lower-case letters, digits, '-' and '.'");
      return false;
    }
    return true;
  }
}
