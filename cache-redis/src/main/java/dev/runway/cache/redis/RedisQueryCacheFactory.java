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
    return Set.of("deadline", "uri", "mode", "nodes", "master-name", "user", "password", "database", "tls",
        "connect-timeout", "socket-timeout", "pool-size", "prefix", "ttl-jitter", "compress-above",
        "max-value-size", "circuit-breaker-failures", "circuit-breaker-delay", "lease", "early-refresh-beta",
        "near-cache-size", "near-cache-ttl");
  }

  @Override
  public Supplier<QueryCache> configure(ConfigSection s, FactoryContext context) {
    String mode = s.choice("mode", Set.of("standalone", "sentinel", "cluster")).orElse("standalone");
    RedisQueryCache.Builder b = RedisQueryCache.builder();
    // every value goes through the builder now, each refusal a ConfigurationException naming the
    // full key (the builder's messages mask any password the value carries)
    switch (mode) {
      case "standalone" -> {
        String uri = s.string("uri").orElseThrow(() -> new ConfigurationException(s.keyOf("uri"),
            "is required for mode standalone (for example rediss://my-cache.xxxxxx.cache.amazonaws.com:6379)", null));
        s.apply("uri", () -> b.uri(uri));
      }
      case "sentinel" -> {
        String master = s.requireString("master-name");
        Set<HostAndPort> nodes = nodes(s);
        s.apply("nodes", () -> b.sentinel(master, nodes));
      }
      default -> {
        Set<HostAndPort> nodes = nodes(s);
        s.apply("nodes", () -> b.cluster(nodes));
      }
    }
    s.string("user").ifPresent(v -> s.apply("user", () -> b.user(v)));
    s.string("password").ifPresent(v -> s.apply("password", () -> b.password(v)));
    s.integer("database").ifPresent(v -> s.apply("database", () -> b.database(v)));
    s.bool("tls").ifPresent(v -> s.apply("tls", () -> b.tls(v)));
    s.duration("connect-timeout").ifPresent(v -> s.apply("connect-timeout", () -> b.connectTimeout(v)));
    s.duration("socket-timeout").ifPresent(v -> s.apply("socket-timeout", () -> b.socketTimeout(v)));
    s.duration("deadline").ifPresent(v -> s.apply("deadline", () -> b.deadline(v)));
    s.integer("pool-size").ifPresent(v -> s.apply("pool-size", () -> b.poolSize(v)));
    s.string("prefix").ifPresent(v -> s.apply("prefix", () -> b.prefix(v)));
    s.number("ttl-jitter").ifPresent(v -> s.apply("ttl-jitter", () -> b.ttlJitter(v)));
    s.bytes("compress-above").ifPresent(v -> s.apply("compress-above",
        () -> b.compressAbove((int) Math.min(Integer.MAX_VALUE, v))));
    s.bytes("max-value-size").ifPresent(v -> s.apply("max-value-size",
        () -> b.maxValueBytes((int) Math.min(Integer.MAX_VALUE, v))));
    int failures = s.integer("circuit-breaker-failures").orElse(5);
    Duration breakerDelay = s.positiveDuration("circuit-breaker-delay", Duration.ofSeconds(5));
    s.apply("circuit-breaker-failures", () -> b.circuitBreaker(failures, breakerDelay));
    s.duration("lease").ifPresent(v -> s.apply("lease", () -> b.lease(v)));
    s.number("early-refresh-beta").ifPresent(v -> s.apply("early-refresh-beta", () -> b.earlyRefresh(v)));
    if (s.has("near-cache-size")) {
      int size = s.integer("near-cache-size").orElseThrow();
      Duration nearTtl = s.positiveDuration("near-cache-ttl", Duration.ofSeconds(30));
      s.apply("near-cache-size", () -> b.nearCache(size, nearTtl));
    }
    Duration ttl = context.component().positiveDuration("ttl", Duration.ofMinutes(5));
    context.component().apply("ttl", () -> b.defaultTtl(ttl));
    b.clock(context.clock());
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
