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

  /** Returns {@code d} if it is zero or positive; otherwise throws naming {@code name} and the value. */
  public static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d;
  }
}
