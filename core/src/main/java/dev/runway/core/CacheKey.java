package dev.runway.core;

import dev.runway.core.spi.ParsedSql;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The key of a cached query result: a SHA-256 hash of the normalised SQL, the bound parameter
 * values (with their types, so {@code '1'} and {@code 1} differ) and the cache scope (for example
 * a persona). Two queries that differ only in whitespace or comments share a key. The hash keeps
 * parameter values out of cache keys, logs and Redis key listings.
 *
 * @param value 64 lower-case hex digits
 */
public record CacheKey(String value) {

  /** Validates the value. */
  public CacheKey {
    Objects.requireNonNull(value, "value");
    if (!value.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a cache key is 64 lower-case hex digits, got '" + value + "'");
    }
  }

  /** Returns the key of {@code query}, using its own cache scope. */
  public static CacheKey of(Query query) {
    return of(ParsedSql.parse(query.sql()), query.params(), query.cacheScope().orElse(""));
  }

  /** Returns the key of already-parsed SQL with parameters and a scope. */
  public static CacheKey of(ParsedSql sql, Map<String, Object> params, String scope) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    update(sha, "runway-cache-key-v1");
    update(sha, scope);
    sha.update(sql.normalizedDigest());
    for (Map.Entry<String, Object> p : new TreeMap<>(params).entrySet()) {
      update(sha, p.getKey());
      update(sha, canonical(p.getValue()));
    }
    return new CacheKey(HexFormat.of().formatHex(sha.digest()));
  }

  private static void update(MessageDigest sha, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    // length-prefixed, so ("ab","c") and ("a","bc") hash differently
    sha.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
        (byte) (bytes.length >>> 8), (byte) bytes.length});
    sha.update(bytes);
  }

  private static String canonical(Object v) {
    if (v == null || v == Query.NULL) {
      return "null";
    }
    if (v instanceof byte[] b) {
      return "bytes:" + Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof BigDecimal d) {
      return "decimal:" + d.toPlainString();
    }
    return v.getClass().getSimpleName() + ":" + v;
  }

  /** Returns a short form for logs: the first 12 hex digits. */
  @Override
  public String toString() {
    return "CacheKey[" + value.substring(0, 12) + "]";
  }
}
