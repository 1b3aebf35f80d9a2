package io.libonomy.p2p.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A stream standing in for stdout or stderr that hands out each line as it is completed. */
final class CapturedLines extends OutputStream {

  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
  private final List<String> all = new CopyOnWriteArrayList<>();
  final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

  @Override
  public synchronized void write(int b) {
    if (b != '\n') {
      current.write(b);
      return;
    }
    String line = current.toString(StandardCharsets.UTF_8);
    current.reset();
    line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    all.add(line);
    pending.add(line);
  }

  /** The next line not yet taken, waiting at most {@code timeout}; null when none came. */
  String next(Duration timeout) throws InterruptedException {
    return pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every complete line so far. */
  List<String> lines() {
    return List.copyOf(all);
  }
}
