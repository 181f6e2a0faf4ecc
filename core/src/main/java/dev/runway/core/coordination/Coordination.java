package dev.runway.core.coordination;

import dev.runway.core.health.Health;
import java.time.Duration;
import java.util.Optional;

/**
 * Shared counters, call rates, concurrency, expiring sets and small records, for limits and facts
 * that must hold across every instance of an application. Keys are plain text chosen by the caller
 * ({@code cost:2026-12-04}); an implementation may prefix them. Every value written has a lifetime,
 * so that nothing a crashed instance wrote outlives its purpose.
 *
 * <p>Implementations are thread-safe, and a call either takes effect on the shared store or fails
 * with a {@link dev.runway.core.error.RunwayException}; wrap a remote implementation in {@link
 * DegradingCoordination} so that callers never see the failure.
 */
public interface Coordination extends AutoCloseable {

  /** Returns a short name for logs and health: {@code memory}, {@code redis}, {@code dynamodb}. */
  String name();

  /**
   * Adds {@code delta} to a counter and returns its new value. A counter that does not exist, or
   * whose lifetime has ended, starts from 0 with lifetime {@code ttl}; adding does not extend it.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive
   */
  long add(String counter, long delta, Duration ttl);

  /** Returns a counter's value, 0 when it does not exist or its lifetime has ended. */
  long get(String counter);

  /**
   * Takes {@code permits} from a token bucket that holds at most {@code capacity} tokens and
   * refills at {@code perSecond}; the bucket starts full. Returns {@link Duration#ZERO} when the
   * tokens were taken, or how long until they could be (nothing is taken then).
   *
   * @throws IllegalArgumentException if {@code permits} exceeds {@code capacity}, or a figure is
   *     not positive
   */
  Duration tryTake(String bucket, int permits, double perSecond, int capacity);

  /**
   * Takes one of {@code limit} leases of a semaphore, for at most {@code ttl}: a holder that dies
   * without releasing frees its lease when the lifetime ends. Returns the lease, or empty when all
   * {@code limit} are held.
   */
  Optional<Lease> tryLease(String semaphore, int limit, Duration ttl);

  /** Returns a lease before its end; releasing an expired or released lease does nothing. */
  void release(Lease lease);

  /** Returns how many leases of a semaphore are held now. */
  int leases(String semaphore);

  /**
   * Adds a member to a set, to be forgotten after {@code ttl} (a later add sets a new lifetime).
   */
  void addMember(String set, String member, Duration ttl);

  /** Returns whether a set holds a member whose lifetime has not ended. */
  boolean hasMember(String set, String member);

  /** Writes a record, replacing any, to live {@code ttl}. */
  void put(String key, String value, Duration ttl);

  /**
   * Writes a record only if its current value is {@code expected} (empty: only if there is none, or
   * its lifetime has ended). Returns whether it was written.
   */
  boolean replace(String key, Optional<String> expected, String value, Duration ttl);

  /** Returns a record's value, empty when there is none or its lifetime has ended. */
  Optional<String> read(String key);

  /**
   * Returns the share of a shared limit this instance may use now: 1 while the store is shared and
   * reachable; {@code 1/n} while {@link DegradingCoordination} works locally for one of {@code n}
   * expected instances. Callers that compare a counter with a budget compare it with this share of
   * the budget.
   */
  default double share() {
    return 1.0;
  }

  /** Returns the health of the shared store. */
  Health health();

  /** Releases the connections this implementation opened; a caller-built client is left open. */
  @Override
  default void close() {}

  /** Returns the in-memory implementation: exact for one process, the default. */
  static Coordination inMemory() {
    return InMemoryCoordination.builder().build();
  }

  /**
   * A lease of a semaphore, held until released or until its lifetime ends.
   *
   * @param semaphore the semaphore's key
   * @param id the lease's random id
   */
  record Lease(String semaphore, String id) {}
}
