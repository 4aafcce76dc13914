package dev.sluice.cli.replay;

import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.cli.local.BrokerOptions;
import dev.sluice.cli.manifest.CompiledManifests;
import dev.sluice.cli.manifest.ManifestCompiler;
import dev.sluice.cli.manifest.ManifestFolder;
import dev.sluice.runtime.deadletter.DeadLetter;
import dev.sluice.runtime.deadletter.DeadLetterException;
import dev.sluice.runtime.deadletter.DeadLetterReader;
import dev.sluice.runtime.deadletter.DeadLetterReplayer;
import dev.sluice.runtime.deadletter.Position;
import dev.sluice.runtime.deadletter.ReplaySummary;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists a Destination's dead letters, or delivers some or all of them again to it alone. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "List a Destination's dead letters, or deliver them again to that Destination only.",
      "Without --offset or --all it lists them. A replay writes the message back to its Source"
          + " topic addressed to the Destination and Connection that failed: other Destinations"
          + " skip it, and the Destination delivers it even though it saw its messageId before."
          + " The dead letter stays in its topic; replaying it twice delivers it twice."
    })
public final class ReplayCommand implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DESTINATION", description = "The Destination's name.")
  String destination;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "The Destination's namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @ArgGroup(exclusive = true)
  Which which;

  static final class Which {
    @Option(
        names = "--offset",
        paramLabel = "PARTITION:OFFSET",
        description = "Replay this dead letter (as listed); repeatable.")
    List<String> offsets;

    @Option(names = "--all", description = "Replay every dead letter the topic holds now.")
    boolean all;
  }

  @Option(names = "--dry-run", description = "Say what would be replayed; send nothing.")
  boolean dryRun;

  @Option(
      names = "--manifests",
      paramLabel = "DIR",
      description =
          "Check against this folder of manifests: the Destination must exist, and a dead letter"
              + " whose Connection no longer feeds it is not replayed.")
  Path manifests;

  @Mixin BrokerOptions broker;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "List at most this many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String bootstrap = broker.bootstrapServers(err);
    if (bootstrap == null) {
      return 1;
    }
    Function<DeadLetter, String> veto = null;
    if (manifests != null) {
      Set<String> connections = connections(err);
      if (connections == null) {
        return 1;
      }
      veto =
          d ->
              connections.contains(d.failure().connection())
                  ? null
                  : "connection '" + d.failure().connection() + "' no longer feeds " + destination;
    }
    KafkaSettings settings = KafkaSettings.of(bootstrap);
    try (DeadLetterReplayer replayer = new DeadLetterReplayer(settings, namespace, destination);
        DeadLetterReader reader =
            new DeadLetterReader(settings, replayer.deadLetterTopic(), TIMEOUT)) {
      if (which == null) {
        return list(reader, out);
      }
      ReplaySummary summary =
          which.all
              ? replayer.replayAll(reader, veto, dryRun, TIMEOUT)
              : replayOffsets(reader, replayer, veto, err);
      if (summary == null) {
        return 1;
      }
      report(summary, out);
      return 0;
    } catch (DeadLetterException e) {
      err.println(e.getMessage());
      return 1;
    }
  }

  private int list(DeadLetterReader reader, PrintWriter out) {
    long total = reader.count();
    out.println(total + " dead letter(s) in " + reader.topic());
    for (DeadLetter d : reader.read(limit).letters()) {
      out.println(Lines.of(d));
    }
    if (total > limit) {
      out.println("... (--limit " + limit + " shown)");
    }
    return 0;
  }

  private ReplaySummary replayOffsets(
      DeadLetterReader reader,
      DeadLetterReplayer replayer,
      Function<DeadLetter, String> veto,
      PrintWriter err) {
    List<DeadLetter> replayed = new ArrayList<>();
    List<ReplaySummary.Skipped> skipped = new ArrayList<>();
    for (String text : which.offsets) {
      Position position;
      try {
        position = Position.parse(text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      DeadLetter letter = reader.find(position).orElse(null);
      if (letter == null) {
        err.println("No dead letter at " + position + " in " + reader.topic() + ".");
        return null;
      }
      String why = DeadLetterReplayer.notReplayable(letter);
      if (why == null && veto != null) {
        why = veto.apply(letter);
      }
      if (why != null) {
        skipped.add(new ReplaySummary.Skipped(letter, why));
        continue;
      }
      if (!dryRun) {
        try {
          replayer
              .replay(letter)
              .toCompletionStage()
              .toCompletableFuture()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          throw new DeadLetterException("replaying " + position + " failed: " + e, e);
        }
      }
      replayed.add(letter);
    }
    return new ReplaySummary(replayed, skipped);
  }

  private void report(ReplaySummary summary, PrintWriter out) {
    String verb = dryRun ? "Would replay " : "Replayed ";
    out.println(
        verb
            + summary.replayed().size()
            + " dead letter(s) to "
            + namespace
            + "/"
            + destination
            + (summary.skipped().isEmpty() ? "" : "; skipped " + summary.skipped().size()));
    for (DeadLetter d : summary.replayed()) {
      out.println("  " + Lines.of(d));
    }
    for (ReplaySummary.Skipped s : summary.skipped()) {
      out.println("  skipped " + s.letter().position() + ": " + s.reason());
    }
  }

  /** The Connections of the Destination in the manifests, or null (said why) when it is absent. */
  private Set<String> connections(PrintWriter err) {
    Map<String, String> files;
    try {
      files = new ManifestFolder(manifests).read();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CompiledManifests compiled = ManifestCompiler.compile(files, ManifestCompiler.THROWAWAY_KEYS);
    WorkerConfig worker =
        compiled.compilation().workers().stream()
            .filter(w -> w.namespace().equals(namespace) && w.destination().equals(destination))
            .findFirst()
            .orElse(null);
    if (worker == null) {
      err.println(
          "Destination "
              + namespace
              + "/"
              + destination
              + " is not in "
              + manifests
              + " (or does not compile: run `sluice validate "
              + manifests
              + "`).");
      return null;
    }
    return worker.connections().stream()
        .map(ConnectionConfig::name)
        .collect(Collectors.toUnmodifiableSet());
  }
}
