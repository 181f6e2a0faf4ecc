package dev.runway.core.query;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The columns of a result and a case-insensitive name lookup, shared by all its rows. Immutable and
 * thread-safe.
 */
public final class ColumnIndex {

  private final List<Column> columns;
  private final Map<String, Integer> byName;

  /** Creates an index over {@code columns}; when two columns share a name the first wins. */
  public ColumnIndex(List<Column> columns) {
    this.columns = List.copyOf(columns);
    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < this.columns.size(); i++) {
      map.putIfAbsent(this.columns.get(i).name().toLowerCase(Locale.ROOT), i);
    }
    this.byName = Map.copyOf(map);
  }

  /** Returns the columns in result order. */
  public List<Column> columns() {
    return columns;
  }

  /** Returns the number of columns. */
  public int size() {
    return columns.size();
  }

  /** Returns the 0-based position of the named column (case-insensitive). */
  public int indexOf(String name) {
    Integer i = byName.get(name.toLowerCase(Locale.ROOT));
    if (i == null) {
      throw new IllegalArgumentException(
          "no column named '"
              + name
              + "'; the result has "
              + columns.stream().map(Column::name).collect(Collectors.joining(", ", "[", "]")));
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnIndex c && columns.equals(c.columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  @Override
  public String toString() {
    return columns.toString();
  }
}
