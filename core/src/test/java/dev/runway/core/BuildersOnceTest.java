package dev.runway.core;

import static dev.runway.core.BuilderChecks.twice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.local.PasswordHasher;
import dev.runway.core.resilience.ResiliencePolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every builder setting may be given once: a second call fails at once, naming the builder and the
 * setting, and never quotes a secret. A setting given twice is a bug in the caller's wiring (two
 * configuration sources, say) that silently taking the last one would hide.
 */
class BuildersOnceTest {

  @Test
  void resiliencePolicy() {
    Supplier<ResiliencePolicy.Builder> b = ResiliencePolicy::builder;
    twice(b, "name", x -> x.name("n"));
    twice(b, "maxAttempts", x -> x.maxAttempts(2));
    twice(b, "backoff", x -> x.backoff(Duration.ofMillis(1), Duration.ofMillis(2)));
    twice(b, "jitter", x -> x.jitter(0.1));
    twice(b, "circuitBreaker", x -> x.circuitBreaker(3, Duration.ofSeconds(1)));
    twice(b, "timeout", x -> x.timeout(Duration.ofSeconds(1)));
    twice(b, "retryOn", x -> x.retryOn(t -> true));
    twice(b, "onCircuitChange", x -> x.onCircuitChange(s -> {}));
  }

