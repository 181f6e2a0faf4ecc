package dev.runway.examples.implementing;

import dev.runway.core.cache.QueryCache;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.FactoryContext;
import dev.runway.core.spi.QueryCacheFactory;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Makes {@code cache.type: map} build a {@link MapQueryCache}. Registered in
 * {@code META-INF/services/dev.runway.core.spi.QueryCacheFactory}.
 */
public final class MapQueryCacheFactory implements QueryCacheFactory {

  @Override
  public String type() {
    return "map";
  }

  @Override
  public Set<String> keys() {
    return Set.of("default-ttl");
  }

  @Override
  public Supplier<QueryCache> configure(ConfigSection section, FactoryContext context) {
    // read and check every value now (a bad one is a ConfigurationException naming the full key,
    // such as cache.map.default-ttl), before anything is created; build only in the supplier
    Duration ttl = section.positiveDuration("default-ttl", Duration.ofMinutes(5));
    return () -> new MapQueryCache(context.clock(), ttl);
  }
}
