package dev.runway.core.cache;

import dev.runway.core.query.Query;
import dev.runway.core.sql.ParsedSql;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The key of a cached query result: the normalised SQL, the bound parameter values (with their
 * types, so {@code '1'} and {@code 1} differ) and the cache scope (for example a persona). Two
 * queries that differ only in whitespace or comments share a key.
 *
 * <p>In process, a key is its material: {@link #equals} compares the scope, the normalised SQL and
 * every typed parameter value in full, so two keys are equal only when they would hash equal in any
 * function, and a hash collision can never serve one persona's result to another. Where a key
 * leaves the process (a Redis key, a near-cache invalidation message), {@link #value()} is its
 * SHA-256 in 64 hex digits, computed once per key; it keeps parameter values out of Redis key
 * listings and logs. {@link #ofValue(String)} rebuilds a key from such a value; value-only keys are
 * equal to each other by value, never to a material key.
 */
public final class CacheKey {

  // MessageDigest.getInstance costs more than hashing a short key; one digest per thread.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
          });
  private static final Object[] NO_PARAMS = new Object[0];
  private static final Object NULL = new Object();

  // A key is either built from material (scope and sql set, value computed on first use) or known
  // by its value alone (scope and sql null, value set). The methods marked
  // @SuppressWarnings("NullAway") rely on that invariant, which the two factories establish.
  private final @Nullable String scope;
  private final @Nullable ParsedSql sql;
  private final Object[] params; // name, value, name, value... in name order; byte[] values as-is
  private final int hash;
  private volatile @Nullable String value;

  @SuppressWarnings("NullAway") // see the invariant above
  private CacheKey(
      @Nullable String scope, @Nullable ParsedSql sql, Object[] params, @Nullable String value) {
    this.scope = scope;
    this.sql = sql;
    this.params = params;
    this.value = value;
    if (sql == null) {
      this.hash = value.hashCode();
    } else {
      int h = scope.hashCode() * 31 + sql.normalized().hashCode();
      for (Object p : params) {
        h =
            h * 31
                + (p instanceof byte[] b
                    ? Arrays.hashCode(b)
                    : p instanceof BigDecimal d ? d.toPlainString().hashCode() : p.hashCode());
      }
      this.hash = h;
    }
  }

  /** Returns the key of {@code query}, using its own cache scope. */
  public static CacheKey of(Query query) {
    return of(ParsedSql.parse(query.sql()), query.params(), query.cacheScope().orElse(""));
  }

  /** Returns the key of already-parsed SQL with parameters and a scope. */
  public static CacheKey of(ParsedSql sql, Map<String, Object> params, String scope) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(scope, "scope");
    Object[] material = params.isEmpty() ? NO_PARAMS : new Object[params.size() * 2];
    if (material.length > 0) {
      // forEach reaches the map's own entries; an entrySet() iterator of an unmodifiable map wraps
      // each entry in a new object
      params.forEach(new Collector(material));
    }
    return new CacheKey(scope, sql, material, null);
  }

  /** Inserts each parameter by name: parameters are few; allocates nothing beyond the array. */
  private static final class Collector implements BiConsumer<String, Object> {
    private final Object[] material;
    private int n;

    Collector(Object[] material) {
      this.material = material;
    }

    @Override
    public void accept(String name, @Nullable Object v) {
      int at = n;
      while (at > 0 && ((String) material[at - 2]).compareTo(name) > 0) {
        material[at] = material[at - 2];
        material[at + 1] = material[at - 1];
        at -= 2;
      }
      material[at] = name;
      material[at + 1] = v == null || v == Query.NULL ? NULL : v;
      n += 2;
    }
  }

  /**
   * Returns a key known only by its {@link #value()} (from a Redis key or an invalidation message);
   * it equals other value-only keys with the same value.
   *
   * @throws IllegalArgumentException unless {@code value} is 64 lower-case hex digits
   */
  public static CacheKey ofValue(String value) {
    Objects.requireNonNull(value, "value");
    if (!isHex64(value)) {
      throw new IllegalArgumentException(
          "a cache key is 64 lower-case hex digits, got '" + value + "'");
    }
    return new CacheKey(null, null, NO_PARAMS, value);
  }

  /** Returns the SHA-256 of the key's material in 64 lower-case hex digits; computed once. */
  public String value() {
    String v = value;
    if (v == null) {
      v = digest();
      value = v;
    }
    return v;
  }

  @SuppressWarnings("NullAway") // only material keys have no value yet
  private String digest() {
    // Everything is written into one buffer and hashed in a single update: MessageDigest's
    // per-call overhead is larger than hashing a short key. The layout is unchanged since v1, so
    // keys already in Redis stay valid.
    ByteArrayOutputStream buf = new ByteArrayOutputStream(160);
    put(buf, "runway-cache-key-v1");
    put(buf, scope);
    buf.writeBytes(sql.normalizedDigest());
    for (int i = 0; i < params.length; i += 2) {
      put(buf, (String) params[i]);
      put(buf, canonical(params[i + 1]));
    }
    MessageDigest sha = SHA256.get();
    sha.reset();
    return HexFormat.of().formatHex(sha.digest(buf.toByteArray()));
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
    if (v == NULL) {
      return "null";
    }
    if (v instanceof byte[] b) {
      return "bytes:" + Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof BigDecimal d) {
      return "decimal:" + d.toPlainString();
    }
    String type =
        v instanceof String
            ? "String"
            : v instanceof Integer
                ? "Integer"
                : v instanceof Long ? "Long" : v.getClass().getSimpleName();
    return type + ":" + v;
  }

  /**
   * Compares the material in full: scope, normalised SQL, and each parameter's name, type and value
   * (a {@link BigDecimal} by its plain text, so {@code 1.0} and {@code 1.00} differ as their hashes
   * do). Value-only keys compare by value.
   */
  @Override
  @SuppressWarnings("NullAway") // see the invariant above
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CacheKey k) || k.hash != hash) {
      return false;
    }
    if (sql == null || k.sql == null) {
      return sql == null && k.sql == null && value.equals(k.value);
    }
    if (!scope.equals(k.scope)
        || params.length != k.params.length
        || (sql != k.sql && !sql.normalized().equals(k.sql.normalized()))) {
      return false;
    }
    for (int i = 0; i < params.length; i++) {
      if (!sameValue(params[i], k.params[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameValue(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a.getClass() != b.getClass()) {
      return false;
    }
    if (a instanceof byte[] x) {
      return Arrays.equals(x, (byte[]) b);
    }
    if (a instanceof BigDecimal x) {
      return x.toPlainString().equals(((BigDecimal) b).toPlainString());
    }
    return a.equals(b);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Returns a short form for logs: the first 12 hex digits of the value. */
  @Override
  public String toString() {
    return "CacheKey[" + value().substring(0, 12) + "]";
  }
}
