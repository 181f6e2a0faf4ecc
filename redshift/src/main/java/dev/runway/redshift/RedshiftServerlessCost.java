package dev.runway.redshift;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Estimates what statements cost on Redshift Serverless, following how a workgroup is billed:
 * RPU-seconds at the base capacity while statements run, per second, with a minimum of 60 seconds
 * each time the workgroup becomes active. Defaults: 8 RPUs (the smallest base capacity) and $0.375
 * per RPU-hour (us-east-1).
 *
 * <p>How one bill is split among statements (an estimate: AWS bills the workgroup, not statements):
 * an <em>active period</em> begins with a statement that starts after the previous period ended
 * (its minute over and its statements done); the statements that start within it share it (a
 * statement that completes late and started within an earlier period joins it, and periods it
 * bridges become one). Each statement is charged the running time it adds to the period's union of
 * running time, so overlapping statements share the seconds they overlap and nobody pays twice for
 * them. The part of a period's 60-second minimum that no statement ran is charged to no statement:
 * it is the workgroup's {@linkplain Totals#minimumUsd() minimum overhead}. Attributed costs plus
 * the overhead equal the bill this model computes for the same statements, whatever their order of
 * completion. A statement's cost is reported once; describing it again returns the same figure.
 *
 * <p>Thread-safe.
 */
public final class RedshiftServerlessCost {

  /** The price per RPU-hour in us-east-1, in US dollars. */
  public static final BigDecimal DEFAULT_PRICE_PER_RPU_HOUR = new BigDecimal("0.375");

  /** The smallest base capacity a workgroup can have. */
  public static final int DEFAULT_BASE_RPU = 8;

  /** The minimum billed each time the workgroup becomes active. */
  public static final Duration MINIMUM = Duration.ofSeconds(60);

  private static final long MINIMUM_NANOS = MINIMUM.toNanos();
  private static final int REMEMBERED_STATEMENTS = 10_000;

  /**
   * What the statements seen so far cost.
   *
   * @param attributedUsd the sum of the statements' estimates
   * @param minimumUsd the part of the 60-second minimums no statement ran (the current period's
   *     included: once a period began, its minute is billed)
   * @param billedUsd their sum (rounded once): what the workgroup is billed for these statements
   * @param activePeriods how many active periods the statements made
   */
  public record Totals(
      BigDecimal attributedUsd, BigDecimal minimumUsd, BigDecimal billedUsd, long activePeriods) {}

  private final int baseRpu;
  private final BigDecimal pricePerRpuHour;

  /** An active period: its start, its statements' merged running intervals, its last end. */
  private static final class Period {
    final long start;
    long lastEnd;
    long covered;
    final TreeMap<Long, Long> running = new TreeMap<>();

    Period(long start) {
      this.start = start;
      this.lastEnd = start;
    }

    /** The end of its billed time: its first minute, or its last statement's end. */
    long end() {
      return Math.max(start + MINIMUM_NANOS, lastEnd);
    }

    /** Merges [s, e) into the running intervals; returns how much running time it added. */
    long add(long s, long e) {
      long newStart = s;
      long newEnd = e;
      long overlapped = 0;
      Map.Entry<Long, Long> before = running.floorEntry(s);
      if (before != null && before.getValue() >= s) {
        newStart = before.getKey();
      }
      for (Map.Entry<Long, Long> iv = running.ceilingEntry(newStart);
          iv != null && iv.getKey() <= e;
          iv = running.ceilingEntry(newStart)) {
        overlapped += Math.max(0, Math.min(iv.getValue(), e) - Math.max(iv.getKey(), s));
        newEnd = Math.max(newEnd, iv.getValue());
        running.remove(iv.getKey());
      }
      running.put(newStart, newEnd);
      long added = (e - s) - overlapped;
      covered += added;
      lastEnd = Math.max(lastEnd, e);
      return added;
    }
  }

  private static final int REMEMBERED_PERIODS = 1_000;

  private final TreeMap<Long, Period> periods = new TreeMap<>();
  private long forgottenPeriods;
  private long forgottenMinimumNanos;
  private long attributedNanos;
  private final Map<String, BigDecimal> reported =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BigDecimal> eldest) {
          return size() > REMEMBERED_STATEMENTS;
        }
      };

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

  /** Returns the price of {@code duration} of the base capacity, with no minimum. */
  public BigDecimal price(Duration duration) {
    return usd(duration.toNanos());
  }

  /**
   * Returns the estimated cost of statement {@code statementId}, which ran from {@code start} to
   * {@code end}: the running time it added to its active period, priced; the same figure again if
   * the statement was reported before.
   */
  public synchronized BigDecimal attribute(String statementId, Instant start, Instant end) {
    Objects.requireNonNull(statementId, "statementId");
    BigDecimal known = reported.get(statementId);
    if (known != null) {
      return known;
    }
    long s = nanos(start);
    long e = Math.max(s, nanos(end));
    Map.Entry<Long, Period> floor = periods.floorEntry(s);
    Period p;
    if (floor != null && s <= floor.getValue().end()) {
      p = floor.getValue();
    } else {
      p = new Period(s);
      periods.put(s, p);
    }
    long added = p.add(s, e);
    // a statement that completes late can join periods that looked separate: merge them; the
    // running time they already counted is not counted again
    for (Map.Entry<Long, Period> next = periods.higherEntry(p.start);
        next != null && next.getKey() <= p.end();
        next = periods.higherEntry(p.start)) {
      Period q = Objects.requireNonNull(periods.remove(next.getKey()), "the entry just read");
      for (Map.Entry<Long, Long> iv : q.running.entrySet()) {
        added += p.add(iv.getKey(), iv.getValue());
      }
      added -= q.covered;
      p.lastEnd = Math.max(p.lastEnd, q.lastEnd);
    }
    while (periods.size() > REMEMBERED_PERIODS) {
      Period old = periods.pollFirstEntry().getValue();
      forgottenPeriods++;
      forgottenMinimumNanos += Math.max(0, MINIMUM_NANOS - old.covered);
    }
    attributedNanos += added;
    BigDecimal cost = usd(added);
    reported.put(statementId, cost);
    return cost;
  }

  /** Returns the totals so far. */
  public synchronized Totals totals() {
    long minimum = forgottenMinimumNanos;
    for (Period p : periods.values()) {
      minimum += Math.max(0, MINIMUM_NANOS - p.covered);
    }
    BigDecimal attributed = usd(attributedNanos);
    BigDecimal overhead = usd(minimum);
    return new Totals(
        attributed, overhead, usd(attributedNanos + minimum), forgottenPeriods + periods.size());
  }

  private BigDecimal usd(long nanos) {
    BigDecimal seconds = BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(1_000_000_000L));
    return seconds
        .multiply(BigDecimal.valueOf(baseRpu))
        .multiply(pricePerRpuHour)
        .divide(BigDecimal.valueOf(3600), MathContext.DECIMAL64)
        .setScale(8, RoundingMode.HALF_UP);
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }
}
