package dev.runway.core.engine;

import dev.runway.core.internal.Checks;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often a client asks a remote engine whether a query has finished: the first delay, the factor
 * it grows by, its cap, and the share of random jitter. Immutable.
 *
 * <p>The default starts at 100 ms and grows by 1.5 to a cap of 2 s with 20% jitter: a query that
 * finishes in 300 ms is seen within about 130 ms, and a 20-second query costs about 18 status calls
 * instead of the 40 that fixed 500 ms polling makes. Jitter keeps many clients that started
 * together from polling in lock step.
 *
 * @param initial the delay before the second status call (the first is made at once)
 * @param multiplier how much each delay grows, at least 1
 * @param max the largest delay
 * @param jitter the share of each delay that is random, from 0 to 1
 */
public record PollingPolicy(Duration initial, double multiplier, Duration max, double jitter) {

  /** Validates the components. */
  public PollingPolicy {
    Checks.positive(initial, "initial");
    Checks.positive(max, "max");
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max (" + max + ") must be >= initial (" + initial + ")");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
    }
  }

  /** Returns the default policy: 100 ms, growing by 1.5 to 2 s, 20% jitter. */
  public static PollingPolicy defaults() {
    return new PollingPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(2), 0.2);
  }

  /** Returns a policy that waits {@code interval} between calls, without jitter. */
  public static PollingPolicy fixed(Duration interval) {
    return new PollingPolicy(interval, 1.0, interval, 0);
  }

  /**
   * Returns the delay after status call number {@code attempt} (0 for the first call).
   *
   * @param attempt how many status calls have been made before this one
   */
  public Duration delay(int attempt) {
    return delay(attempt, ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Returns the delay after status call {@code attempt} with the given random draw in [0, 1): the
   * grown delay, less up to {@code jitter} of it.
   */
  public Duration delay(int attempt, double random) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    double grown = initial.toNanos() * Math.pow(multiplier, Math.min(attempt, 64));
    double capped = Math.min(grown, max.toNanos());
    double jittered = capped * (1.0 - jitter * random);
    return Duration.ofNanos(Math.max(1_000_000L, (long) jittered));
  }
}
