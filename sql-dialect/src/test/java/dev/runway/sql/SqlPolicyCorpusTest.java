package dev.runway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SqlPolicyCorpusTest {

  private static final SqlPolicy POLICY = PolicyCorpus.policy();

  static Stream<PolicyCorpus.Case> attacks() {
    return PolicyCorpus.attacks().stream();
  }

  static Stream<PolicyCorpus.Case> legitimate() {
    return PolicyCorpus.legitimate().stream();
  }

  @Test
  void theCorporaAreAsLargeAsPromised() {
    assertThat(PolicyCorpus.attacks()).hasSizeGreaterThanOrEqualTo(60);
    assertThat(PolicyCorpus.legitimate()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(PolicyCorpus.attacks().stream().map(PolicyCorpus.Case::expect).distinct())
        .as("every rule but too-long and scan-budget (tested on their own) has an attack")
        .containsExactlyInAnyOrder(
            "select-only",
            "parse",
            "single-statement",
            "table",
            "catalogue",
            "federated",
            "function",
            "table-function",
            "column",
            "star",
            "limit");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void everyAttackIsRefusedForItsRule(PolicyCorpus.Case c) {
    SqlPolicy.Decision d = POLICY.check(c.sql());
    assertThat(d.accepted()).as("refused").isFalse();
    assertThat(d.violations())
        .extracting(v -> v.rule().id())
        .as(d.violations().toString())
        .contains(c.expect());
    assertThat(d.violations())
        .allSatisfy(
            v -> {
              assertThat(v.line()).isPositive();
              assertThat(v.column()).isPositive();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("legitimate")
  void everyLegitimateQueryIsAcceptedUnchanged(PolicyCorpus.Case c) {
    SqlPolicy.Decision d = POLICY.check(c.sql());
    assertThat(d.violations()).as("violations").isEmpty();
    assertThat(d.query().sql())
        .as("runs as written (its LIMIT is within the policy's)")
        .isEqualTo(c.sql());
    assertThat(d.rewrites()).isEmpty();
  }

  @Test
  void theAttackSummaryIsCorrect() {
    List<PolicyCorpus.Case> attacks = PolicyCorpus.attacks();
    long refused = attacks.stream().filter(c -> !POLICY.check(c.sql()).accepted()).count();
    long legit =
        PolicyCorpus.legitimate().stream().filter(c -> POLICY.check(c.sql()).accepted()).count();
    System.out.printf(
        "SQL policy corpus: attacks refused %d/%d, legitimate accepted %d/%d%n",
        refused, attacks.size(), legit, PolicyCorpus.legitimate().size());
    assertThat(refused).isEqualTo(attacks.size());
    assertThat(legit).isEqualTo(PolicyCorpus.legitimate().size());
  }
}
