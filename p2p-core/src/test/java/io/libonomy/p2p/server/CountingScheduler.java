package io.libonomy.p2p.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/** A scheduler that counts the delayed tasks scheduled through it and runs them on another. */
final class CountingScheduler implements Scheduler {

  private final Scheduler delegate;
  private final AtomicInteger delayed = new AtomicInteger();

  CountingScheduler(Scheduler delegate) {
    this.delegate = delegate;
  }

  /** Tasks scheduled with a delay so far. */
  int delayedTasks() {
    return delayed.get();
  }

  @Override
  public Disposable schedule(Runnable task) {
    return delegate.schedule(task);
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    delayed.incrementAndGet();
    return delegate.schedule(task, delay, unit);
  }

  @Override
  public long now(TimeUnit unit) {
    return delegate.now(unit);
  }

  @Override
  public Worker createWorker() {
    return delegate.createWorker();
  }

  @Override
  public void dispose() {
    delegate.dispose();
  }

  @Override
  public boolean isDisposed() {
    return delegate.isDisposed();
  }
}
