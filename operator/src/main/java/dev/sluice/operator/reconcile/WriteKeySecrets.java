package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Names;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.operator.model.Labels;
import dev.sluice.operator.model.Owners;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The write key of a Source that names none: generated once into a Secret the Source owns, and
 * never rewritten, so clients keep working across reconciles.
 */
final class WriteKeySecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private WriteKeySecrets() {}

  /** Creates the Secret when the Source needs one and it is missing; adds it to {@code secrets}. */
  static void ensure(Source source, List<Secret> secrets, Applier applier) {
    if (source.getSpec() != null && source.getSpec().writeKeys() != null) {
      return;
    }
    String name = Names.generatedWriteKeySecret(source.getMetadata().getName());
    if (secrets.stream().anyMatch(s -> s.getMetadata().getName().equals(name))) {
      return;
    }
    byte[] key = new byte[24];
    RANDOM.nextBytes(key);
    String writeKey = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(source.getMetadata().getNamespace())
            .withLabels(Labels.of("write-key", source.getMetadata().getName(), java.util.Map.of()))
            .withOwnerReferences(Owners.controller(source))
            .endMetadata()
            .withType("Opaque")
            .addToData(
                Names.GENERATED_WRITE_KEY,
                Base64.getEncoder().encodeToString(writeKey.getBytes(StandardCharsets.UTF_8)))
            .build();
    applier.apply(secret, Optional.empty());
    secrets.add(secret);
  }
}
