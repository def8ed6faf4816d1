package io.letspulsar.operator.cluster;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What the operator logs from now on, with the stack traces of what was thrown, for a test to
 * search: the operator's and JOSDK's loggers at every level (stricter than the operator's own
 * configuration), and the Pulsar and Kubernetes clients' warnings. The servers the test runs in
 * this JVM (broker, OAuth2 server, kubelet) are not the operator and are left out.
 */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {
  private static final Map<String, Level> LOGGERS =
      Map.of(
          "io.letspulsar.operator", Level.ALL,
          "io.javaoperatorsdk", Level.ALL,
          "org.apache.pulsar.client.admin", Level.WARN,
          "io.fabric8.kubernetes.client", Level.WARN);

  private final List<String> lines = new CopyOnWriteArrayList<>();

  private CapturedLogs() {
    super("captured", null, null, true, Property.EMPTY_ARRAY);
  }

  static CapturedLogs capture() {
    CapturedLogs logs = new CapturedLogs();
    logs.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    LOGGERS.forEach(
        (name, level) -> {
          LoggerConfig logger =
              LoggerConfig.newBuilder()
                  .withLoggerName(name)
                  .withLevel(level)
                  .withAdditivity(false)
                  .withConfig(config)
                  .build();
          logger.addAppender(logs, level, null);
          config.addLogger(name, logger);
        });
    context.updateLoggers();
    return logs;
  }

  @Override
  public void append(LogEvent event) {
    StringWriter line = new StringWriter();
    line.append(event.getMessage().getFormattedMessage());
    if (event.getThrown() != null) {
      event.getThrown().printStackTrace(new PrintWriter(line));
    }
    lines.add(line.toString());
  }

  List<String> lines() {
    return lines;
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    LOGGERS.keySet().forEach(context.getConfiguration()::removeLogger);
    context.updateLoggers();
    stop();
  }
}
