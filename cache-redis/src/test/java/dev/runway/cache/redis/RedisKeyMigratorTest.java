package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.testkit.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

class RedisKeyMigratorTest {

  @Test
  @Timeout(120)
  void copy_tenThousandKeysWithMixedTtls_preservesExpiryAndVerifies() {
    try (RedisServer src = RedisServer.start();
        RedisServer dst = RedisServer.start();
        RedisClient from = RedisClient.create("127.0.0.1", src.port());
        RedisClient to = RedisClient.create("127.0.0.1", dst.port())) {
      try (AbstractPipeline p = from.pipelined()) {
        for (int i = 0; i < 10_000; i++) {
          String k = "runway:k" + i;
          switch (i % 5) {
            case 0 -> p.set(k, "value-" + i); // no TTL
            case 1 -> p.psetex(k, 3_600_000L + i * 37L, "value-" + i);
            case 2 -> {
              p.hset(k, Map.of("a", "1", "b", String.valueOf(i)));
              p.pexpire(k, 600_000L + i);
            }
            case 3 -> {
              p.rpush(k, "x", "y", String.valueOf(i));
              p.pexpire(k, 86_400_000L);
            }
            default -> p.zadd(k, i, "m" + i);
          }
        }
        p.set("other:untouched", "not matched");
        p.sync();
      }
      RedisKeyMigrator m = new RedisKeyMigrator(from, to, "runway:*", 500);

      RedisKeyMigrator.CopyReport dry = m.copy(true, n -> {});
      assertThat(dry.scanned()).isEqualTo(10_000);
      assertThat(dry.copied()).isZero();
      assertThat(to.dbSize()).as("a dry run writes nothing").isZero();

      AtomicLong progress = new AtomicLong();
      RedisKeyMigrator.CopyReport report = m.copy(false, progress::set);
      assertThat(report.copied()).isEqualTo(10_000);
      assertThat(report.withoutTtl()).isEqualTo(4_000);
      assertThat(progress.get()).isEqualTo(10_000);
      assertThat(to.exists("other:untouched")).isFalse();

      for (int i = 0; i < 10_000; i += 7) {
        String k = "runway:k" + i;
        long a = from.pexpireTime(k);
        long b = to.pexpireTime(k);
        if (a == -1) {
          assertThat(b).as("no TTL stays no TTL: " + k).isEqualTo(-1);
        } else {
          assertThat(Math.abs(a - b)).as("absolute expiry of " + k).isLessThanOrEqualTo(1_000);
        }
      }
      assertThat(to.hget("runway:k2", "b")).isEqualTo("2");
      assertThat(to.lrange("runway:k3", 0, -1)).isEqualTo(List.of("x", "y", "3"));

      RedisKeyMigrator.VerifyReport clean = m.verify(Duration.ofSeconds(1));
      assertThat(clean.ok()).isTrue();
      assertThat(clean.checked()).isEqualTo(10_000);

      to.set("runway:k10", "corrupted");
      to.del("runway:k11");
      to.pexpire("runway:k12", 5_000);
      RedisKeyMigrator.VerifyReport found = m.verify(Duration.ofSeconds(1));
      assertThat(found.ok()).isFalse();
      assertThat(found.valueMismatches()).containsExactly("runway:k10");
      assertThat(found.missing()).containsExactly("runway:k11");
      assertThat(found.ttlMismatches()).contains("runway:k12");
    }
  }

  @Test
  void copy_keyAlreadyExpired_isSkipped() throws Exception {
    try (RedisServer src = RedisServer.start();
        RedisServer dst = RedisServer.start();
        RedisClient from = RedisClient.create("127.0.0.1", src.port());
        RedisClient to = RedisClient.create("127.0.0.1", dst.port())) {
      // the key is still there when SCAN finds it, and already past its expiry by the migrator's
      // clock (10 minutes ahead) when it is copied: the skip path, deterministically
      from.psetex("runway:short", 60_000, "gone soon");
      from.set("runway:long", "stays");
      Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
      RedisKeyMigrator.CopyReport r =
          new RedisKeyMigrator(from, to, "runway:*", 100, ahead).copy(false, n -> {});
      assertThat(r.copied()).isEqualTo(1);
      assertThat(r.expiredDuringCopy()).isEqualTo(1);
      assertThat(to.exists("runway:short")).isFalse();
      assertThat(to.get("runway:long")).isEqualTo("stays");
    }
  }
}
