package dev.runway.cache.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runway.core.cache.CacheKey;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * A small in-process layer in front of Redis, kept coherent by invalidation messages on a Redis
 * pub/sub channel. Jedis' own client-side caching needs Redis 7.4+ and has no TTL, so it cannot
 * serve ElastiCache Redis OSS 7.1, Valkey or Debian's Redis 7.0; this works with any of them.
 *
 * <p>Every change an instance makes (a put, an invalidation of a key, a tag or everything) is
 * published; the other instances drop the affected local entries. The local layer is used only
 * while the subscription is live: when it drops (Redis restarts, fails over, the network breaks)
 * the local entries are cleared and reads go to Redis, and when it is re-established they are
 * cleared again, because messages sent in between were lost. So a value changed during an outage is
 * never served from memory.
 */
final class NearCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NearCache.class);

  record Local(QueryResult result, long namespace, Map<String, Long> tags) {}

  private final Cache<CacheKey, Local> local;
  private final String channel;
  private final String instanceId = UUID.randomUUID().toString();
  private final UnifiedJedis jedis;
  private final AtomicBoolean live = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder hits = new LongAdder();
  private final LongAdder resets = new LongAdder();
  private final Thread subscriber;
  private volatile @Nullable JedisPubSub pubSub;

  NearCache(UnifiedJedis jedis, String prefix, int maxEntries, Duration maxTtl) {
    this.jedis = jedis;
    this.channel = prefix + ":invalidations";
    this.local = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxTtl).build();
    this.subscriber = new Thread(this::subscribeLoop, "runway-redis-near-cache");
    this.subscriber.setDaemon(true);
    this.subscriber.start();
  }

  /** Returns the local entry, only while the invalidation channel is live. */
  Optional<QueryResult> get(CacheKey key) {
    if (!live.get()) {
      return Optional.empty();
    }
    Local l = local.getIfPresent(key);
    if (l == null) {
      return Optional.empty();
    }
    hits.increment();
    return Optional.of(l.result());
  }

  /** Keeps a value read from or written to Redis. */
  void put(CacheKey key, QueryResult result, long namespace, Map<String, Long> tags) {
    if (live.get()) {
      local.put(key, new Local(result, namespace, tags));
    }
  }

  /** Message to publish after this instance wrote a key. */
  String keyChanged(CacheKey key) {
    local.invalidate(key);
    return instanceId + " k " + key.value();
  }

  /** Message to publish after this instance invalidated a tag. */
  String tagChanged(String tag) {
    dropTag(tag);
    return instanceId + " t " + tag;
  }

  /** Message to publish after this instance invalidated everything. */
  String allChanged() {
    local.invalidateAll();
    return instanceId + " a -";
  }

  String channel() {
    return channel;
  }

  boolean isLive() {
    return live.get();
  }

  long hits() {
    return hits.sum();
  }

  long resets() {
    return resets.sum();
  }

  private void dropTag(String tag) {
    local.asMap().values().removeIf(l -> l.tags().containsKey(tag));
  }

  private void onMessage(String message) {
    String[] parts = message.split(" ", 3);
    if (parts.length != 3 || parts[0].equals(instanceId)) {
      return; // our own change, already applied locally
    }
    switch (parts[1]) {
      case "k" -> {
        try {
          // keys are compared by their material in process; a message carries the hashed value
          String value = parts[2];
          local.asMap().keySet().removeIf(k -> k.value().equals(value));
        } catch (IllegalArgumentException malformed) {
          local.invalidateAll();
        }
      }
      case "t" -> dropTag(parts[2]);
      default -> local.invalidateAll();
    }
  }

  private void reset(boolean nowLive) {
    // Cleared on both edges: entries kept while messages could be missed are not trusted.
    live.set(false);
    local.invalidateAll();
    resets.increment();
    if (nowLive) {
      live.set(true);
    }
  }

  private void subscribeLoop() {
    long pause = 50;
    while (!closed.get()) {
      JedisPubSub ps =
          new JedisPubSub() {
            @Override
            public void onSubscribe(String ch, int count) {
              reset(true);
              LOG.debug("near cache subscribed to {}", ch);
            }

            @Override
            public void onMessage(String ch, String message) {
              NearCache.this.onMessage(message);
            }
          };
      pubSub = ps;
      try {
        jedis.subscribe(ps, channel); // blocks until unsubscribed or the connection breaks
        pause = 50;
      } catch (RuntimeException e) {
        if (!closed.get()) {
          LOG.debug("near cache subscription lost ({}); local entries dropped", e.toString());
        }
      } finally {
        reset(false);
      }
      if (!closed.get()) {
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          return;
        }
        pause = Math.min(1_000, pause * 2);
      }
    }
  }

  @Override
  public void close() {
    closed.set(true);
    JedisPubSub ps = pubSub;
    if (ps != null) {
      try {
        ps.unsubscribe();
      } catch (RuntimeException ignored) {
        // not subscribed at the moment
      }
    }
    subscriber.interrupt();
    local.invalidateAll();
  }
}
