package dev.runway.core.query;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A query: SQL text with named parameters ({@code :name}), a timeout, a row limit, a label, and
 * hints for the result cache. Immutable and thread-safe.
 *
 * <p>Parameter values are always bound by the engine (JDBC {@code PreparedStatement}, Athena
 * execution parameters, Redshift Data API parameters), never spliced into the SQL text. Supported
 * value types: {@code String}, {@code Boolean}, {@code Integer}, {@code Long}, {@code Short},
 * {@code BigDecimal}, {@code BigInteger}, {@code Double}, {@code Float}, {@code LocalDate}, {@code
 * LocalDateTime}, {@code LocalTime}, {@code Instant}, {@code OffsetDateTime}, {@code UUID}, {@code
 * byte[]} and {@code null} (pass {@link #NULL} or use {@link Builder#param(String, Object)} with
 * {@code null}).
 *
 * <pre>{@code
 * Query q = Query.builder("SELECT * FROM product WHERE category = :category")
 *     .param("category", "Pumps")
 *     .timeout(Duration.ofSeconds(30))
 *     .maxRows(1_000)
 *     .label("warehouse.low-stock")
 *     .build();
 * }</pre>
 */
public final class Query {

  /** A marker for an explicit SQL NULL parameter value; {@code null} itself is accepted too. */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "NULL";
        }
      };

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String sql;
  private final Map<String, Object> params;
  private final @Nullable Duration timeout;
  private final int maxRows;
  private final @Nullable String label;
  private final @Nullable String cacheScope;
  private final @Nullable Duration cacheTtl;
  private final boolean cacheable;
  private final Set<String> tags;

  private Query(Builder b) {
    this.sql = b.sql;
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
    this.timeout = b.timeout;
    this.maxRows = b.maxRows;
    this.label = b.label;
    this.cacheScope = b.cacheScope;
    this.cacheTtl = b.cacheTtl;
    this.cacheable = b.cacheable;
    this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(b.tags));
  }

  /** Returns a query of {@code sql} with no parameters and default settings. */
  public static Query of(String sql) {
    return builder(sql).build();
  }

  /** Returns a query of {@code sql} bound to {@code params}. */
  public static Query of(String sql, Map<String, ?> params) {
    Builder b = builder(sql);
    params.forEach(b::param);
    return b.build();
  }

  /** Returns a builder for a query of {@code sql}. */
  public static Builder builder(String sql) {
    return new Builder(sql);
  }

  /** Returns a builder initialised with this query's settings. */
  public Builder toBuilder() {
    return toBuilder(sql);
  }

  /**
   * Returns this query with other SQL text and every other setting (parameters, label, cache scope,
   * timeout) the same: what a decorator that rewrites SQL, such as a SQL policy adding a row limit,
   * passes on.
   */
  public Query withSql(String sql) {
    return toBuilder(sql).build();
  }

  private Builder toBuilder(String sql) {
    Builder b = new Builder(sql);
    b.params.putAll(params);
    b.timeout = timeout;
    b.maxRows = maxRows;
    b.label = label;
    b.cacheScope = cacheScope;
    b.cacheTtl = cacheTtl;
    b.cacheable = cacheable;
    b.tags.addAll(tags);
    return b;
  }

  /** Returns the SQL text, with {@code :name} placeholders. */
  public String sql() {
    return sql;
  }

  /**
   * Returns the named parameters in the order they were given. An explicit SQL NULL is stored as
   * {@link #NULL}.
   */
  public Map<String, Object> params() {
    return params;
  }

  /** Returns the timeout after which the query is cancelled on the engine. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Returns the maximum number of rows to return. */
  public OptionalInt maxRows() {
    return maxRows > 0 ? OptionalInt.of(maxRows) : OptionalInt.empty();
  }

  /** Returns the label used in logs, metrics and cost reports. */
  public Optional<String> label() {
    return Optional.ofNullable(label);
  }

  /** Returns the cache scope (for example a persona) that separates otherwise equal queries. */
  public Optional<String> cacheScope() {
    return Optional.ofNullable(cacheScope);
  }

  /** Returns the time to live for this query's cached result, overriding the cache default. */
  public Optional<Duration> cacheTtl() {
    return Optional.ofNullable(cacheTtl);
  }

  /** Returns whether the result may be cached (true unless turned off). */
  public boolean cacheable() {
    return cacheable;
  }

  /**
   * Returns the explicit cache tags, typically table names. The caching client adds the tables it
   * finds in the SQL.
   */
  public Set<String> tags() {
    return tags;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Query q
        && sql.equals(q.sql)
        && params.equals(q.params)
        && Objects.equals(timeout, q.timeout)
        && maxRows == q.maxRows
        && Objects.equals(label, q.label)
        && Objects.equals(cacheScope, q.cacheScope)
        && Objects.equals(cacheTtl, q.cacheTtl)
        && cacheable == q.cacheable
        && tags.equals(q.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sql, params, timeout, maxRows, label, cacheScope);
  }

  /** Shows the SQL, the label and the parameter names; parameter values are not shown. */
  @Override
  public String toString() {
    return "Query{"
        + (label == null ? "" : "label=" + label + ", ")
        + "sql="
        + abbreviate(sql)
        + ", params="
        + params.keySet()
        + "}";
  }

  private static String abbreviate(String s) {
    String flat = s.replaceAll("\\s+", " ").trim();
    return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
  }

  /** Builds a {@link Query}; not thread-safe. */
  public static final class Builder {
    private final String sql;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private @Nullable Duration timeout;
    private int maxRows;
    private @Nullable String label;
    private @Nullable String cacheScope;
    private @Nullable Duration cacheTtl;
    private boolean cacheable = true;
    private final Set<String> tags = new LinkedHashSet<>();

    private Builder(String sql) {
      Objects.requireNonNull(sql, "sql");
      if (sql.isBlank()) {
        throw new IllegalArgumentException("sql must not be blank");
      }
      this.sql = sql;
    }

    /**
     * Binds a value to the placeholder {@code :name}; {@code null} binds SQL NULL.
     *
     * @throws IllegalArgumentException if the name is not an identifier or was bound already
     */
    public Builder param(String name, @Nullable Object value) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "parameter name '"
                + name
                + "' is not an identifier; use letters, digits and '_', starting with a letter");
      }
      if (params.containsKey(name)) {
        throw new IllegalArgumentException("parameter '" + name + "' is bound twice");
      }
      params.put(name, value == null ? NULL : value);
      return this;
    }

    /** Sets the timeout after which the query is cancelled on the engine. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** Sets the maximum number of rows to return. */
    public Builder maxRows(int maxRows) {
      if (maxRows <= 0) {
        throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
      }
      this.maxRows = maxRows;
      return this;
    }

    /** Sets the label used in logs, metrics and cost reports. */
    public Builder label(String label) {
      this.label = Objects.requireNonNull(label, "label");
      return this;
    }

    /** Sets the cache scope, such as the persona the result was computed for. */
    public Builder cacheScope(String scope) {
      this.cacheScope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /** Sets the time to live of this query's cached result. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = positive(ttl, "cacheTtl");
      return this;
    }

    /** Sets whether the result may be cached. */
    public Builder cacheable(boolean cacheable) {
      this.cacheable = cacheable;
      return this;
    }

    /** Adds cache tags (typically table names) that invalidate this result. */
    public Builder tags(String... tags) {
      for (String t : tags) {
        this.tags.add(Objects.requireNonNull(t, "tag").toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** Returns the query. */
    public Query build() {
      return new Query(this);
    }
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }
}
