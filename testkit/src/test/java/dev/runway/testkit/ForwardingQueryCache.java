package dev.runway.testkit;

import dev.runway.core.cache.QueryCache;

/**
 * Core's forwarding cache under the name "broken", for the broken caches of the strength tests to
 * override.
 */
class ForwardingQueryCache extends dev.runway.core.cache.ForwardingQueryCache {

  ForwardingQueryCache(QueryCache real) {
    super(real);
  }

  @Override
  public String name() {
    return "broken";
  }
}
