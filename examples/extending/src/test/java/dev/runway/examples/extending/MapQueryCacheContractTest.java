package dev.runway.examples.extending;

import dev.runway.core.cache.QueryCache;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.QueryCacheContract;
import java.time.Duration;

/** The walk-through's cache against the published contract suite: the only code is the instance. */
// spotless:off (a documentation snippet: formatted for reading, see DocsTest)
// tag::contract[]
class MapQueryCacheContractTest extends QueryCacheContract {

  @Override
  protected QueryCache createCache(MutableClock clock) {
    return new MapQueryCache(clock, Duration.ofMinutes(5));
  }
}
// end::contract[]
// spotless:on
