package dev.runway.core.coordination;

import dev.runway.core.health.Health;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.SetOnce;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared {@link Coordination} that never fails its caller: while the shared store answers, every
 * call goes to it; when a call fails (the store down, a timeout), this instance works on its own
 * {@link InMemoryCoordination} with a local share of every limit (a rate, a concurrency, a budget
 * divided by the expected number of instances), reports DEGRADED health, and logs the outage once.
 * Every {@code probeInterval} one call tries the shared store again; when it answers, the counters,
 * set members and records written meanwhile are replayed to it (so daily totals, revocations and
 * records converge), and calls go to it again.
 *
 * <p>Call rates and leases taken locally during an outage are not replayed: they bound this
 * instance's share while it lasts and end with it. Thread-safe.
 */
public final class DegradingCoordination implements Coordination {

  private static final Logger LOG = LoggerFactory.getLogger(DegradingCoordination.class);

  private final Coordination shared;
  private final InMemoryCoordination local;
  private final int instances;
  private final Duration probeInterval;
  private final Clock clock;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private final AtomicReference<Instant> nextProbe = new AtomicReference<>(Instant.MIN);
  private final AtomicReference<String> lastFailure = new AtomicReference<>("");
  // written while degraded, replayed when the shared store answers again
  private final Map<String, long[]> pendingCounters = new ConcurrentHashMap<>();
  private final Map<String, Duration> pendingCounterTtl = new ConcurrentHashMap<>();
  private final Map<String, Map.Entry<String, Instant>> pendingRecords = new ConcurrentHashMap<>();

  private DegradingCoordination(Builder b) {
    this.shared = b.shared;
    this.instances = b.instances;
    this.probeInterval = b.probeInterval;
    this.clock = b.clock;
    this.local = InMemoryCoordination.builder().clock(b.clock).build();
  }

  /** Returns a builder over the shared {@code coordination}. */
  public static Builder over(Coordination coordination) {
    return new Builder(Objects.requireNonNull(coordination, "coordination"));
  }

  @Override
  public String name() {
    return shared.name();
  }

  /** Returns whether this instance is working locally now. */
  public boolean degraded() {
    return degraded.get();
  }

  @Override
  public double share() {
    return degraded.get() ? 1.0 / instances : 1.0;
  }

  /**
   * Runs a call on the shared store, or locally (and returns false in {@code onShared}) when it
   * fails.
   */
  private <T> T call(Supplier<T> onShared, Supplier<T> onLocal) {
    if (degraded.get() && (!probeDue() || !recover())) {
      return onLocal.get();
    }
    try {
      return onShared.get();
    } catch (IllegalArgumentException | NullPointerException callerError) {
      throw callerError;
    } catch (RuntimeException e) {
      fail(e);
      return onLocal.get();
    }
  }

  private boolean probeDue() {
    Instant now = clock.instant();
    Instant due = nextProbe.get();
    return !now.isBefore(due) && nextProbe.compareAndSet(due, now.plus(probeInterval));
  }

  private void fail(RuntimeException e) {
    lastFailure.set(e.getClass().getSimpleName());
    nextProbe.set(clock.instant().plus(probeInterval));
    if (degraded.compareAndSet(false, true)) {
      LOG.warn(
          "coordination store {} is unavailable ({}); this instance works on its local share (1/{} of "
              + "each shared limit) until it answers again",
          shared.name(),
          e.toString(),
          instances);
    }
  }

  /**
   * Replays what was recorded while degraded, which also tells whether the store answers again;
   * returns whether calls may go to it.
   */
  private synchronized boolean recover() {
    if (!degraded.get()) {
      return true;
    }
    try {
      shared.read("runway:probe");
      for (Map.Entry<String, long[]> c : pendingCounters.entrySet()) {
        shared.add(
            c.getKey(),
            c.getValue()[0],
            Objects.requireNonNull(
                pendingCounterTtl.get(c.getKey()), "recorded before the counter"));
      }
      Instant now = clock.instant();
      for (Map.Entry<String, Map.Entry<String, Instant>> r : pendingRecords.entrySet()) {
        Duration left = Duration.between(now, r.getValue().getValue());
        if (!left.isNegative() && !left.isZero()) {
          String[] key = r.getKey().split("\u0000", -1);
          if (key.length == 3 && key[0].equals("set")) {
            shared.addMember(key[1], key[2], left);
          } else {
            shared.put(r.getKey(), r.getValue().getKey(), left);
          }
        }
      }
    } catch (RuntimeException stillDown) {
      fail(stillDown);
      return false;
    }
    pendingCounters.clear();
    pendingCounterTtl.clear();
    pendingRecords.clear();
    degraded.set(false);
    LOG.info(
        "coordination store {} answers again; what this instance recorded meanwhile was replayed to it",
        shared.name());
    return true;
  }

