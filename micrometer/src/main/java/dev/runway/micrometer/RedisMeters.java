package dev.runway.micrometer;

import dev.runway.cache.redis.RedisQueryCache;
import dev.runway.core.cache.QueryCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/** The Redis cache's own meters; loaded only when runway-cache-redis is on the class path. */
final class RedisMeters {

  private RedisMeters() {}

  static void bind(
      QueryCache cache, MeterRegistry registry, Iterable<Tag> tags, RunwayMetrics metrics) {
    if (!(cache instanceof RedisQueryCache redis)) {
      return;
    }
    metrics.circuit(registry, "cache-read", () -> redis.metrics().readCircuit());
    metrics.circuit(registry, "cache-write", () -> redis.metrics().writeCircuit());
    FunctionCounter.builder("runway.circuit.transitions", redis, r -> r.metrics().circuitOpened())
        .tags(Tags.concat(tags, "circuit", "cache-read", "to", "open"))
        .description("times the circuit breaker opened")
        .register(registry);
    FunctionCounter.builder("runway.circuit.transitions", redis, r -> r.metrics().circuitClosed())
        .tags(Tags.concat(tags, "circuit", "cache-read", "to", "closed"))
        .description("times the circuit breaker closed again")
        .register(registry);
    FunctionCounter.builder("runway.cache.near.hits", redis, r -> r.metrics().nearCacheHits())
        .tags(tags)
        .description("reads the near cache answered")
        .register(registry);
    FunctionCounter.builder("runway.cache.oversized", redis, r -> r.metrics().oversized())
        .tags(tags)
        .description("results not cached because they exceeded the maximum value size")
        .register(registry);
    FunctionCounter.builder(
            "runway.cache.early-refreshes", redis, r -> r.metrics().earlyRefreshes())
        .tags(tags)
        .description("hits turned into early recomputations")
        .register(registry);
    Gauge.builder(
            "runway.cache.pending-invalidations", redis, r -> r.metrics().pendingInvalidations())
        .tags(tags)
        .description("invalidations not yet applied to Redis")
        .register(registry);
  }
}
