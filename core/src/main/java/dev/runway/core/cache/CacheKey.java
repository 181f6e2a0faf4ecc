package dev.runway.core.cache;

import dev.runway.core.query.Query;
import dev.runway.core.sql.ParsedSql;
import java.io.ByteArrayOutputStream;
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

  // MessageDigest.getInstance costs more than hashing a short key; one digest per thread.
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  });

  /** Validates the value. */
  public CacheKey {
    Objects.requireNonNull(value, "value");
    if (!isHex64(value)) {
      throw new IllegalArgumentException("a cache key is 64 lower-case hex digits, got '" + value + "'");
    }
  }

  /** Returns the key of {@code query}, using its own cache scope. */
  public static CacheKey of(Query query) {
    return of(ParsedSql.parse(query.sql()), query.params(), query.cacheScope().orElse(""));
  }

  /** Returns the key of already-parsed SQL with parameters and a scope. */
  public static CacheKey of(ParsedSql sql, Map<String, Object> params, String scope) {
    // Everything is written into one buffer and hashed in a single update: MessageDigest's
    // per-call overhead is larger than hashing a short key.
    ByteArrayOutputStream buf = new ByteArrayOutputStream(160);
    put(buf, "runway-cache-key-v1");
    put(buf, scope);
    buf.writeBytes(sql.normalizedDigest());
    Iterable<Map.Entry<String, Object>> sorted = params.size() <= 1 ? params.entrySet()
        : new TreeMap<>(params).entrySet();
    for (Map.Entry<String, Object> p : sorted) {
      put(buf, p.getKey());
      put(buf, canonical(p.getValue()));
    }
    MessageDigest sha = SHA256.get();
    sha.reset();
    return new CacheKey(HexFormat.of().formatHex(sha.digest(buf.toByteArray())));
  }

  /** Writes a length-prefixed string, so ("ab","c") and ("a","bc") hash differently. */
  private static void put(ByteArrayOutputStream buf, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int n = bytes.length;
    buf.write(n >>> 24);
    buf.write(n >>> 16);
    buf.write(n >>> 8);
    buf.write(n);
    buf.writeBytes(bytes);
  }

  private static boolean isHex64(String v) {
    if (v.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = v.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
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
    String type = v instanceof String ? "String" : v instanceof Integer ? "Integer" : v instanceof Long ? "Long"
        : v.getClass().getSimpleName();
    return type + ":" + v;
  }

  /** Returns a short form for logs: the first 12 hex digits. */
  @Override
  public String toString() {
    return "CacheKey[" + value.substring(0, 12) + "]";
  }
}
