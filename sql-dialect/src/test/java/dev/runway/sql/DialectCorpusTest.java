package dev.runway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus: queries shaped like the assistant's, each with the rules the checker must report in
 * text order ({@code -- expect:}, {@code none} for a query that runs on both engines as it is) and,
 * where every finding has a safe rewrite, the rewritten query ({@code -- rewrite:} lines).
 */
class DialectCorpusTest {

  record Case(String file, int number, List<String> expected, String sql, String rewrite) {
    @Override
    public String toString() {
      return file + " #" + number + " " + expected;
    }
  }

  static List<Case> cases(String file) throws IOException {
    String text;
    try (InputStream in = DialectCorpusTest.class.getResourceAsStream("/corpus/" + file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Case> out = new ArrayList<>();
    for (String block : text.split("\\n\\s*\\n")) {
      List<String> lines = new ArrayList<>(Arrays.asList(block.split("\\n")));
      int expectAt = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("-- expect:")) {
          expectAt = i;
          break;
        }
      }
      if (expectAt < 0) {
        continue;
      }
      String expect = lines.get(expectAt).substring("-- expect:".length()).trim();
      List<String> expected = expect.equals("none") ? List.of() : List.of(expect.split("\\s+"));
      StringBuilder sql = new StringBuilder();
      StringBuilder rewrite = new StringBuilder();
      for (String line : lines.subList(expectAt + 1, lines.size())) {
        if (line.startsWith("-- rewrite: ")) {
          rewrite
              .append(rewrite.length() == 0 ? "" : "\n")
              .append(line.substring("-- rewrite: ".length()));
        } else {
          sql.append(sql.length() == 0 ? "" : "\n").append(line);
        }
      }
      String statement = sql.toString().strip();
      statement =
          statement.endsWith(";")
              ? statement.substring(0, statement.length() - 1).strip()
              : statement;
      out.add(
          new Case(
              file,
              out.size() + 1,
              expected,
              statement,
              rewrite.length() == 0 ? null : rewrite.toString()));
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> redshiftToAthena() throws IOException {
    return run(
        "redshift-to-athena.sql", SqlDialectChecker.between(Dialect.REDSHIFT, Dialect.ATHENA));
  }

  @TestFactory
  Stream<DynamicTest> athenaToRedshift() throws IOException {
    return run(
        "athena-to-redshift.sql", SqlDialectChecker.between(Dialect.ATHENA, Dialect.REDSHIFT));
  }

  private static Stream<DynamicTest> run(String file, SqlDialectChecker checker)
      throws IOException {
    return cases(file).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.toString(),
                    () -> {
                      SqlDialectChecker.Result r = checker.check(c.sql());
                      assertThat(r.parseError()).as("parses: %s", c.sql()).isEmpty();
                      assertThat(r.findings())
                          .extracting(Finding::rule)
                          .as(c.sql())
                          .containsExactlyElementsOf(c.expected());
                      assertThat(r.compatible()).isEqualTo(c.expected().isEmpty());
                      if (c.rewrite() != null) {
                        assertThat(r.findings()).allMatch(Finding::safe);
                        assertThat(r.rewritten()).isEqualTo(c.rewrite());
                        assertThat(checker.check(r.rewritten()).findings())
                            .as("the rewrite is clean")
                            .isEmpty();
                      } else if (r.findings().stream().noneMatch(Finding::safe)) {
                        assertThat(r.rewritten()).as("nothing safe to rewrite").isEqualTo(c.sql());
                      }
                    }));
  }

  @Test
  void theCorpusHasAtLeastFortyQueries_andEveryRuleHasAKnownAnswer() throws IOException {
    List<Case> all = new ArrayList<>(cases("redshift-to-athena.sql"));
    all.addAll(cases("athena-to-redshift.sql"));
    assertThat(all).hasSizeGreaterThanOrEqualTo(40);
    assertThat(all.stream().filter(c -> c.expected().isEmpty())).hasSizeGreaterThanOrEqualTo(8);
    List<String> rules = all.stream().flatMap(c -> c.expected().stream()).distinct().toList();
    assertThat(rules)
        .contains(
            "getdate",
            "sysdate",
            "dateadd",
            "datediff",
            "add_months",
            "nvl",
            "nvl2",
            "decode",
            "listagg",
            "median",
            "cast-operator",
            "type-name",
            "top",
            "ilike",
            "regex-operator",
            "len",
            "charindex",
            "convert_timezone",
            "date_part",
            "to_char",
            "date-integer-arithmetic",
            "backtick",
            "date_add",
            "date_diff",
            "date_format",
            "approx_distinct",
            "approx_percentile",
            "try_cast",
            "regexp_like",
            "arrays",
            "unnest",
            "from_unixtime",
            "to_unixtime",
            "json_extract_scalar");
  }
}
