package dev.runway.core.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * US-dollar amounts as whole nano-dollars, for counters that hold longs (shared costs and budgets).
 */
public final class NanoUsd {

  private static final BigDecimal NANOS = BigDecimal.valueOf(1_000_000_000L);

  private NanoUsd() {}

  /** Returns {@code usd} in whole nano-dollars, rounded half up. */
  public static long of(BigDecimal usd) {
    return usd.multiply(NANOS).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /** Returns whole nano-dollars as US dollars. */
  public static BigDecimal usd(long nanoUsd) {
    return BigDecimal.valueOf(nanoUsd).divide(NANOS);
  }
}
