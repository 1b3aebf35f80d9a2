package io.libonomy.p2p.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress lines of a run, on stderr so stdout keeps only the table: {@code [2/4] label:
 * what is about to run}, then {@code [2/4] label: what came out}. Used from one thread.
 */
final class Progress {

  private final PrintWriter err;
  private final int total;
  private int step;

  Progress(PrintWriter err, int total) {
    this.err = err;
    this.total = total;
  }

  /** Starts the next step and says what it runs. */
  void begin(String label, String what) {
    step++;
    print(label, what);
  }

  /** Says what the current step measured. */
  void end(String label, String result) {
    print(label, result);
  }

  private void print(String label, String text) {
    err.printf(Locale.ROOT, "[%d/%d] %s: %s%n", step, total, label, text);
    err.flush();
  }
}
