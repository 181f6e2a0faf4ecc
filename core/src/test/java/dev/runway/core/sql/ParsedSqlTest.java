package dev.runway.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsedSqlTest {

  @Test
  void parse_namedParameters_becomePositionalInOrder() {
    ParsedSql p = ParsedSql.scan("SELECT * FROM t WHERE a = :a AND b IN (:b, :a)");
    assertThat(p.positionalSql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b IN (?, ?)");
    assertThat(p.parameterNames()).containsExactly("a", "b", "a");
  }

  @Test
  void parse_colonsInLiteralsCommentsAndCasts_areNotParameters() {
    String sql = "SELECT ':x', \"col:y\", ts::date -- :z\n FROM t /* :w */ WHERE a = :real";
    ParsedSql p = ParsedSql.scan(sql);
    assertThat(p.parameterNames()).containsExactly("real");
    assertThat(p.positionalSql())
        .contains("':x'")
        .contains("\"col:y\"")
        .contains("ts::date")
        .endsWith("a = ?");
  }

  @Test
  void parse_escapedQuoteInLiteral_isHandled() {
    ParsedSql p = ParsedSql.scan("SELECT 'it''s :not' AS s, :yes");
    assertThat(p.parameterNames()).containsExactly("yes");
  }

  @Test
  void parse_questionMarkPlaceholder_isRefusedWithFix() {
    assertThatThrownBy(() -> ParsedSql.scan("SELECT * FROM t WHERE a = ?"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining(":name");
    assertThat(ParsedSql.scan("SELECT '?' AS q").parameterNames()).isEmpty();
  }

  @Test
  void parse_unterminatedLiteral_isRefused() {
    assertThatThrownBy(() -> ParsedSql.scan("SELECT 'oops"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("unterminated");
  }

  @Test
  void normalized_whitespaceAndComments_collapse() {
    String a = ParsedSql.scan("SELECT  *\n\tFROM product -- all\nWHERE id = :id;").normalized();
    String b = ParsedSql.scan("SELECT * FROM product /* x */ WHERE id = :id").normalized();
    assertThat(a).isEqualTo(b).isEqualTo("SELECT * FROM product WHERE id = :id");
    assertThat(ParsedSql.scan("SELECT 'a  b'").normalized()).isEqualTo("SELECT 'a  b'");
  }

  @Test
  void referencedTables_fromAndJoin_areFound() {
    ParsedSql p =
        ParsedSql.scan(
            "SELECT * FROM supply.product p JOIN \"warehouse_product\" w ON p.id = w.id "
                + "LEFT JOIN (SELECT 1) s ON true, read_parquet('x') WHERE EXISTS (SELECT 1 FROM sales_order_line)");
    assertThat(p.referencedTables())
        .containsExactlyInAnyOrder("product", "warehouse_product", "sales_order_line");
  }

  @Test
  void bind_missingAndUnused_areNamed() {
    ParsedSql p = ParsedSql.scan("SELECT :a, :b");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("a", 1);
    assertThatThrownBy(() -> p.bind(params)).hasMessageContaining("[b]");
    params.put("b", Query.NULL);
    params.put("c", 3);
    assertThatThrownBy(() -> p.bind(params)).hasMessageContaining("[c]");
    params.remove("c");
    assertThat(p.bind(params)).containsExactly(1, null);
  }

  @Test
  void render_replacesOnlyPlaceholders() {
    ParsedSql p =
        ParsedSql.scan("SELECT ':a', x::int FROM t WHERE a = :a AND b = :b -- :c\n AND c = :a");
    assertThat(p.render(i -> "$" + (i + 1)))
        .isEqualTo("SELECT ':a', x::int FROM t WHERE a = $1 AND b = $2 -- :c\n AND c = $3");
    assertThat(ParsedSql.scan("SELECT 1").render(i -> "X")).isEqualTo("SELECT 1");
  }

  @Test
  void dollarQuoted_isTextNeverNormalisedOrParameter() {
    ParsedSql two = ParsedSql.scan("SELECT $$a  b$$ AS v");
    ParsedSql one = ParsedSql.scan("SELECT $$a b$$ AS v");
    assertThat(two.normalized()).isEqualTo("SELECT $$a  b$$ AS v");
    assertThat(two.normalizedDigest()).isNotEqualTo(one.normalizedDigest());
    ParsedSql text = ParsedSql.scan("SELECT $$:x$$, $tag$it's :y $$ nested$tag$ AS v WHERE a = :z");
    assertThat(text.parameterNames()).containsExactly("z");
    assertThat(text.positionalSql())
        .isEqualTo("SELECT $$:x$$, $tag$it's :y $$ nested$tag$ AS v WHERE a = ?");
    assertThat(ParsedSql.scan("SELECT $$it's$$").parameterNames()).isEmpty();
  }

  @Test
  void dollarSigns_thatOpenNoString_areUnchanged() {
    // $1 is PostgreSQL's positional parameter, a$b an identifier: neither opens a string
    assertThat(ParsedSql.scan("SELECT a$b FROM t WHERE x = :x").parameterNames())
        .containsExactly("x");
    assertThatThrownBy(() -> ParsedSql.scan("SELECT $$never closed"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("unterminated dollar-quoted");
  }

  @Test
  void escapeString_backslashQuote_isText() {
    ParsedSql p = ParsedSql.scan("SELECT E'it\\'s :not  a param' AS v, :real AS w");
    assertThat(p.parameterNames()).containsExactly("real");
    assertThat(p.normalized()).contains("E'it\\'s :not  a param'");
  }

  @Test
  void quotedTableName_doubledQuotes_isUnescaped() {
    assertThat(
            ParsedSql.scan("SELECT * FROM \"Odd \"\"Name\"\"\" o JOIN s.\"x\"\"y\" ON true")
                .referencedTables())
        .containsExactly("odd \"name\"", "x\"y");
  }
}
