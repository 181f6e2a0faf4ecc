package dev.runway.redshift;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;

/**
 * An estimate of what one statement costs on Redshift Serverless: base capacity in RPUs times the
 * statement's duration, at least 60 seconds (Serverless bills a minimum of 60 seconds each time
 * capacity is active), at a price per RPU-hour. Defaults: 8 RPUs (the smallest base capacity) and
 * $0.375 per RPU-hour (us-east-1). Statements that overlap share the billed capacity, so the sum
 * of these estimates is an upper bound; provisioned clusters are billed per node-hour whatever
 * runs, so their per-statement cost is reported as zero.
 */
public final class RedshiftServerlessCost {

  /** The price per RPU-hour in us-east-1, in US dollars. */
  public static final BigDecimal DEFAULT_PRICE_PER_RPU_HOUR = new BigDecimal("0.375");

  /** The smallest base capacity a workgroup can have. */
  public static final int DEFAULT_BASE_RPU = 8;

  private static final Duration MINIMUM = Duration.ofSeconds(60);

  private final int baseRpu;
  private final BigDecimal pricePerRpuHour;

  /** Creates the estimator. */
  public RedshiftServerlessCost(int baseRpu, BigDecimal pricePerRpuHour) {
    if (baseRpu < 1) {
      throw new IllegalArgumentException("base RPU must be >= 1, got " + baseRpu);
    }
    Objects.requireNonNull(pricePerRpuHour, "pricePerRpuHour");
    if (pricePerRpuHour.signum() < 0) {
      throw new IllegalArgumentException("price per RPU-hour must be >= 0, got " + pricePerRpuHour);
    }
    this.baseRpu = baseRpu;
    this.pricePerRpuHour = pricePerRpuHour;
  }

  /** Returns the estimated cost in US dollars of a statement that ran for {@code duration}. */
  public BigDecimal cost(Duration duration) {
    Duration billed = duration.compareTo(MINIMUM) < 0 ? MINIMUM : duration;
    BigDecimal seconds = BigDecimal.valueOf(billed.toNanos()).divide(BigDecimal.valueOf(1_000_000_000L));
    return seconds.multiply(BigDecimal.valueOf(baseRpu)).multiply(pricePerRpuHour)
        .divide(BigDecimal.valueOf(3600), MathContext.DECIMAL64).setScale(8, RoundingMode.HALF_UP);
  }
}
