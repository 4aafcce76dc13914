package dev.sluice.cli.manifest;

import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.manifest.ManifestFile;
import dev.sluice.api.manifest.ManifestReader;
import dev.sluice.api.manifest.ManifestSet;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.WriteKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compiles a folder's manifests with the operator's compiler. Where the operator would generate a
 * Secret holding a Source's write key, this adds one with a key from {@link GeneratedKeys}, so that
 * what compiles here is what runs in a cluster.
 */
public final class ManifestCompiler {
  private ManifestCompiler() {}

  /** Where the write keys of Sources that name none come from. */
  @FunctionalInterface
  public interface GeneratedKeys {
    /**
     * @param sourceId {@code namespace/name}
     */
    String writeKey(String sourceId);
  }

  /** Keys that only need to exist, for {@code validate}. */
  public static final GeneratedKeys THROWAWAY_KEYS = sourceId -> "validate-only-" + sourceId;

  /**
   * @param files manifest text by file name
   */
  public static CompiledManifests compile(Map<String, String> files, GeneratedKeys keys) {
    ManifestSet read = new ManifestReader().read(manifestFiles(files));
    ResourceSet resources = withGeneratedSecrets(read.resources(), keys);
    Compilation compilation = new Compiler().compile(resources);
    List<LocatedDiagnostic> diagnostics = new ArrayList<>();
    read.problems().forEach(d -> diagnostics.add(locate(d, read, files)));
    compilation.diagnostics().forEach(d -> diagnostics.add(locate(d, read, files)));
    // By file, keeping the reader's and compiler's order within one.
    diagnostics.sort(
        Comparator.comparing(
            LocatedDiagnostic::file, Comparator.nullsLast(Comparator.naturalOrder())));
    return new CompiledManifests(
        compilation, diagnostics, writeKeys(resources), destinations(compilation));
  }

  /** The errors that reading one file alone gives: YAML that does not parse, unknown fields. */
  public static List<Diagnostic> readErrors(String file, String text) {
    return new ManifestReader()
        .read(new ManifestFile(file, text)).problems().stream()
            .filter(Diagnostic::isError)
            .toList();
  }

  /**
   * The file of a diagnostic: its resource's origin, else the file its message starts with (the
   * reader names the file of a document it could not read, which has no resource yet).
   */
  private static LocatedDiagnostic locate(
      Diagnostic d, ManifestSet read, Map<String, String> files) {
    String file = read.originOf(d);
    if (file == null) {
      file =
          files.keySet().stream()
              .filter(f -> d.message().startsWith(f + " ") || d.message().startsWith(f + ":"))
              .findFirst()
              .orElse(null);
    }
    return new LocatedDiagnostic(file, d);
  }

  private static List<ManifestFile> manifestFiles(Map<String, String> files) {
    return files.entrySet().stream().map(e -> new ManifestFile(e.getKey(), e.getValue())).toList();
  }

  static ResourceSet withGeneratedSecrets(ResourceSet resources, GeneratedKeys keys) {
    List<Secret> secrets = new ArrayList<>(resources.secrets());
    for (Source source : resources.sources()) {
      if (source.getSpec() != null
          && source.getSpec().writeKeys() != null
          && !source.getSpec().writeKeys().isEmpty()) {
        continue;
      }
      String namespace = namespace(source);
      String secretName = Names.generatedWriteKeySecret(source.getMetadata().getName());
      boolean given =
          secrets.stream()
              .anyMatch(
                  s ->
                      secretName.equals(s.getMetadata().getName())
                          && namespace.equals(namespace(s)));
      if (given) {
        continue;
      }
      String key = keys.writeKey(namespace + "/" + source.getMetadata().getName());
      secrets.add(
          new SecretBuilder()
              .withNewMetadata()
              .withName(secretName)
              .withNamespace(namespace)
              .endMetadata()
              .addToData(Names.GENERATED_WRITE_KEY, base64(key))
              .build());
    }
    return new ResourceSet(
        resources.sources(), resources.destinations(), resources.connections(), secrets);
  }

  private static Map<String, List<String>> writeKeys(ResourceSet resources) {
    Map<String, List<String>> keys = new TreeMap<>();
    for (Source source : resources.sources()) {
      String namespace = namespace(source);
      List<String> values = new ArrayList<>();
      List<WriteKey> refs =
          source.getSpec() == null || source.getSpec().writeKeys() == null
              ? List.of()
              : source.getSpec().writeKeys();
      if (refs.isEmpty()) {
        values.add(
            secretValue(
                resources,
                namespace,
                Names.generatedWriteKeySecret(source.getMetadata().getName()),
                Names.GENERATED_WRITE_KEY));
      }
      for (WriteKey ref : refs) {
        if (ref != null && ref.secretKeyRef() != null) {
          values.add(
              secretValue(
                  resources, namespace, ref.secretKeyRef().name(), ref.secretKeyRef().key()));
        }
      }
      keys.put(
          namespace + "/" + source.getMetadata().getName(),
          values.stream().filter(Objects::nonNull).toList());
    }
    return keys;
  }

  private static Map<String, List<String>> destinations(Compilation compilation) {
    Map<String, List<String>> destinations = new TreeMap<>();
    for (WorkerConfig worker : compilation.workers()) {
      destinations.put(
          worker.namespace() + "/" + worker.destination(),
          worker.connections().stream()
              .map(c -> c.name() + " (from " + c.source() + (c.enabled() ? "" : ", disabled") + ")")
              .toList());
    }
    return destinations;
  }

  private static String secretValue(
      ResourceSet resources, String namespace, String name, String key) {
    for (Secret secret : resources.secrets()) {
      if (!name.equals(secret.getMetadata().getName()) || !namespace.equals(namespace(secret))) {
        continue;
      }
      if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
        return secret.getStringData().get(key);
      }
      if (secret.getData() != null && secret.getData().containsKey(key)) {
        try {
          return new String(
              Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String namespace(HasMetadata resource) {
    String namespace = resource.getMetadata().getNamespace();
    return namespace == null || namespace.isEmpty() ? "default" : namespace;
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
