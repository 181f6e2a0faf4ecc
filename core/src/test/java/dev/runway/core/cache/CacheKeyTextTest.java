package dev.runway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.Runway;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SQL text that the cache key must not confuse, end to end through Runway on embedded DuckDB. */
class CacheKeyTextTest {

  @Test
  @DisplayName("dollar-quoted strings that differ only in spaces are different queries")
  void dollarQuoted_whitespace_isPartOfTheKey() {
    try (Runway rw = Runway.local()) {
      QueryResult two = rw.database().execute("SELECT $$a  b$$ AS v");
      QueryResult one = rw.database().execute("SELECT $$a b$$ AS v");
      assertThat(two.row(0).getString("v")).isEqualTo("a  b");
      assertThat(one.row(0).getString("v")).isEqualTo("a b");
      assertThat(one.stats().fromCache()).isFalse();
    }
  }

  @Test
  @DisplayName("a quoted table name with doubled quotes is tagged with the real name")
  void quotedTable_invalidatedByRealName() {
    try (Runway rw = Runway.local()) {
      rw.rawDatabase().execute("CREATE TABLE \"Odd \"\"Name\"\"\" (x INTEGER)");
      rw.rawDatabase().execute("INSERT INTO \"Odd \"\"Name\"\"\" VALUES (1)");
      Query q = Query.of("SELECT count(*) AS n FROM \"Odd \"\"Name\"\"\"");
      assertThat(rw.database().execute(q).row(0).getLong("n")).isEqualTo(1L);
      rw.rawDatabase().execute("INSERT INTO \"Odd \"\"Name\"\"\" VALUES (2)");
      rw.cache().invalidateTag("Odd \"Name\"");
      QueryResult after = rw.database().execute(q);
      assertThat(after.stats().fromCache()).isFalse();
      assertThat(after.row(0).getLong("n")).isEqualTo(2L);
    }
  }
}
