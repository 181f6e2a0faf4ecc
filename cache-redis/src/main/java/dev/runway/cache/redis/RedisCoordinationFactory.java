package dev.runway.cache.redis;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.CoordinationFactory;
import dev.runway.core.spi.FactoryContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code coordination.type: redis}: shared limits and facts on Redis. With no connection keys of
 * its own ({@code uri} or {@code nodes}), it connects as {@code cache.redis} does (the same TLS,
 * ACL user, password, Sentinel or Cluster), so an application that caches on Redis shares its
 * limits there by one changed value.
 */
public final class RedisCoordinationFactory implements CoordinationFactory {

  /** The keys of {@code coordination.redis}. */
  static final ConfigKeys<Object> KEYS =
      ConfigKeys.builder()
          .choice(
              "mode",
              List.of("standalone", "sentinel", "cluster"),
              "standalone",
              "As cache.redis.mode; absent " + "with no uri or nodes: cache.redis's connection.",
              null)
          .string(
              "uri",
              null,
              "As cache.redis.uri; absent (with no nodes): cache.redis's connection.",
              null)
          .string("master-name", null, "As cache.redis.master-name.", null)
          .list("nodes", "As cache.redis.nodes.", null)
          .string("user", null, "As cache.redis.user.", null)
          .secret(
              "password", "As cache.redis.password. Give it as ${VARIABLE}; never printed.", null)
          .integer("database", null, "As cache.redis.database.", null)
          .bool("tls", "false", "As cache.redis.tls.", null)
          .duration("connect-timeout", "1s", "As cache.redis.connect-timeout.", null)
          .duration(
              "socket-timeout",
              "500ms",
              "As cache.redis.socket-timeout: a slow store degrades to the local share.",
              null)
          .integer("pool-size", "16", "As cache.redis.pool-size.", null)
          .string(
              "prefix",
              "runway",
              "Prefix of the coordination keys (<prefix>:coord:...); default the cache's prefix.",
              null)
          .build();

  @Override
  public String type() {
    return "redis";
  }

  @Override
  public ConfigKeys<?> configKeys() {
    return KEYS;
  }

  @Override
  public Supplier<Coordination> configure(ConfigSection s, FactoryContext context) {
    ConfigSection cache = context.root().section("cache").section("redis");
    boolean own = s.has("uri") || s.has("nodes");
    if (!own && !(cache.has("uri") || cache.has("nodes"))) {
      throw new ConfigurationException(
          s.keyOf("uri"),
          "is required unless cache.redis has a connection to "
              + "share (for example rediss://my-cache.xxxxxx.cache.amazonaws.com:6379)",
          null);
    }
    RedisConnections connections = RedisConnections.fromConfig(own ? s : cache);
    String prefix = s.string("prefix").or(() -> cache.string("prefix")).orElse("runway");
    return () -> RedisCoordination.open(connections, prefix);
  }
}
