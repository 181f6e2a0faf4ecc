package dev.runway.core.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * SQL text with Runway's {@code :name} placeholders, parsed once: the positional form ({@code ?})
 * that engines bind, the parameter names in order, a whitespace-normalised form for cache keys, and
 * the tables named after {@code FROM} and {@code JOIN} (for cache tags).
 *
 * <p>The scanner understands single-quoted strings (with {@code ''} escapes), double-quoted and
 * back-quoted identifiers, {@code --} and {@code /* *}{@code /} comments, and the {@code ::} cast
 * operator, so a colon inside any of those is never taken for a parameter. Immutable and
 * thread-safe. Used by every {@code DatabaseClient} implementation so that all engines accept the
 * same SQL placeholders.
 */
public final class ParsedSql {

  // Applications run the same few hundred SQL texts over and over; parsing and hashing each once
  // keeps both off the hot path (a cache hit costs a few hundred nanoseconds, not microseconds).
  private static final Cache<String, ParsedSql> CACHE =
      Caffeine.newBuilder()
          .maximumWeight(16L << 20)
          .weigher(
              (String sql, ParsedSql p) ->
                  2 * (sql.length() + p.positional.length() + p.normalized.length()))
          .build();

  private final String original;
  private final String positional;
  private final List<String> names;
  private final int[] offsets;
  private final String normalized;
  private final Set<String> tables;
  private volatile byte @Nullable [] digest;

  private ParsedSql(
      String original,
      String positional,
      List<String> names,
      int[] offsets,
      String normalized,
      Set<String> tables) {
    this.original = original;
    this.positional = positional;
    this.names = names;
    this.offsets = offsets;
    this.normalized = normalized;
    this.tables = tables;
  }

  /**
   * Returns {@code sql} parsed, from a bounded cache of recently parsed texts.
   *
   * @throws InvalidQueryException if the text has a bare {@code ?} placeholder, which Runway does
   *     not accept because it could not be bound by name on every engine
   */
  public static ParsedSql parse(String sql) {
    ParsedSql cached = CACHE.getIfPresent(sql);
    if (cached != null) {
      return cached;
    }
    ParsedSql parsed = scan(sql);
    CACHE.put(sql, parsed);
    return parsed;
  }

  /**
   * Parses {@code sql} without the cache. Package-private for the scanner's own tests: a cached
   * result would hide a change to the scanner from a test that runs after another parsed the same
   * text (mutation testing swaps the class but keeps its static cache).
   */
  static ParsedSql scan(String sql) {
    StringBuilder pos = new StringBuilder(sql.length());
    StringBuilder norm = new StringBuilder(sql.length());
    List<String> names = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    Set<String> tables = new LinkedHashSet<>();
    int n = sql.length();
    int i = 0;
    boolean pendingSpace = false;
    String lastWord = null;
    while (i < n) {
      char c = sql.charAt(i);
      int dollarEnd = c == '$' && !identifierCharBefore(sql, i) ? endOfDollarQuoted(sql, i) : -1;
      boolean escapeString =
          (c == 'E' || c == 'e')
              && i + 1 < n
              && sql.charAt(i + 1) == '\''
              && !identifierCharBefore(sql, i);
      if (dollarEnd > 0 || escapeString) {
        // PostgreSQL/Redshift dollar-quoted ($$...$$, $tag$...$tag$) and escape (E'...') strings:
        // text, kept byte for byte in both forms; nothing inside is a placeholder or a quote
        int end = dollarEnd > 0 ? dollarEnd : endOfEscapeString(sql, i + 1);
        String quoted = sql.substring(i, end);
        pos.append(quoted);
        pendingSpace = appendNorm(norm, quoted, pendingSpace);
        lastWord = null;
        i = end;
      } else if (c == '\'' || c == '"' || c == '`') {
        int end = endOfQuoted(sql, i, c);
        String quoted = sql.substring(i, end);
        pos.append(quoted);
        pendingSpace = appendNorm(norm, quoted, pendingSpace);
        if (c != '\'' && isTableKeyword(lastWord)) {
          String table = tableName(sql, i);
          if (table != null) {
            tables.add(table);
          }
        }
        lastWord = c == '\'' ? null : "";
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        pos.append(sql, i, end);
        pendingSpace = true;
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        pos.append(sql, i, end);
        pendingSpace = true;
        i = end;
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        pos.append("::");
        pendingSpace = appendNorm(norm, "::", pendingSpace);
        i += 2;
      } else if (c == ':'
          && i + 1 < n
          && Character.isJavaIdentifierStart(sql.charAt(i + 1))
          && sql.charAt(i + 1) != '$') {
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        names.add(sql.substring(i + 1, end));
        offsets.add(pos.length());
        pos.append('?');
        pendingSpace = appendNorm(norm, sql.substring(i, end), pendingSpace);
        lastWord = null;
        i = end;
      } else if (c == '?') {
        throw new InvalidQueryException(
            "SQL contains a '?' placeholder at position "
                + i
                + "; Runway binds parameters by name: write :name and call Query.Builder.param(\"name\", value)");
      } else if (Character.isWhitespace(c)) {
        pos.append(c);
        pendingSpace = true;
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < n
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
          end++;
        }
        String word = sql.substring(i, end);
        if (isTableKeyword(lastWord)) {
          String table = tableName(sql, i);
          if (table != null) {
            tables.add(table);
          }
        }
        pos.append(word);
        pendingSpace = appendNorm(norm, word, pendingSpace);
        lastWord = word.toLowerCase(Locale.ROOT);
        i = end;
      } else {
        pos.append(c);
        pendingSpace = appendNorm(norm, String.valueOf(c), pendingSpace);
        if (c != '.') {
          lastWord = null;
        }
        i++;
      }
    }
    String normalized = norm.toString().trim();
    while (normalized.endsWith(";")) {
      normalized = normalized.substring(0, normalized.length() - 1).trim();
    }
    tables.remove(null);
    int[] at = offsets.stream().mapToInt(Integer::intValue).toArray();
    return new ParsedSql(
        sql,
        pos.toString(),
        List.copyOf(names),
        at,
        normalized,
        Collections.unmodifiableSet(tables));
  }

  /** Returns the SQL exactly as given. */
  public String original() {
    return original;
  }

  /** Returns the SQL with every {@code :name} replaced by {@code ?}, for positional binding. */
  public String positionalSql() {
    return positional;
  }

  /**
   * Returns the SQL with placeholder number {@code i} (in {@link #parameterNames()} order) written
   * as {@code placeholder.apply(i)}. For engines whose placeholders differ from {@code ?}, such as
   * {@code $1} or a constant keyword that carries no caller data.
   */
  public String render(IntFunction<String> placeholder) {
    StringBuilder sb = new StringBuilder(positional.length() + 8 * offsets.length);
    int from = 0;
    for (int i = 0; i < offsets.length; i++) {
      sb.append(positional, from, offsets[i]).append(placeholder.apply(i));
      from = offsets[i] + 1;
    }
    return sb.append(positional, from, positional.length()).toString();
  }

  /** Returns the parameter names in the order of their placeholders (a name may repeat). */
  public List<String> parameterNames() {
    return names;
  }

  /** Returns the SQL with comments removed and whitespace outside literals collapsed. */
  public String normalized() {
    return normalized;
  }

  /**
   * Returns the SHA-256 of {@link #normalized()}; computed once. The array must not be modified.
   */
  public byte[] normalizedDigest() {
    byte[] d = digest;
    if (d == null) {
      try {
        d =
            MessageDigest.getInstance("SHA-256")
                .digest(normalized.getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
      digest = d;
    }
    return d;
  }

  /**
   * Returns the lower-cased, unqualified names that follow {@code FROM} or {@code JOIN}. This is a
   * heuristic for cache tags: it may name a column (as in {@code EXTRACT(year FROM d)}), which only
   * makes an invalidation broader, and it misses tables listed after a comma, which callers add
   * with {@link Query.Builder#tags(String...)}.
   */
  public Set<String> referencedTables() {
    return tables;
  }

  /**
   * Returns the values for the positional placeholders, in order. {@link Query#NULL} becomes {@code
   * null}.
   *
   * @throws InvalidQueryException if a placeholder has no value or a value has no placeholder
   */
  public List<Object> bind(Map<String, Object> params) {
    Set<String> missing = new TreeSet<>();
    List<Object> values = new ArrayList<>(names.size());
    for (String name : names) {
      if (!params.containsKey(name)) {
        missing.add(name);
        continue;
      }
      Object v = params.get(name);
      values.add(v == Query.NULL ? null : v);
    }
    if (!missing.isEmpty()) {
      throw new InvalidQueryException(
          "no value for parameter(s) "
              + missing
              + "; bind each with Query.Builder.param(name, value) (use null for SQL NULL)");
    }
    Set<String> unused = new TreeSet<>(params.keySet());
    names.forEach(unused::remove);
    if (!unused.isEmpty()) {
      throw new InvalidQueryException(
          "parameter(s) "
              + unused
              + " have no :placeholder in the SQL; remove them or add the placeholder");
    }
    return values;
  }

  private static boolean appendNorm(StringBuilder norm, String token, boolean pendingSpace) {
    if (pendingSpace && norm.length() > 0) {
      norm.append(' ');
    }
    norm.append(token);
    return false;
  }

  private static boolean isTableKeyword(@Nullable String word) {
    return "from".equals(word) || "join".equals(word);
  }

  private static boolean identifierCharBefore(String sql, int i) {
    if (i == 0) {
      return false;
    }
    char b = sql.charAt(i - 1);
    return Character.isLetterOrDigit(b) || b == '_' || b == '$';
  }

  /**
   * Returns the end of a dollar-quoted string starting at {@code start} ({@code $$} or {@code
   * $tag$}, the tag an identifier without {@code $}), or -1 when no such opening is there ({@code
   * $1} is a positional parameter, not a tag).
   */
  private static int endOfDollarQuoted(String sql, int start) {
    int j = start + 1;
    if (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
      while (j < sql.length()
          && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
        j++;
      }
    }
    if (j >= sql.length() || sql.charAt(j) != '$') {
      return -1;
    }
    String tag = sql.substring(start, j + 1);
    int close = sql.indexOf(tag, j + 1);
    if (close < 0) {
      throw new InvalidQueryException(
          "unterminated dollar-quoted text " + tag + " starting at position " + start);
    }
    return close + tag.length();
  }

  /**
   * Returns the end of an E'...' string whose quote is at {@code quote}: backslash escapes, ''
   * doubles.
   */
  private static int endOfEscapeString(String sql, int quote) {
    int i = quote + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '\'') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    throw new InvalidQueryException("unterminated E'...' text starting at position " + (quote - 1));
  }

  private static int endOfQuoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    throw new InvalidQueryException(
        "unterminated " + quote + "-quoted text starting at position " + start);
  }

  /** Reads a possibly qualified, possibly quoted name; null for a table function or subquery. */
  private static @Nullable String tableName(String sql, int start) {
    StringBuilder name = new StringBuilder();
    int i = start;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '"' || c == '`') {
        int end = endOfQuoted(sql, i, c);
        // the identifier itself: a doubled quote inside stands for one
        name.append(
            sql.substring(i + 1, end - 1).replace(String.valueOf(c) + c, String.valueOf(c)));
        i = end;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int end = i;
        while (end < sql.length()
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
          end++;
        }
        name.append(sql, i, end);
        i = end;
      } else {
        break;
      }
      if (i < sql.length() && sql.charAt(i) == '.') {
        name.append('.');
        i++;
      } else {
        break;
      }
    }
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    if (i < sql.length() && sql.charAt(i) == '(') {
      return null;
    }
    String t = name.toString().toLowerCase(Locale.ROOT);
    int dot = t.lastIndexOf('.');
    return t.isEmpty() ? null : dot >= 0 ? t.substring(dot + 1) : t;
  }
}
