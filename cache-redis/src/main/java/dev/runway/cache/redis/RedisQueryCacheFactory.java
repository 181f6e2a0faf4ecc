package dev.runway.cache.redis;

import dev.runway.core.cache.QueryCache;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.FactoryContext;
import dev.runway.core.spi.QueryCacheFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code cache.type: redis}. Keys of {@code cache.redis}: {@code uri} (standalone, {@code redis://}
 * or {@code rediss://}), or {@code mode: sentinel} with {@code master-name} and {@code nodes}, or
 * {@code mode: cluster} with {@code nodes} (comma-separated {@code host:port}); {@code user},
 * {@code password}, {@code database}, {@code tls}, {@code connect-timeout}, {@code socket-timeout},
 * {@code pool-size}, {@code prefix}, {@code ttl-jitter}, {@code compress-above}, {@code
 * max-value-size}, {@code circuit-breaker-failures}, {@code circuit-breaker-delay}, {@code lease},
 * {@code early-refresh-beta}, {@code near-cache-size} (entries; off when absent), {@code
 * near-cache-ttl}. The default TTL is {@code cache.ttl}.
 */
public final class RedisQueryCacheFactory implements QueryCacheFactory {

  @Override
  public String type() {
    return "redis";
  }

  /**
   * The keys of {@code cache.redis}: the connection's (applied by {@link
   * RedisConnections.Builder#configure}), then the cache's, the simple ones straight to the
   * builder.
   */
  static final ConfigKeys<RedisQueryCache.Builder> KEYS =
      ConfigKeys.<RedisQueryCache.Builder>builder()
          .choice(
              "mode",
              List.of("standalone", "sentinel", "cluster"),
              "standalone",
              "How the Redis deployment is "
                  + "reached: one server (uri), Sentinel (master-name and nodes) or Cluster (nodes).",
              null)
          .string(
              "uri",
              null,
              "Standalone: redis:// or rediss:// (TLS) URI; required in that mode. A password in "
                  + "it is masked everywhere.",
              null)
          .string("master-name", null, "Sentinel: the monitored master's name.", null)
          .list(
              "nodes",
              "Sentinel or Cluster: host:port of each node (a list, or one text separated by commas).",
              null)
          .string("user", null, "Redis ACL user; instead of the URI's.", null)
          .secret(
              "password",
              "Redis AUTH password; instead of the URI's. Give it as ${VARIABLE}; never printed.",
              null)
          .integer(
              "database",
              null,
              "Redis database number (standalone); instead of the URI's path.",
              null)
          .bool("tls", "false", "Use TLS; the same as a rediss:// URI.", null)
          .duration("connect-timeout", "1s", "Connection timeout.", null)
          .duration("socket-timeout", "500ms", "Read timeout of one Redis command.", null)
          .duration(
              "deadline",
              null,
              "Bound on a whole cache call, retries included; default the socket timeout.",
              RedisQueryCache.Builder::deadline)
          .integer("pool-size", "16", "Connections in the pool.", null)
          .string(
              "prefix",
              "runway",
              "Prefix of every key Runway writes, so that applications can share a Redis.",
              RedisQueryCache.Builder::prefix)
          .number(
              "ttl-jitter",
              "0",
              "Random share added to each TTL, so that entries written together do not "
                  + "expire together.",
              RedisQueryCache.Builder::ttlJitter)
          .size(
              "compress-above",
              "16KB",
              "Results larger than this are stored compressed.",
              (b, v) -> b.compressAbove((int) Math.min(Integer.MAX_VALUE, v)))
          .size(
              "max-value-size",
              "8MB",
              "Results larger than this are not cached.",
              (b, v) -> b.maxValueBytes((int) Math.min(Integer.MAX_VALUE, v)))
          .integer(
              "circuit-breaker-failures",
              "5",
              "Consecutive failures that open the breaker (reads are then " + "misses).",
              null)
          .duration(
              "circuit-breaker-delay",
              "5s",
              "How long the breaker stays open before a trial call.",
              null)
          .duration(
              "lease",
              null,
              "Stampede protection across instances: how long one instance holds the right to "
                  + "load a key; absent = off.",
              RedisQueryCache.Builder::lease)
          .number(
              "early-refresh-beta",
              null,
              "Probabilistic early refresh (XFetch) factor; absent = off.",
              RedisQueryCache.Builder::earlyRefresh)
          .integer(
              "near-cache-size",
              null,
              "Entries of the in-process near cache in front of Redis; absent = off.",
              null)
          .duration("near-cache-ttl", "30s", "Lifetime of a near-cache entry.", null)
          .build();

  @Override
  public ConfigKeys<?> configKeys() {
    return KEYS;
  }

  @Override
  public Supplier<QueryCache> configure(ConfigSection s, FactoryContext context) {
    RedisQueryCache.Builder b = RedisQueryCache.builder();
    // the connection keys go through the same code as RedisConnections.fromConfig (the command
    // line's
    // migrate-cache reads a cache.redis section with it); each refusal names the full key, a
    // password in a value masked
    b.connection.configure(s);
    KEYS.apply(s, b);
    int failures = s.integer("circuit-breaker-failures").orElse(5);
    Duration breakerDelay = s.positiveDuration("circuit-breaker-delay", Duration.ofSeconds(5));
    s.apply("circuit-breaker-failures", () -> b.circuitBreaker(failures, breakerDelay));
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
}
