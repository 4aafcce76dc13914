package dev.sluice.cli.sink;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A webhook receiver that prints every delivery: the other end of the quickstart's webhook. */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description = {
      "Receive webhook deliveries and print each one (the quickstart's webhook receiver).",
      "With --signing-secret, checks X-Signature (hex HMAC-SHA1 of the body) and answers 401"
          + " when it does not match."
    })
public final class SinkCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-p", "--port"},
      defaultValue = "9999",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--signing-secret", description = "Verify X-Signature with this secret.")
  String signingSecret;

  @Option(
      names = "--status",
      defaultValue = "200",
      description =
          "Status to answer every delivery with (default: ${DEFAULT-VALUE}); try 503 to watch"
              + " retries, 400 to watch dead-lettering.")
  int status;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    WebhookReceiver receiver =
        WebhookReceiver.start(
            host, port, new WebhookReceiver.Settings(signingSecret, status), new Printer(out));
    out.println(
        "Listening on http://"
            + host
            + ":"
            + receiver.port()
            + "/ (any path); Ctrl-C to stop."
            + (signingSecret == null ? "" : " Checking X-Signature."));
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  receiver.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
