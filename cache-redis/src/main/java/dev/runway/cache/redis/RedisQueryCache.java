package dev.runway.cache.redis;

import dev.runway.core.cache.AbstractQueryCache;
import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.CacheStats;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.cache.ResultCodec;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.health.Health;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.query.QueryResult;
import dev.runway.core.resilience.ResiliencePolicy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * A {@link QueryCache} on Redis or ElastiCache (standalone, Sentinel or Cluster) through Jedis.
 * Thread-safe; one instance per application, sharing a connection pool.
 *
 * <p><b>Never the application's failure.</b> Every Redis call runs behind a circuit breaker with
 * short timeouts. When Redis fails, reads are misses (the query runs against the database) and
 * writes are dropped; each failure is counted in {@link CacheStats#errors()} and logged once per
 * outage. After repeated failures the breaker opens and calls are not even attempted until it lets
 * a trial call through; it closes again when Redis answers.
 *
 * <p><b>Keys and invalidation.</b> Entries live under {@code <prefix>:e:<cache key>}. A single hash
 * {@code <prefix>:meta} holds generation counters: {@code ns} for the whole namespace and {@code
 * t:<tag>} per tag. An entry records the generations it was computed under (read before its load
 * started) and is a miss once any has moved on. So {@link #invalidateTag} and {@link
 * #invalidateAll} are one {@code HINCRBY} each, never {@code KEYS} or {@code SCAN}, and no command
 * touches two keys in Cluster mode, so there are no CROSSSLOT errors; elsewhere a hit is one round
 * trip (the entry and the generation hash are read in one pipeline), in Cluster mode two. Stale
 * entries expire by TTL.
 *
 * <p><b>Stampedes.</b> Within one instance concurrent misses for a key load once. Across instances
 * an optional lease ({@code SET NX PX} with a random token, released by compare-and-delete) lets
 * one instance load while the others poll briefly for its value, and load themselves if the lease
 * runs out. Optional early refresh recomputes a hot entry shortly before it expires with a
 * probability that rises as expiry nears (the XFetch rule: {@code now - loadTime * beta *
 * ln(random) >= expiry}), so it does not expire for everyone at once.
 */
public final class RedisQueryCache extends AbstractQueryCache {

  private static final Logger LOG = LoggerFactory.getLogger(RedisQueryCache.class);
  private static final byte[] NS_FIELD = "ns".getBytes(StandardCharsets.UTF_8);
  private static final String RELEASE_LEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

  private final UnifiedJedis jedis;
  private final boolean ownsClient;
  private final String prefix;
  private final byte[] metaKey;
  private final Duration defaultTtl;
  private final double ttlJitter;
  private final int compressAbove;
  private final int maxValueBytes;
  private final Duration lease;
  private final double earlyRefreshBeta;
  private final Clock clock;
  private final ResiliencePolicy policy;
  private final ResiliencePolicy writePolicy;
  private final ThreadLocal<Long> callStart = new ThreadLocal<>();
  private final ThreadLocal<Boolean> refreshingEarly = new ThreadLocal<>();
  private final long deadlineNanos;
  private final String description;
  private final LongAdder oversized = new LongAdder();
  private final LongAdder earlyRefreshes = new LongAdder();
  private final AtomicLong circuitOpened = new AtomicLong();
  private final AtomicLong circuitClosed = new AtomicLong();
  private final @Nullable NearCache near;
  private final boolean singleSlot;

  private record Hit(QueryResult result, RedisEntry entry) {}

  /** Returns broken connections to their pool off the caller's thread. */
  private static final java.util.concurrent.Executor CLOSER =
      java.util.concurrent.Executors.newCachedThreadPool(
          new dev.runway.core.internal.DaemonThreads("runway-redis-close"));

  RedisQueryCache(Builder b, UnifiedJedis jedis, boolean ownsClient, String description) {
    super(LOG, "the Redis query cache (" + description + ")");
    this.jedis = jedis;
    this.ownsClient = ownsClient;
    this.prefix = b.prefix;
    this.metaKey = (b.prefix + ":meta").getBytes(StandardCharsets.UTF_8);
    this.defaultTtl = b.defaultTtl;
    this.ttlJitter = b.ttlJitter;
    this.compressAbove = b.compressAbove;
    this.maxValueBytes = b.maxValueBytes;
    this.lease = b.lease;
    this.earlyRefreshBeta = b.earlyRefreshBeta;
    this.clock = b.clock;
    this.description = description;
    this.deadlineNanos = (b.deadline != null ? b.deadline : b.connection.socketTimeout).toNanos();
    this.policy = breaker(b, "reads", "the cache serves misses");
    // writes have a breaker of their own: a Redis that answers reads but refuses writes (out of
    // memory, a read-only replica) opens it, however many reads succeed in between
    this.writePolicy =
        breaker(b, "writes", "results are not stored and invalidations are kept pending");
    this.singleSlot = !(jedis instanceof JedisCluster);
    this.near =
        b.nearCacheEntries > 0
            ? new NearCache(jedis, b.prefix, b.nearCacheEntries, b.nearCacheTtl)
            : null;
  }

  private ResiliencePolicy breaker(Builder b, String kind, String meanwhile) {
    return ResiliencePolicy.builder()
        .name("redis-" + kind)
        .maxAttempts(1) // a cache call is never worth a retry: the database answers instead
        .circuitBreaker(b.breakerFailures, b.breakerDelay)
        .retryOn(t -> t instanceof RuntimeException)
        .onCircuitChange(
            state -> {
              if (state == ResiliencePolicy.CircuitState.OPEN) {
                circuitOpened.incrementAndGet();
                LOG.warn(
                    "Redis circuit breaker for {} opened after repeated failures; {} until Redis "
                        + "answers again ({})",
                    kind,
                    meanwhile,
                    description);
              } else if (state == ResiliencePolicy.CircuitState.CLOSED) {
                circuitClosed.incrementAndGet();
                LOG.info("Redis circuit breaker for {} closed ({})", kind, description);
              }
            })
        .build();
  }

  /**
   * Returns whether the calling thread's cache call has spent its Redis deadline (counted from its
   * first Redis step); the remaining steps are then skipped, so that a slow Redis costs a query at
   * most the deadline plus one step, and a Redis that does not answer one socket timeout (the first
   * failure ends the call's use of Redis).
   */
  @Override
  protected void beginCall() {
    callStart.set(System.nanoTime());
    refreshingEarly.set(Boolean.FALSE);
  }

  @Override
  protected Optional<QueryResult> recheck(CacheKey key) {
    // an entry this call chose to refresh early is still in Redis: reading it again would undo
    // the choice
    return Boolean.TRUE.equals(refreshingEarly.get()) ? Optional.empty() : super.recheck(key);
  }

  private boolean overDeadline() {
    Long start = callStart.get();
    return start != null && System.nanoTime() - start > deadlineNanos;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "redis";
  }

  /** Returns the TTL used when a caller gives none. */
  @Override
  public Duration defaultTtl() {
    return defaultTtl;
  }

  private byte[] entryKey(CacheKey key) {
    return (prefix + ":e:" + key.value()).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] tagField(String tag) {
    return ("t:" + tag.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Optional<QueryResult> read(CacheKey key, boolean forLoad) {
    if (near != null) {
      Optional<QueryResult> local = near.get(key);
      if (local.isPresent()) {
        return local;
      }
    }
    return lookup(key, forLoad);
  }

  /** The generation counters as read from Redis: the namespace's and the tags' (absent = 0). */
  private record Generations(long namespace, Map<String, Long> tags) {
    boolean allow(RedisEntry e) {
      if (namespace != e.namespace()) {
        return false;
      }
      for (Map.Entry<String, Long> t : e.tags().entrySet()) {
        if (tags.getOrDefault(t.getKey(), 0L).longValue() != t.getValue()) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The entry and the generation hash in one round trip. With a pooled client the pipeline runs on
   * a connection taken here; when a timeout broke it, it goes back to the pool on another thread,
   * because the pool opens its replacement (handshake included) on the thread that returns it, and
   * a frozen Redis would cost this call a second socket timeout.
   */
  private Map.Entry<byte[], Map<byte[], byte[]>> pipelinedRead(CacheKey key) {
    if (jedis instanceof RedisClient pooled) {
      Connection c = pooled.getPool().getResource();
      Map.Entry<byte[], Map<byte[], byte[]>> read;
      try {
        Pipeline p = new Pipeline(c, false);
        Response<byte[]> value = p.get(entryKey(key));
        Response<Map<byte[], byte[]>> hash = p.hgetAll(metaKey);
        p.sync();
        read = new AbstractMap.SimpleImmutableEntry<>(value.get(), hash.get());
      } catch (RuntimeException e) {
        // returning a broken connection makes the pool open its replacement on the returning
        // thread, handshake included: against a frozen Redis a second timeout. Not on this call's.
        CLOSER.execute(c::close);
        throw e;
      }
      c.close();
      return read;
    }
    try (AbstractPipeline p = jedis.pipelined()) {
      Response<byte[]> value = p.get(entryKey(key));
      Response<Map<byte[], byte[]>> hash = p.hgetAll(metaKey);
      p.sync();
      return new AbstractMap.SimpleImmutableEntry<>(value.get(), hash.get());
    }
  }

  /** Reads and validates an entry; throws on Redis failure. */
  private Optional<QueryResult> lookup(CacheKey key, boolean allowEarlyRefresh) {
    RedisEntry entry;
    Generations now;
    if (singleSlot) {
      // One round trip: the entry and the generation hash read together in a pipeline. Only
      // possible where both keys live on one server, i.e. not in Cluster mode. (A Lua script
      // doing the same measured 15% slower than the pipeline on Redis 7.0.)
      Map.Entry<byte[], Map<byte[], byte[]>> read = policy.execute(() -> pipelinedRead(key));
      entry = RedisEntry.decode(read.getKey());
      Map<String, Long> tags = new HashMap<>();
      long ns = 0;
      for (Map.Entry<byte[], byte[]> f : read.getValue().entrySet()) {
        String field = new String(f.getKey(), StandardCharsets.UTF_8);
        if (field.equals("ns")) {
          ns = generation(f.getValue());
        } else if (field.startsWith("t:")) {
          tags.put(field.substring(2), generation(f.getValue()));
        }
      }
      now = new Generations(ns, tags);
    } else {
      entry = RedisEntry.decode(policy.execute(() -> jedis.get(entryKey(key))));
      now = entry == null ? null : generations(entry.tags().keySet());
    }
    if (entry == null || now == null || !now.allow(entry)) {
      return Optional.empty();
    }
    if (allowEarlyRefresh && earlyRefreshBeta > 0 && entry.loadMillis() > 0) {
      double r = ThreadLocalRandom.current().nextDouble();
      double early =
          -entry.loadMillis() * earlyRefreshBeta * Math.log(r <= 0 ? Double.MIN_VALUE : r);
      if (clock.millis() + early >= entry.expiresAtMillis()) {
        earlyRefreshes.increment();
        refreshingEarly.set(Boolean.TRUE); // the caller is to reload it: recheck must not serve it
        return Optional.empty();
      }
    }
    QueryResult result;
    try {
      result = ResultCodec.decode(entry.payload());
    } catch (ResultCodec.IncompatibleFormatException otherVersion) {
      return Optional.empty();
    }
    QueryResult hit =
        result.withStats(
            result.stats().toBuilder().fromCache(true).estimatedCostUsd(BigDecimal.ZERO).build());
    if (near != null) {
      near.put(key, hit, entry.namespace(), entry.tags());
    }
    return Optional.of(hit);
  }

  private static long generation(byte[] value) {
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
  }

  /** Reads the current generations of the namespace and of {@code tags}; throws on failure. */
  private Generations generations(Collection<String> tags) {
    List<String> names = new ArrayList<>();
    for (String t : tags) {
      names.add(t.toLowerCase(Locale.ROOT));
    }
    byte[][] fields = new byte[names.size() + 1][];
    fields[0] = NS_FIELD;
    for (int i = 0; i < names.size(); i++) {
      fields[i + 1] = tagField(names.get(i));
    }
    List<byte[]> current = policy.execute(() -> jedis.hmget(metaKey, fields));
    Map<String, Long> gens = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      gens.put(names.get(i), generation(current.get(i + 1)));
    }
    return new Generations(generation(current.get(0)), gens);
  }

  @Override
  protected Object snapshot(Set<String> tags) {
    return generations(tags);
  }

  @Override
  protected void write(
      CacheKey key,
      QueryResult result,
      Duration ttl,
      Set<String> tags,
      Object snapshot,
      long loadNanos) {
    store(key, result, ttl, (Generations) snapshot, Duration.ofNanos(loadNanos).toMillis());
  }

  private void store(
      CacheKey key, QueryResult result, Duration ttl, Generations gens, long loadMillis) {
    long ttlMillis = ttl.toMillis();
    if (ttlJitter > 0) {
      // shorten, never lengthen: an entry lives at most the TTL asked for
      ttlMillis -= (long) (ttlMillis * ttlJitter * ThreadLocalRandom.current().nextDouble());
    }
    ttlMillis = Math.max(1, ttlMillis);
    byte[] payload = ResultCodec.encode(result);
    RedisEntry entry =
        new RedisEntry(
            gens.namespace(),
            gens.tags(),
            clock.millis() + ttlMillis,
            (int) Math.min(Integer.MAX_VALUE, loadMillis),
            payload);
    byte[] value = entry.encode(compressAbove);
    if (value.length > maxValueBytes) {
      oversized.increment();
      LOG.debug(
          "result of {} bytes exceeds the maximum value size {}; not cached",
          value.length,
          maxValueBytes);
      return;
    }
    long px = ttlMillis;
    if (overDeadline()) {
      return; // the load took this call past its Redis deadline; the next call stores it
    }
    writePolicy.execute(() -> jedis.set(entryKey(key), value, SetParams.setParams().px(px)));
    publish(near == null ? null : near.keyChanged(key));
  }

  private void publish(@Nullable String message) {
    NearCache n = near;
    if (message == null || n == null) {
      return;
    }
    try {
      writePolicy.execute(() -> jedis.publish(n.channel(), message));
    } catch (RuntimeException e) {
      failed(Op.WRITE, "PUBLISH", e); // the other instances drop their copies on reconnect
    }
  }

  @Override
  protected QueryResult loadAndStore(
      CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
    if (overDeadline()) {
      return load(loader); // this call has spent its Redis time: load, and leave Redis alone
    }
    Generations gens;
    String leaseToken = null;
    byte[] leaseKey = (prefix + ":lease:" + key.value()).getBytes(StandardCharsets.UTF_8);
    try {
      gens = generations(tags);
      succeeded(Op.READ);
    } catch (RuntimeException e) {
      failed(Op.READ, "read generations", e);
      return load(loader); // Redis failed this call: load, and leave it alone
    }
    if (!lease.isZero() && !overDeadline()) {
      try {
        String token = UUID.randomUUID().toString();
        String ok =
            writePolicy.execute(
                () ->
                    jedis.set(
                        leaseKey,
                        token.getBytes(StandardCharsets.UTF_8),
                        SetParams.setParams().nx().px(lease.toMillis())));
        succeeded(Op.WRITE);
        if ("OK".equals(ok)) {
          leaseToken = token;
        } else {
          Optional<QueryResult> fromOther = awaitOtherLoader(key);
          if (fromOther.isPresent()) {
            return fromOther.get();
          }
        }
      } catch (RuntimeException e) {
        failed(Op.WRITE, "lease", e);
        gens = null; // writes fail: the store would too, so it is not tried
      }
    }
    long start = System.nanoTime();
    Long callStarted = callStart.get();
    QueryResult loaded;
    try {
      loaded = load(loader);
    } catch (RuntimeException | Error t) {
      releaseLease(leaseKey, leaseToken);
      throw t;
    }
    if (callStarted != null) {
      // the deadline counts time on Redis, not the query's: move the start past the load
      callStart.set(callStarted + (System.nanoTime() - start));
    }
    if (gens != null) {
      writeQuietly(key, loaded, ttl, tags, gens, System.nanoTime() - start);
    }
    releaseLease(leaseKey, leaseToken);
    return loaded;
  }

  private Optional<QueryResult> awaitOtherLoader(CacheKey key) {
    long deadline = System.nanoTime() + lease.toNanos();
    long pause = 10;
    while (System.nanoTime() < deadline) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      pause = Math.min(100, pause * 2);
      Optional<QueryResult> r = lookup(key, false);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty(); // the other loader died or is slow: load ourselves
  }

  private void releaseLease(byte[] leaseKey, @Nullable String token) {
    if (token == null) {
      return;
    }
    try {
      writePolicy.execute(
          () ->
              jedis.eval(
                  RELEASE_LEASE,
                  List.of(new String(leaseKey, StandardCharsets.UTF_8)),
                  List.of(token)));
    } catch (RuntimeException e) {
      failed(Op.WRITE, "lease release", e); // it expires by itself
    }
  }

  @Override
  protected void applyInvalidate(CacheKey key) {
    writePolicy.execute(() -> jedis.del(entryKey(key)));
    publish(near == null ? null : near.keyChanged(key));
  }

  @Override
  protected void applyInvalidateTag(String tag) {
    writePolicy.execute(() -> jedis.hincrBy(metaKey, tagField(tag), 1));
    publish(near == null ? null : near.tagChanged(tag.toLowerCase(Locale.ROOT)));
  }

  @Override
  protected void applyInvalidateAll() {
    writePolicy.execute(() -> jedis.hincrBy(metaKey, NS_FIELD, 1));
    publish(near == null ? null : near.allChanged());
  }

  /**
   * What the cache has done beyond {@link #stats()}, for metrics binders and tests.
   *
   * @param readCircuit the state of the breaker around reads
   * @param writeCircuit the state of the breaker around writes and invalidations
   * @param circuitOpened how often the read breaker opened since the cache was created
   * @param circuitClosed how often it closed again
   * @param nearCacheHits reads the near cache answered (0 when it is off)
   * @param nearCacheLive whether the near cache is on and its invalidation channel is live
   * @param oversized results not cached because they exceeded the maximum value size
   * @param earlyRefreshes hits turned into early recomputations by the XFetch rule
   * @param pendingInvalidations invalidations not yet applied to Redis (reads are misses meanwhile)
   */
  public record Metrics(
      ResiliencePolicy.CircuitState readCircuit,
      ResiliencePolicy.CircuitState writeCircuit,
      long circuitOpened,
      long circuitClosed,
      long nearCacheHits,
      boolean nearCacheLive,
      long oversized,
      long earlyRefreshes,
      int pendingInvalidations) {}

  /** Returns the cache's own metrics; cheap, never calls Redis. */
  public Metrics metrics() {
    return new Metrics(
        policy.circuitState(),
        writePolicy.circuitState(),
        circuitOpened.get(),
        circuitClosed.get(),
        near == null ? 0 : near.hits(),
        near != null && near.isLive(),
        oversized.sum(),
        earlyRefreshes.sum(),
        pendingInvalidations());
  }

  @Override
  public Health health() {
    if (policy.circuitState() == ResiliencePolicy.CircuitState.OPEN) {
      return Health.degraded("cache:redis", "circuit breaker open; serving misses");
    }
    if (writePolicy.circuitState() == ResiliencePolicy.CircuitState.OPEN || writesFailing()) {
      return Health.degraded(
          "cache:redis",
          "writes fail"
              + (pendingInvalidations() > 0
                  ? " ("
                      + pendingInvalidations()
                      + " invalidations pending; reads are misses until they are applied)"
                  : "; results are not stored"));
    }
    try {
      policy.execute(jedis::ping);
      return Health.up("cache:redis");
    } catch (RuntimeException e) {
      return Health.degraded(
          "cache:redis",
          "Redis does not answer (" + e.getClass().getSimpleName() + "); serving misses");
    }
  }

  /** Returns how often the near cache was cleared because its channel dropped or came back. */
  long nearCacheResets() {
    return near == null ? 0 : near.resets();
  }

  @Override
  public void close() {
    if (near != null) {
      near.close();
    }
    if (ownsClient) {
      jedis.close();
    }
  }

  @Override
  public String toString() {
    return "RedisQueryCache{"
        + description
        + ", prefix="
        + prefix
        + ", defaultTtl="
        + defaultTtl
        + "}";
  }

  /**
   * Builds a {@link RedisQueryCache}; not thread-safe. Choose one deployment ({@link #uri}, {@link
   * #standalone}, {@link #sentinel}, {@link #cluster}, or a caller-built {@link #client}); every
   * other setting has a default. Values are checked as they are set.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce("RedisQueryCache.Builder");

    /**
     * The connection settings, shared with {@link RedisConnections} (the same set-once
     * bookkeeping).
     */
    final RedisConnections.Builder connection = new RedisConnections.Builder(once);

    @Nullable Duration deadline;
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

    Builder() {}

    /**
     * Connects to a standalone server by URI: {@code redis://[user:password@]host:port[/db]}, or
     * {@code rediss://...} for TLS (ElastiCache in-transit encryption).
     */
    public Builder uri(String uri) {
      connection.uri(uri);
      return this;
    }

    /** Returns {@code uri} with its user-info and password-like parameters masked. */
    static String mask(String uri) {
      return RedisConnections.mask(uri);
    }

    /** Connects to a standalone server. */
    public Builder standalone(String host, int port) {
      connection.standalone(host, port);
      return this;
    }

    /**
     * Connects through Sentinel: the current master of {@code masterName}, following fail-overs.
     */
    public Builder sentinel(String masterName, Set<HostAndPort> sentinels) {
      connection.sentinel(masterName, sentinels);
      return this;
    }

    /** Connects to a Redis Cluster through any of its nodes. */
    public Builder cluster(Set<HostAndPort> seedNodes) {
      connection.cluster(seedNodes);
      return this;
    }

    /** Uses a caller-built client (any {@link UnifiedJedis}); the caller closes it. */
    public Builder client(UnifiedJedis client) {
      connection.client(client);
      return this;
    }

    /** Sets the ACL user (Redis 6+, ElastiCache RBAC). */
    public Builder user(String user) {
      connection.user(user);
      return this;
    }

    /** Sets the password or ElastiCache auth token; never logged or printed. */
    public Builder password(String password) {
      connection.password(password);
      return this;
    }

    /** Selects a database index (standalone and Sentinel only). */
    public Builder database(int database) {
      connection.database(database);
      return this;
    }

    /** Turns TLS on or off. */
    public Builder tls(boolean tls) {
      connection.tls(tls);
      return this;
    }

    /** Sets the socket factory for TLS (for a private CA); implies TLS. */
    public Builder sslSocketFactory(SSLSocketFactory factory) {
      connection.sslSocketFactory(factory);
      return this;
    }

    /** Sets the connection timeout (default 1 s). */
    public Builder connectTimeout(Duration timeout) {
      connection.connectTimeout(timeout);
      return this;
    }

    /** Sets the socket (read) timeout (default 500 ms): a slow cache is a miss, not a wait. */
    public Builder socketTimeout(Duration timeout) {
      connection.socketTimeout(timeout);
      return this;
    }

    /**
     * Sets how long one cache call (a lookup, then on a miss the generations read, the lease and
     * the store) may spend on Redis before its remaining steps are skipped (default: the socket
     * timeout). The query itself is never delayed past it by the cache beyond one Redis step.
     */
    public Builder deadline(Duration deadline) {
      once.check("deadline", deadline);
      this.deadline = Checks.positive(deadline, "deadline");
      return this;
    }

    /** Sets the maximum number of pooled connections (default 16). */
    public Builder poolSize(int size) {
      connection.poolSize(size);
      return this;
    }

    /** Sets the key prefix (namespace) (default {@code runway}). */
    public Builder prefix(String prefix) {
      once.check("prefix", prefix);
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty() || prefix.contains(" ")) {
        throw new IllegalArgumentException(
            "prefix must be non-empty without spaces, got '" + prefix + "'");
      }
      this.prefix = prefix;
      return this;
    }

    /** Sets the TTL used when a caller gives none (default 5 minutes). */
    public Builder defaultTtl(Duration ttl) {
      once.check("defaultTtl", ttl);
      this.defaultTtl = Checks.positive(ttl, "defaultTtl");
      return this;
    }

    /** Shortens each TTL by a random share up to {@code fraction} (0..0.5), spreading expiries. */
    public Builder ttlJitter(double fraction) {
      once.check("ttlJitter", fraction);
      if (!(fraction >= 0 && fraction <= 0.5)) {
        throw new IllegalArgumentException("ttlJitter must be between 0 and 0.5, got " + fraction);
      }
      this.ttlJitter = fraction;
      return this;
    }

    /** Compresses values larger than {@code bytes} (default 16 KiB). */
    public Builder compressAbove(int bytes) {
      once.check("compressAbove", bytes);
      if (bytes < 0) {
        throw new IllegalArgumentException("compressAbove must be >= 0, got " + bytes);
      }
      this.compressAbove = bytes;
      return this;
    }

    /** Does not cache results whose stored value exceeds {@code bytes} (default 8 MiB). */
    public Builder maxValueBytes(int bytes) {
      once.check("maxValueBytes", bytes);
      if (bytes < 1) {
        throw new IllegalArgumentException("maxValueBytes must be positive, got " + bytes);
      }
      this.maxValueBytes = bytes;
      return this;
    }

    /**
     * Opens the circuit after {@code failures} consecutive failures for {@code delay} (default 5, 5
     * s).
     */
    public Builder circuitBreaker(int failures, Duration delay) {
      once.check("circuitBreaker", String.valueOf(failures) + ", " + String.valueOf(delay));
      if (failures < 1) {
        throw new IllegalArgumentException(
            "circuit breaker failures must be >= 1, got " + failures);
      }
      this.breakerFailures = failures;
      this.breakerDelay = Checks.positive(delay, "circuit breaker delay");
      return this;
    }

    /**
     * Turns on cross-instance stampede protection with a lease of {@code duration} (off by
     * default).
     */
    public Builder lease(Duration duration) {
      once.check("lease", duration);
      this.lease = Checks.positive(duration, "lease");
      return this;
    }

    /** Turns on XFetch early refresh with weight {@code beta} (1.0 is the usual value; 0 = off). */
    public Builder earlyRefresh(double beta) {
      once.check("earlyRefresh", beta);
      if (!(beta >= 0 && beta <= 10)) {
        throw new IllegalArgumentException(
            "earlyRefresh beta must be between 0 and 10, got " + beta);
      }
      this.earlyRefreshBeta = beta;
      return this;
    }

    /**
     * Turns on the near cache (off by default): up to {@code maxEntries} decoded results kept in
     * process for at most {@code maxTtl}, invalidated through Redis pub/sub when another instance
     * changes or removes them.
     */
    public Builder nearCache(int maxEntries, Duration maxTtl) {
      once.check("nearCache", String.valueOf(maxEntries) + ", " + String.valueOf(maxTtl));
      if (maxEntries < 1) {
        throw new IllegalArgumentException(
            "near cache maxEntries must be positive, got " + maxEntries);
      }
      this.nearCacheEntries = maxEntries;
      this.nearCacheTtl = Checks.positive(maxTtl, "near cache maxTtl");
      return this;
    }

    /** Sets the clock used for early refresh (for tests). */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
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
      RedisConnections c = connection.build();
      return new RedisQueryCache(this, c.open(), c.ownsClient(), c.description());
    }
  }
}
