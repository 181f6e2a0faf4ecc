package dev.runway.core.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Logs a degraded dependency once per change of state instead of once per call: the first
 * failure is logged at WARN with its cause, later ones are only counted, and the first success
 * after failures is logged at INFO with the count. Thread-safe.
 */
final class DegradationLog {

  private final Logger log;
  private final String what;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final LongAdder errors = new LongAdder();
  private final LongAdder errorsThisOutage = new LongAdder();

  /**
   * Creates the log.
   *
   * @param log where to log
   * @param what a noun phrase for the dependency, such as {@code "the query cache"}
   */
  public DegradationLog(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /** Records a failure; logs it if it is the first since the last success. */
  public void failure(String action, Throwable cause) {
    errors.increment();
    errorsThisOutage.increment();
    if (failing.compareAndSet(false, true)) {
      log.warn("{} failed ({}); carrying on without it until it recovers", what, action, cause);
    }
  }

  /** Records a success; logs the recovery if it follows failures. */
  public void success() {
    if (failing.get() && failing.compareAndSet(true, false)) {
      log.info("{} recovered after {} failed calls", what, errorsThisOutage.sumThenReset());
    }
  }

  /** Returns the total number of failures recorded. */
  public long errors() {
    return errors.sum();
  }

  /** Returns whether the last recorded call failed. */
  public boolean isFailing() {
    return failing.get();
  }
}
