package dev.sluice.cli;

import dev.sluice.cli.catalog.CatalogCommand;
import dev.sluice.cli.local.LocalCommand;
import dev.sluice.cli.replay.ReplayCommand;
import dev.sluice.cli.send.SendCommand;
import dev.sluice.cli.sink.SinkCommand;
import dev.sluice.cli.tail.TailCommand;
import dev.sluice.cli.validate.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Sluice: a customer data hub that speaks Segment's tracking API.",
    subcommands = {
      LocalCommand.class,
      ValidateCommand.class,
      SendCommand.class,
      TailCommand.class,
      ReplayCommand.class,
      SinkCommand.class,
      CatalogCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Sluice implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    quietLogsUnlessLocal(args);
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Sluice())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(Sluice::usageError);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  // A wrong option gets one clear line and a pointer to help, not the whole usage text.
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println("sluice: " + e.getMessage());
    command.getErr().println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
    command.getErr().flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  // Only the local runner's own components have something to say at INFO; for the short-lived
  // commands the Kafka and Vert.x chatter would bury their output.
  private static void quietLogsUnlessLocal(String[] args) {
    if (System.getenv("SLUICE_LOG_LEVEL") == null
        && System.getProperty("SLUICE_LOG_LEVEL") == null
        && (args.length == 0 || !args[0].equals("local"))) {
      System.setProperty("SLUICE_LOG_LEVEL", "WARN");
    }
  }
}
