package dev.runway.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Copies keys from one Redis server to another, such as from a single-node Redis to ElastiCache,
 * preserving each key's absolute expiry, then verifies the copy. Not thread-safe; one run at a
 * time.
 *
 * <p>Keys are walked with {@code SCAN} (never {@code KEYS}) in batches; each batch reads {@code
 * DUMP} and {@code PEXPIRETIME} from the source in one pipeline and writes {@code RESTORE ...
 * ABSTTL REPLACE} to the target in another. Because the expiry is copied as an absolute time, a key
 * expires on the target at the same moment as on the source however long the copy takes. A key that
 * expires or disappears during the copy is skipped and counted. Needs Redis 7.0 or newer on the
 * source ({@code PEXPIRETIME}); works on standalone and Sentinel-managed servers (a Cluster source
 * is walked per node by the caller).
 */
public final class RedisKeyMigrator {

  /**
   * What a copy did.
   *
   * @param scanned keys seen by SCAN
   * @param copied keys written to the target (0 in a dry run)
   * @param withoutTtl copied keys that have no expiry
   * @param expiredDuringCopy keys that vanished or expired before they could be copied
   * @param dryRun whether nothing was written
   */
  public record CopyReport(
      long scanned, long copied, long withoutTtl, long expiredDuringCopy, boolean dryRun) {}

  /**
   * What a verification found.
   *
   * @param checked source keys checked
   * @param missing keys absent from the target
   * @param valueMismatches keys whose values differ
   * @param ttlMismatches keys whose expiries differ by more than the tolerance (or one has none)
   */
  public record VerifyReport(
      long checked,
      List<String> missing,
      List<String> valueMismatches,
      List<String> ttlMismatches) {
    /** Returns whether the target matches the source. */
    public boolean ok() {
      return missing.isEmpty() && valueMismatches.isEmpty() && ttlMismatches.isEmpty();
    }
  }

  private final UnifiedJedis source;
  private final UnifiedJedis target;
  private final String match;
  private final int batchSize;
  private final Clock clock;

  /**
   * Creates a migrator.
   *
   * @param source where keys are read
   * @param target where keys are written
   * @param match a SCAN pattern such as {@code runway:*}, or {@code *}
   * @param batchSize keys per SCAN page and pipeline (100 to 10,000 is sensible)
   */
  public RedisKeyMigrator(UnifiedJedis source, UnifiedJedis target, String match, int batchSize) {
    this(source, target, match, batchSize, Clock.systemUTC());
  }

  RedisKeyMigrator(
      UnifiedJedis source, UnifiedJedis target, String match, int batchSize, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.target = Objects.requireNonNull(target, "target");
    this.match = Objects.requireNonNull(match, "match");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /**
   * Copies every matching key; with {@code dryRun} only counts what would be copied.
   *
   * @param progress told the number of keys scanned so far after each batch (may be a no-op)
   */
  public CopyReport copy(boolean dryRun, Consumer<Long> progress) {
    long scanned = 0;
    long copied = 0;
    long withoutTtl = 0;
    long expired = 0;
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    ScanParams params = new ScanParams().match(match).count(batchSize);
    do {
      ScanResult<byte[]> page = source.scan(cursor, params);
      cursor = page.getCursorAsBytes();
      List<byte[]> keys = page.getResult();
      scanned += keys.size();
      if (!keys.isEmpty()) {
        List<Response<byte[]>> dumps = new ArrayList<>(keys.size());
        List<Response<Long>> expiries = new ArrayList<>(keys.size());
        try (AbstractPipeline p = source.pipelined()) {
          for (byte[] k : keys) {
            expiries.add(p.pexpireTime(k));
            dumps.add(p.dump(k));
          }
          p.sync();
        }
        long now = clock.millis();
        try (AbstractPipeline p = target.pipelined()) {
          for (int i = 0; i < keys.size(); i++) {
            byte[] dump = dumps.get(i).get();
            long expireAt = expiries.get(i).get();
            if (dump == null || expireAt == -2 || (expireAt >= 0 && expireAt <= now)) {
              expired++;
              continue;
            }
            if (expireAt == -1) {
              withoutTtl++;
            }
            copied++;
            if (!dryRun) {
              p.restore(
                  keys.get(i),
                  expireAt == -1 ? 0 : expireAt,
                  dump,
                  expireAt == -1
                      ? RestoreParams.restoreParams().replace()
                      : RestoreParams.restoreParams().replace().absTtl());
            }
          }
          p.sync();
        }
      }
      progress.accept(scanned);
    } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    return new CopyReport(scanned, dryRun ? 0 : copied, withoutTtl, expired, dryRun);
  }

  /**
   * Compares every matching source key with the target: presence, value (by type: strings, hashes,
   * lists, sets, sorted sets; other types by their DUMP bytes) and absolute expiry within {@code
   * ttlTolerance}. Keys that expire while it runs are ignored. Reports at most 1,000 keys of each
   * kind.
   */
  public VerifyReport verify(Duration ttlTolerance) {
    long checked = 0;
    List<String> missing = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<String> ttls = new ArrayList<>();
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    ScanParams params = new ScanParams().match(match).count(batchSize);
    long tolerance = ttlTolerance.toMillis();
    do {
      ScanResult<byte[]> page = source.scan(cursor, params);
      cursor = page.getCursorAsBytes();
      for (byte[] k : page.getResult()) {
        long srcExpire = source.pexpireTime(k);
        if (srcExpire == -2) {
          continue; // expired since SCAN saw it
        }
        checked++;
        String name = new String(k, StandardCharsets.UTF_8);
        long dstExpire = target.pexpireTime(k);
        if (dstExpire == -2) {
          add(missing, name);
          continue;
        }
        if (!Objects.equals(canonical(source, k), canonical(target, k))) {
          add(values, name);
        }
        boolean ttlOk =
            (srcExpire == -1 && dstExpire == -1)
                || (srcExpire >= 0
                    && dstExpire >= 0
                    && Math.abs(srcExpire - dstExpire) <= tolerance);
        if (!ttlOk) {
          add(ttls, name);
        }
      }
    } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    return new VerifyReport(checked, List.copyOf(missing), List.copyOf(values), List.copyOf(ttls));
  }

  private static void add(List<String> list, String key) {
    if (list.size() < 1_000) {
      list.add(key);
    }
  }

  /** Returns a comparable form of a key's value, independent of the server's RDB version. */
  private static @Nullable Object canonical(UnifiedJedis jedis, byte[] key) {
    String type = jedis.type(key);
    switch (type) {
      case "string":
        return Arrays.toString(jedis.get(key));
      case "hash":
        {
          Map<String, String> m = new TreeMap<>();
          jedis.hgetAll(key).forEach((f, v) -> m.put(Arrays.toString(f), Arrays.toString(v)));
          return m;
        }
      case "list":
        return jedis.lrange(key, 0, -1).stream().map(Arrays::toString).collect(Collectors.toList());
      case "set":
        return jedis.smembers(key).stream()
            .map(Arrays::toString)
            .collect(Collectors.toCollection(TreeSet::new));
      case "zset":
        {
          List<String> z = new ArrayList<>();
          for (Tuple t : jedis.zrangeWithScores(key, 0, -1)) {
            z.add(Arrays.toString(t.getBinaryElement()) + "=" + t.getScore());
          }
          return z;
        }
      case "none":
        return null;
      default:
        return Arrays.toString(jedis.dump(key));
    }
  }
}
