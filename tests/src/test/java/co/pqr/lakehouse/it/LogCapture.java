package co.pqr.lakehouse.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects the messages of one logger at or above a level (the jobs run in the test JVM) while open. */
final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final String loggerName;
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final LoggerConfig attachedTo;

  private LogCapture(String loggerName, Level level) {
    super("capture-" + loggerName, null, null, true, Property.EMPTY_ARRAY);
    this.loggerName = loggerName;
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    start();
    config.addAppender(this);
    attachedTo = config.getLoggerConfig(loggerName);
    attachedTo.addAppender(this, level, null);
    ctx.updateLoggers();
  }

  /** WARN and above. */
  static LogCapture of(Class<?> logger) {
    return of(logger, Level.WARN);
  }

  static LogCapture of(Class<?> logger, Level level) {
    return new LogCapture(logger.getName(), level);
  }

  @Override
  public void append(LogEvent event) {
    if (event.getLoggerName().equals(loggerName)) {
      messages.add(event.getMessage().getFormattedMessage());
    }
  }

  List<String> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    attachedTo.removeAppender(getName());
    ((LoggerContext) LogManager.getContext(false)).updateLoggers();
    stop();
  }
}
