package dev.runway.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.InvalidQueryException;
import org.junit.jupiter.api.Test;

/**
 * The scanner at its edges: where a literal, identifier, comment or dollar/escape string starts and
 * ends decides what is a placeholder; a wrong end either binds caller data inside text or leaves a
 * placeholder unbound. Each case names the exact text it expects.
 */
class ParsedSqlEdgeTest {

  private static ParsedSql p(String sql) {
    return ParsedSql.scan(sql);
  }

  @Test
  void everyKindOfTextHidesColons_andEndsExactlyAtItsCloser() {
    ParsedSql q =
        p("SELECT $$a :x$$, $t$ :y $t$, E'\\' :z', e'b', 'c''d :w', \"e\"\"f\", `g:h`, :real");
    assertThat(q.parameterNames()).containsExactly("real");
    assertThat(q.positionalSql())
        .isEqualTo("SELECT $$a :x$$, $t$ :y $t$, E'\\' :z', e'b', 'c''d :w', \"e\"\"f\", `g:h`, ?");
    // a placeholder right after each kind of text is still one
    assertThat(p("SELECT $$x$$:a, E'y':b, 'z':c, \"w\":d").parameterNames())
        .containsExactly("a", "b", "c", "d");
    // E'' with a doubled quote inside, and a backslash right before the closing quote
    assertThat(p("SELECT E'it''s', E'\\\\', :a").parameterNames()).containsExactly("a");
  }

  @Test
  void wordsThatEndInEOrDollar_areNotStringOpeners() {
    // "name'x'" is not an escape string (E after an identifier char), and a$ is part of a name
    assertThat(p("SELECT codE':a'").parameterNames()).isEmpty();
    assertThat(p("SELECT a$$b, :c").parameterNames()).containsExactly("c");
    assertThat(p("SELECT $1, :c").parameterNames()).containsExactly("c");
    assertThat(p("SELECT $1, :c").positionalSql()).isEqualTo("SELECT $1, ?");
    assertThat(p("SELECT :$x").parameterNames()).isEmpty();
  }

  @Test
  void comments_hideColons_toTheirEnd_andUnterminatedOnesRunToTheEnd() {
    assertThat(p("SELECT 1 -- :a").parameterNames()).isEmpty();
    assertThat(p("SELECT 1 -- :a\n, :b").parameterNames()).containsExactly("b");
    assertThat(p("SELECT 1 /* :a */, :b /* :c").parameterNames()).containsExactly("b");
    assertThat(p("SELECT 1 /* :a */, :b /* :c").positionalSql())
        .isEqualTo("SELECT 1 /* :a */, ? /* :c");
    assertThat(p("SELECT 1 - :a").parameterNames()).containsExactly("a");
    assertThat(p("SELECT 4 / :a").parameterNames()).containsExactly("a");
  }

