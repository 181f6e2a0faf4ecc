package dev.runway.sql;

import dev.runway.sql.SqlTokens.Kind;
import dev.runway.sql.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one check works on (the tokens, the parser's facts, the target dialect) and where its
 * findings go.
 */
final class RuleContext {
  final SqlTokens tokens;
  final AstFacts facts;
  final List<Finding> out;
  final Dialect target;

  RuleContext(SqlTokens tokens, AstFacts facts, List<Finding> out, Dialect target) {
    this.tokens = tokens;
    this.facts = facts;
    this.out = out;
    this.target = target;
  }

  /** Reports each call of {@code upperName} the parser found, with a rewrite where one is given. */
  void call(
      String upperName,
      String rule,
      String message,
      String suggestion,
      Function<List<String>, String> rewrite) {
    if (facts.function(upperName) == 0) {
      return;
    }
    List<Token> t = tokens.all();
    for (int i = 0; i + 1 < t.size(); i++) {
      if (t.get(i).kind() == Kind.WORD
          && t.get(i).upper().equals(upperName)
          && t.get(i + 1).is("(")
          && (i == 0 || !t.get(i - 1).is("."))) {
        int close = tokens.closing(i + 1);
        if (close < 0) {
          continue;
        }
        String replacement = rewrite.apply(tokens.arguments(i + 1, close));
        add(
            rule,
            new Finding.Span(t.get(i).start(), t.get(close).end()),
            message,
            suggestion,
            replacement);
      }
    }
  }

  /**
   * The spans of {@code word} used as a bare keyword (not called, not qualified), at most {@code
   * n}.
   */
  List<Finding.Span> bareWords(String word, int n) {
    List<Finding.Span> spans = new ArrayList<>();
    List<Token> t = tokens.all();
    for (int i = 0; i < t.size() && spans.size() < n; i++) {
      if (t.get(i).kind() == Kind.WORD
          && t.get(i).upper().equals(word)
          && (i + 1 >= t.size() || !t.get(i + 1).is("("))
          && (i == 0 || !t.get(i - 1).is("."))) {
        spans.add(new Finding.Span(t.get(i).start(), t.get(i).end()));
      }
    }
    return spans;
  }

  void add(String rule, Finding.Span span, String message, String suggestion, String replacement) {
    out.add(
        new Finding(
            rule,
            tokens.line(span.start()),
            tokens.column(span.start()),
            span.start(),
            span.end(),
            message,
            suggestion,
            Optional.ofNullable(replacement)));
  }
}
