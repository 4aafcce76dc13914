package dev.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.manifest.ManifestFile;
import dev.sluice.api.manifest.ManifestReader;
import dev.sluice.api.manifest.ManifestSet;
import dev.sluice.operator.model.GatewayModel;
import dev.sluice.operator.model.WorkerModel;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The container build definitions (images/*&#47;Dockerfile) cannot be built here (no registry for a
 * base image), so what can be checked is: each runs as a numeric non-root user, its entry point
 * exists, the operator's default command for a data-plane pod is that image's entry point, and
 * every environment variable the operator puts in a pod is one the process reads.
 */
class ImagesTest {
  static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");

  static final OperatorSettings SETTINGS =
      new OperatorSettings(
          "ghcr.io/sluice-dev/sluice-workers:1",
          "IfNotPresent",
          "kafka:9092",
          Optional.of("kafka-client"),
          new OperatorSettings.Gateway(
              OperatorSettings.defaults("x", "y").gateway().command(),
              2,
              OperatorSettings.defaults("x", "y").gateway().resources(),
              8080,
              List.of("10.0.0.0/8"),
              "ghcr.io/sluice-dev/sluice-gateway:1"),
          OperatorSettings.defaults("x", "y").worker(),
          Map.of(),
          Map.of());

  @Test
  void eachImageRunsAsANumericNonRootUserWithContainerJvmSettings() throws IOException {
    for (String component : List.of("operator", "gateway", "workers")) {
      String finalStage = finalStage(component);
      Matcher user = Pattern.compile("(?m)^USER (\\d+)(:\\d+)?$").matcher(finalStage);
      assertThat(user.find()).as(component + ": USER <uid>").isTrue();
      assertThat(Integer.parseInt(user.group(1))).as(component + " uid").isPositive();
      assertThat(finalStage).contains("-XX:MaxRAMPercentage=");
    }
  }

  @Test
  void theDataPlaneImagesUseTheMeasuredHeapAndCollector() throws IOException {
    // Decision 0087: a heap of 40% of the limit keeps each component under 300 MB at benchmark
    // load with the operator's default 512Mi; the collector is chosen per component.
    assertThat(finalStage("gateway"))
        .contains("-XX:MaxRAMPercentage=40 -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError");
    assertThat(finalStage("workers"))
        .contains("-XX:MaxRAMPercentage=40 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void theDataPlaneImagesEntryPointsAreTheOperatorsDefaultCommands() throws Exception {
    OperatorSettings defaults = OperatorSettings.defaults("image", "kafka:9092");
    assertThat(entryPoint("gateway")).isEqualTo(defaults.gateway().command());
    assertThat(entryPoint("workers")).isEqualTo(defaults.worker().command());
    for (String component : List.of("gateway", "workers")) {
      List<String> command = entryPoint(component);
      Method main =
          Class.forName(command.get(command.size() - 1)).getMethod("main", String[].class);
      assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
      assertThat(dockerfile(component)).contains("-pl " + component + " -am package");
    }
  }

  @Test
  void theOperatorImageRunsQuarkusFastJar() throws IOException {
    assertThat(entryPoint("operator"))
        .containsExactly("java", "-jar", "/opt/sluice/operator/quarkus-run.jar");
    assertThat(dockerfile("operator"))
        .contains("COPY --from=build /src/operator/target/quarkus-app/ /opt/sluice/operator/");
    Path jar = Repo.path("operator/target/quarkus-app/quarkus-run.jar");
    assumeTrue(Files.exists(jar), "the operator module is not packaged in this build");
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
    }
  }

  @Test
  void everyVariableTheOperatorSetsOnTheGatewayIsReadByTheGateway() throws Exception {
    Container gateway = container(gatewayDeployment());
    assertThat(gateway.getImage()).isEqualTo("ghcr.io/sluice-dev/sluice-gateway:1");
    assertThat(names(gateway)).isNotEmpty().isSubsetOf(read("dev.sluice.gateway.GatewayMain$Args"));
    assertThat(names(gateway)).contains("SLUICE_KAFKA_PROPERTIES_FILE", "SLUICE_TRUSTED_PROXIES");
  }

  @Test
  void everyVariableTheOperatorSetsOnAWorkerIsReadByTheWorker() throws Exception {
    Container worker = container(workerDeployment());
    assertThat(worker.getImage()).isEqualTo("ghcr.io/sluice-dev/sluice-workers:1");
    assertThat(names(worker)).isNotEmpty().isSubsetOf(read("dev.sluice.workers.WorkerMain$Args"));
    assertThat(names(worker)).contains("SLUICE_KAFKA_PROPERTIES_FILE", "SLUICE_LOG_FORMAT");
  }

  @Test
  void theActionsRuntimeImageRunsMainJsAsANumericNonRootUserWithoutInstallScripts()
      throws Exception {
    String finalStage = finalStage("actions-runtime");
    assertThat(finalStage).startsWith("\nFROM node:20-slim");
    Matcher user = Pattern.compile("(?m)^USER (\\d+)(:\\d+)?$").matcher(finalStage);
    assertThat(user.find()).as("actions-runtime: USER <uid>").isTrue();
    assertThat(Integer.parseInt(user.group(1))).isPositive();
    assertThat(finalStage).contains("npm ci --ignore-scripts --omit=dev");
    assertThat(entryPoint("actions-runtime")).containsExactly("node", "src/main.js");
    assertThat(Repo.path("actions-runtime/src/main.js")).isRegularFile();

    // Every variable the operator sets on the sidecar is one main.js reads (NODE_OPTIONS: Node).
    Container runtime =
        actionsWorkerDeployment().getSpec().getTemplate().getSpec().getContainers().get(1);
    assertThat(runtime.getImage()).isEqualTo("ghcr.io/sluice-dev/sluice-actions-runtime:1");
    String main = Files.readString(Repo.path("actions-runtime/src/main.js"));
    Set<String> set = names(runtime);
    set.remove("NODE_OPTIONS");
    assertThat(set).isNotEmpty().allMatch(name -> main.contains("process.env." + name));
    // ... and the worker reads the runtime's address.
    Container worker = container(actionsWorkerDeployment());
    assertThat(names(worker))
        .contains("SLUICE_ACTIONS_RUNTIME_URL")
        .isSubsetOf(read("dev.sluice.workers.WorkerMain$Args"));
  }

  /** The quickstart's Destination as an actions one; the pod depends only on its spec. */
  private static Deployment actionsWorkerDeployment() throws IOException {
    ResourceSet resources = readQuickstart();
    Compilation compilation = new Compiler().compile(resources);
    var destination = resources.destinations().get(0);
    var config =
        compilation.workers().stream()
            .filter(w -> w.destination().equals(destination.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    var mapper = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(destination.getSpec());
    tree.remove("webhook");
    tree.put("type", "actions");
    tree.set("actions", mapper.valueToTree(Map.of("destination", "amplitude", "presets", true)));
    destination.setSpec(mapper.convertValue(tree, dev.sluice.api.v1alpha1.DestinationSpec.class));
    OperatorSettings settings =
        new OperatorSettings(
            SETTINGS.image(),
            SETTINGS.imagePullPolicy(),
            SETTINGS.kafkaBootstrapServers(),
            SETTINGS.kafkaPropertiesSecret(),
            SETTINGS.gateway(),
            new OperatorSettings.Worker(
                SETTINGS.worker().command(),
                SETTINGS.worker().resources(),
                "ghcr.io/sluice-dev/sluice-actions-runtime:1"),
            SETTINGS.labels(),
            SETTINGS.annotations());
    return WorkerModel.of(destination, config, settings).deployment();
  }

  /** Environment variables a main reads: its picocli options' defaults, and logback's. */
  static Set<String> read(String argsClass) throws Exception {
    Set<String> names = new TreeSet<>();
    options(Class.forName(argsClass), names);
    try (var in = ImagesTest.class.getClassLoader().getResourceAsStream("logback.xml")) {
      Matcher m =
          Pattern.compile("\\$\\{(SLUICE_[A-Z0-9_]+)").matcher(new String(in.readAllBytes()));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    assertThat(names).contains("SLUICE_CONFIG", "SLUICE_KAFKA_BOOTSTRAP_SERVERS");
    return names;
  }

  /** The {@code ${env:NAME}} defaults of a picocli command's options, its mixins' included. */
  private static void options(Class<?> command, Set<String> names) {
    for (Field field : command.getDeclaredFields()) {
      CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
      if (option != null) {
        Matcher m = ENV_REFERENCE.matcher(option.defaultValue());
        while (m.find()) {
          names.add(m.group(1));
        }
      }
      if (field.isAnnotationPresent(CommandLine.Mixin.class)) {
        options(field.getType(), names);
      }
    }
  }

  private static Set<String> names(Container container) {
    Set<String> names = new TreeSet<>();
    container.getEnv().stream().map(EnvVar::getName).forEach(names::add);
    return names;
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Deployment gatewayDeployment() throws IOException {
    ResourceSet resources = readQuickstart();
    Compilation compilation = new Compiler().compile(resources);
    return GatewayModel.of("default", compilation.gateway(), resources.sources(), SETTINGS)
        .deployment();
  }

  private static Deployment workerDeployment() throws IOException {
    ResourceSet resources = readQuickstart();
    Compilation compilation = new Compiler().compile(resources);
    var destination = resources.destinations().get(0);
    var config =
        compilation.workers().stream()
            .filter(w -> w.destination().equals(destination.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    return WorkerModel.of(destination, config, SETTINGS).deployment();
  }

  private static ResourceSet readQuickstart() throws IOException {
    List<ManifestFile> files = new ArrayList<>();
    try (Stream<Path> paths = Files.list(Repo.path("examples/quickstart"))) {
      for (Path path : paths.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        files.add(new ManifestFile(path.toString(), Files.readString(path)));
      }
    }
    ManifestSet set = new ManifestReader().read(files);
    assertThat(set.hasErrors()).as(String.valueOf(set.problems())).isFalse();
    ResourceSet resources = set.resources();
    Stream.of(resources.sources(), resources.destinations())
        .flatMap(List::stream)
        .forEach(r -> r.getMetadata().setUid("uid-" + r.getMetadata().getName()));
    return resources;
  }

  private static String dockerfile(String component) throws IOException {
    return Files.readString(Repo.path("images/" + component + "/Dockerfile"));
  }

  private static String finalStage(String component) throws IOException {
    String text = dockerfile(component);
    return text.substring(text.lastIndexOf("\nFROM "));
  }

  private static List<String> entryPoint(String component) throws IOException {
    Matcher m = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(finalStage(component));
    assertThat(m.find()).as(component + ": ENTRYPOINT [...]").isTrue();
    return Arrays.asList(new ObjectMapper().readValue(m.group(1), String[].class));
  }
}
