package dev.runway.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;

/**
 * When to ask a remote engine again whether a query finished. A query whose normalised SQL ran
 * before (dashboards and persona questions repeat) is expected to take what its recent runs took:
 * the first status call goes just before that, then calls come at a tight interval around it. A
 * first-seen query (or one running past its prediction) is asked again after a quarter of the time
 * it has run so far, so the lag stays a bounded fraction of its duration while long queries cost
 * few calls. Every delay lies between the policy's initial delay and its maximum. Thread-safe.
 */
final class CompletionPredictor {

  private static final int RUNS_KEPT = 5;
  private static final long MIN_TIGHT = 50_000_000L;

  private final long floor;
  private final long cap;
  // per normalised SQL: the durations of its last runs, newest last (a ring written under its lock)
  private final Cache<String, long[]> recent = Caffeine.newBuilder().maximumSize(10_000).build();

  CompletionPredictor(PollingPolicy bounds) {
    this.floor = bounds.initial().toNanos();
    this.cap = bounds.max().toNanos();
  }

  /** Returns the predicted duration of the SQL, in nanoseconds, or -1 when it has not run yet. */
  long predict(String sql) {
    long[] runs = recent.getIfPresent(sql);
    if (runs == null) {
      return -1;
    }
    long[] copy;
    synchronized (runs) {
      int n = (int) runs[RUNS_KEPT];
      if (n == 0) {
        return -1;
      }
      copy = Arrays.copyOf(runs, Math.min(n, RUNS_KEPT));
    }
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  /** Records that the SQL's run took {@code nanos}. */
  void record(String sql, long nanos) {
    long[] runs = recent.get(sql, k -> new long[RUNS_KEPT + 1]);
    synchronized (runs) {
      int n = (int) runs[RUNS_KEPT];
      runs[n % RUNS_KEPT] = nanos;
      runs[RUNS_KEPT] = n + 1;
    }
  }

  /** The interval of status calls around a predicted end: 8% of the prediction, within bounds. */
  long tight(long predicted) {
    return clamp(Math.max(MIN_TIGHT, predicted * 8 / 100));
  }

  /**
   * Returns how long to wait before the first status call: the policy's initial delay for a
   * first-seen query (within the 100 ms lag it may have), just before the predicted end for a
   * repeated one, which is at once for a query that finishes at once (a result Athena reuses).
   */
  long first(long predicted) {
    if (predicted < 0) {
      return floor;
    }
    return Math.max(0, predicted - tight(predicted) / 2);
  }

  /** Returns how long to wait after a status call made {@code elapsed} after submission. */
  long next(long predicted, long elapsed) {
    if (predicted >= 0) {
      long tight = tight(predicted);
      long expected = predicted - tight / 2;
      if (elapsed < expected) {
        return Math.max(Math.min(expected - elapsed, cap), 1_000_000L);
      }
      if (elapsed < predicted + predicted / 2 + tight) {
        return tight;
      }
    }
    // first seen, or running past its prediction: a quarter of the time so far
    return clamp(elapsed / 4);
  }

  private long clamp(long nanos) {
    return Math.max(floor, Math.min(cap, nanos));
  }
}
