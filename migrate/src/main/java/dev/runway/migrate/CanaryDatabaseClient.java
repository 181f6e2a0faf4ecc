package dev.runway.migrate;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.health.Health;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Moves traffic from a current engine to a new one step by step (for example 5% -> 25% -> 50% ->
 * 100%), and rolls back to 0% by itself when the new engine misbehaves: over a sliding window of
 * its recent queries, an error rate or a p99 latency above its threshold. Routing is sticky per
 * routing key (a user or session id), so one user sees one engine. A query the new engine fails is
 * answered by the current engine, so a failing canary costs latency, not errors. Every step and
 * rollback is an {@link Event} with the figures that caused it. Thread-safe.
 */
public final class CanaryDatabaseClient implements DatabaseClient {

  /**
   * A change of the share routed to the new engine.
   *
   * @param at when it happened
   * @param kind STEP, ROLLBACK or MANUAL
   * @param fromPercent the share before
   * @param toPercent the share after
   * @param errorRate the new engine's error rate over the window at that moment
   * @param p99Millis the new engine's p99 latency over the window at that moment
   * @param samples how many of its queries the window held
   */
  public record Event(
      Instant at,
      String kind,
      int fromPercent,
      int toPercent,
      double errorRate,
      double p99Millis,
      int samples) {}

  private record Sample(Instant at, boolean failed, long nanos) {}

  private final DatabaseClient current;
  private final DatabaseClient next;
  private final List<Integer> steps;
  private final Duration stepInterval;
  private final Duration window;
  private final int minSamples;
  private final double maxErrorRate;
  private final Duration maxP99;
  private final Function<Query, String> routingKey;
  private final Consumer<Event> listener;
  private final Clock clock;
  private final LongSupplier ticker;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private final List<Event> events = new ArrayList<>();
  private int stepIndex;
  private int percent;
  private Instant stepStarted;
  private boolean rolledBack;

  /** Where every instance keeps the canary's state; null: this process's state only. */
  private final @Nullable Coordination shared;

  private final String stateKey;
  private Instant syncedAt = Instant.MIN;
  private Optional<String> lastState = Optional.empty();

  /** How often an instance reads the shared state: every instance agrees within this much. */
  static final Duration SYNC = Duration.ofSeconds(1);

  private static final Duration STATE_LIFETIME = Duration.ofDays(30);

  private CanaryDatabaseClient(Builder b) {
    this.current = b.current;
    this.next = b.next;
    this.steps = List.copyOf(b.steps);
    this.stepInterval = b.stepInterval;
    this.window = b.window;
    this.minSamples = b.minSamples;
    this.maxErrorRate = b.maxErrorRate;
    this.maxP99 = b.maxP99;
    this.routingKey = b.routingKey;
    this.listener = b.listener;
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.percent = steps.get(0);
    this.stepStarted = clock.instant();
    this.shared = b.shared;
    this.stateKey = "canary:" + b.sharedName;
    if (shared != null) {
      // the first instance writes the starting state; the others find it
      shared.replace(stateKey, Optional.empty(), state(), STATE_LIFETIME);
      sync(true);
    }
  }

  private String state() {
    return stepIndex + "|" + percent + "|" + stepStarted.toEpochMilli() + "|" + rolledBack;
  }

  /**
   * Adopts the shared state when another instance stepped or rolled back (at most once per {@link
   * #SYNC}, or now when {@code force}); a rollback anywhere is a rollback here.
   */
  private void sync(boolean force) {
    Instant now = clock.instant();
    if (shared == null || (!force && Duration.between(syncedAt, now).compareTo(SYNC) < 0)) {
      return;
    }
    syncedAt = now;
    Optional<String> read = shared.read(stateKey);
    if (read.isEmpty()) {
      shared.replace(stateKey, Optional.empty(), state(), STATE_LIFETIME);
      lastState = shared.read(stateKey);
      return;
    }
    lastState = read;
    String[] f = read.get().split("\\|");
    int index = Integer.parseInt(f[0]);
    int to = Integer.parseInt(f[1]);
    boolean back = Boolean.parseBoolean(f[3]);
    if (back && !rolledBack) {
      change("ROLLBACK", 0, stats());
      rolledBack = true;
    } else if (!back && index > stepIndex) {
      change("STEP", to, stats());
      stepIndex = index;
    }
    stepStarted = Instant.ofEpochMilli(Long.parseLong(f[2]));
  }

