package dev.runway.core.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the builders, with messages that name the setting and the value. */
public final class Checks {

  private Checks() {}

  /** Returns {@code d} if it is positive; otherwise throws naming {@code name} and the value. */
  public static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  /**
   * Checks a token-bucket request: every figure positive and no more permits than the bucket holds.
   *
   * @throws IllegalArgumentException naming the values
   */
  public static void tokenBucket(int permits, double perSecond, int capacity) {
    if (permits < 1 || capacity < 1 || !(perSecond > 0)) {
      throw new IllegalArgumentException(
          "permits, capacity and rate must be positive, got "
              + permits
              + ", "
              + capacity
              + ", "
              + perSecond);
    }
    if (permits > capacity) {
      throw new IllegalArgumentException(
          "cannot take " + permits + " permits from a bucket of " + capacity);
    }
  }

  /**
   * Returns {@code limit} if it is at least 1; otherwise throws naming {@code name} and the value.
   */
  public static int atLeastOne(int limit, String name) {
    if (limit < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + limit);
    }
    return limit;
  }

  /**
   * Returns {@code d} if it is zero or positive; otherwise throws naming {@code name} and the
   * value.
   */
  public static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d;
  }
}
