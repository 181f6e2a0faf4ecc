package dev.runway.cache.redis;

import dev.runway.core.error.ConfigurationException;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.spi.ConfigSection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How Runway reaches a Redis deployment: standalone by URI or host, Sentinel, or Cluster; ACL user
 * and password (ElastiCache AUTH token), database, TLS, timeouts and pool size. The query cache is
 * built on it, and so are the tools that talk to the same Redis (the {@code runway migrate-cache}
 * command), so that both use one set of settings: the same TLS, the same protocol (RESP2), the same
 * masking of credentials in every message. Immutable; {@link #open()} creates a client each time.
 */
public final class RedisConnections {

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/+");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)([?&;](?:password|pass|pwd|secret|token|auth)=)[^&;]*");

  /** The kinds of deployment. */
  enum Mode {
    STANDALONE,
    SENTINEL,
    CLUSTER,
    CLIENT
  }

  private final Mode mode;
  private final @Nullable HostAndPort standalone;
  private final @Nullable String masterName;
  private final Set<HostAndPort> nodes;
  private final @Nullable UnifiedJedis client;
  private final @Nullable String user;
  private final @Nullable String password;
  private final int database;
  private final boolean tls;
  private final @Nullable SSLSocketFactory sslSocketFactory;
  private final Duration connectTimeout;
  private final Duration socketTimeout;
  private final int poolSize;

  private RedisConnections(Builder b) {
    if (b.mode == null) {
      throw new IllegalStateException(
          "no Redis deployment chosen: call uri(...), standalone(...), "
              + "sentinel(...), cluster(...) or client(...)");
    }
    if (b.mode == Mode.CLUSTER && b.database != 0) {
      throw new IllegalStateException(
          "Redis Cluster has only database 0; remove database(" + b.database + ")");
    }
    this.mode = b.mode;
    this.standalone = b.standalone;
    this.masterName = b.masterName;
    this.nodes = Set.copyOf(b.nodes);
    this.client = b.client;
    this.user = b.user;
    this.password = b.password;
    this.database = b.database;
    this.tls = b.tls;
    this.sslSocketFactory = b.sslSocketFactory;
    this.connectTimeout = b.connectTimeout;
    this.socketTimeout = b.socketTimeout;
    this.poolSize = b.poolSize;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder(new SetOnce("RedisConnections.Builder"));
  }

  /**
   * Returns the connection settings of a {@code cache.redis} section (the keys {@code mode}, {@code
   * uri}, {@code master-name}, {@code nodes}, {@code user}, {@code password}, {@code database},
   * {@code tls}, {@code connect-timeout}, {@code socket-timeout}, {@code pool-size}); other keys of
   * the section are the cache's and are ignored here.
   *
   * @throws ConfigurationException naming the full key of a missing or bad value
   */
  public static RedisConnections fromConfig(ConfigSection s) {
    Builder b = builder();
    b.configure(s);
    return b.build();
  }

  /**
   * Returns whether a client opened from these settings is closed by its user (not caller-built).
   */
  boolean ownsClient() {
    return mode != Mode.CLIENT;
  }

  /** Returns the read timeout of one command. */
  public Duration socketTimeout() {
    return socketTimeout;
  }

  /**
   * Opens a client: a pooled standalone client, a Sentinel client following fail-overs, or a
   * Cluster client; the caller-built one as it is. In standalone mode opening needs no server;
   * Sentinel and Cluster discover their topology here.
   *
   * @throws RunwayServiceException ({@link ErrorCategory#UNAVAILABLE}) if Sentinel or Cluster
   *     discovery finds no node
   */
  public UnifiedJedis open() {
    try {
      return create();
    } catch (JedisException e) {
      throw new RunwayServiceException(
          "cannot discover the Redis "
              + mode.name().toLowerCase(Locale.ROOT)
              + " topology from "
              + nodes
              + ": "
              + e.getMessage(),
          "redis",
          ErrorCategory.UNAVAILABLE,
          null,
          e);
    }
  }

  private UnifiedJedis create() {
    if (mode == Mode.CLIENT) {
      return Objects.requireNonNull(client);
    }
    DefaultJedisClientConfig.Builder cfg =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) connectTimeout.toMillis())
            .socketTimeoutMillis((int) socketTimeout.toMillis())
            .clientName("runway")
            // RESP2, as before Jedis 8 turned on RESP3 negotiation: the codec and the pipeline read
            // plain replies, and RESP2 works against every ElastiCache and Redis version
            .protocol(RedisProtocol.RESP2)
            .autoNegotiateProtocol(false)
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
    // no JMX MBean per pool: registering the first one starts the platform MBean server, about a
    // tenth of a second of a Lambda function's cold start; Runway's meters go through Micrometer
    pool.setJmxEnabled(false);
    switch (mode) {
      case STANDALONE:
        {
          JedisClientConfig config = cfg.database(database).build();
          return RedisClient.builder()
              .hostAndPort(standalone)
              .clientConfig(config)
              .poolConfig(pool)
              .build();
        }
      case SENTINEL:
        {
          JedisClientConfig master = cfg.database(database).build();
          JedisClientConfig sentinelConfig =
              DefaultJedisClientConfig.builder()
                  .protocol(RedisProtocol.RESP2)
                  .autoNegotiateProtocol(false)
                  .connectionTimeoutMillis((int) connectTimeout.toMillis())
                  .socketTimeoutMillis((int) socketTimeout.toMillis())
                  .build();
          return RedisSentinelClient.builder()
              .masterName(masterName)
              .clientConfig(master)
              .poolConfig(pool)
              .sentinels(nodes)
              .sentinelClientConfig(sentinelConfig)
              .build();
        }
      default:
        return new JedisCluster(nodes, cfg.build(), 3, pool);
    }
  }

  /** Describes the deployment without any secret: {@code rediss://host:6379/0, password=***}. */
  public String description() {
    String auth =
        user != null
            ? ", user=" + user + ", password=***"
            : password != null ? ", password=***" : "";
    return switch (mode) {
      case STANDALONE -> (tls ? "rediss://" : "redis://") + standalone + "/" + database + auth;
      case SENTINEL -> "sentinel master " + masterName + " via " + nodes + auth;
      case CLUSTER -> "cluster via " + nodes + auth;
      case CLIENT ->
          "caller-built client " + Objects.requireNonNull(client).getClass().getSimpleName();
    };
  }

  @Override
  public String toString() {
    return "RedisConnections{" + description() + "}";
  }

  /**
   * Returns {@code uri} with its user-info masked whatever the shape: everything between the scheme
   * (when one with slashes is there) and the last {@code @} is credentials, however malformed the
   * rest ({@code user:pass@host} without a scheme, {@code redis:/u:p@h}, a {@code /} or {@code @}
   * inside the password); password-like query parameters too.
   */
  static String mask(String uri) {
    String out = uri;
    int at = uri.lastIndexOf('@');
    if (at >= 0) {
      Matcher scheme = SCHEME.matcher(uri);
      int from = scheme.lookingAt() && scheme.end() <= at ? scheme.end() : 0;
      out = uri.substring(0, from) + "***" + uri.substring(at);
    }
    return SECRET_PARAMETER.matcher(out).replaceAll("$1***");
  }

  /**
   * Collects connection settings; not thread-safe. Each setting may be given once, and one
   * deployment chosen.
   */
  public static final class Builder {
    private final SetOnce once;

    @Nullable Mode mode;
    @Nullable HostAndPort standalone;
    @Nullable String masterName;
    final Set<HostAndPort> nodes = new LinkedHashSet<>();
    @Nullable UnifiedJedis client;
    @Nullable String user;
    @Nullable String password;
    int database;
    boolean tls;
    @Nullable SSLSocketFactory sslSocketFactory;
    Duration connectTimeout = Duration.ofSeconds(1);
    Duration socketTimeout = Duration.ofMillis(500);
    int poolSize = 16;

    /** Shares the set-once bookkeeping of the builder it serves, so messages name that builder. */
    Builder(SetOnce once) {
      this.once = once;
    }

    private void chooseMode(Mode m) {
      if (mode != null) {
        throw new IllegalStateException(
            "the Redis deployment was already chosen ("
                + mode
                + "); choose one of uri, standalone, sentinel, cluster or client");
      }
      mode = m;
    }

    /**
     * Connects to a standalone server by URI: {@code redis://[user:password@]host:port[/db]}, or
     * {@code rediss://...} for TLS (ElastiCache in-transit encryption).
     */
    public Builder uri(String uri) {
      once.check("uri", uri == null ? null : mask(uri));
      Objects.requireNonNull(uri, "uri");
      URI u;
      try {
        u = URI.create(uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "not a Redis URI: " + mask(uri) + "; expected redis://host:6379 or rediss://host:6379");
      }
      String scheme = u.getScheme();
      if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
        throw new IllegalArgumentException(
            "Redis URI must start with redis:// or rediss://, got " + mask(uri));
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
        String name;
        String secret;
        try {
          name = colon < 0 ? "" : decode(info.substring(0, colon));
          secret = decode(colon < 0 ? info : info.substring(colon + 1));
        } catch (IllegalArgumentException e) {
          // URLDecoder's own message quotes the text: never let it out
          throw new IllegalArgumentException(
              "the user name or password in the Redis URI is not "
                  + "percent-encoded correctly (write % as %25): "
                  + mask(uri));
        }
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
          throw new IllegalArgumentException(
              "Redis URI path must be a database number: " + mask(uri));
        }
      }
      return this;
    }

    private static String decode(String s) {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Connects to a standalone server. */
    public Builder standalone(String host, int port) {
      once.check("standalone", String.valueOf(host) + ", " + String.valueOf(port));
      chooseMode(Mode.STANDALONE);
      standalone = new HostAndPort(Objects.requireNonNull(host, "host"), checkPort(port));
      return this;
    }

    /**
     * Connects through Sentinel: the current master of {@code masterName}, following fail-overs.
     */
    public Builder sentinel(String masterName, Set<HostAndPort> sentinels) {
      once.check("sentinel", String.valueOf(masterName) + ", " + String.valueOf(sentinels));
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
    public Builder cluster(Set<HostAndPort> seedNodes) {
      once.check("cluster", seedNodes);
      if (seedNodes.isEmpty()) {
        throw new IllegalArgumentException("at least one cluster node address is needed");
      }
      chooseMode(Mode.CLUSTER);
      nodes.addAll(seedNodes);
      return this;
    }

    /** Uses a caller-built client (any {@link UnifiedJedis}); the caller closes it. */
    public Builder client(UnifiedJedis client) {
      once.check("client", client);
      chooseMode(Mode.CLIENT);
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the ACL user (Redis 6+, ElastiCache RBAC). */
    public Builder user(String user) {
      once.check("user", user);
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** Sets the password or ElastiCache auth token; never logged or printed. */
    public Builder password(String password) {
      once.checkSecret("password");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Selects a database index (standalone and Sentinel only). */
    public Builder database(int database) {
      once.check("database", database);
      if (database < 0 || database > 15) {
        throw new IllegalArgumentException("database must be 0..15, got " + database);
      }
      this.database = database;
      return this;
    }

    /** Turns TLS on or off. */
    public Builder tls(boolean tls) {
      once.check("tls", tls);
      this.tls = tls;
      return this;
    }

    /** Sets the socket factory for TLS (for a private CA); implies TLS. */
    public Builder sslSocketFactory(SSLSocketFactory factory) {
      once.check("sslSocketFactory", factory);
      this.sslSocketFactory = Objects.requireNonNull(factory, "factory");
      this.tls = true;
      return this;
    }

    /** Sets the connection timeout (default 1 s). */
    public Builder connectTimeout(Duration timeout) {
      once.check("connectTimeout", timeout);
      this.connectTimeout = Checks.positive(timeout, "connectTimeout");
      return this;
    }

    /** Sets the socket (read) timeout (default 500 ms): a slow cache is a miss, not a wait. */
    public Builder socketTimeout(Duration timeout) {
      once.check("socketTimeout", timeout);
      this.socketTimeout = Checks.positive(timeout, "socketTimeout");
      return this;
    }

    /** Sets the maximum number of pooled connections (default 16). */
    public Builder poolSize(int size) {
      once.check("poolSize", size);
      if (size < 1) {
        throw new IllegalArgumentException("poolSize must be >= 1, got " + size);
      }
      this.poolSize = size;
      return this;
    }

    /**
     * Applies the connection keys of a {@code cache.redis} section; each refusal is a {@link
     * ConfigurationException} naming the full key (a password in a value is masked).
     */
    public Builder configure(ConfigSection s) {
      String mode =
          s.choice("mode", Set.of("standalone", "sentinel", "cluster")).orElse("standalone");
      switch (mode) {
        case "standalone" -> {
          String uri =
              s.string("uri")
                  .orElseThrow(
                      () ->
                          new ConfigurationException(
                              s.keyOf("uri"),
                              "is required for mode standalone (for example rediss://my-cache.xxxxxx.cache.amazonaws.com:6379)",
                              null));
          s.apply("uri", () -> uri(uri));
        }
        case "sentinel" -> {
          String master = s.requireString("master-name");
          Set<HostAndPort> found = nodes(s);
          s.apply("nodes", () -> sentinel(master, found));
        }
        default -> {
          Set<HostAndPort> found = nodes(s);
          s.apply("nodes", () -> cluster(found));
        }
      }
      s.string("user").ifPresent(v -> s.apply("user", () -> user(v)));
      s.string("password").ifPresent(v -> s.apply("password", () -> password(v)));
      s.integer("database").ifPresent(v -> s.apply("database", () -> database(v)));
      s.bool("tls").ifPresent(v -> s.apply("tls", () -> tls(v)));
      s.duration("connect-timeout")
          .ifPresent(v -> s.apply("connect-timeout", () -> connectTimeout(v)));
      s.duration("socket-timeout")
          .ifPresent(v -> s.apply("socket-timeout", () -> socketTimeout(v)));
      s.integer("pool-size").ifPresent(v -> s.apply("pool-size", () -> poolSize(v)));
      return this;
    }

    private static Set<HostAndPort> nodes(ConfigSection s) {
      List<String> list = s.list("nodes");
      if (list.isEmpty()) {
        throw new ConfigurationException(
            s.keyOf("nodes"), "is required for this mode: host:port of each node", null);
      }
      Set<HostAndPort> nodes = new LinkedHashSet<>();
      for (String n : list) {
        int colon = n.lastIndexOf(':');
        if (colon <= 0) {
          throw new ConfigurationException(s.keyOf("nodes"), "'" + n + "' is not host:port", null);
        }
        try {
          nodes.add(
              new HostAndPort(n.substring(0, colon), Integer.parseInt(n.substring(colon + 1))));
        } catch (NumberFormatException e) {
          throw new ConfigurationException(
              s.keyOf("nodes"), "'" + n + "' has no numeric port", null);
        }
      }
      return nodes;
    }

    /** Returns whether a deployment was chosen. */
    boolean chosen() {
      return mode != null;
    }

    /**
     * Returns the settings.
     *
     * @throws IllegalStateException if no deployment was chosen, or a database was chosen for a
     *     Cluster
     */
    public RedisConnections build() {
      return new RedisConnections(this);
    }

    private static int checkPort(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535, got " + port);
      }
      return port;
    }
  }
}
