package dev.runway.testkit;

import dev.runway.core.cache.QueryCache;
import dev.runway.core.local.InMemoryQueryCache;

/** The cache contract against the Caffeine cache. */
class InMemoryQueryCacheContractTest extends QueryCacheContract {

  @Override
  protected QueryCache createCache(MutableClock clock) {
    return InMemoryQueryCache.builder().clock(clock).build();
  }
}
