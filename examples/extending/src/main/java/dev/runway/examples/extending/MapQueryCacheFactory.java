package dev.runway.examples.extending;

import dev.runway.core.cache.QueryCache;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.FactoryContext;
import dev.runway.core.spi.QueryCacheFactory;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Makes {@code cache.type: map} build a {@link MapQueryCache}. Registered in {@code
 * META-INF/services/dev.runway.core.spi.QueryCacheFactory}.
 */
// spotless:off (a documentation snippet: formatted for reading, see DocsTest)
// tag::factory[]
public final class MapQueryCacheFactory implements QueryCacheFactory {

  /** The keys of cache.map, declared once: Runway accepts these, checks their types, documents them. */
  static final ConfigKeys<Object> KEYS = ConfigKeys.builder()
      .duration("default-ttl", "5m", "Lifetime of an entry put without a TTL.", null)
      .build();

  @Override
  public String type() {
    return "map";
  }

  @Override
  public ConfigKeys<?> configKeys() {
    return KEYS;
  }

  @Override
  public Supplier<QueryCache> configure(ConfigSection section, FactoryContext context) {
    // read every value now (a bad one is a ConfigurationException naming cache.map.default-ttl),
    // before anything is created; build only in the supplier
    Duration ttl = section.positiveDuration("default-ttl", Duration.ofMinutes(5));
    return () -> new MapQueryCache(context.clock(), ttl);
  }
}
// end::factory[]
// spotless:on
