package dev.runway.cache.redis;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.health.Health;
import dev.runway.core.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * {@link Coordination} on Redis, for the instances of an application that share one Redis (the
 * cache's, or another reached with the same {@link RedisConnections} settings: TLS, ACL, Sentinel,
 * Cluster). Each operation is one command or one Lua script on one key, so it is atomic and works
 * on a Cluster; lifetimes are Redis's own expiries and the token bucket and leases read Redis's
 * clock ({@code TIME}), so instances with skewed clocks still agree.
 *
 * <p>Keys are {@code <prefix>:coord:<key>}. A failure is a {@link RunwayServiceException}
 * (UNAVAILABLE); wrap this in {@link dev.runway.core.coordination.DegradingCoordination} so that
 * callers keep working while Redis is down. Thread-safe.
 */
public final class RedisCoordination implements Coordination {

  /** INCRBY, with the lifetime set only when the counter is new. */
  private static final String ADD =
      """
      local ttl = redis.call('PTTL', KEYS[1])
      local v = redis.call('INCRBY', KEYS[1], ARGV[1])
      if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return v""";

  /** A token bucket on Redis's clock; returns the wait in microseconds, 0 when taken. */
  private static final String TAKE =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local n = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local cap = tonumber(ARGV[3])
      local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
      local tokens = tonumber(b[1]); local ts = tonumber(b[2])
      if tokens == nil then tokens = cap; ts = now end
      tokens = math.min(cap, tokens + (now - ts) / 1000000 * rate)
      local wait = 0
      if tokens >= n then tokens = tokens - n else wait = math.ceil((n - tokens) / rate * 1000000) end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
      redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate * 1000) + 1000)
      return wait""";

  /** A lease in a sorted set scored by its end on Redis's clock; 1 when taken. */
  private static final String LEASE =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
      local ttl = tonumber(ARGV[2])
      redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
      if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
      return 1""";

  /** The live leases of a semaphore. */
  private static final String LEASES =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      return redis.call('ZCARD', KEYS[1])""";

  /** SET only when the current value is the expected one (ARGV[1] = 0: none expected). */
  private static final String REPLACE =
      """
      local cur = redis.call('GET', KEYS[1])
      if (ARGV[1] == '0' and not cur) or (ARGV[1] == '1' and cur == ARGV[2]) then
        redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
        return 1
      end
      return 0""";

  private final UnifiedJedis jedis;
  private final boolean ownsClient;
  private final String prefix;
  private final String description;

  private RedisCoordination(
      UnifiedJedis jedis, boolean ownsClient, String prefix, String description) {
    this.jedis = jedis;
    this.ownsClient = ownsClient;
    this.prefix = prefix + ":coord:";
    this.description = description;
  }

  /**
   * Returns coordination on the Redis that {@code connections} reach, its keys under {@code prefix}
   * (the cache's prefix keeps one application's keys together).
   */
  public static RedisCoordination open(RedisConnections connections, String prefix) {
    Objects.requireNonNull(connections, "connections");
    checkPrefix(prefix);
    return new RedisCoordination(
        connections.open(), connections.ownsClient(), prefix, connections.description());
  }

  /** Returns coordination on a caller-built client, which the caller closes. */
  public static RedisCoordination on(UnifiedJedis jedis, String prefix) {
    checkPrefix(prefix);
    return new RedisCoordination(
        Objects.requireNonNull(jedis, "jedis"), false, prefix, "caller-built client");
  }

  private static void checkPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty() || prefix.contains(" ")) {
      throw new IllegalArgumentException(
          "prefix must be non-empty without spaces, got '" + prefix + "'");
    }
  }

  private String key(String k) {
    return prefix + Objects.requireNonNull(k, "key");
  }

  private <T> T call(String what, Supplier<T> op) {
    try {
      return op.get();
    } catch (JedisException e) {
      throw unavailable(what, e);
    }
  }

  /**
   * Runs a read, once more on a fresh connection if the pooled one was dead (a Redis that restarted
   * leaves every pooled connection broken; a read is safe to send twice, a write is not).
   */
  private <T> T read(String what, Supplier<T> op) {
    try {
      return op.get();
    } catch (JedisConnectionException stale) {
      return call(what, op);
    } catch (JedisException e) {
      throw unavailable(what, e);
    }
  }

  private static RunwayServiceException unavailable(String what, JedisException e) {
    return new RunwayServiceException(
        "Redis coordination "
            + what
            + " failed: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + RedisConnections.mask(e.getMessage())),
        "redis",
        ErrorCategory.UNAVAILABLE,
        null,
        e);
  }

  private Object eval(String what, String script, String key, String... args) {
    return call(what, () -> jedis.eval(script, List.of(key), List.of(args)));
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public long add(String counter, long delta, Duration ttl) {
    Checks.positive(ttl, "ttl");
    return (Long)
        eval("add", ADD, key(counter), Long.toString(delta), Long.toString(ttl.toMillis()));
  }

  @Override
  public long get(String counter) {
    String v = read("get", () -> jedis.get(key(counter)));
    return v == null ? 0 : Long.parseLong(v);
  }

  @Override
  public Duration tryTake(String bucket, int permits, double perSecond, int capacity) {
    Checks.tokenBucket(permits, perSecond, capacity);
    long micros =
        (Long)
            eval(
                "take",
                TAKE,
                key(bucket),
                Integer.toString(permits),
                Double.toString(perSecond),
                Integer.toString(capacity));
    return Duration.ofNanos(micros * 1000);
  }

  @Override
  public Optional<Lease> tryLease(String semaphore, int limit, Duration ttl) {
    Checks.positive(ttl, "ttl");
    Checks.atLeastOne(limit, "limit");
    String id = UUID.randomUUID().toString();
    long taken =
        (Long)
            eval(
                "lease",
                LEASE,
                key(semaphore),
                Integer.toString(limit),
                Long.toString(ttl.toMillis()),
                id);
    return taken == 1 ? Optional.of(new Lease(semaphore, id)) : Optional.empty();
  }

  @Override
  public void release(Lease lease) {
    call("release", () -> jedis.zrem(key(lease.semaphore()), lease.id()));
  }

  @Override
  public int leases(String semaphore) {
    String k = key(semaphore);
    return ((Long) read("leases", () -> jedis.eval(LEASES, List.of(k), List.of()))).intValue();
  }

  private String memberKey(String set, String member) {
    return key(
        "set:"
            + Objects.requireNonNull(set, "set")
            + ":"
            + Objects.requireNonNull(member, "member"));
  }

  @Override
  public void addMember(String set, String member, Duration ttl) {
    Checks.positive(ttl, "ttl");
    String k = memberKey(set, member);
    call("add member", () -> jedis.set(k, "1", SetParams.setParams().px(ttl.toMillis())));
  }

  @Override
  public boolean hasMember(String set, String member) {
    String k = memberKey(set, member);
    return read("member", () -> jedis.exists(k));
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    Objects.requireNonNull(value, "value");
    Checks.positive(ttl, "ttl");
    call(
        "put", () -> jedis.set(key("rec:" + key), value, SetParams.setParams().px(ttl.toMillis())));
  }

  @Override
  public boolean replace(String key, Optional<String> expected, String value, Duration ttl) {
    Objects.requireNonNull(value, "value");
    Checks.positive(ttl, "ttl");
    long done =
        (Long)
            eval(
                "replace",
                REPLACE,
                key("rec:" + key),
                expected.isPresent() ? "1" : "0",
                expected.orElse(""),
                value,
                Long.toString(ttl.toMillis()));
    return done == 1;
  }

  @Override
  public Optional<String> read(String key) {
    return Optional.ofNullable(read("read", () -> jedis.get(key("rec:" + key))));
  }

  @Override
  public Health health() {
    try {
      jedis.ping();
      return Health.up("coordination:redis");
    } catch (JedisException e) {
      return Health.down(
          "coordination:redis", "Redis does not answer: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      jedis.close();
    }
  }

  @Override
  public String toString() {
    return "RedisCoordination{" + description + ", keys " + prefix + "*}";
  }
}
