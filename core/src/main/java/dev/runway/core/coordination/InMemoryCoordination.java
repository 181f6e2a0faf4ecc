package dev.runway.core.coordination;

import dev.runway.core.health.Health;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.SetOnce;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Coordination within one process: exact for a single instance, and the fallback of {@link
 * DegradingCoordination}. Lifetimes follow the injected {@link Clock}; expired entries are dropped
 * when touched and by a sweep every few thousand writes, so memory stays bounded by what is live.
 * Thread-safe: each key's state changes under {@link ConcurrentHashMap#compute}.
 */
public final class InMemoryCoordination implements Coordination {

  private static final int SWEEP_EVERY = 4096;

  private record Counter(long value, Instant expires) {}

  private record Bucket(double tokens, long refilledNanos) {}

  private record Item(String value, Instant expires) {}

  private final Clock clock;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Map<String, Instant>> semaphores =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Item> items = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  private InMemoryCoordination(Builder b) {
    this.clock = b.clock;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "memory";
  }

  private Instant now() {
    return clock.instant();
  }

  private long nanos() {
    Instant n = now();
    return n.getEpochSecond() * 1_000_000_000L + n.getNano();
  }

  private void wrote() {
    if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
      Instant n = now();
      counters.entrySet().removeIf(e -> !e.getValue().expires().isAfter(n));
      items.entrySet().removeIf(e -> !e.getValue().expires().isAfter(n));
      semaphores.forEach(
          (k, v) ->
              semaphores.computeIfPresent(
                  k,
                  (kk, leases) -> {
                    leases.values().removeIf(end -> !end.isAfter(n));
                    return leases.isEmpty() ? null : leases;
                  }));
    }
  }

  @Override
  public long add(String counter, long delta, Duration ttl) {
    Objects.requireNonNull(counter, "counter");
    Checks.positive(ttl, "ttl");
    Instant n = now();
    Counter c =
        counters.compute(
            counter,
            (k, old) ->
                old == null || !old.expires().isAfter(n)
                    ? new Counter(delta, n.plus(ttl))
                    : new Counter(old.value() + delta, old.expires()));
    wrote();
    return c.value();
  }

  @Override
  public long get(String counter) {
    Counter c = counters.get(Objects.requireNonNull(counter, "counter"));
    return c == null || !c.expires().isAfter(now()) ? 0 : c.value();
  }

  @Override
  public Duration tryTake(String bucket, int permits, double perSecond, int capacity) {
    Checks.tokenBucket(permits, perSecond, capacity);
    long n = nanos();
    Duration[] wait = {Duration.ZERO};
    buckets.compute(
        Objects.requireNonNull(bucket, "bucket"),
        (k, old) -> {
          double tokens =
              old == null
                  ? capacity
                  : Math.min(capacity, old.tokens() + (n - old.refilledNanos()) / 1e9 * perSecond);
          if (tokens >= permits) {
            return new Bucket(tokens - permits, n);
          }
          wait[0] = Duration.ofNanos((long) Math.ceil((permits - tokens) / perSecond * 1e9));
          return new Bucket(tokens, n);
        });
    return wait[0];
  }

  @Override
  public Optional<Lease> tryLease(String semaphore, int limit, Duration ttl) {
    Objects.requireNonNull(semaphore, "semaphore");
    Checks.positive(ttl, "ttl");
    Checks.atLeastOne(limit, "limit");
    Instant n = now();
    String id = UUID.randomUUID().toString();
    boolean[] taken = {false};
    semaphores.compute(
        semaphore,
        (k, old) -> {
          Map<String, Instant> leases = old == null ? new LinkedHashMap<>() : old;
          leases.values().removeIf(end -> !end.isAfter(n));
          if (leases.size() < limit) {
            leases.put(id, n.plus(ttl));
            taken[0] = true;
          }
          return leases.isEmpty() ? null : leases;
        });
    wrote();
    return taken[0] ? Optional.of(new Lease(semaphore, id)) : Optional.empty();
  }

  @Override
  public void release(Lease lease) {
    semaphores.computeIfPresent(
        lease.semaphore(),
        (k, leases) -> {
          leases.remove(lease.id());
          return leases.isEmpty() ? null : leases;
        });
  }

  @Override
  public int leases(String semaphore) {
    Instant n = now();
    int[] count = {0};
    semaphores.computeIfPresent(
        Objects.requireNonNull(semaphore, "semaphore"),
        (k, leases) -> {
          leases.values().removeIf(end -> !end.isAfter(n));
          count[0] = leases.size();
          return leases.isEmpty() ? null : leases;
        });
    return count[0];
  }

  private static String memberKey(String set, String member) {
    return "set\u0000" + set + "\u0000" + member;
  }

  @Override
  public void addMember(String set, String member, Duration ttl) {
    put(
        memberKey(Objects.requireNonNull(set, "set"), Objects.requireNonNull(member, "member")),
        "",
        ttl);
  }

  @Override
  public boolean hasMember(String set, String member) {
    return read(memberKey(
            Objects.requireNonNull(set, "set"), Objects.requireNonNull(member, "member")))
        .isPresent();
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    Objects.requireNonNull(value, "value");
    Checks.positive(ttl, "ttl");
    items.put(Objects.requireNonNull(key, "key"), new Item(value, now().plus(ttl)));
    wrote();
  }

  @Override
  public boolean replace(String key, Optional<String> expected, String value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Checks.positive(ttl, "ttl");
    Instant n = now();
    boolean[] done = {false};
    items.compute(
        key,
        (k, old) -> {
          Optional<String> current =
              old == null || !old.expires().isAfter(n)
                  ? Optional.empty()
                  : Optional.of(old.value());
          if (current.equals(expected)) {
            done[0] = true;
            return new Item(value, n.plus(ttl));
          }
          return old;
        });
    wrote();
    return done[0];
  }

  @Override
  public Optional<String> read(String key) {
    Item i = items.get(Objects.requireNonNull(key, "key"));
    return i == null || !i.expires().isAfter(now()) ? Optional.empty() : Optional.of(i.value());
  }

  @Override
  public Health health() {
    return new Health("coordination:memory", Health.Status.UP, "this process only");
  }

  @Override
  public String toString() {
    return "InMemoryCoordination{counters=" + counters.size() + ", records=" + items.size() + "}";
  }

  /** Builds an {@link InMemoryCoordination}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("InMemoryCoordination.Builder");
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Sets the clock lifetimes follow (tests). */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the coordination. */
    public InMemoryCoordination build() {
      return new InMemoryCoordination(this);
    }
  }
}
