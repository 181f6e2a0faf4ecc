package dev.runway.athena;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Athena's price for one query: data scanned, rounded up to the next megabyte with a 10 MB minimum,
 * at a price per terabyte ($5 by default, as Athena's pricing page lists for most Regions). DDL,
 * failed queries and results reused from an earlier run cost nothing. A terabyte here is 2^40 bytes
 * and a megabyte 2^20, as the console's own figures use.
 */
public final class AthenaCost {

  /** The price per terabyte scanned in most Regions, in US dollars. */
  public static final BigDecimal DEFAULT_PRICE_PER_TB = new BigDecimal("5.00");

  /** The minimum billed per query: 10 MB. */
  public static final long MINIMUM_BYTES = 10L << 20;

  private static final BigDecimal TB = BigDecimal.valueOf(1L << 40);
  private static final long MB = 1L << 20;

  private final BigDecimal pricePerTb;

  /** Creates the calculator with a price per terabyte in US dollars. */
  public AthenaCost(BigDecimal pricePerTb) {
    Objects.requireNonNull(pricePerTb, "pricePerTb");
    if (pricePerTb.signum() < 0) {
      throw new IllegalArgumentException("pricePerTb must be >= 0, got " + pricePerTb);
    }
    this.pricePerTb = pricePerTb;
  }

  /**
   * Returns the bytes billed for {@code scanned} bytes: rounded up to a MB, at least 10 MB; 0 stays
   * 0.
   */
  public static long billedBytes(long scanned) {
    if (scanned <= 0) {
      return 0;
    }
    long mbs = (scanned + MB - 1) / MB;
    return Math.max(MINIMUM_BYTES, mbs * MB);
  }

  /**
   * Returns the cost in US dollars, to 8 decimal places.
   *
   * @param scanned bytes scanned as Athena reported them
   * @param statementType Athena's statement type ({@code DDL}, {@code DML}, {@code UTILITY})
   * @param succeeded whether the query succeeded
   * @param reused whether Athena reused an earlier result
   */
  public BigDecimal cost(long scanned, String statementType, boolean succeeded, boolean reused) {
    if (!succeeded || reused || "DDL".equalsIgnoreCase(statementType)) {
      return BigDecimal.ZERO;
    }
    return BigDecimal.valueOf(billedBytes(scanned))
        .multiply(pricePerTb)
        .divide(TB, MathContext.DECIMAL64)
        .setScale(8, RoundingMode.HALF_UP);
  }
}
