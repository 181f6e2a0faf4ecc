package dev.runway.examples.assistant;

import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.session.ConversationMessage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local interpreter: each persona's named questions ({@link PersonaQueries}), chosen by label
 * ({@code wm.below-reorder}) or by their exact words; answers are a plain summary of the result. No
 * model, no network, no cost. A persona may ask only its own questions.
 */
public final class NamedQuestions implements QuestionInterpreter {

  private final String engine;

  /** Named questions in the SQL of DuckDB, PostgreSQL and Redshift. */
  public NamedQuestions() {
    this("duckdb");
  }

  /**
   * Named questions in the SQL of {@code engine} (see {@link PersonaQueries.Question#queryFor}).
   */
  public NamedQuestions(String engine) {
    this.engine = engine;
  }

  @Override
  public String name() {
    return "named";
  }

  @Override
  public Interpretation interpret(
      String persona, String question, List<ConversationMessage> history) {
    PersonaQueries.Persona known =
        PersonaQueries.all().stream()
            .filter(p -> p.name().equals(persona))
            .findFirst()
            .orElseThrow(
                () -> ApiException.badRequest("persona", "unknown persona '" + persona + "'"));
    String t = question.strip().toLowerCase(Locale.ROOT);
    for (PersonaQueries.Question q : known.questions()) {
      if (matches(q, t)) {
        return new Interpretation(q.queryFor(engine), q.question(), null, TokenUsage.NONE);
      }
    }
    for (PersonaQueries.Persona other : PersonaQueries.all()) {
      for (PersonaQueries.Question q : other.questions()) {
        if (matches(q, t)) {
          throw ApiException.forbidden("'" + question + "' is another persona's question");
        }
      }
    }
    throw ApiException.badRequest(
        "query",
        "not a question of "
            + persona
            + "; ask one of "
            + known.questions().stream().map(q -> q.query().label().orElse("")).toList()
            + " (questions in your own words need the Bedrock interpreter: assistant.interpreter=bedrock)");
  }

  private static boolean matches(PersonaQueries.Question q, String lower) {
    return q.query().label().orElse("").equalsIgnoreCase(lower)
        || q.question().toLowerCase(Locale.ROOT).equals(lower);
  }

  @Override
  public Answer answer(String persona, String question, Query query, QueryResult result) {
    return new Answer(summary(result), TokenUsage.NONE);
  }

  /** A plain summary: how many rows and the first row's values by column. */
  static String summary(QueryResult result) {
    if (result.size() == 0) {
      return "No rows match.";
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < result.columns().size() && i < 6; i++) {
      parts.add(result.columns().get(i).name() + " " + format(result.row(0).get(i)));
    }
    return result.size()
        + (result.size() == 1 ? " row" : " rows")
        + "; the first: "
        + String.join(", ", parts)
        + ".";
  }

  private static String format(Object v) {
    if (v instanceof BigDecimal d) {
      return d.setScale(Math.min(2, Math.max(0, d.scale())), RoundingMode.HALF_UP).toPlainString();
    }
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d)
          .setScale(2, RoundingMode.HALF_UP)
          .stripTrailingZeros()
          .toPlainString();
    }
    return String.valueOf(v);
  }
}
