package dev.runway.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A settable clock for core's own tests (the testkit's MutableClock depends on core). */
public final class TestClock extends Clock {
  private volatile Instant now;

  /** Creates a clock at 2026-01-01T00:00:00Z. */
  public TestClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Creates a clock at {@code start}. */
  public TestClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
