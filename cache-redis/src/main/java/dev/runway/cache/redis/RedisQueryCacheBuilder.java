package dev.runway.cache.redis;

import dev.runway.core.ErrorCategory;
import dev.runway.core.RunwayServiceException;
import dev.runway.core.spi.Checks;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Builds a {@link RedisQueryCache}; not thread-safe. Choose one deployment ({@link #uri},
 * {@link #standalone}, {@link #sentinel}, {@link #cluster}, or a caller-built {@link #client});
 * every other setting has a default. Values are checked as they are set.
 */
public final class RedisQueryCacheBuilder {

  enum Mode { STANDALONE, SENTINEL, CLUSTER, CLIENT }

  Mode mode;
  HostAndPort standalone;
  String masterName;
  final Set<HostAndPort> nodes = new LinkedHashSet<>();
  UnifiedJedis client;
  String user;
  String password;
  int database;
  boolean tls;
  SSLSocketFactory sslSocketFactory;
  Duration connectTimeout = Duration.ofSeconds(1);
  Duration socketTimeout = Duration.ofMillis(500);
  int poolSize = 16;
  String prefix = "runway";
  Duration defaultTtl = Duration.ofMinutes(5);
  double ttlJitter;
  int compressAbove = 16 * 1024;
  int maxValueBytes = 8 * 1024 * 1024;
  int breakerFailures = 5;
  Duration breakerDelay = Duration.ofSeconds(5);
  Duration lease = Duration.ZERO;
  double earlyRefreshBeta;
  Clock clock = Clock.systemUTC();
  int nearCacheEntries;
  Duration nearCacheTtl = Duration.ofSeconds(30);

  RedisQueryCacheBuilder() {}

  private void chooseMode(Mode m) {
    if (mode != null) {
      throw new IllegalStateException("the Redis deployment was already chosen (" + mode
          + "); choose one of uri, standalone, sentinel, cluster or client");
    }
    mode = m;
  }

  /**
   * Connects to a standalone server by URI: {@code redis://[user:password@]host:port[/db]}, or
   * {@code rediss://...} for TLS (ElastiCache in-transit encryption).
   */
  public RedisQueryCacheBuilder uri(String uri) {
    Objects.requireNonNull(uri, "uri");
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Redis URI: " + mask(uri) + "; expected redis://host:6379 or rediss://host:6379");
    }
    String scheme = u.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException("Redis URI must start with redis:// or rediss://, got " + mask(uri));
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("Redis URI has no host: " + mask(uri));
    }
    chooseMode(Mode.STANDALONE);
    standalone = new HostAndPort(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort());
    tls = "rediss".equals(scheme);
    if (u.getRawUserInfo() != null) {
      String info = u.getRawUserInfo();
      int colon = info.indexOf(':');
      String name = colon < 0 ? "" : decode(info.substring(0, colon));
      String secret = decode(colon < 0 ? info : info.substring(colon + 1));
      if (!name.isEmpty()) {
        user = name;
      }
      password = secret;
    }
    String path = u.getPath();
    if (path != null && path.length() > 1) {
      try {
        database(Integer.parseInt(path.substring(1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Redis URI path must be a database number: " + mask(uri));
      }
    }
    return this;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Returns the URI with any password replaced by {@code ***}. */
  static String mask(String uri) {
    return uri.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@").replaceAll("//([^:@/]+)@", "//***@");
  }

  /** Connects to a standalone server. */
  public RedisQueryCacheBuilder standalone(String host, int port) {
    chooseMode(Mode.STANDALONE);
    standalone = new HostAndPort(Objects.requireNonNull(host, "host"), checkPort(port));
    return this;
  }

  /** Connects through Sentinel: the current master of {@code masterName}, following fail-overs. */
  public RedisQueryCacheBuilder sentinel(String masterName, Set<HostAndPort> sentinels) {
    Objects.requireNonNull(masterName, "masterName");
    if (sentinels.isEmpty()) {
      throw new IllegalArgumentException("at least one sentinel address is needed");
    }
    chooseMode(Mode.SENTINEL);
    this.masterName = masterName;
    nodes.addAll(sentinels);
    return this;
  }

  /** Connects to a Redis Cluster through any of its nodes. */
  public RedisQueryCacheBuilder cluster(Set<HostAndPort> seedNodes) {
    if (seedNodes.isEmpty()) {
      throw new IllegalArgumentException("at least one cluster node address is needed");
    }
    chooseMode(Mode.CLUSTER);
    nodes.addAll(seedNodes);
    return this;
  }

  /** Uses a caller-built client (any {@link UnifiedJedis}); the caller closes it. */
  public RedisQueryCacheBuilder client(UnifiedJedis client) {
    chooseMode(Mode.CLIENT);
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /** Sets the ACL user (Redis 6+, ElastiCache RBAC). */
  public RedisQueryCacheBuilder user(String user) {
    this.user = Objects.requireNonNull(user, "user");
    return this;
  }

  /** Sets the password or ElastiCache auth token; never logged or printed. */
  public RedisQueryCacheBuilder password(String password) {
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /** Selects a database index (standalone and Sentinel only). */
  public RedisQueryCacheBuilder database(int database) {
    if (database < 0 || database > 15) {
      throw new IllegalArgumentException("database must be 0..15, got " + database);
    }
    this.database = database;
    return this;
  }

  /** Turns TLS on or off. */
  public RedisQueryCacheBuilder tls(boolean tls) {
    this.tls = tls;
    return this;
  }

  /** Sets the socket factory for TLS (for a private CA); implies TLS. */
  public RedisQueryCacheBuilder sslSocketFactory(SSLSocketFactory factory) {
    this.sslSocketFactory = Objects.requireNonNull(factory, "factory");
    this.tls = true;
    return this;
  }

  /** Sets the connection timeout (default 1 s). */
  public RedisQueryCacheBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = Checks.positive(timeout, "connectTimeout");
    return this;
  }

  /** Sets the socket (read) timeout (default 500 ms): a slow cache is a miss, not a wait. */
  public RedisQueryCacheBuilder socketTimeout(Duration timeout) {
    this.socketTimeout = Checks.positive(timeout, "socketTimeout");
    return this;
  }

  /** Sets the maximum number of pooled connections (default 16). */
  public RedisQueryCacheBuilder poolSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("poolSize must be >= 1, got " + size);
    }
    this.poolSize = size;
    return this;
  }

  /** Sets the key prefix (namespace) (default {@code runway}). */
  public RedisQueryCacheBuilder prefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty() || prefix.contains(" ")) {
      throw new IllegalArgumentException("prefix must be non-empty without spaces, got '" + prefix + "'");
    }
    this.prefix = prefix;
    return this;
  }

  /** Sets the TTL used when a caller gives none (default 5 minutes). */
  public RedisQueryCacheBuilder defaultTtl(Duration ttl) {
    this.defaultTtl = Checks.positive(ttl, "defaultTtl");
    return this;
  }

  /** Shortens each TTL by a random share up to {@code fraction} (0..0.5), spreading expiries. */
  public RedisQueryCacheBuilder ttlJitter(double fraction) {
    if (!(fraction >= 0 && fraction <= 0.5)) {
      throw new IllegalArgumentException("ttlJitter must be between 0 and 0.5, got " + fraction);
    }
    this.ttlJitter = fraction;
    return this;
  }

  /** Compresses values larger than {@code bytes} (default 16 KiB). */
  public RedisQueryCacheBuilder compressAbove(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("compressAbove must be >= 0, got " + bytes);
    }
    this.compressAbove = bytes;
    return this;
  }

  /** Does not cache results whose stored value exceeds {@code bytes} (default 8 MiB). */
  public RedisQueryCacheBuilder maxValueBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be positive, got " + bytes);
    }
    this.maxValueBytes = bytes;
    return this;
  }

  /** Opens the circuit after {@code failures} consecutive failures for {@code delay} (default 5, 5 s). */
  public RedisQueryCacheBuilder circuitBreaker(int failures, Duration delay) {
    if (failures < 1) {
      throw new IllegalArgumentException("circuit breaker failures must be >= 1, got " + failures);
    }
    this.breakerFailures = failures;
    this.breakerDelay = Checks.positive(delay, "circuit breaker delay");
    return this;
  }

  /** Turns on cross-instance stampede protection with a lease of {@code duration} (off by default). */
  public RedisQueryCacheBuilder lease(Duration duration) {
    this.lease = Checks.positive(duration, "lease");
    return this;
  }

  /** Turns on XFetch early refresh with weight {@code beta} (1.0 is the usual value; 0 = off). */
  public RedisQueryCacheBuilder earlyRefresh(double beta) {
    if (!(beta >= 0 && beta <= 10)) {
      throw new IllegalArgumentException("earlyRefresh beta must be between 0 and 10, got " + beta);
    }
    this.earlyRefreshBeta = beta;
    return this;
  }

  /**
   * Turns on the near cache (off by default): up to {@code maxEntries} decoded results kept in
   * process for at most {@code maxTtl}, invalidated through Redis pub/sub when another instance
   * changes or removes them.
   */
  public RedisQueryCacheBuilder nearCache(int maxEntries, Duration maxTtl) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("near cache maxEntries must be positive, got " + maxEntries);
    }
    this.nearCacheEntries = maxEntries;
    this.nearCacheTtl = Checks.positive(maxTtl, "near cache maxTtl");
    return this;
  }

  /** Sets the clock used for early refresh (for tests). */
  public RedisQueryCacheBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Returns the cache. In standalone mode creating it does not require Redis to be up: an
   * unreachable server makes every call a miss until it answers. Sentinel and Cluster clients
   * discover their topology here, so they need one sentinel or node to answer.
   *
   * @throws RunwayServiceException ({@link ErrorCategory#UNAVAILABLE}) if Sentinel or Cluster
   *     discovery finds no node
   */
  public RedisQueryCache build() {
    try {
      return create();
    } catch (JedisException e) {
      throw new RunwayServiceException("cannot discover the Redis " + mode.name().toLowerCase(java.util.Locale.ROOT)
          + " topology from " + nodes + ": " + e.getMessage(), "redis", ErrorCategory.UNAVAILABLE, null, e);
    }
  }

  private RedisQueryCache create() {
    if (mode == null) {
      throw new IllegalStateException("no Redis deployment chosen: call uri(...), standalone(...), "
          + "sentinel(...), cluster(...) or client(...)");
    }
    DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) connectTimeout.toMillis())
        .socketTimeoutMillis((int) socketTimeout.toMillis())
        .clientName("runway")
        .ssl(tls);
    if (sslSocketFactory != null) {
      cfg.sslSocketFactory(sslSocketFactory);
    }
    if (user != null) {
      cfg.user(user);
    }
    if (password != null) {
      cfg.password(password);
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(poolSize);
    pool.setMaxIdle(poolSize);
    pool.setMaxWait(socketTimeout); // never queue behind a dead server for long
    pool.setTestWhileIdle(true);
    String auth = user != null ? ", user=" + user + ", password=***" : password != null ? ", password=***" : "";
    switch (mode) {
      case STANDALONE: {
        JedisClientConfig config = cfg.database(database).build();
        return new RedisQueryCache(this, new JedisPooled(standalone, config, pool), true,
            (tls ? "rediss://" : "redis://") + standalone + "/" + database + auth);
      }
      case SENTINEL: {
        JedisClientConfig master = cfg.database(database).build();
        JedisClientConfig sentinelConfig = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) connectTimeout.toMillis())
            .socketTimeoutMillis((int) socketTimeout.toMillis()).build();
        return new RedisQueryCache(this, new JedisSentineled(masterName, master, pool, nodes, sentinelConfig), true,
            "sentinel master " + masterName + " via " + nodes + auth);
      }
      case CLUSTER: {
        if (database != 0) {
          throw new IllegalStateException("Redis Cluster has only database 0; remove database(" + database + ")");
        }
        return new RedisQueryCache(this, new JedisCluster(nodes, cfg.build(), 3, pool), true,
            "cluster via " + nodes + auth);
      }
      default:
        return new RedisQueryCache(this, client, false, "caller-built client " + client.getClass().getSimpleName());
    }
  }

  private static int checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    return port;
  }
}
