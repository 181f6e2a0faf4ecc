package dev.runway.core.resilience;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Policy;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.SetOnce;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Retries with jittered exponential back-off, a timeout and a circuit breaker around calls to a
 * remote backend, built on Failsafe. Each part can be switched off. Immutable and thread-safe; the
 * circuit breaker's state is shared by every call made through one policy instance.
 *
 * <p>Only failures the predicate calls retryable are retried; by default that is a {@link
 * RunwayException} whose {@link RunwayException#retryable()} is true (throttling, transient I/O,
 * 5xx), never a user error. An open circuit fails calls at once with a {@link
 * RunwayServiceException} of category {@link ErrorCategory#UNAVAILABLE}; a timeout with category
 * {@link ErrorCategory#TIMEOUT}.
 */
public final class ResiliencePolicy {

  /** The state of the circuit breaker. */
  public enum CircuitState {
    /** Calls pass. */
    CLOSED,
    /** Calls fail at once until the delay passes. */
    OPEN,
    /** Trial calls pass; their outcome closes or reopens the circuit. */
    HALF_OPEN,
    /** The policy has no circuit breaker. */
    DISABLED
  }

  private final Builder config;
  private final @Nullable CircuitBreaker<Object> breaker;
  private final @Nullable FailsafeExecutor<Object> executor;

  private ResiliencePolicy(Builder b) {
    this.config = b.copy();
    List<Policy<Object>> policies = new ArrayList<>();
    Predicate<Throwable> retryable = b.retryOn;
    if (b.maxAttempts > 1) {
      RetryPolicyBuilder<Object> retry =
          RetryPolicy.builder()
              .handleIf((Object r, Throwable t) -> t != null && retryable.test(t))
              .withMaxAttempts(b.maxAttempts);
      // Failsafe's back-off needs max > initial; equal bounds (which the builder accepts) are a
      // fixed delay
      if (b.maxBackoff.compareTo(b.initialBackoff) > 0) {
        retry.withBackoff(b.initialBackoff, b.maxBackoff);
      } else {
        retry.withDelay(b.initialBackoff);
      }
      policies.add(retry.withJitter(b.jitter).build());
    }
    if (b.failureThreshold > 0) {
      Consumer<CircuitState> listener = b.onCircuitChange;
      this.breaker =
          CircuitBreaker.builder()
              .handleIf((Object r, Throwable t) -> t != null && retryable.test(t))
              .withFailureThreshold(b.failureThreshold)
              .withSuccessThreshold(1)
              .withDelay(b.openDelay)
              .onOpen(e -> listener.accept(CircuitState.OPEN))
              .onHalfOpen(e -> listener.accept(CircuitState.HALF_OPEN))
              .onClose(e -> listener.accept(CircuitState.CLOSED))
              .build();
      policies.add(breaker);
    } else {
      this.breaker = null;
    }
    if (b.timeout != null) {
      policies.add(Timeout.builder(b.timeout).withInterrupt().build());
    }
    this.executor = policies.isEmpty() ? null : Failsafe.with(policies);
  }

  /** Returns a policy that does nothing: one attempt, no breaker, no timeout. */
  public static ResiliencePolicy none() {
    return builder().maxAttempts(1).circuitBreaker(0, Duration.ofSeconds(1)).build();
  }

  /**
   * Returns the defaults: 3 attempts with back-off from 100 ms to 5 s and 50% jitter, a breaker
   * that opens after 5 consecutive retryable failures for 30 s, and no timeout.
   */
  public static ResiliencePolicy defaults() {
    return builder().build();
  }

  /**
   * Returns whether this policy does nothing: no retry, no circuit breaker and no timeout. Only
   * then may a caller skip it; a timeout alone is still a policy.
   */
  public boolean isPassThrough() {
    return executor == null;
  }

  /** Returns a builder initialised with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialised with this policy's settings. */
  public Builder toBuilder() {
    return config.copy();
  }

  /**
   * Runs {@code call} under the policy.
   *
   * @throws RunwayServiceException when the circuit is open or the timeout passes
   * @throws RuntimeException the last failure of {@code call} once no attempt is left
   */
  public <T> T execute(Supplier<T> call) {
    Objects.requireNonNull(call, "call");
    if (executor == null) {
      return call.get();
    }
    try {
      T result = executor.get(call::get);
      return result;
    } catch (CircuitBreakerOpenException e) {
      throw new RunwayServiceException(
          "circuit breaker is open after repeated failures; calls "
              + "fail fast for up to "
              + config.openDelay,
          config.name,
          ErrorCategory.UNAVAILABLE,
          null,
          e);
    } catch (TimeoutExceededException e) {
      throw new RunwayServiceException(
          "call exceeded its timeout of " + config.timeout,
          config.name,
          ErrorCategory.TIMEOUT,
          null,
          e);
    }
  }

  /** Runs {@code call} under the policy; see {@link #execute(Supplier)}. */
  public void run(Runnable call) {
    execute(
        () -> {
          call.run();
          return null;
        });
  }

  /** Returns the current state of the circuit breaker. */
  public CircuitState circuitState() {
    if (breaker == null) {
      return CircuitState.DISABLED;
    }
    return breaker.isOpen()
        ? CircuitState.OPEN
        : breaker.isHalfOpen() ? CircuitState.HALF_OPEN : CircuitState.CLOSED;
  }

  /** Returns the timeout of one attempt, if one is configured. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(config.timeout);
  }

  /** Returns the maximum number of attempts (1 means no retry). */
  public int maxAttempts() {
    return config.maxAttempts;
  }

  @Override
  public String toString() {
    return "ResiliencePolicy{name="
        + config.name
        + ", maxAttempts="
        + config.maxAttempts
        + ", backoff="
        + config.initialBackoff
        + ".."
        + config.maxBackoff
        + ", jitter="
        + config.jitter
        + ", breaker="
        + (config.failureThreshold > 0
            ? config.failureThreshold + " failures/" + config.openDelay
            : "off")
        + ", timeout="
        + (config.timeout == null ? "off" : config.timeout)
        + "}";
  }

  /** Configures a {@link ResiliencePolicy}; not thread-safe; copied by {@link #build()}. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("ResiliencePolicy.Builder");
    private String name = "backend";
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private double jitter = 0.5;
    private int failureThreshold = 5;
    private Duration openDelay = Duration.ofSeconds(30);
    private @Nullable Duration timeout;
    private Predicate<Throwable> retryOn = t -> t instanceof RunwayException r && r.retryable();
    private Consumer<CircuitState> onCircuitChange = s -> {};

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.name = name;
      b.maxAttempts = maxAttempts;
      b.initialBackoff = initialBackoff;
      b.maxBackoff = maxBackoff;
      b.jitter = jitter;
      b.failureThreshold = failureThreshold;
      b.openDelay = openDelay;
      b.timeout = timeout;
      b.retryOn = retryOn;
      b.onCircuitChange = onCircuitChange;
      return b;
    }

    /** Names the protected backend in exceptions, such as {@code redis}. */
    public Builder name(String name) {
      once.check("name", name);
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the number of attempts, including the first; 1 turns retries off. */
    public Builder maxAttempts(int maxAttempts) {
      once.check("maxAttempts", maxAttempts);
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Sets the back-off: the first delay, doubling up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      once.check("backoff", String.valueOf(initial) + ", " + String.valueOf(max));
      Checks.positive(initial, "initial backoff");
      Checks.positive(max, "max backoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "max backoff " + max + " is below the initial " + initial);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Sets the jitter as a factor from 0 (none) to 1 (delay varies by up to 100%). */
    public Builder jitter(double factor) {
      once.check("jitter", factor);
      if (!(factor >= 0 && factor <= 1)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, got " + factor);
      }
      this.jitter = factor;
      return this;
    }

    /**
     * Sets the circuit breaker: it opens after {@code failureThreshold} consecutive retryable
     * failures and stays open for {@code openDelay}; a threshold of 0 turns it off.
     */
    public Builder circuitBreaker(int failureThreshold, Duration openDelay) {
      once.check(
          "circuitBreaker", String.valueOf(failureThreshold) + ", " + String.valueOf(openDelay));
      if (failureThreshold < 0) {
        throw new IllegalArgumentException(
            "failureThreshold must be >= 0, got " + failureThreshold);
      }
      Checks.positive(openDelay, "openDelay");
      this.failureThreshold = failureThreshold;
      this.openDelay = openDelay;
      return this;
    }

    /**
     * Sets a timeout per attempt (the calling thread is interrupted); {@code null} turns it off.
     */
    public Builder timeout(Duration timeout) {
      once.check("timeout", timeout);
      if (timeout != null) {
        Checks.positive(timeout, "timeout");
      }
      this.timeout = timeout;
      return this;
    }

    /** Replaces the test that decides which failures are retried and counted by the breaker. */
    public Builder retryOn(Predicate<Throwable> retryable) {
      once.check("retryOn", retryable);
      this.retryOn = Objects.requireNonNull(retryable, "retryable");
      return this;
    }

    /** Sets a listener told of every circuit state change (called on the calling thread). */
    public Builder onCircuitChange(Consumer<CircuitState> listener) {
      once.check("onCircuitChange", listener);
      this.onCircuitChange = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Returns the policy. */
    public ResiliencePolicy build() {
      return new ResiliencePolicy(this);
    }
  }
}
