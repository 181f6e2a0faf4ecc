package dev.runway.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of a SQL text with their offsets: words, quoted identifiers ({@code "x"} and {@code
 * `x`}), string literals, numbers, operators and punctuation. Comments and white space are skipped.
 * Used to place what the parser found (line and column) and to cut argument texts for rewrites;
 * never to decide what a construct is.
 */
final class SqlTokens {

  enum Kind {
    WORD,
    QUOTED,
    BACKTICK,
    STRING,
    NUMBER,
    OP,
    PUNCT
  }

  record Token(Kind kind, String text, int start, int end) {
    String upper() {
      return text.toUpperCase(Locale.ROOT);
    }

    boolean is(String s) {
      return (kind == Kind.WORD || kind == Kind.OP || kind == Kind.PUNCT)
          && text.equalsIgnoreCase(s);
    }
  }

  private final String sql;
  private final List<Token> tokens;
  private final int[] lineStarts;
  private int unterminated = -1;

  SqlTokens(String sql) {
    this.sql = sql;
    this.tokens = lex(sql, this);
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < sql.length(); i++) {
      if (sql.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Returns the offset where an unclosed string, quoted name or block comment starts, or -1. */
  int unterminated() {
    return unterminated;
  }

  List<Token> all() {
    return tokens;
  }

  String sql() {
    return sql;
  }

  /** Returns the 1-based line of {@code offset}. */
  int line(int offset) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }

  /** Returns the offset of a 1-based line and column (clamped to the text). */
  int offset(int line, int column) {
    if (line < 1) {
      return 0;
    }
    int start = lineStarts[Math.min(line, lineStarts.length) - 1];
    return Math.max(
        0, Math.min(sql.length() == 0 ? 0 : sql.length() - 1, start + Math.max(0, column - 1)));
  }

  /** Returns the 1-based column of {@code offset}. */
  int column(int offset) {
    return offset - lineStarts[line(offset) - 1] + 1;
  }

  /** Returns the index of the token closing the parenthesis opened at token {@code open}, or -1. */
  int closing(int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (tokens.get(i).is("(")) {
        depth++;
      } else if (tokens.get(i).is(")")) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Returns the source texts of the top-level arguments between tokens {@code open} and {@code
   * close}.
   */
  List<String> arguments(int open, int close) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    int argStart = tokens.get(open).end();
    for (int i = open + 1; i < close; i++) {
      Token t = tokens.get(i);
      if (t.is("(") || t.is("[")) {
        depth++;
      } else if (t.is(")") || t.is("]")) {
        depth--;
      } else if (depth == 0 && t.is(",")) {
        args.add(sql.substring(argStart, t.start()).trim());
        argStart = t.end();
      }
    }
    String last = sql.substring(argStart, tokens.get(close).start()).trim();
    if (!last.isEmpty() || !args.isEmpty()) {
      args.add(last);
    }
    return args;
  }

  private static List<Token> lex(String s, SqlTokens into) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        if (end < 0 && into.unterminated < 0) {
          into.unterminated = i;
        }
        i = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"' || c == '`') {
        int start = i;
        i++;
        boolean closed = false;
        while (i < n) {
          if (s.charAt(i) == c) {
            if (i + 1 < n && s.charAt(i + 1) == c) {
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          i++;
        }
        if (!closed && into.unterminated < 0) {
          into.unterminated = start;
        }
        Kind kind = c == '\'' ? Kind.STRING : c == '"' ? Kind.QUOTED : Kind.BACKTICK;
        out.add(new Token(kind, s.substring(start, i), start, i));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n
            && (Character.isLetterOrDigit(s.charAt(i))
                || s.charAt(i) == '_'
                || s.charAt(i) == '$')) {
          i++;
        }
        out.add(new Token(Kind.WORD, s.substring(start, i), start, i));
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
        int start = i;
        while (i < n
            && (Character.isDigit(s.charAt(i))
                || s.charAt(i) == '.'
                || s.charAt(i) == 'e'
                || s.charAt(i) == 'E')) {
          i++;
        }
        out.add(new Token(Kind.NUMBER, s.substring(start, i), start, i));
      } else if ("(),;[]".indexOf(c) >= 0) {
        out.add(new Token(Kind.PUNCT, String.valueOf(c), i, i + 1));
        i++;
      } else {
        int start = i;
        String two = i + 1 < n ? s.substring(i, i + 2) : "";
        String three = i + 2 < n ? s.substring(i, i + 3) : "";
        if (three.equals("!~*")) {
          i += 3;
        } else if (two.equals("::")
            || two.equals("||")
            || two.equals("<=")
            || two.equals(">=")
            || two.equals("<>")
            || two.equals("!=")
            || two.equals("->")
            || two.equals("~*")
            || two.equals("!~")) {
          i += 2;
        } else {
          i++;
        }
        out.add(new Token(Kind.OP, s.substring(start, i), start, i));
      }
    }
    return out;
  }

  /** Splits a script into statements at semicolons outside strings, identifiers and comments. */
  static List<int[]> statements(String script) {
    List<int[]> spans = new ArrayList<>();
    int start = 0;
    for (Token t : new SqlTokens(script).all()) {
      if (t.is(";")) {
        spans.add(new int[] {start, t.start()});
        start = t.end();
      }
    }
    spans.add(new int[] {start, script.length()});
    spans.removeIf(sp -> new SqlTokens(script.substring(sp[0], sp[1])).all().isEmpty());
    return spans;
  }
}
