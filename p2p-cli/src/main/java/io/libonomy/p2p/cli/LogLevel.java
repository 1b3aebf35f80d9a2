package io.libonomy.p2p.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The levels {@code --log-level} accepts, and how the choice reaches logback. */
enum LogLevel {
  ERROR(Level.ERROR),
  WARN(Level.WARN),
  INFO(Level.INFO),
  DEBUG(Level.DEBUG),
  TRACE(Level.TRACE);

  private final Level level;

  LogLevel(Level level) {
    this.level = level;
  }

  /** Sets the root logger's level, overriding {@code logback.xml}'s WARN. */
  void applyToRoot() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
    }
  }
}
