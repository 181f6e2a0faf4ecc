package dev.runway.core.coordination;

import dev.runway.core.health.Health;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Coordination} that forwards every call to another: extend it and override what your
 * decorator changes (metrics, key prefixes, fault injection in tests). Each call goes through
 * {@link #delegate()}.
 */
public abstract class ForwardingCoordination implements Coordination {

  private final Coordination delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingCoordination(Coordination delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Returns the coordination calls are forwarded to. */
  protected Coordination delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate().name();
  }

  @Override
  public long add(String counter, long delta, Duration ttl) {
    return delegate().add(counter, delta, ttl);
  }

  @Override
  public long get(String counter) {
    return delegate().get(counter);
  }

  @Override
  public Duration tryTake(String bucket, int permits, double perSecond, int capacity) {
    return delegate().tryTake(bucket, permits, perSecond, capacity);
  }

  @Override
  public Optional<Lease> tryLease(String semaphore, int limit, Duration ttl) {
    return delegate().tryLease(semaphore, limit, ttl);
  }

  @Override
  public void release(Lease lease) {
    delegate().release(lease);
  }

  @Override
  public int leases(String semaphore) {
    return delegate().leases(semaphore);
  }

  @Override
  public void addMember(String set, String member, Duration ttl) {
    delegate().addMember(set, member, ttl);
  }

  @Override
  public boolean hasMember(String set, String member) {
    return delegate().hasMember(set, member);
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    delegate().put(key, value, ttl);
  }

  @Override
  public boolean replace(String key, Optional<String> expected, String value, Duration ttl) {
    return delegate().replace(key, expected, value, ttl);
  }

  @Override
  public Optional<String> read(String key) {
    return delegate().read(key);
  }

  @Override
  public double share() {
    return delegate().share();
  }

  @Override
  public Health health() {
    return delegate().health();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
