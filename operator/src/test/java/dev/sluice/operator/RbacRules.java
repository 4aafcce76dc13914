package dev.sluice.operator;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator's ClusterRole ({@code operator/rbac/cluster-role.yaml}) as a test reads it: which of
 * the API calls recorded by the mock API server it would refuse.
 */
public final class RbacRules {
  /** The user agent the operator's client sends in tests, to tell its calls from the test's. */
  public static final String OPERATOR_AGENT = "sluice-operator-under-test";

  private final List<PolicyRule> rules;

  private RbacRules(List<PolicyRule> rules) {
    this.rules = rules;
  }

  public static RbacRules load() {
    try {
      String yaml = Files.readString(Examples.root().resolve("operator/rbac/cluster-role.yaml"));
      ClusterRole role = new KubernetesSerialization().unmarshal(yaml, ClusterRole.class);
      return new RbacRules(role.getRules());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An API call as RBAC sees it. */
  public record Call(String verb, String group, String resource) {
    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource;
    }
  }

  /** The calls among {@code requests} that the role does not allow, each once. */
  public Set<String> refused(List<RecordedRequest> requests) {
    Set<String> refused = new TreeSet<>();
    for (RecordedRequest request : requests) {
      Call call = call(request);
      if (call != null && !allows(call)) {
        refused.add(call.toString());
      }
    }
    return refused;
  }

  /** Every distinct call among {@code requests}. */
  public static Set<String> calls(List<RecordedRequest> requests) {
    Set<String> calls = new TreeSet<>();
    for (RecordedRequest request : requests) {
      Call call = call(request);
      if (call != null) {
        calls.add(call.toString());
      }
    }
    return calls;
  }

  boolean allows(Call call) {
    return rules.stream()
        .anyMatch(
            r ->
                r.getApiGroups().contains(call.group())
                    && (r.getResources().contains(call.resource())
                        || r.getResources().contains("*"))
                    && (r.getVerbs().contains(call.verb()) || r.getVerbs().contains("*")));
  }

  /** The RBAC verb, group and resource of a request path; null for non-resource URLs. */
  static Call call(RecordedRequest request) {
    URI uri = URI.create(request.getPath());
    List<String> parts = new ArrayList<>(Arrays.asList(uri.getPath().substring(1).split("/")));
    String group;
    if (parts.get(0).equals("api")) {
      group = "";
      parts = parts.subList(2, parts.size());
    } else if (parts.get(0).equals("apis") && parts.size() > 3) {
      group = parts.get(1);
      parts = parts.subList(3, parts.size());
    } else {
      return null;
    }
    if (parts.size() >= 2 && parts.get(0).equals("namespaces")) {
      if (parts.size() == 2) {
        parts = List.of("namespaces", parts.get(1));
      } else {
        parts = parts.subList(2, parts.size());
      }
    }
    String resource = parts.get(0);
    boolean named = parts.size() >= 2;
    if (parts.size() >= 3) {
      resource = resource + "/" + parts.get(2);
    }
    boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
    String verb =
        switch (request.getMethod()) {
          case "GET" -> watch ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> request.getMethod().toLowerCase();
        };
    return new Call(verb, group, resource);
  }
}
