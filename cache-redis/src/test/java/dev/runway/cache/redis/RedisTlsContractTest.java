package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.Query;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.QueryCacheContract;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.SampleData;
import dev.runway.testkit.ServerFixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache contract over TLS ({@code rediss://}, as ElastiCache with in-transit encryption),
 * against a redis-server that accepts TLS only, with a certificate made for the test by openssl.
 */
class RedisTlsContractTest extends QueryCacheContract {

  private static final AtomicInteger NAMESPACE = new AtomicInteger();
  private static RedisServer server;
  private static SSLSocketFactory trusting;
  private static Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    Path openssl = ServerFixtures.findExecutable("openssl");
    if (openssl == null) {
      ServerFixtures.unavailable(
          "openssl is not on the PATH; it makes the test certificate (apt-get install openssl)");
    }
    dir = Files.createTempDirectory("runway-tls");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process p =
        new ProcessBuilder(
                openssl.toString(),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl failed: " + out);
    }
    server = RedisServer.startTls(cert, key);
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "redis", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    trusting = ctx.getSocketFactory();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  @Override
  protected QueryCache createCache(MutableClock clock) {
    return RedisQueryCache.builder()
        .uri(server.uri())
        .sslSocketFactory(trusting)
        .prefix("tls" + NAMESPACE.incrementAndGet())
        .build();
  }

  @Override
  protected boolean followsClock() {
    return false;
  }

  @Test
  void plainTextClient_cannotTalkToTlsServer_andDegradesToMiss() {
    try (RedisQueryCache plain =
        RedisQueryCache.builder()
            .uri("redis://127.0.0.1:" + server.port())
            .socketTimeout(Duration.ofMillis(300))
            .build()) {
      CacheKey k = CacheKey.of(Query.of("SELECT 'tls'"));
      plain.put(k, SampleData.result(1), Duration.ofMinutes(1), Set.of());
      assertThat(plain.get(k)).isEmpty();
      assertThat(plain.stats().errors()).isPositive();
    }
  }
}
