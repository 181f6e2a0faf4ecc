package dev.runway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runway.core.coordination.Coordination;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Coordination}: counters with a lifetime, token buckets, semaphores whose
 * leases end with their holder, expiring sets and records with compare-and-set, each checked alone,
 * under concurrency, and (where the implementation is shared) from a second instance on the same
 * store. An implementation proves itself by extending this class and supplying instances.
 *
 * <p>Lifetimes follow {@link MutableClock} when {@link #followsClock()} says so; a store that keeps
 * its own time (Redis, DynamoDB's conditions on the writer's clock) answers {@code false} and the
 * lifetime tests wait, with lifetimes of a few hundred milliseconds.
 */
public abstract class CoordinationContract {

  /** The clock given to {@link #createCoordination}. */
  protected MutableClock clock;

  private Coordination coordination;
  private final List<Coordination> others = new ArrayList<>();

  /** A prefix that keeps each test's keys apart on a shared store. */
  protected String k;

  /**
   * Returns a new implementation on a fresh or shared store, its lifetimes on {@code clock} if it
   * follows one.
   */
  protected abstract Coordination createCoordination(MutableClock clock);

  /**
   * Returns a second instance on the same store as {@link #createCoordination} (as another process
   * would have), or {@code null} when the implementation is not shared (in-memory).
   */
  protected Coordination createAnotherOnTheSameStore(MutableClock clock) {
    return null;
  }

  /** Returns whether lifetimes follow the given clock (else the tests wait for real time). */
  protected boolean followsClock() {
    return true;
  }

  @BeforeEach
  void open() {
    clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    coordination = createCoordination(clock);
    k = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  @AfterEach
  void closeAll() {
    others.forEach(Coordination::close);
    coordination.close();
  }

  /** Returns the instance under test. */
  protected Coordination coordination() {
    return coordination;
  }

  private Coordination another() {
    Coordination c = createAnotherOnTheSameStore(clock);
    assumeTrue(c != null, "the implementation is not shared between instances");
    others.add(c);
    return c;
  }

  private Duration life() {
    return followsClock() ? Duration.ofMinutes(1) : Duration.ofMillis(400);
  }

  private void pass(Duration d) throws InterruptedException {
    if (followsClock()) {
      clock.advance(d.plusMillis(1));
    } else {
      Thread.sleep(d.toMillis() + 150);
    }
  }

  @Test
  @DisplayName("a counter adds and reads; a missing counter reads 0")
  void counter_addsAndReads() {
    assertThat(coordination.add(k + "c", 3, life())).isEqualTo(3);
    assertThat(coordination.add(k + "c", 4, life())).isEqualTo(7);
    assertThat(coordination.add(k + "c", -2, life())).isEqualTo(5);
    assertThat(coordination.get(k + "c")).isEqualTo(5);
    assertThat(coordination.get(k + "missing")).isZero();
  }

  @Test
  @DisplayName("a counter ends with its lifetime, and adding does not extend it")
  void counter_endsWithItsLifetime() throws Exception {
    Duration life = life();
    coordination.add(k + "c", 10, life);
    pass(life.dividedBy(2));
    coordination.add(k + "c", 1, life);
    pass(life.dividedBy(2));
    assertThat(coordination.get(k + "c")).as("the first add's lifetime ended").isZero();
    assertThat(coordination.add(k + "c", 2, life)).as("a new counter").isEqualTo(2);
  }

  @Test
  @DisplayName("concurrent adds are exact: 8 threads x 250")
  void counter_concurrentAddsAreExact() throws Exception {
    runConcurrently(
        8,
        i -> {
          for (int n = 0; n < 250; n++) {
            coordination.add(k + "c", 1, Duration.ofMinutes(5));
          }
        });
    assertThat(coordination.get(k + "c")).isEqualTo(2000);
  }

  @Test
  @DisplayName("a token bucket starts full, refuses beyond its capacity with the wait, and refills")
  void bucket_limitsAndRefills() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(coordination.tryTake(k + "b", 1, 10, 5)).as("token %d", i).isZero();
    }
    Duration wait = coordination.tryTake(k + "b", 1, 10, 5);
    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(110));
    pass(Duration.ofMillis(250));
    assertThat(coordination.tryTake(k + "b", 2, 10, 5)).isZero();
    assertThatThrownBy(() -> coordination.tryTake(k + "b", 6, 10, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a bucket shared by 6 threads grants no more than its capacity and refill")
  void bucket_concurrentTakersNeverExceedTheRate() throws Exception {
    AtomicInteger granted = new AtomicInteger();
    long start = System.nanoTime();
    runConcurrently(
        6,
        i -> {
          for (int n = 0; n < 40; n++) {
            if (coordination.tryTake(k + "b", 1, 2, 20).isZero()) {
              granted.incrementAndGet();
            }
          }
        });
    double seconds = (System.nanoTime() - start) / 1e9;
    // the bucket's 20, plus what 2 per second refills while the threads ran (the clock stood still
    // for the in-memory one), plus one for rounding
    assertThat(granted.get())
        .isGreaterThanOrEqualTo(20)
        .isLessThanOrEqualTo(20 + (int) Math.ceil(seconds * 2) + 1);
  }

  @Test
  @DisplayName("a semaphore gives at most its limit of leases; a released lease is free again")
  void semaphore_limitsLeases() {
    List<Coordination.Lease> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Optional<Coordination.Lease> l = coordination.tryLease(k + "s", 3, life());
      assertThat(l).as("lease %d", i).isPresent();
      held.add(l.orElseThrow());
    }
    assertThat(coordination.tryLease(k + "s", 3, life())).isEmpty();
    assertThat(coordination.leases(k + "s")).isEqualTo(3);
    coordination.release(held.get(0));
    coordination.release(held.get(0)); // twice: nothing more
    assertThat(coordination.leases(k + "s")).isEqualTo(2);
    assertThat(coordination.tryLease(k + "s", 3, life())).isPresent();
  }

  @Test
  @DisplayName("a lease whose holder died (never released) ends with its lifetime")
  void semaphore_leaseOfADeadHolderExpires() throws Exception {
    Duration life = life();
    // on a shared store the holder is another instance that goes away without releasing; in one
    // process, a lease taken and never released
    Coordination other = createAnotherOnTheSameStore(clock);
    Coordination holder = other != null ? other : coordination;
    assertThat(holder.tryLease(k + "s", 1, life)).isPresent();
    if (other != null) {
      other.close();
    }
    assertThat(coordination.tryLease(k + "s", 1, life)).as("still held").isEmpty();
    pass(life);
    assertThat(coordination.leases(k + "s")).isZero();
    assertThat(coordination.tryLease(k + "s", 1, life)).as("free after its lifetime").isPresent();
  }

  @Test
  @DisplayName("8 threads contending for 3 leases never hold more than 3 at once")
  void semaphore_concurrentHoldersNeverExceedTheLimit() throws Exception {
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger taken = new AtomicInteger();
    runConcurrently(
        8,
        i -> {
          for (int n = 0; n < 25; n++) {
            Optional<Coordination.Lease> l =
                coordination.tryLease(k + "s", 3, Duration.ofMinutes(1));
            if (l.isPresent()) {
              taken.incrementAndGet();
              most.accumulateAndGet(holding.incrementAndGet(), Math::max);
              Thread.onSpinWait();
              holding.decrementAndGet();
              coordination.release(l.get());
            }
          }
        });
    assertThat(taken.get()).isPositive();
    assertThat(most.get()).isLessThanOrEqualTo(3);
    assertThat(coordination.leases(k + "s")).isZero();
  }

  @Test
  @DisplayName("a set member is there until its lifetime ends")
  void set_membersExpire() throws Exception {
    Duration life = life();
    coordination.addMember(k + "revoked", "token-a", life);
    assertThat(coordination.hasMember(k + "revoked", "token-a")).isTrue();
    assertThat(coordination.hasMember(k + "revoked", "token-b")).isFalse();
    assertThat(coordination.hasMember(k + "other", "token-a")).isFalse();
    pass(life);
    assertThat(coordination.hasMember(k + "revoked", "token-a")).isFalse();
  }

  @Test
  @DisplayName("records: put, read, expire, and replace only from the expected value")
  void records_compareAndSet() throws Exception {
    Duration life = life();
    assertThat(coordination.read(k + "r")).isEmpty();
    assertThat(coordination.replace(k + "r", Optional.empty(), "v1", life)).isTrue();
    assertThat(coordination.replace(k + "r", Optional.empty(), "other", life))
        .as("not absent any more")
        .isFalse();
    assertThat(coordination.replace(k + "r", Optional.of("v0"), "other", life))
        .as("not v0")
        .isFalse();
    assertThat(coordination.replace(k + "r", Optional.of("v1"), "v2", life)).isTrue();
    assertThat(coordination.read(k + "r")).contains("v2");
    coordination.put(k + "p", "{\"weight\":5}", life);
    assertThat(coordination.read(k + "p")).contains("{\"weight\":5}");
    pass(life);
    assertThat(coordination.read(k + "r")).isEmpty();
    assertThat(coordination.read(k + "p")).isEmpty();
    assertThat(coordination.replace(k + "r", Optional.empty(), "v3", life))
        .as("expired reads as absent")
        .isTrue();
  }

  @Test
  @DisplayName(
      "compare-and-set under contention loses no update: 6 threads x 20 increments of a record")
  void records_concurrentReplaceLosesNothing() throws Exception {
    runConcurrently(
        6,
        i -> {
          for (int n = 0; n < 20; n++) {
            while (true) {
              Optional<String> cur = coordination.read(k + "n");
              String next = Long.toString(cur.map(Long::parseLong).orElse(0L) + 1);
              if (coordination.replace(k + "n", cur, next, Duration.ofMinutes(5))) {
                break;
              }
            }
          }
        });
    assertThat(coordination.read(k + "n")).contains("120");
  }

  @Test
  @DisplayName("a second instance on the same store sees and shares every primitive")
  void anotherInstance_sharesEverything() {
    Coordination other = another();
    coordination.add(k + "c", 5, Duration.ofMinutes(1));
    assertThat(other.add(k + "c", 1, Duration.ofMinutes(1))).isEqualTo(6);
    assertThat(coordination.tryLease(k + "s", 1, Duration.ofMinutes(1))).isPresent();
    assertThat(other.tryLease(k + "s", 1, Duration.ofMinutes(1)))
        .as("the one lease is held by the first")
        .isEmpty();
    coordination.addMember(k + "revoked", "t", Duration.ofMinutes(1));
    assertThat(other.hasMember(k + "revoked", "t")).isTrue();
    other.put(k + "r", "x", Duration.ofMinutes(1));
    assertThat(coordination.read(k + "r")).contains("x");
    for (int i = 0; i < 3; i++) {
      assertThat(coordination.tryTake(k + "b", 1, 0.5, 4)).isZero();
    }
    assertThat(other.tryTake(k + "b", 1, 0.5, 4)).isZero();
    assertThat(other.tryTake(k + "b", 1, 0.5, 4)).as("the bucket is shared").isPositive();
  }

  @Test
  @DisplayName("bad arguments are refused before anything is written")
  void badArguments_refused() {
    assertThatThrownBy(() -> coordination.add(k + "c", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> coordination.tryLease(k + "s", 0, life()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> coordination.tryTake(k + "b", 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(coordination.get(k + "c")).isZero();
    assertThat(coordination.health().component()).startsWith("coordination:");
  }

  /** A task run by one of several threads started together. */
  @FunctionalInterface
  protected interface Task {
    /** Runs on thread {@code index}. */
    void run(int index) throws Exception;
  }

  /** Runs {@code task} on {@code threads} threads released together, and waits for all of them. */
  protected static void runConcurrently(int threads, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  task.run(index);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
