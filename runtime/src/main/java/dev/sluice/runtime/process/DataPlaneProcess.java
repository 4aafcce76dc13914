package dev.sluice.runtime.process;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * How a data-plane main starts and stops: the same argument parser and environment variables, exit
 * code 2 with the usage for bad arguments, 1 when it cannot start, and a graceful stop on SIGTERM.
 */
public final class DataPlaneProcess {
  private static final Logger LOG = LoggerFactory.getLogger(DataPlaneProcess.class);

  private DataPlaneProcess() {}

  /** Something running that stops gracefully when closed. */
  public interface Running extends AutoCloseable {
    @Override
    void close();
  }

  /** A main's command: its options, including {@link DataPlaneOptions} as a mixin. */
  public interface Command {
    DataPlaneOptions common();

    /** Checks the main's own options; the common ones are checked already. */
    default void validate() {}
  }

  /**
   * Parses the arguments (and the environment) into {@code command}.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static <T extends Command> T parse(T command, String[] args) {
    try {
      new CommandLine(command).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    command.common().validate();
    command.validate();
    return command;
  }

  /** Runs a main: parse, start, then wait until the JVM is asked to stop and close gracefully. */
  public static <T extends Command> void main(
      String name, T command, String[] args, Start<T> start) {
    try {
      parse(command, args);
    } catch (IllegalArgumentException e) {
      System.err.println(name + ": " + e.getMessage());
      System.err.println(new CommandLine(command).getUsageMessage());
      System.exit(2);
      return;
    }
    Running running;
    try {
      running = start.apply(command);
    } catch (Exception e) {
      LOG.error("{} could not start: {}", name, e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping gracefully");
                  running.close();
                  stopped.countDown();
                },
                name + "-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a parsed command. */
  @FunctionalInterface
  public interface Start<T> {
    Running apply(T command) throws Exception;
  }
}
