package dev.runway.core.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Logs a degraded store once per change of state instead of once per call, separately for reads and
 * writes: a store that answers reads but refuses writes (out of memory, read-only replica) is one
 * outage of writes, logged when it starts and when it ends, however many reads succeed in between.
 * The first failure of a kind is logged at WARN with its cause, later ones are only counted, and
 * the first success of that kind after failures is logged at INFO with the count. Thread-safe.
 */
final class DegradationLog {

  /** What a call to the store did. */
  enum Kind {
    READ("reads"),
    WRITE("writes");

    private final String plural;

    Kind(String plural) {
      this.plural = plural;
    }
  }

  private final Logger log;
  private final String what;
  private final AtomicBoolean[] failing = {new AtomicBoolean(), new AtomicBoolean()};
  private final LongAdder errors = new LongAdder();
  private final LongAdder[] errorsThisOutage = {new LongAdder(), new LongAdder()};

  /**
   * Creates the log.
   *
   * @param log where to log
   * @param what a noun phrase for the store, such as {@code "the query cache"}
   */
  DegradationLog(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /** Records a failure; logs it if it is the first of its kind since that kind last succeeded. */
  void failure(Kind kind, String action, Throwable cause) {
    errors.increment();
    errorsThisOutage[kind.ordinal()].increment();
    if (failing[kind.ordinal()].compareAndSet(false, true)) {
      log.warn(
          "{} failed ({}): {} are skipped until it recovers", what, action, kind.plural, cause);
    }
  }

  /** Records a success; logs the recovery if it follows failures of the same kind. */
  void success(Kind kind) {
    AtomicBoolean f = failing[kind.ordinal()];
    if (f.get() && f.compareAndSet(true, false)) {
      log.info(
          "{} recovered: {} work again after {} failed calls",
          what,
          kind.plural,
          errorsThisOutage[kind.ordinal()].sumThenReset());
    }
  }

  /** Returns the total number of failures recorded. */
  long errors() {
    return errors.sum();
  }

  /** Returns whether the last recorded call of {@code kind} failed. */
  boolean isFailing(Kind kind) {
    return failing[kind.ordinal()].get();
  }
}