  @Override
  public long add(String counter, long delta, Duration ttl) {
    Checks.positive(ttl, "ttl");
    return call(
        () -> shared.add(counter, delta, ttl),
        () -> {
          // the TTL first: a replay that sees the counter finds its TTL
          pendingCounterTtl.putIfAbsent(counter, ttl);
          pendingCounters.computeIfAbsent(counter, k -> new long[1]);
          pendingCounters.computeIfPresent(
              counter,
              (k, v) -> {
                v[0] += delta;
                return v;
              });
          return local.add(counter, delta, ttl);
        });
  }

  @Override
  public long get(String counter) {
    return call(() -> shared.get(counter), () -> local.get(counter));
  }

  @Override
  public Duration tryTake(String bucket, int permits, double perSecond, int capacity) {
    Checks.tokenBucket(permits, perSecond, capacity);
    return call(
        () -> shared.tryTake(bucket, permits, perSecond, capacity),
        () -> {
          int localCapacity = Math.max(permits, capacity / instances);
          return local.tryTake(bucket, permits, perSecond / instances, localCapacity);
        });
  }

  @Override
  public Optional<Lease> tryLease(String semaphore, int limit, Duration ttl) {
    return call(
        () -> shared.tryLease(semaphore, limit, ttl),
        () -> local.tryLease(semaphore, Math.max(1, limit / instances), ttl));
  }

  @Override
  public void release(Lease lease) {
    // a lease lives in the store that gave it; releasing an id a store does not hold does nothing
    local.release(lease);
    call(
        () -> {
          shared.release(lease);
          return null;
        },
        () -> null);
  }

  @Override
  public int leases(String semaphore) {
    return call(() -> shared.leases(semaphore), () -> local.leases(semaphore));
  }

  @Override
  public void addMember(String set, String member, Duration ttl) {
    Checks.positive(ttl, "ttl");
    call(
        () -> {
          shared.addMember(set, member, ttl);
          return null;
        },
        () -> {
          pendingRecords.put(
              "set\u0000" + set + "\u0000" + member, Map.entry("", clock.instant().plus(ttl)));
          local.addMember(set, member, ttl);
          return null;
        });
  }

  @Override
  public boolean hasMember(String set, String member) {
    return call(() -> shared.hasMember(set, member), () -> local.hasMember(set, member));
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    Checks.positive(ttl, "ttl");
    call(
        () -> {
          shared.put(key, value, ttl);
          return null;
        },
        () -> {
          pendingRecords.put(key, Map.entry(value, clock.instant().plus(ttl)));
          local.put(key, value, ttl);
          return null;
        });
  }

  @Override
  public boolean replace(String key, Optional<String> expected, String value, Duration ttl) {
    return call(
        () -> shared.replace(key, expected, value, ttl),
        () -> {
          boolean done = local.replace(key, expected, value, ttl);
          if (done) {
            pendingRecords.put(key, Map.entry(value, clock.instant().plus(ttl)));
          }
          return done;
        });
  }

  @Override
  public Optional<String> read(String key) {
    return call(() -> shared.read(key), () -> local.read(key));
  }

  @Override
  public Health health() {
    if (degraded.get()) {
      return Health.degraded(
          "coordination:" + shared.name(),
          "the shared store is unavailable ("
              + lastFailure.get()
              + "); working on this instance's share (1/"
              + instances
              + ")");
    }
    Health h = shared.health();
    return h.status() == Health.Status.DOWN
        ? Health.degraded(
            h.component(), h.detail() + "; calls would fall back to this instance's share")
        : h;
  }

  @Override
  public void close() {
    shared.close();
  }

  @Override
  public String toString() {
    return "DegradingCoordination{"
        + shared.name()
        + ", instances="
        + instances
        + ", degraded="
        + degraded.get()
        + "}";
  }

  /** Builds a {@link DegradingCoordination}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("DegradingCoordination.Builder");
    private final Coordination shared;
    private int instances = 2;
    private Duration probeInterval = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();

    private Builder(Coordination shared) {
      this.shared = shared;
    }

    /**
     * Sets how many instances are expected to share the limits (default 2): while degraded, this
     * instance uses {@code 1/instances} of each.
     */
    public Builder expectedInstances(int instances) {
      once.check("expectedInstances", instances);
      if (instances < 1) {
        throw new IllegalArgumentException("expectedInstances must be >= 1, got " + instances);
      }
      this.instances = instances;
      return this;
    }

    /** Sets how often, while degraded, one call tries the shared store again (default 5 s). */
    public Builder probeInterval(Duration interval) {
      once.check("probeInterval", interval);
      this.probeInterval = Checks.positive(interval, "probeInterval");
      return this;
    }

    /** Sets the clock (tests). */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the coordination. */
    public DegradingCoordination build() {
      return new DegradingCoordination(this);
    }
  }
}