  @Test
  void resiliencePolicy_boundsAndToString() {
    // equal bounds are a fixed delay (Failsafe's back-off alone refuses them at build)
    java.util.concurrent.atomic.AtomicInteger attempts =
        new java.util.concurrent.atomic.AtomicInteger();
    ResiliencePolicy fixed =
        ResiliencePolicy.builder()
            .maxAttempts(3)
            .retryOn(t -> true)
            .backoff(Duration.ofMillis(5), Duration.ofMillis(5))
            .build();
    assertThat(
            fixed.execute(
                () -> {
                  if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("again");
                  }
                  return "done";
                }))
        .isEqualTo("done");
    assertThat(attempts).hasValue(3);
    assertThatThrownBy(
            () -> ResiliencePolicy.builder().backoff(Duration.ofMillis(5), Duration.ofMillis(4)))
        .hasMessage("max backoff PT0.004S is below the initial PT0.005S");
    ResiliencePolicy.builder().jitter(0).build();
    ResiliencePolicy.builder().jitter(1).build();
    assertThatThrownBy(() -> ResiliencePolicy.builder().jitter(1.01))
        .hasMessage("jitter must be between 0 and 1, got 1.01");
    assertThatThrownBy(() -> ResiliencePolicy.builder().jitter(-0.01))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResiliencePolicy.builder().maxAttempts(0))
        .hasMessage("maxAttempts must be >= 1, got 0");
    assertThatThrownBy(() -> ResiliencePolicy.builder().circuitBreaker(-1, Duration.ofSeconds(1)))
        .hasMessage("failureThreshold must be >= 0, got -1");
    ResiliencePolicy p =
        ResiliencePolicy.builder()
            .name("db")
            .maxAttempts(3)
            .backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
            .jitter(0.25)
            .circuitBreaker(5, Duration.ofSeconds(30))
            .timeout(Duration.ofSeconds(10))
            .build();
    assertThat(p.toString())
        .isEqualTo(
            "ResiliencePolicy{name=db, maxAttempts=3, backoff=PT0.1S..PT2S, jitter=0.25,"
                + " breaker=5 failures/PT30S, timeout=PT10S}");
    assertThat(
            ResiliencePolicy.builder()
                .name("x")
                .circuitBreaker(0, Duration.ofSeconds(1))
                .build()
                .toString())
        .contains("breaker=off")
        .contains("timeout=off");
    assertThat(ResiliencePolicy.builder().name("x").timeout(null).build().timeout()).isEmpty();
    assertThat(p.timeout()).hasValue(Duration.ofSeconds(10));
    assertThat(p.maxAttempts()).isEqualTo(3);
  }

  @Test
  void localComponents() {
    twice(InMemoryQueryCache::builder, "defaultTtl", x -> x.defaultTtl(Duration.ofMinutes(1)));
    twice(InMemoryQueryCache::builder, "maximumBytes", x -> x.maximumBytes(1_000_000));
    twice(InMemoryQueryCache::builder, "clock", x -> x.clock(Clock.systemUTC()));
    twice(InMemorySessionStore::builder, "ttl", x -> x.ttl(Duration.ofMinutes(1)));
    twice(InMemorySessionStore::builder, "clock", x -> x.clock(Clock.systemUTC()));
    twice(InMemorySessionStore::builder, "purgeInterval", x -> x.purgeInterval(Duration.ZERO));
    twice(
        FileAuthProvider::builder, "users", x -> x.users(dev.runway.core.local.UsersFile.empty()));
    twice(FileAuthProvider::builder, "passwordCost", x -> x.passwordCost(10));
    twice(FileAuthProvider::builder, "clock", x -> x.clock(Clock.systemUTC()));
    twice(
        FileAuthProvider::builder, "accessTokenTtl", x -> x.accessTokenTtl(Duration.ofMinutes(5)));
    twice(
        FileAuthProvider::builder, "refreshTokenTtl", x -> x.refreshTokenTtl(Duration.ofHours(5)));
    twice(FileAuthProvider::builder, "issuer", x -> x.issuer("runway"));
    twice(FileAuthProvider::builder, "signingSecret", x -> x.signingSecret("s".repeat(40)));
    twice(
        FileAuthProvider::builder,
        "lockout",
        x -> x.lockout(5, Duration.ofSeconds(1), Duration.ofMinutes(15)));
    FileAuthProvider.Builder secret =
        FileAuthProvider.builder().signingSecret("top-secret-value-" + "x".repeat(30));
    assertThatThrownBy(() -> secret.signingSecret("another-secret-value-" + "y".repeat(30)))
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("top-secret")
                    .doesNotContain("another-secret"));
    twice(
        JdbcDatabaseClient::builder, "duckDbInMemory", JdbcDatabaseClient.Builder::duckDbInMemory);
    twice(JdbcDatabaseClient::builder, "duckDbFile", x -> x.duckDbFile(Path.of("x.duckdb")));
    twice(
        JdbcDatabaseClient::builder, "url", x -> x.url("jdbc:postgresql://h/db?password=hunter2"));
    twice(JdbcDatabaseClient::builder, "user", x -> x.user("u"));
    twice(JdbcDatabaseClient::builder, "password", x -> x.password("hunter2"));
    twice(JdbcDatabaseClient::builder, "engine", x -> x.engine("postgresql"));
    twice(JdbcDatabaseClient::builder, "fetchSize", x -> x.fetchSize(100));
    twice(JdbcDatabaseClient::builder, "maxIdleConnections", x -> x.maxIdleConnections(2));
    twice(JdbcDatabaseClient::builder, "executor", x -> x.executor(Runnable::run));
    twice(JdbcDatabaseClient::builder, "initSql", x -> x.initSql("SET x = 1"));
    JdbcDatabaseClient.Builder url =
        JdbcDatabaseClient.builder().url("jdbc:postgresql://h/db?password=hunter2");
    assertThatThrownBy(() -> url.url("jdbc:postgresql://h/db?password=hunter3"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter"));
    assertThatThrownBy(() -> JdbcDatabaseClient.builder().fetchSize(0))
        .hasMessage("fetchSize must be positive, got 0");
    JdbcDatabaseClient.builder().fetchSize(1);
    assertThatThrownBy(() -> JdbcDatabaseClient.builder().maxIdleConnections(-1))
        .hasMessage("maxIdleConnections must be >= 0, got -1");
    JdbcDatabaseClient.builder().maxIdleConnections(0);
    assertThatThrownBy(() -> JdbcDatabaseClient.builder().url("postgresql://h/db"))
        .hasMessageContaining("a JDBC URL starts with 'jdbc:'");
  }

  @Test
  void passwordHasher_limitsAndMalformedHashes() {
    String hash = PasswordHasher.hash("correct horse".toCharArray(), 4);
    assertThat(PasswordHasher.verify("correct horse".toCharArray(), hash)).isTrue();
    assertThat(PasswordHasher.verify("wrong horse".toCharArray(), hash)).isFalse();
    assertThat(PasswordHasher.verify("x".toCharArray(), "not a hash")).isFalse();
    String max = "a".repeat(72);
    String over = "a".repeat(73);
    assertThat(PasswordHasher.fitsLimit(max)).isTrue();
    assertThat(PasswordHasher.fitsLimit(over)).isFalse();
    assertThat(PasswordHasher.fitsLimit("é".repeat(36))).isTrue();
    assertThat(PasswordHasher.fitsLimit("é".repeat(37))).isFalse();
    String maxHash = PasswordHasher.hash(max.toCharArray(), 4);
    assertThat(PasswordHasher.verify(max.toCharArray(), maxHash)).isTrue();
    // bcrypt would ignore the 73rd byte: refused rather than accepted as the 72-byte password
    assertThat(PasswordHasher.verify(over.toCharArray(), maxHash)).isFalse();
    assertThatThrownBy(() -> PasswordHasher.hash(over.toCharArray(), 4))
        .hasMessage(
            "the password is 73 bytes in UTF-8; bcrypt uses at most 72 bytes, so choose a shorter password");
    assertThatThrownBy(() -> PasswordHasher.hash(new char[0], 4))
        .hasMessage("the password is empty");
    assertThatThrownBy(() -> PasswordHasher.hash("x".toCharArray(), 3))
        .hasMessage("bcrypt cost must be between 4 and 31, got 3");
    assertThatThrownBy(() -> PasswordHasher.hash("x".toCharArray(), 32))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PasswordHasher.costOf(hash)).isEqualTo(4);
    assertThat(hash).startsWith("$2b$04$");
  }
}
