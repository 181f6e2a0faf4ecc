package dev.runway.core.spi;

import dev.runway.core.cache.QueryCache;

/**
 * Creates a {@link QueryCache} for one {@code type} of configuration; see {@link ComponentFactory}.
 */
public interface QueryCacheFactory extends ComponentFactory<QueryCache> {}