  /** Publishes a step this instance took; false when another instance changed the state first. */
  private boolean publish() {
    return shared == null || shared.replace(stateKey, lastState, state(), STATE_LIFETIME);
  }

  /** Publishes a rollback, whatever the shared state was: a rollback anywhere wins. */
  private void publishRollback() {
    if (shared != null) {
      shared.put(stateKey, state(), STATE_LIFETIME);
    }
  }

  /** Returns a builder moving traffic from {@code current} to {@code next}. */
  public static Builder builder(DatabaseClient current, DatabaseClient next) {
    return new Builder(current, next);
  }

  /** Returns the share of queries routed to the new engine now, 0..100. */
  public synchronized int percent() {
    return percent;
  }

  /** Returns every step and rollback so far. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** Sends everything back to the current engine and stops stepping (rollback by hand). */
  public synchronized void rollback() {
    change("MANUAL", 0, stats());
    rolledBack = true;
    publishRollback();
  }

  @Override
  public String engine() {
    return current.engine();
  }

  @Override
  public QueryResult execute(Query query) {
    if (!routeToNext(query)) {
      return current.execute(query);
    }
    long start = ticker.getAsLong();
    try {
      QueryResult r = next.execute(query);
      record(false, ticker.getAsLong() - start);
      return r;
    } catch (RuntimeException e) {
      record(true, ticker.getAsLong() - start);
      return current.execute(query); // the canary's failure is not the caller's
    }
  }

  private boolean routeToNext(Query query) {
    int p;
    synchronized (this) {
      advance();
      p = percent;
    }
    if (p <= 0) {
      return false;
    }
    if (p >= 100) {
      return true;
    }
    String key = routingKey.apply(query);
    int bucket;
    if (key == null) {
      bucket = ThreadLocalRandom.current().nextInt(100);
    } else {
      CRC32 crc = new CRC32();
      crc.update(key.getBytes(StandardCharsets.UTF_8));
      bucket = (int) (crc.getValue() % 100);
    }
    return bucket < p;
  }

  private synchronized void record(boolean failed, long nanos) {
    Instant now = clock.instant();
    samples.addLast(new Sample(now, failed, nanos));
    trim(now);
    double[] s = stats();
    if (!rolledBack
        && (int) s[2] >= minSamples
        && (s[0] > maxErrorRate || s[1] > maxP99.toNanos() / 1e6)) {
      change("ROLLBACK", 0, s);
      rolledBack = true;
      publishRollback();
    }
  }

