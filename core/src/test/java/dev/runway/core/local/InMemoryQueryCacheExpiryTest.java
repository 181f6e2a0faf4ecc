package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.TestClock;
import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.ResultCodecTest;
import dev.runway.core.query.Query;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Expiry in the in-process cache is a deadline each entry carries: a hit checks it, and expired
 * entries are swept out of the size bound by a later store instead of lingering until evicted.
 */
class InMemoryQueryCacheExpiryTest {

  private final TestClock clock = new TestClock();
  private final InMemoryQueryCache cache =
      InMemoryQueryCache.builder().clock(clock).defaultTtl(Duration.ofMinutes(5)).build();

  private static CacheKey key(int n) {
    return CacheKey.of(Query.of("SELECT " + n));
  }

  @Test
  void anEntryIsAHitUntilItsDeadline_andAMissFromIt() {
    cache.put(key(1), ResultCodecTest.sample(3), Duration.ofSeconds(10), Set.of());
    clock.advance(Duration.ofMillis(9_999));
    assertThat(cache.get(key(1))).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.get(key(1))).isEmpty();
    // a read that finds it expired removes it
    assertThat(cache.size()).isZero();
  }

  @Test
  void expiredEntriesLeaveTheSizeBound_whenALaterStoreSweeps() {
    for (int i = 0; i < 50; i++) {
      cache.put(key(i), ResultCodecTest.sample(20), Duration.ofSeconds(10), Set.of());
    }
    long fifty = cache.weightedSize();
    assertThat(fifty).isPositive();
    clock.advance(Duration.ofSeconds(11));
    // none of the fifty is read again; storing another entry sweeps them (at most once a second)
    cache.put(key(100), ResultCodecTest.sample(20), Duration.ofSeconds(10), Set.of());
    assertThat(cache.weightedSize()).isLessThan(fifty / 10).isPositive();
    assertThat(cache.get(key(100))).isPresent();
  }

  @Test
  void eachEntryKeepsItsOwnTtl() {
    cache.put(key(1), ResultCodecTest.sample(1), Duration.ofSeconds(5), Set.of());
    cache.put(key(2), ResultCodecTest.sample(1), Duration.ofMinutes(1), Set.of());
    cache.put(key(3), ResultCodecTest.sample(1), null, Set.of()); // the default, 5 minutes
    clock.advance(Duration.ofSeconds(6));
    assertThat(cache.get(key(1))).isEmpty();
    assertThat(cache.get(key(2))).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(cache.get(key(2))).isEmpty();
    assertThat(cache.get(key(3))).isPresent();
    clock.advance(Duration.ofMinutes(4));
    assertThat(cache.get(key(3))).isEmpty();
  }
}
