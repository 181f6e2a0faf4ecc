package dev.runway.testkit;

import dev.runway.core.InMemoryQueryCache;
import dev.runway.core.QueryCache;

/** The cache contract against the Caffeine cache. */
class InMemoryQueryCacheContractTest extends QueryCacheContract {

  @Override
  protected QueryCache createCache(MutableClock clock) {
    return InMemoryQueryCache.builder().clock(clock).build();
  }
}
