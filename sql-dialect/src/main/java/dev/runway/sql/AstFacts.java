package dev.runway.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LambdaExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;

/**
 * What the parser found in a statement: the functions called (by upper-case name), the casts and
 * their target types, TOP, ILIKE, regular-expression operators, lambdas, bare date keywords and
 * date arithmetic with integers. Built by walking the whole syntax tree.
 */
final class AstFacts {

  final Map<String, Integer> functions = new HashMap<>();
  final List<String> operatorCastTypes = new ArrayList<>();
  final List<String> castTypes = new ArrayList<>();
  int tryCasts;
  int tops;
  boolean limit;
  int ilikes;
  int regexOperators;
  int lambdas;
  final Map<String, Integer> bareWords = new HashMap<>();
  int dateIntegerArithmetic;

  /**
   * For each AVG call in text order: whether its argument is an integer for certain (an integer
   * CASE or literal).
   */
  final List<Boolean> integerAverages = new ArrayList<>();

  /**
   * Subtractions of one date from another: the left operand's last word and the right operand's
   * first.
   */
  final List<String[]> dateSubtractions = new ArrayList<>();

  /** Parses {@code sql}; throws with the parser's message when it is not valid SQL. */
  static AstFacts of(String sql) throws JSQLParserException {
    Statement st = CCJSqlParserUtil.parse(sql);
    AstFacts facts = new AstFacts();
    StringBuilder sink = new StringBuilder();
    ExpressionDeParser expressions =
        new ExpressionDeParser() {
          @Override
          public <S> StringBuilder visit(Function f, S context) {
            facts.functions.merge(f.getName().toUpperCase(Locale.ROOT), 1, Integer::sum);
            if (f.getName().equalsIgnoreCase("AVG")) {
              facts.integerAverages.add(
                  f.getParameters() != null
                      && f.getParameters().size() == 1
                      && integerValued((Expression) f.getParameters().get(0)));
            }
            return super.visit(f, context);
          }

          @Override
          public <S> StringBuilder visit(AnalyticExpression a, S context) {
            facts.functions.merge(a.getName().toUpperCase(Locale.ROOT), 1, Integer::sum);
            return super.visit(a, context);
          }

          @Override
          public <S> StringBuilder visit(CastExpression c, S context) {
            String type = c.getColDataType() == null ? "" : c.getColDataType().toString();
            if (c.keyword == null) {
              facts.operatorCastTypes.add(type);
            } else if (c.keyword.equalsIgnoreCase("TRY_CAST")) {
              facts.tryCasts++;
              facts.castTypes.add(type);
            } else {
              facts.castTypes.add(type);
            }
            return super.visit(c, context);
          }

          @Override
          public <S> StringBuilder visit(LikeExpression like, S context) {
            if (like.getLikeKeyWord() == LikeExpression.KeyWord.ILIKE) {
              facts.ilikes++;
            }
            return super.visit(like, context);
          }

          @Override
          public <S> StringBuilder visit(RegExpMatchOperator op, S context) {
            facts.regexOperators++;
            return super.visit(op, context);
          }

          @Override
          public <S> StringBuilder visit(LambdaExpression lambda, S context) {
            facts.lambdas++;
            return super.visit(lambda, context);
          }

          @Override
          public <S> StringBuilder visit(Column column, S context) {
            if (column.getTable() == null || column.getTable().getName() == null) {
              facts.bareWords.merge(
                  column.getColumnName().toUpperCase(Locale.ROOT), 1, Integer::sum);
            }
            return super.visit(column, context);
          }

          @Override
          public <S> StringBuilder visit(Subtraction s, S context) {
            facts.dateArithmetic(s.getLeftExpression(), s.getRightExpression());
            if (dateValued(s.getLeftExpression()) && dateValued(s.getRightExpression())) {
              facts.dateSubtractions.add(
                  new String[] {
                    lastWord(s.getLeftExpression()), firstWord(s.getRightExpression())
                  });
            }
            return super.visit(s, context);
          }

          @Override
          public <S> StringBuilder visit(Addition a, S context) {
            facts.dateArithmetic(a.getLeftExpression(), a.getRightExpression());
            return super.visit(a, context);
          }
        };
    SelectDeParser selects =
        new SelectDeParser(expressions, sink) {
          @Override
          public <S> StringBuilder visit(TableFunction function, S context) {
            if (function.getFunction() != null) {
              facts.functions.merge(
                  function.getFunction().getName().toUpperCase(Locale.ROOT), 1, Integer::sum);
            }
            return super.visit(function, context);
          }

          @Override
          public <S> StringBuilder visit(PlainSelect select, S context) {
            if (select.getTop() != null) {
              facts.tops++;
            }
            if (select.getLimit() != null) {
              facts.limit = true;
            }
            return super.visit(select, context);
          }
        };
    expressions.setSelectVisitor(selects);
    expressions.setBuilder(sink);
    st.accept(new StatementDeParser(expressions, selects, sink), null);
    return facts;
  }

  private void dateArithmetic(Expression left, Expression right) {
    if (left instanceof TimeKeyExpression t
        && t.getStringValue().equalsIgnoreCase("CURRENT_DATE")
        && right instanceof LongValue) {
      dateIntegerArithmetic++;
    }
  }

  /** An integer for certain: an integer literal, or a CASE whose every result is one. */
  static boolean integerValued(Expression e) {
    while (e instanceof net.sf.jsqlparser.expression.Parenthesis p) {
      e = p.getExpression();
    }
    if (e instanceof LongValue) {
      return true;
    }
    if (e instanceof net.sf.jsqlparser.expression.CaseExpression c) {
      if (c.getWhenClauses() == null || c.getWhenClauses().isEmpty()) {
        return false;
      }
      for (net.sf.jsqlparser.expression.WhenClause w : c.getWhenClauses()) {
        if (!integerValued(w.getThenExpression())) {
          return false;
        }
      }
      return c.getElseExpression() == null || integerValued(c.getElseExpression());
    }
    return false;
  }

  /**
   * A date for certain or by its name: a DATE literal, CURRENT_DATE, a CAST to DATE, or a column
   * whose name ends in {@code date}, {@code _at} or {@code _on} (the parser knows no column types).
   */
  static boolean dateValued(Expression e) {
    while (e instanceof net.sf.jsqlparser.expression.Parenthesis p) {
      e = p.getExpression();
    }
    if (e instanceof net.sf.jsqlparser.expression.DateValue) {
      return true;
    }
    if (e instanceof TimeKeyExpression t) {
      return t.getStringValue().equalsIgnoreCase("CURRENT_DATE");
    }
    if (e instanceof CastExpression c) {
      return c.getColDataType() != null
          && c.getColDataType().getDataType().equalsIgnoreCase("DATE");
    }
    if (e instanceof Column c) {
      String n = c.getColumnName().toLowerCase(Locale.ROOT);
      return n.endsWith("date") || n.endsWith("_at") || n.endsWith("_on");
    }
    return false;
  }

  private static String lastWord(Expression e) {
    String[] words = e.toString().split("[^A-Za-z0-9_$]+");
    return words.length == 0 ? "" : words[words.length - 1];
  }

  private static String firstWord(Expression e) {
    for (String w : e.toString().split("[^A-Za-z0-9_$]+")) {
      if (!w.isEmpty()) {
        return w;
      }
    }
    return "";
  }

  int function(String upperName) {
    return functions.getOrDefault(upperName, 0);
  }
}
