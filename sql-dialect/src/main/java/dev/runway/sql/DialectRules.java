package dev.runway.sql;

import dev.runway.sql.SqlTokens.Kind;
import dev.runway.sql.SqlTokens.Token;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What both directions share: casts and type names mapped through a table of the target's type
 * names, back-quoted identifiers, and the token shapes the rules look for (an operand, a type name,
 * the end of a statement).
 */
final class DialectRules {

  private DialectRules() {}

  static void castOperators(RuleContext c, Map<String, String> typeMap) {
    if (c.facts.operatorCastTypes.isEmpty()) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 0; i < t.size(); i++) {
      if (!t.get(i).is("::")) {
        continue;
      }
      int operandStart = operandStart(c.tokens, i - 1);
      int typeEnd = typeEnd(c.tokens, i + 1);
      if (operandStart < 0 || typeEnd < 0) {
        continue;
      }
      String sql = c.tokens.sql();
      String operand = sql.substring(t.get(operandStart).start(), t.get(i - 1).end());
      String type = sql.substring(t.get(i + 1).start(), t.get(typeEnd).end());
      String mapped = mapType(type, typeMap);
      c.add(
          "cast-operator",
          new Finding.Span(t.get(operandStart).start(), t.get(typeEnd).end()),
          "the :: cast is PostgreSQL syntax; Athena needs CAST",
          "CAST(x AS type)",
          "CAST(" + operand + " AS " + mapped + ")");
    }
  }

  static String mapType(String type, Map<String, String> typeMap) {
    String upper = type.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    String base = upper.replaceAll("\\s*\\(.*$", "");
    String mapped = typeMap.get(base);
    if (mapped == null) {
      return type.trim();
    }
    String args =
        upper.length() > base.length() ? type.trim().substring(type.trim().indexOf('(')) : "";
    return mapped + args;
  }

  /** Reports type names in CAST(... AS type) the target does not know. */
  static void typeNames(RuleContext c, Map<String, String> typeMap, String target) {
    if (c.facts.castTypes.isEmpty()) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 0; i < t.size(); i++) {
      if (!(t.get(i).is("CAST") || t.get(i).is("TRY_CAST"))
          || i + 1 >= t.size()
          || !t.get(i + 1).is("(")) {
        continue;
      }
      int close = c.tokens.closing(i + 1);
      int as = -1;
      int depth = 0;
      for (int j = i + 2; j < close; j++) {
        if (t.get(j).is("(")) {
          depth++;
        } else if (t.get(j).is(")")) {
          depth--;
        } else if (depth == 0 && t.get(j).is("AS")) {
          as = j;
        }
      }
      if (as < 0 || as + 1 >= close) {
        continue;
      }
      String sql = c.tokens.sql();
      String type = sql.substring(t.get(as + 1).start(), t.get(close - 1).end());
      String replacement = typeReplacement(type, typeMap, c.target);
      if (replacement != null) {
        c.add(
            "type-name",
            new Finding.Span(t.get(as + 1).start(), t.get(close - 1).end()),
            "type " + type.trim() + " is not a " + target + " type name",
            replacement,
            replacement);
      }
    }
  }

  static String typeReplacement(String type, Map<String, String> typeMap, Dialect to) {
    String upper = type.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (to == Dialect.REDSHIFT && upper.equals("VARCHAR")) {
      return "VARCHAR(MAX)"; // Redshift's VARCHAR without a length is VARCHAR(256): longer values
      // fail
    }
    String base = upper.replaceAll("\\s*\\(.*$", "");
    return typeMap.containsKey(base) ? mapType(type, typeMap) : null;
  }

  /** The first token of the primary expression that ends at token {@code last}, or -1. */
  static int operandStart(SqlTokens tokens, int last) {
    List<Token> t = tokens.all();
    if (last < 0) {
      return -1;
    }
    int i = last;
    if (t.get(i).is(")")) {
      int depth = 0;
      for (; i >= 0; i--) {
        if (t.get(i).is(")")) {
          depth++;
        } else if (t.get(i).is("(")) {
          depth--;
          if (depth == 0) {
            break;
          }
        }
      }
      if (i > 0 && t.get(i - 1).kind() == Kind.WORD && !isKeyword(t.get(i - 1))) {
        i--; // a function call
      }
    } else if (t.get(i).kind() == Kind.OP || t.get(i).kind() == Kind.PUNCT) {
      return -1;
    }
    // qualified names: a.b.c
    while (i >= 2
        && t.get(i - 1).is(".")
        && (t.get(i - 2).kind() == Kind.WORD || t.get(i - 2).kind() == Kind.QUOTED)) {
      i -= 2;
    }
    return i;
  }

  static boolean isKeyword(Token t) {
    return List.of(
            "SELECT", "WHERE", "AND", "OR", "NOT", "IN", "ON", "AS", "FROM", "BY", "WHEN", "THEN",
            "ELSE", "CASE", "EXISTS", "HAVING", "JOIN", "OVER", "USING", "VALUES")
        .contains(t.upper());
  }

  /** The last token of the type name starting at token {@code first}, or -1. */
  static int typeEnd(SqlTokens tokens, int first) {
    List<Token> t = tokens.all();
    if (first >= t.size() || t.get(first).kind() != Kind.WORD) {
      return -1;
    }
    int i = first;
    String u = t.get(i).upper();
    if ((u.equals("DOUBLE") || u.equals("CHARACTER") || u.equals("TIMESTAMP"))
        && i + 1 < t.size()
        && List.of("PRECISION", "VARYING", "WITH", "WITHOUT").contains(t.get(i + 1).upper())) {
      i++;
      if (t.get(i).is("WITH") || t.get(i).is("WITHOUT")) {
        i = Math.min(t.size() - 1, i + 2); // ... TIME ZONE
      }
    }
    if (i + 1 < t.size() && t.get(i + 1).is("(")) {
      int close = tokens.closing(i + 1);
      if (close > 0) {
        i = close;
      }
    }
    return i;
  }

  static int statementEnd(SqlTokens tokens) {
    List<Token> t = tokens.all();
    int last = t.size() - 1;
    if (last >= 0 && t.get(last).is(";")) {
      last--;
    }
    return last >= 0 ? t.get(last).end() : 0;
  }

  /** The last token of the primary expression starting at token {@code first}, or -1. */
  static int operandEnd(SqlTokens tokens, int first) {
    List<Token> t = tokens.all();
    if (first >= t.size()) {
      return -1;
    }
    Token f = t.get(first);
    if (f.kind() == Kind.STRING || f.kind() == Kind.NUMBER) {
      return first;
    }
    if (f.is("(")) {
      return tokens.closing(first);
    }
    if (f.kind() == Kind.WORD || f.kind() == Kind.QUOTED) {
      int i = first;
      while (i + 2 < t.size() && t.get(i + 1).is(".")) {
        i += 2;
      }
      if (i + 1 < t.size() && t.get(i + 1).is("(")) {
        return tokens.closing(i + 1);
      }
      return i;
    }
    return -1;
  }

  static void backticks(RuleContext c) {
    for (Token tk : c.tokens.all()) {
      if (tk.kind() == Kind.BACKTICK) {
        String inner = tk.text().substring(1, tk.text().length() - 1).replace("``", "`");
        c.add(
            "backtick",
            new Finding.Span(tk.start(), tk.end()),
            "backtick quoting is Hive DDL syntax; queries on "
                + (c.target == Dialect.ATHENA ? "Athena" : "Redshift")
                + " quote identifiers with double quotes",
            "\"" + inner + "\"",
            "\"" + inner.replace("\"", "\"\"") + "\"");
      }
    }
  }
}