  private void trim(Instant now) {
    while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(window))) {
      samples.removeFirst();
    }
  }

  /** Returns {error rate, p99 millis, sample count} over the window. */
  private double[] stats() {
    trim(clock.instant());
    int n = samples.size();
    if (n == 0) {
      return new double[] {0, 0, 0};
    }
    long failures = samples.stream().filter(Sample::failed).count();
    long[] nanos = samples.stream().mapToLong(Sample::nanos).sorted().toArray();
    int i = Math.max(0, (int) Math.ceil(0.99 * n) - 1);
    return new double[] {(double) failures / n, nanos[i] / 1e6, n};
  }

  private void advance() {
    sync(false);
    if (rolledBack || stepIndex >= steps.size() - 1) {
      return;
    }
    Instant now = clock.instant();
    if (Duration.between(stepStarted, now).compareTo(stepInterval) < 0) {
      return;
    }
    double[] s = stats();
    if ((int) s[2] < minSamples && percent > 0) {
      return; // not enough evidence yet to go further
    }
    int before = stepIndex;
    int beforePercent = percent;
    Instant beforeStarted = stepStarted;
    stepIndex++;
    int to = steps.get(stepIndex);
    int from = percent;
    percent = to;
    stepStarted = now;
    if (!publish()) {
      // another instance stepped or rolled back first: take its state instead
      stepIndex = before;
      percent = beforePercent;
      stepStarted = beforeStarted;
      sync(true);
      return;
    }
    percent = from;
    change("STEP", to, s);
    lastState = Optional.of(state());
  }

  private void change(String kind, int to, double[] s) {
    Event e = new Event(clock.instant(), kind, percent, to, s[0], s[1], (int) s[2]);
    percent = to;
    events.add(e);
    listener.accept(e);
  }

  @Override
  public RowStream stream(Query query) {
    return routeToNext(query) ? next.stream(query) : current.stream(query);
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    return CompletableFuture.supplyAsync(() -> execute(query));
  }

  @Override
  public boolean cancel(String queryId) {
    return current.cancel(queryId) || next.cancel(queryId);
  }

  @Override
  public Health health() {
    return current.health();
  }

  /** Closes both clients. */
  @Override
  public void close() {
    try {
      current.close();
    } finally {
      next.close();
    }
  }

  /** Builds a {@link CanaryDatabaseClient}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("CanaryDatabaseClient.Builder");
    private final DatabaseClient current;
    private final DatabaseClient next;
    private List<Integer> steps = List.of(5, 25, 50, 100);
    private Duration stepInterval = Duration.ofHours(1);
    private Duration window = Duration.ofMinutes(5);
    private int minSamples = 20;
    private double maxErrorRate = 0.02;
    private Duration maxP99 = Duration.ofSeconds(10);
    private Function<Query, String> routingKey = q -> q.cacheScope().orElse(null);
    private Consumer<Event> listener = e -> {};
    private Clock clock = Clock.systemUTC();
    private LongSupplier ticker = System::nanoTime;
    private @Nullable Coordination shared;
    private String sharedName = "";

    private Builder(DatabaseClient current, DatabaseClient next) {
      this.current = Objects.requireNonNull(current, "current");
      this.next = Objects.requireNonNull(next, "next");
    }

    /**
     * Sets the shares in percent, increasing, the first being where it starts (default 5, 25, 50,
     * 100).
     */
    public Builder steps(List<Integer> percents) {
      once.check("steps", percents);
      if (percents.isEmpty()) {
        throw new IllegalArgumentException("at least one step is needed");
      }
      int last = -1;
      for (int p : percents) {
        if (p < 0 || p > 100 || p <= last) {
          throw new IllegalArgumentException("steps must increase within 0..100, got " + percents);
        }
        last = p;
      }
      this.steps = List.copyOf(percents);
      return this;
    }

    /** Sets how long each step lasts before the next (default 1 hour). */
    public Builder stepInterval(Duration interval) {
      once.check("stepInterval", interval);
      this.stepInterval = Checks.positive(interval, "stepInterval");
      return this;
    }

    /**
     * Sets the rollback rule: over the last {@code window}, with at least {@code minSamples}
     * queries on the new engine, an error rate above {@code maxErrorRate} or a p99 above {@code
     * maxP99}.
     */
    public Builder rollbackWhen(
        Duration window, int minSamples, double maxErrorRate, Duration maxP99) {
      once.check(
          "rollbackWhen",
          String.valueOf(window)
              + ", "
              + String.valueOf(minSamples)
              + ", "
              + String.valueOf(maxErrorRate)
              + ", "
              + String.valueOf(maxP99));
      this.window = Checks.positive(window, "window");
      if (minSamples < 1 || !(maxErrorRate >= 0 && maxErrorRate <= 1)) {
        throw new IllegalArgumentException(
            "minSamples must be >= 1 and maxErrorRate within 0..1, got "
                + minSamples
                + ", "
                + maxErrorRate);
      }
      this.minSamples = minSamples;
      this.maxErrorRate = maxErrorRate;
      this.maxP99 = Checks.positive(maxP99, "maxP99");
      return this;
    }

    /** Sets what makes routing sticky (a user or session id); null keys are routed at random. */
    public Builder routingKey(Function<Query, String> key) {
      once.check("routingKey", key);
      this.routingKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Sets a listener told of every step and rollback. */
    public Builder listener(Consumer<Event> listener) {
      once.check("listener", listener);
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Keeps the canary's state (the step, its start, a rollback) on {@code coordination} under
     * {@code name}, so that every instance routes the same share of traffic: a step taken by one is
     * taken by all, and a rollback on one (automatic or by hand) is a rollback on all, within a
     * second. Each instance judges its own samples.
     */
    public Builder coordination(Coordination coordination, String name) {
      once.check("coordination", name);
      this.shared = Objects.requireNonNull(coordination, "coordination");
      this.sharedName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the clock (for tests). */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets what measures the new engine's latency (for tests; {@link System#nanoTime()} by
     * default).
     */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Returns the client. */
    public CanaryDatabaseClient build() {
      return new CanaryDatabaseClient(this);
    }
  }

  /** Returns the last event, if any. */
  public synchronized Optional<Event> lastEvent() {
    return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
  }
}
