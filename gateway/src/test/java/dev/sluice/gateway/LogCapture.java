package dev.sluice.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event of this JVM while open, at DEBUG and above, rendered with its stack trace. */
final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger gateway = (Logger) LoggerFactory.getLogger("dev.sluice");
  private final Level gatewayLevel;

  LogCapture() {
    appender.start();
    root.addAppender(appender);
    gatewayLevel = gateway.getLevel();
    gateway.setLevel(Level.DEBUG);
  }

  /** Each event as one string: level, logger, message and stack trace. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    synchronized (appender.list) {
      for (ILoggingEvent e : appender.list) {
        String trace =
            e.getThrowableProxy() == null
                ? ""
                : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
        out.add(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage() + trace);
      }
    }
    return out;
  }

  List<String> at(Level level) {
    return lines().stream().filter(l -> l.startsWith(level.toString() + " ")).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    gateway.setLevel(gatewayLevel);
  }
}
