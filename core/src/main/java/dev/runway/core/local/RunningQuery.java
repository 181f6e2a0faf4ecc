package dev.runway.core.local;

import dev.runway.core.internal.DaemonThreads;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One query in flight on a JDBC connection: lets another thread cancel it, by caller request or
 * when its timeout passes, and remembers which of the two happened so the failure the driver then
 * reports can be translated into the right exception.
 */
final class RunningQuery {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(new DaemonThreads("runway-query-timeout"));

  private final String id;
  private @Nullable Statement statement;
  private boolean cancelled;
  private boolean timedOut;
  private @Nullable ScheduledFuture<?> timeoutTask;

  /** Creates the record of a query about to start. */
  public RunningQuery(String id) {
    this.id = id;
  }

  /** Returns the query id. */
  public String id() {
    return id;
  }

  /**
   * Attaches the statement that runs the query and arms the timeout.
   *
   * @return false if the query was cancelled before it started (the caller must not run it)
   */
  public synchronized boolean start(Statement stmt, @Nullable Duration timeout) {
    if (cancelled) {
      return false;
    }
    this.statement = stmt;
    if (timeout != null) {
      timeoutTask = TIMER.schedule(this::timeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return true;
  }

  /** Disarms the timeout: the query has finished executing (its rows may still be read). */
  public synchronized void finished() {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
      timeoutTask = null;
    }
    statement = null;
  }

  /** Asks the engine to stop the query. Returns false if it had already finished. */
  public boolean cancel() {
    Statement s;
    synchronized (this) {
      cancelled = true;
      s = statement;
    }
    return s == null || cancelStatement(s);
  }

  private void timeout() {
    Statement s;
    synchronized (this) {
      if (statement == null) {
        return;
      }
      timedOut = true;
      s = statement;
    }
    cancelStatement(s);
  }

  private static boolean cancelStatement(Statement s) {
    try {
      s.cancel();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Returns whether the caller cancelled the query. */
  public synchronized boolean wasCancelled() {
    return cancelled && !timedOut;
  }

  /** Returns whether the timeout cancelled the query. */
  public synchronized boolean wasTimedOut() {
    return timedOut;
  }
}
