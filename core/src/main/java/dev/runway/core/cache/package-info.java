/**
 * Caching query results: {@link dev.runway.core.cache.QueryCache}, its keys ({@link
 * dev.runway.core.cache.CacheKey}: normalised SQL, typed parameters and a scope) and {@link
 * dev.runway.core.cache.CacheStats}; {@link dev.runway.core.cache.CachingDatabaseClient}, the
 * decorator that serves repeated queries from a cache; and {@link
 * dev.runway.core.cache.AbstractQueryCache}, the base an implementation extends to get single
 * flight, counters, hit marking and degradation logging without writing them.
 */
@NullMarked
package dev.runway.core.cache;

import org.jspecify.annotations.NullMarked;
