package dev.runway.cache.redis;

import dev.runway.core.ConfigurationException;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.FactoryContext;
import dev.runway.core.spi.QueryCacheFactory;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import redis.clients.jedis.HostAndPort;

/**
 * {@code cache.type: redis}. Keys of {@code cache.redis}: {@code uri} (standalone,
 * {@code redis://} or {@code rediss://}), or {@code mode: sentinel} with {@code master-name} and
 * {@code nodes}, or {@code mode: cluster} with {@code nodes} (comma-separated {@code host:port});
 * {@code user}, {@code password}, {@code database}, {@code tls}, {@code connect-timeout},
 * {@code socket-timeout}, {@code pool-size}, {@code prefix}, {@code ttl-jitter},
 * {@code compress-above}, {@code max-value-size}, {@code circuit-breaker-failures},
 * {@code circuit-breaker-delay}, {@code lease}, {@code early-refresh-beta}, {@code near-cache-size}
 * (entries; off when absent), {@code near-cache-ttl}. The default TTL is
 * {@code cache.ttl}.
 */
public final class RedisQueryCacheFactory implements QueryCacheFactory {

  @Override
  public String type() {
    return "redis";
  }

  @Override
  public Set<String> keys() {
    return Set.of("uri", "mode", "nodes", "master-name", "user", "password", "database", "tls",
        "connect-timeout", "socket-timeout", "pool-size", "prefix", "ttl-jitter", "compress-above",
        "max-value-size", "circuit-breaker-failures", "circuit-breaker-delay", "lease", "early-refresh-beta",
        "near-cache-size", "near-cache-ttl");
  }

  @Override
  public Supplier<QueryCache> configure(ConfigSection s, FactoryContext context) {
    String mode = s.choice("mode", Set.of("standalone", "sentinel", "cluster")).orElse("standalone");
    RedisQueryCache.Builder b = RedisQueryCache.builder();
    try {
      switch (mode) {
        case "standalone" -> {
          String uri = s.string("uri").orElseThrow(() -> new ConfigurationException(s.keyOf("uri"),
              "is required for mode standalone (for example rediss://my-cache.xxxxxx.cache.amazonaws.com:6379)", null));
          b.uri(uri);
        }
        case "sentinel" -> b.sentinel(s.requireString("master-name"), nodes(s));
        default -> b.cluster(nodes(s));
      }
      s.string("user").ifPresent(b::user);
      s.string("password").ifPresent(b::password);
      s.integer("database").ifPresent(b::database);
      s.bool("tls").ifPresent(b::tls);
      s.duration("connect-timeout").ifPresent(b::connectTimeout);
      s.duration("socket-timeout").ifPresent(b::socketTimeout);
      s.integer("pool-size").ifPresent(b::poolSize);
      s.string("prefix").ifPresent(b::prefix);
      s.number("ttl-jitter").ifPresent(b::ttlJitter);
      s.bytes("compress-above").ifPresent(v -> b.compressAbove((int) Math.min(Integer.MAX_VALUE, v)));
      s.bytes("max-value-size").ifPresent(v -> b.maxValueBytes((int) Math.min(Integer.MAX_VALUE, v)));
      int failures = s.integer("circuit-breaker-failures").orElse(5);
      b.circuitBreaker(failures, s.positiveDuration("circuit-breaker-delay", Duration.ofSeconds(5)));
      s.duration("lease").ifPresent(b::lease);
      s.number("early-refresh-beta").ifPresent(b::earlyRefresh);
      if (s.has("near-cache-size")) {
        b.nearCache(s.integer("near-cache-size").orElseThrow(),
            s.positiveDuration("near-cache-ttl", Duration.ofSeconds(30)));
      }
      b.defaultTtl(context.component().positiveDuration("ttl", Duration.ofMinutes(5)));
      b.clock(context.clock());
    } catch (IllegalArgumentException | IllegalStateException e) {
      // the builder's message names the value and the rule; never the password, which it masks
      throw new ConfigurationException(s.path(), e.getMessage(), null);
    }
    return b::build;
  }

  private static Set<HostAndPort> nodes(ConfigSection s) {
    String list = s.requireString("nodes");
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    for (String n : List.of(list.split(","))) {
      String t = n.trim();
      int colon = t.lastIndexOf(':');
      if (colon <= 0) {
        throw new ConfigurationException(s.keyOf("nodes"), "'" + t + "' is not host:port", null);
      }
      try {
        nodes.add(new HostAndPort(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1))));
      } catch (NumberFormatException e) {
        throw new ConfigurationException(s.keyOf("nodes"), "'" + t + "' has no numeric port", null);
      }
    }
    return nodes;
  }
}