  @Test
  void unterminatedText_isRefusedWithWhereItStarts() {
    assertThatThrownBy(() -> p("SELECT $$abc"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("$$")
        .hasMessageContaining("position 7");
    assertThatThrownBy(() -> p("SELECT E'abc"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("E'...'")
        .hasMessageContaining("position 7");
    assertThatThrownBy(() -> p("SELECT E'ab\\'")).isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> p("SELECT \"abc"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("position 7");
    assertThatThrownBy(() -> p("SELECT 'ab''")).isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> p("SELECT 1 WHERE a = ?"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("position 19");
  }

  @Test
  void placeholderNames_takeLettersDigitsAndUnderscores_only() {
    ParsedSql q = p("SELECT :a1_b+:c,:d)");
    assertThat(q.parameterNames()).containsExactly("a1_b", "c", "d");
    assertThat(q.positionalSql()).isEqualTo("SELECT ?+?,?)");
    assertThat(q.render(i -> "$" + (i + 1))).isEqualTo("SELECT $1+$2,$3)");
    assertThat(p("SELECT 1").render(i -> "X")).isEqualTo("SELECT 1");
  }

  @Test
  void normalized_isTheSameForTheSameStatement_andDifferentForADifferentOne() {
    String a = "SELECT  a ,b\n\tFROM t -- note\nWHERE x = :x;;";
    String b = "SELECT a ,b FROM t /* other */ WHERE x = :x";
    assertThat(p(a).normalized()).isEqualTo("SELECT a ,b FROM t WHERE x = :x");
    assertThat(p(a).normalized()).isEqualTo(p(b).normalized());
    assertThat(p(a).normalizedDigest()).isEqualTo(p(b).normalizedDigest());
    assertThat(p(a).normalizedDigest())
        .isNotEqualTo(p("SELECT a ,b FROM t WHERE x = :y").normalizedDigest());
    // text inside literals is never collapsed
    assertThat(p("SELECT 'a  b'").normalized()).isEqualTo("SELECT 'a  b'");
    assertThat(p("SELECT 'a  b'").normalized()).isNotEqualTo(p("SELECT 'a b'").normalized());
    assertThat(p("  SELECT 1  ").normalized()).isEqualTo("SELECT 1");
    assertThat(p("SELECT x::int").normalized()).isEqualTo("SELECT x::int");
    assertThat(p("SELECT 1").original()).isEqualTo("SELECT 1");
  }

  @Test
  void referencedTables_readQualifiedAndQuotedNames_andSkipFunctionsAndSubqueries() {
    assertThat(p("SELECT * FROM \"Sch\".\"T\"\"x\" JOIN s.orders o ON 1=1").referencedTables())
        .containsExactly("t\"x", "orders");
    assertThat(p("select * from `lake`.`Events` join inv").referencedTables())
        .containsExactly("events", "inv");
    assertThat(p("SELECT * FROM read_parquet('x') JOIN (SELECT 1) s ON true").referencedTables())
        .isEmpty();
    assertThat(p("SELECT * FROM fn (1)").referencedTables()).isEmpty();
    assertThat(p("SELECT * FROM t$1").referencedTables()).containsExactly("t$1");
    assertThat(p("SELECT * FROM a.b.c").referencedTables()).containsExactly("c");
    assertThat(p("SELECT 'from x' FROM y").referencedTables()).containsExactly("y");
    assertThat(p("SELECT a FROM").referencedTables()).isEmpty();
  }

  @Test
  void parse_returnsTheCachedResultForTheSameText() {
    String sql = "SELECT :cached_" + System.nanoTime();
    assertThat(ParsedSql.parse(sql)).isSameAs(ParsedSql.parse(sql));
    assertThat(ParsedSql.parse(sql).parameterNames())
        .isEqualTo(ParsedSql.scan(sql).parameterNames());
  }

  @Test
  void aTextEndingInTheFirstCharacterOfAnything_isScannedToItsEnd() {
    // each of these characters opens something when another follows; at the very end none does
    for (String tail : new String[] {"-", "/", ":", "e", "E", "$", "$a", "a$"}) {
      ParsedSql q = ParsedSql.scan("SELECT 1 " + tail);
      assertThat(q.parameterNames()).as(tail).isEmpty();
      assertThat(q.positionalSql()).as(tail).isEqualTo("SELECT 1 " + tail);
      assertThat(q.normalized()).as(tail).isEqualTo("SELECT 1 " + tail);
    }
    assertThat(ParsedSql.scan("SELECT E'a\\\\'").positionalSql()).isEqualTo("SELECT E'a\\\\'");
    assertThat(ParsedSql.scan("SELECT $a$x$a$ AS t").normalized()).isEqualTo("SELECT $a$x$a$ AS t");
    assertThat(ParsedSql.scan("SELECT $$$$, :b").parameterNames()).containsExactly("b");
    assertThat(ParsedSql.scan("SELECT x FROM \"t\"").referencedTables()).containsExactly("t");
    assertThat(ParsedSql.scan("SELECT x FROM t").referencedTables()).containsExactly("t");
  }

  @Test
  void dollarQuotes_openOnlyAfterANonIdentifierCharacter_orAtTheStart() {
    // at the very start: text, so the colon inside is not a placeholder
    assertThat(ParsedSql.scan("$$ :p $$").parameterNames()).isEmpty();
    assertThat(ParsedSql.scan("$t$ :p $t$").parameterNames()).isEmpty();
    // after an identifier character ('_' or a letter) a dollar is part of the name
    assertThat(ParsedSql.scan("SELECT a_$x$ :p, b_$x$").parameterNames()).containsExactly("p");
    assertThat(ParsedSql.scan("SELECT a$x$ :p, b$x$").parameterNames()).containsExactly("p");
    // a tag may start with '_' but not with a digit ($1 is a positional parameter)
    assertThat(ParsedSql.scan("SELECT $_t$ :p $_t$, :q").parameterNames()).containsExactly("q");
    assertThat(ParsedSql.scan("SELECT $1, :q").parameterNames()).containsExactly("q");
    // an opening never closed at the end of the text is not a dollar quote
    assertThat(ParsedSql.scan("SELECT :q, $abc").parameterNames()).containsExactly("q");
    assertThat(ParsedSql.scan("SELECT :q, $").parameterNames()).containsExactly("q");
    // an escape string at the very start
    assertThat(ParsedSql.scan("E'ab' :p").parameterNames()).containsExactly("p");
    assertThat(ParsedSql.scan("E'it\\'s :x' , :p").parameterNames()).containsExactly("p");
  }

  @Test
  void tableNames_backquotedAndDoubledQuotes() {
    assertThat(ParsedSql.scan("SELECT 1 FROM `db`.`orders`").referencedTables())
        .containsExactly("orders");
    assertThat(ParsedSql.scan("SELECT 1 FROM \"My\"\"Table\"").referencedTables())
        .containsExactly("my\"table");
    assertThat(ParsedSql.scan("SELECT 1 FROM `a``b`").referencedTables()).containsExactly("a`b");
    assertThat(ParsedSql.scan("SELECT 1 FROM s.t JOIN u ON 1=1").referencedTables())
        .containsExactly("t", "u");
    assertThat(ParsedSql.scan("SELECT 1 FROM unnest (x)").referencedTables()).isEmpty();
  }
}
