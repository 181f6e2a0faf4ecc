package dev.runway.testkit;

/**
 * What the engine under a {@link DatabaseClientContract} reports of itself, so that the timeout,
 * cancellation and early-close tests observe the effect on the engine instead of trusting the
 * client: a client that only pretends to cancel leaves a statement running, one that leaks leaves
 * statements open, and the probe sees both.
 *
 * <p>Implementations read the engine's own state: {@code pg_stat_activity} on PostgreSQL, a
 * protocol fixture's running statements, or {@link ObservedDataSource} for any JDBC engine.
 */
public interface EngineProbe {

  /** Returns how many statements of the client under test the engine is executing now. */
  int runningStatements();

  /**
   * Returns how many statements (or cursors) the client holds open on the engine now, or -1 when
   * the engine cannot tell.
   */
  default int openStatements() {
    return -1;
  }
}
