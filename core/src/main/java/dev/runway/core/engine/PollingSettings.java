package dev.runway.core.engine;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The settings every client on a {@link PolledQueryRuntime} shares, as the base of its builder: how
 * completion is polled, the client-wide rate of status calls, the cap on queries in flight, and how
 * long a submission waits out throttling. Each may be given once. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class PollingSettings<B extends PollingSettings<B>> {

  /**
   * Returns the polling keys every polled engine accepts in its section (applied by {@link
   * #configure(ConfigSection)}), with the engine's own default call rate.
   *
   * @param engine the service's name, for the descriptions ({@code Athena})
   * @param statusCall the status call the rate bounds ({@code GetQueryExecution})
   * @param defaultStatusCallsPerSecond the engine builder's default rate
   */
  public static ConfigKeys<Object> configKeys(
      String engine, String statusCall, double defaultStatusCallsPerSecond) {
    PollingPolicy d = PollingPolicy.defaults();
    return ConfigKeys.builder()
        .duration(
            "poll-initial",
            d.initial().toMillis() + "ms",
            "Back-off polling: the first wait for a query " + "whose end cannot be predicted.",
            null)
        .duration(
            "poll-max",
            d.max().toMillis() + "ms",
            "Back-off polling: the longest wait between two " + "status calls.",
            null)
        .number(
            "poll-multiplier",
            Double.toString(d.multiplier()),
            "Back-off polling: growth of the wait " + "per status call.",
            null)
        .bool(
            "poll-predictive",
            "true",
            "Poll a query whose SQL ran before tightly around the end its recent "
                + "runs predict, and a first-seen one after a quarter of the time it has run; false = back-off only.",
            null)
        .number(
            "status-calls-per-second",
            trim(defaultStatusCallsPerSecond),
            statusCall
                + " calls per second "
                + "made by this client as a whole (all running queries share it).",
            null)
        .integer(
            "max-concurrent-queries",
            "20",
            "Queries this client keeps in flight on " + engine + "; more wait for a slot.",
            null)
        .duration(
            "max-throttle-wait",
            "10m",
            "How long a throttled submission is retried, for queries " + "without a timeout.",
            null)
        .number(
            "account-submits-per-second",
            null,
            "Submissions per second for the whole account and region, "
                + "shared by every instance through coordination; absent = no account-wide limit.",
            null)
        .number(
            "account-status-calls-per-second",
            null,
            statusCall
                + " calls per second for the whole account "
                + "and region, shared by every instance; absent = no account-wide limit.",
            null)
        .integer(
            "account-concurrent-queries",
            null,
            "Queries running at once for the whole account, shared by "
                + "every instance; absent = no account-wide limit.",
            null)
        .build();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /**
   * The settings as the runtime reads them.
   *
   * @param polling how completion is polled (with {@code predictive}, its initial and maximum
   *     delays bound the predicted ones)
   * @param predictive whether status calls follow the durations of earlier runs of the same SQL
   * @param statusCallsPerSecond the most status calls per second for the whole client
   * @param maxConcurrentQueries the most queries in flight; more wait for a slot
   * @param maxThrottleWait how long a query without a timeout waits for the service to accept it
   */
  public record Values(
      PollingPolicy polling,
      boolean predictive,
      double statusCallsPerSecond,
      int maxConcurrentQueries,
      Duration maxThrottleWait,
      @Nullable AccountQuota account) {}

  /**
   * Limits the whole account puts on every client of a service (the service's own per-account,
   * per-region quotas), enforced across every instance through a shared {@link Coordination}.
   *
   * @param coordination where every instance takes its tokens and leases
   * @param key what the limits are scoped by (the engine and, say, the region)
   * @param submitsPerSecond submissions per second for the account, 0 for no limit
   * @param statusCallsPerSecond status calls per second for the account, 0 for no limit
   * @param concurrentQueries queries running at once for the account, 0 for no limit
   */
  public record AccountQuota(
      Coordination coordination,
      String key,
      double submitsPerSecond,
      double statusCallsPerSecond,
      int concurrentQueries) {}

  private @Nullable AccountQuota account;

  /**
   * Keeps the account's quotas across every client and instance: submissions and status calls per
   * second, and queries running at once (0 turns one off). A call beyond a quota waits for its turn
   * (within the query's timeout) instead of being throttled by the service.
   */
  public B accountQuota(AccountQuota quota) {
    once.check("accountQuota", quota);
    Objects.requireNonNull(quota, "quota");
    if (quota.submitsPerSecond() < 0
        || quota.statusCallsPerSecond() < 0
        || quota.concurrentQueries() < 0) {
      throw new IllegalArgumentException("account quotas must be >= 0 (0: no limit), got " + quota);
    }
    this.account = quota;
    return self();
  }

  private final SetOnce once;
  private PollingPolicy polling = PollingPolicy.defaults();
  private boolean predictive = true;
  private double statusCallsPerSecond;
  private int maxConcurrentQueries = 20;
  private Duration maxThrottleWait = Duration.ofMinutes(10);

  /**
   * Creates settings with the engine's default status-call rate.
   *
   * @param once the builder's record of settings given, shared with its own settings
   */
  protected PollingSettings(double defaultStatusCallsPerSecond, SetOnce once) {
    this.statusCallsPerSecond = defaultStatusCallsPerSecond;
    this.once = Objects.requireNonNull(once, "once");
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Sets how completion is polled (default {@link PollingPolicy#defaults()}). */
  public B polling(PollingPolicy polling) {
    once.check("polling", polling);
    this.polling = Objects.requireNonNull(polling, "polling");
    return self();
  }

  /**
   * Turns predictive completion detection on or off (default on): a query whose normalised SQL ran
   * before is polled tightly around the end its recent runs predict, a first-seen one after a
   * quarter of the time it has run; off, every query follows the {@link #polling} back-off. A fixed
   * policy ({@link PollingPolicy#fixed}) is always followed as given.
   */
  public B predictive(boolean on) {
    once.check("predictive", on);
    this.predictive = on;
    return self();
  }

  /** Caps status calls per second for the whole client. */
  public B statusCallsPerSecond(double rate) {
    once.check("statusCallsPerSecond", rate);
    if (!(rate > 0)) {
      throw new IllegalArgumentException("status calls per second must be > 0, got " + rate);
    }
    this.statusCallsPerSecond = rate;
    return self();
  }

  /** Caps queries in flight from this client (default 20); more wait for a slot. */
  public B maxConcurrentQueries(int max) {
    once.check("maxConcurrentQueries", max);
    if (max < 1) {
      throw new IllegalArgumentException("max concurrent queries must be >= 1, got " + max);
    }
    this.maxConcurrentQueries = max;
    return self();
  }

  /**
   * Sets how long a query without a timeout waits out throttling before failing (default 10 min).
   */
  public B maxThrottleWait(Duration wait) {
    once.check("maxThrottleWait", wait);
    this.maxThrottleWait = Checks.positive(wait, "maxThrottleWait");
    return self();
  }

  /**
   * Reads the polling keys ({@link #configKeys}) present in {@code section}.
   *
   * @throws IllegalArgumentException for a bad value (the factory names the key)
   */
  public B configure(ConfigSection section) {
    PollingPolicy d = PollingPolicy.defaults();
    if (section.has("poll-initial") || section.has("poll-max") || section.has("poll-multiplier")) {
      polling(
          new PollingPolicy(
              section.positiveDuration("poll-initial", d.initial()),
              section.number("poll-multiplier").orElse(d.multiplier()),
              section.positiveDuration("poll-max", d.max()),
              d.jitter()));
    }
    section.bool("poll-predictive").ifPresent(this::predictive);
    section.number("status-calls-per-second").ifPresent(this::statusCallsPerSecond);
    section.integer("max-concurrent-queries").ifPresent(this::maxConcurrentQueries);
    section.duration("max-throttle-wait").ifPresent(this::maxThrottleWait);
    return self();
  }

  /**
   * Reads the {@code account-*} keys of an engine's section: the account-wide quotas, to be applied
   * with {@link #accountQuota} once the application's coordination exists (in the supplier a
   * factory returns). Empty when none is set.
   *
   * @param key what the quotas are scoped by, such as {@code athena:eu-west-1}
   */
  public static Optional<Function<Coordination, AccountQuota>> accountQuota(
      ConfigSection section, String key) {
    double submits = section.number("account-submits-per-second").orElse(0.0);
    double status = section.number("account-status-calls-per-second").orElse(0.0);
    int concurrent = section.integer("account-concurrent-queries").orElse(0);
    if (submits == 0 && status == 0 && concurrent == 0) {
      return Optional.empty();
    }
    if (submits < 0 || status < 0 || concurrent < 0) {
      throw new ConfigurationException(
          section.keyOf("account-concurrent-queries"),
          "account quotas must be positive (absent: no limit)",
          null);
    }
    return Optional.of(c -> new AccountQuota(c, key, submits, status, concurrent));
  }

  /** Returns the settings as given. */
  public Values values() {
    boolean fixed = polling.multiplier() == 1.0 && polling.initial().equals(polling.max());
    return new Values(
        polling,
        predictive && !fixed,
        statusCallsPerSecond,
        maxConcurrentQueries,
        maxThrottleWait,
        account);
  }
}
