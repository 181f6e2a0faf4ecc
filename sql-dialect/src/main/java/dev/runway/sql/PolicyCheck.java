package dev.runway.sql;

import dev.runway.core.internal.DaemonThreads;
import dev.runway.core.query.Query;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;

/**
 * One check of one SQL text against a {@link SqlPolicy}. The walk is a JSqlParser deparser: it must
 * print every node of the tree, so overriding what it visits sees every table, function, column and
 * subquery, wherever it is nested.
 */
final class PolicyCheck {

  /** Parses on its own threads so that a pathological text is stopped after the parse timeout. */
  private static final ExecutorService PARSER =
      Executors.newCachedThreadPool(new DaemonThreads("runway-sql-policy"));

  private static final long PARSE_TIMEOUT_MILLIS = 2_000;

  /** Words the parser reads as columns that are not columns. */
  private static final Set<String> NOT_COLUMNS =
      Set.of(
          "true",
          "false",
          "null",
          "unknown",
          "current_date",
          "current_time",
          "current_timestamp",
          "localtime",
          "localtimestamp");

  private final SqlPolicy policy;
  private final String sql;
  private final SqlTokens tokens;
  private final List<SqlPolicy.Violation> violations = new ArrayList<>();
  private final Set<String> reported = new HashSet<>();
  private final Deque<Map<String, List<String>>> ctes = new ArrayDeque<>();
  private final Deque<Scope> scopes = new ArrayDeque<>();
  private final Set<Column> exempt = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<String> tablesSeen = new HashSet<>();
  private final Set<String> cteNamesAnywhere = new HashSet<>();
  private int functionDepth;

  /** The tables and derived tables of one {@code SELECT}'s {@code FROM}. */
  private static final class Scope {
    /**
     * Alias or name (lower case) to the listed table it reads, for tables whose columns are listed.
     */
    final Map<String, SqlPolicy.TableAccess> restricted = new HashMap<>();

    /** Aliases and names of everything else in FROM (allowed tables, derived tables, CTEs). */
    final Set<String> otherNames = new HashSet<>();

    /** Output column names of derived tables and CTEs in FROM. */
    final Set<String> derivedColumns = new HashSet<>();
  }

  PolicyCheck(SqlPolicy policy, String sql) {
    this.policy = policy;
    this.sql = sql;
    this.tokens = new SqlTokens(sql);
  }

  SqlPolicy.Decision run() {
    Query original = Query.of(sql);
    if (sql.length() > policy.maxLength()) {
      return refused(
          PolicyRule.TOO_LONG,
          "the statement is "
              + sql.length()
              + " characters, over the policy's "
              + policy.maxLength(),
          0);
    }
    List<int[]> statements = SqlTokens.statements(sql);
    if (statements.size() > 1) {
      return refused(
          PolicyRule.SINGLE_STATEMENT,
          "more than one statement; send one SELECT (a ';' may only end it)",
          statements.get(1)[0] + leadingSpace(statements.get(1)[0]));
    }
    if (statements.isEmpty()) {
      return refused(PolicyRule.PARSE, "no statement", 0);
    }
    List<SqlTokens.Token> all = tokens.all();
    SqlTokens.Token first = all.get(0);
    if (first.is("USING")) {
      return refused(
          PolicyRule.FEDERATED,
          "USING EXTERNAL FUNCTION declares a function that runs in AWS Lambda; "
              + "only listed tables and built-in functions are allowed",
          first.start());
    }
    if (!first.is("SELECT") && !first.is("WITH") && !first.is("(") && !first.is("VALUES")) {
      return refused(
          PolicyRule.SELECT_ONLY,
          "a " + first.upper() + " statement; only SELECT is allowed",
          first.start());
    }
    if (tokens.unterminated() >= 0) {
      return refused(
          PolicyRule.PARSE,
          "a string, quoted name or comment is not closed",
          tokens.unterminated());
    }
    for (SqlTokens.Token t : all) {
      if (t.kind() == SqlTokens.Kind.OP && t.text().startsWith("$")) {
        return refused(
            PolicyRule.PARSE,
            "a dollar-quoted string or positional parameter ($); write strings in "
                + "single quotes and bind parameters by name",
            t.start());
      }
    }
    for (int i = 0; i + 2 < all.size(); i++) {
      if (all.get(i).kind() == SqlTokens.Kind.WORD
          && all.get(i).text().equalsIgnoreCase("U")
          && all.get(i + 1).is("&")
          && all.get(i + 1).start() == all.get(i).end()
          && all.get(i + 2).start() == all.get(i + 1).end()) {
        return refused(
            PolicyRule.PARSE,
            "a Unicode escape (U&'...' or U&\"...\"); write the characters themselves",
            all.get(i).start());
      }
    }
    Statement st;
    try {
      st = CCJSqlParserUtil.parse(sql, PARSER, p -> p.withTimeOut(PARSE_TIMEOUT_MILLIS));
    } catch (JSQLParserException | RuntimeException e) {
      // the parser's message quotes the text; the position says where without repeating it
      return refused(
          PolicyRule.PARSE,
          "the statement cannot be read as SQL; what cannot be read cannot be checked",
          parseErrorOffset(e));
    }
    if (!(st instanceof Select select) || st instanceof TableStatement) {
      return refused(
          PolicyRule.SELECT_ONLY,
          "a " + kind(st) + " statement; only SELECT is allowed",
          tokenStart(0));
    }
    walk(select);
    crossCheckTables(st);
    crossCheckFunctionTokens();
    if (!violations.isEmpty()) {
      return new SqlPolicy.Decision(original, SqlPolicy.sorted(violations), List.of());
    }
    return limit(select, original);
  }

  // --- the walk ---

  private void walk(Select select) {
    StringBuilder sink = new StringBuilder();
    ExpressionDeParser expressions =
        new ExpressionDeParser() {
          @Override
          public <S> StringBuilder visit(Function f, S context) {
            function(f, false);
            functionDepth++;
            try {
              return super.visit(f, context);
            } finally {
              functionDepth--;
            }
          }

          @Override
          public <S> StringBuilder visit(Column c, S context) {
            column(c);
            return super.visit(c, context);
          }

          @Override
          public <S> StringBuilder visit(AllColumns all, S context) {
            if (!(all instanceof AllTableColumns)
                && functionDepth == 0
                && scopes.peek() != null
                && !scopes.peek().restricted.isEmpty()) {
              SqlPolicy.TableAccess t = scopes.peek().restricted.values().iterator().next();
              violation(
                  PolicyRule.STAR,
                  "'*' over "
                      + t.display()
                      + ", whose columns are listed; name the columns "
                      + "(allowed: "
                      + sortedList(t.columns())
                      + ")",
                  find("*", false));
            }
            return super.visit(all, context);
          }

          @Override
          public <S> StringBuilder visit(AllTableColumns all, S context) {
            String q = SqlPolicy.normalise(all.getTable().getName());
            SqlPolicy.TableAccess t = resolveQualifier(q);
            if (t != null) {
              violation(
                  PolicyRule.STAR,
                  "'"
                      + all
                      + "' over "
                      + t.display()
                      + ", whose columns are listed; name the "
                      + "columns (allowed: "
                      + sortedList(t.columns())
                      + ")",
                  find(all.getTable().getName(), false));
            }
            return super.visit(all, context);
          }
        };
    SelectDeParser selects =
        new SelectDeParser(expressions, sink) {
          @Override
          public <S> StringBuilder visit(PlainSelect p, S context) {
            pushCtes(p);
            if (p.getIntoTables() != null && !p.getIntoTables().isEmpty()
                || p.getIntoTempTable() != null) {
              violation(
                  PolicyRule.SELECT_ONLY,
                  "SELECT ... INTO creates a table; only reads are allowed",
                  find("INTO", false));
            }
            if (p.getForMode() != null
                || p.getForUpdateTable() != null
                || p.getForClause() != null) {
              violation(
                  PolicyRule.SELECT_ONLY,
                  "SELECT ... FOR UPDATE/SHARE locks rows; only reads are allowed",
                  find("FOR", false));
            }
            scopes.push(scope(p));
            exemptAliases(p);
            if (p.getJoins() != null) {
              for (Join j : p.getJoins()) {
                // JOIN ... USING (c) compares c on both sides: a column like any other
                if (j.getUsingColumns() != null) {
                  j.getUsingColumns().forEach(PolicyCheck.this::column);
                }
              }
            }
            int depth = functionDepth;
            functionDepth = 0;
            try {
              return super.visit(p, context);
            } finally {
              functionDepth = depth;
              scopes.pop();
              ctes.pop();
            }
          }

          @Override
          public <S> StringBuilder visit(SetOperationList s, S context) {
            return withCtes(s, () -> super.visit(s, context));
          }

          @Override
          public <S> StringBuilder visit(ParenthesedSelect s, S context) {
            return withCtes(s, () -> super.visit(s, context));
          }

          @Override
          public <S> StringBuilder visit(WithItem<?> w, S context) {
            if (!(w.getParenthesedStatement() instanceof ParenthesedSelect)) {
              return builder; // reported when its Select was entered
            }
            // a CTE is visible to the items after it and to the body; to itself only when RECURSIVE
            // (otherwise its own name inside it is the real table of that name)
            if (w.isRecursive()) {
              declareCte(w);
            }
            try {
              return super.visit(w, context);
            } finally {
              declareCte(w);
            }
          }

          @Override
          public <S> StringBuilder visit(Table t, S context) {
            table(t);
            return super.visit(t, context);
          }

          @Override
          public <S> StringBuilder visit(TableFunction f, S context) {
            for (Function fn :
                f.getFunctions() == null || f.getFunctions().isEmpty()
                    ? List.of(f.getFunction())
                    : f.getFunctions()) {
              if (fn == null) {
                continue;
              }
              boolean wrapper = "table".equals(SqlPolicy.normalise(fn.getName()));
              if (!wrapper) {
                function(fn, true);
              }
              // the deparser prints a table function's arguments as text: walk them here
              if (fn.getParameters() != null) {
                for (Expression e : fn.getParameters()) {
                  if (wrapper && e instanceof Function inner) {
                    function(inner, true);
                  }
                  StringBuilder saved = expressionSink(expressions, new StringBuilder());
                  e.accept(expressions, context);
                  expressionSink(expressions, saved);
                }
              }
            }
            return super.visit(f, context);
          }

          @Override
          public <S> StringBuilder visit(TableStatement t, S context) {
            violation(
                PolicyRule.SELECT_ONLY,
                "TABLE "
                    + t.getTable()
                    + " is a shorthand the policy does not read; "
                    + "write SELECT ... FROM",
                tokenStart(0));
            return builder;
          }
        };
    expressions.setSelectVisitor(selects);
    expressions.setBuilder(sink);
    try {
      select.accept(new StatementDeParser(expressions, selects, sink), null);
    } catch (RuntimeException e) {
      violation(
          PolicyRule.PARSE,
          "the statement has a construct the policy cannot walk ("
              + e.getClass().getSimpleName()
              + ")",
          0);
    }
  }

  private static StringBuilder expressionSink(ExpressionDeParser expressions, StringBuilder sink) {
    StringBuilder old = expressions.getBuilder();
    expressions.setBuilder(sink);
    return old;
  }

  private void pushCtes(Select s) {
    ctes.push(new HashMap<>());
    if (s.getWithItemsList() != null) {
      for (WithItem<?> w : s.getWithItemsList()) {
        if (!(w.getParenthesedStatement() instanceof ParenthesedSelect)) {
          violation(
              PolicyRule.SELECT_ONLY,
              "WITH " + w.getAliasName() + " AS (...) changes data; only reads are " + "allowed",
              find(w.getAliasName(), false));
        }
      }
    }
  }

  private void declareCte(WithItem<?> w) {
    String name = SqlPolicy.normalise(w.getAliasName());
    List<String> columns = new ArrayList<>();
    if (w.getWithItemList() != null) {
      for (SelectItem<?> item : w.getWithItemList()) {
        columns.add(SqlPolicy.normalise(item.toString()));
      }
    } else if (w.getParenthesedStatement() instanceof ParenthesedSelect ps) {
      columns.addAll(outputNames(ps.getSelect()));
    }
    ctes.peek().put(name, columns);
    cteNamesAnywhere.add(name);
  }

  /** Visits {@code s} with the CTEs its WITH declares in scope. */
  private StringBuilder withCtes(Select s, java.util.function.Supplier<StringBuilder> visit) {
    pushCtes(s);
    try {
      return visit.get();
    } finally {
      ctes.pop();
    }
  }

  private List<String> cte(String name) {
    for (Map<String, List<String>> level : ctes) {
      if (level.containsKey(name)) {
        return level.get(name);
      }
    }
    return null;
  }

  private Scope scope(PlainSelect p) {
    Scope scope = new Scope();
    addFromItem(scope, p.getFromItem());
    if (p.getJoins() != null) {
      for (Join j : p.getJoins()) {
        addFromItem(scope, j.getFromItem());
      }
    }
    return scope;
  }

  private void addFromItem(Scope scope, FromItem item) {
    if (item == null) {
      return;
    }
    String alias = item.getAlias() == null ? null : SqlPolicy.normalise(item.getAlias().getName());
    if (item instanceof Table t) {
      String name = SqlPolicy.normalise(t.getName());
      String schema = SqlPolicy.normalise(t.getSchemaName());
      List<String> cteColumns = schema == null ? cte(name) : null;
      if (cteColumns != null) {
        scope.otherNames.add(alias == null ? name : alias);
        scope.derivedColumns.addAll(cteColumns);
        return;
      }
      SqlPolicy.TableAccess access = policy.table(schema, name);
      if (access != null && access.restricted()) {
        scope.restricted.put(alias == null ? name : alias, access);
      } else {
        scope.otherNames.add(alias == null ? name : alias);
      }
    } else if (item instanceof ParenthesedSelect s) {
      if (alias != null) {
        scope.otherNames.add(alias);
      }
      scope.derivedColumns.addAll(aliasColumns(item.getAlias()));
      if (item.getAlias() == null || item.getAlias().getAliasColumns() == null) {
        scope.derivedColumns.addAll(outputNames(s.getSelect()));
      }
    } else if (item instanceof LateralSubSelect s) {
      if (alias != null) {
        scope.otherNames.add(alias);
      }
      scope.derivedColumns.addAll(outputNames(s.getSelect()));
    } else if (item instanceof ParenthesedFromItem nested) {
      addFromItem(scope, nested.getFromItem());
      if (nested.getJoins() != null) {
        for (Join j : nested.getJoins()) {
          addFromItem(scope, j.getFromItem());
        }
      }
    } else {
      // table functions and VALUES: only the names their alias declares
      if (alias != null) {
        scope.otherNames.add(alias);
      }
      scope.derivedColumns.addAll(aliasColumns(item.getAlias()));
    }
  }

  private static List<String> aliasColumns(Alias alias) {
    if (alias == null || alias.getAliasColumns() == null) {
      return List.of();
    }
    return alias.getAliasColumns().stream().map(c -> SqlPolicy.normalise(c.name)).toList();
  }

  /**
   * The names a subquery's result columns have: aliases, or the column's own name; {@code *} adds
   * none.
   */
  private static List<String> outputNames(Select s) {
    Select body = s;
    while (body instanceof ParenthesedSelect p) {
      body = p.getSelect();
    }
    if (body instanceof SetOperationList list && !list.getSelects().isEmpty()) {
      return outputNames(list.getSelects().get(0));
    }
    List<String> names = new ArrayList<>();
    if (body instanceof PlainSelect p) {
      for (SelectItem<?> item : p.getSelectItems()) {
        if (item.getAlias() != null) {
          names.add(SqlPolicy.normalise(item.getAlias().getName()));
        } else if (item.getExpression() instanceof Column c) {
          names.add(SqlPolicy.normalise(c.getColumnName()));
        }
      }
    }
    return names;
  }

  /**
   * ORDER BY and GROUP BY may name the select list's aliases; those bare names are not table
   * columns.
   */
  private void exemptAliases(PlainSelect p) {
    Set<String> aliases = new HashSet<>();
    for (SelectItem<?> item : p.getSelectItems()) {
      if (item.getAlias() != null) {
        aliases.add(SqlPolicy.normalise(item.getAlias().getName()));
      }
    }
    if (aliases.isEmpty()) {
      return;
    }
    List<Expression> candidates = new ArrayList<>();
    if (p.getOrderByElements() != null) {
      for (OrderByElement o : p.getOrderByElements()) {
        candidates.add(o.getExpression());
      }
    }
    if (p.getGroupBy() != null && p.getGroupBy().getGroupByExpressionList() != null) {
      for (Object e : p.getGroupBy().getGroupByExpressionList()) {
        if (e instanceof Expression x) {
          candidates.add(x);
        }
      }
    }
    for (Expression e : candidates) {
      while (e instanceof Parenthesis par) {
        e = par.getExpression();
      }
      if (e instanceof Column c
          && c.getTable() == null
          && aliases.contains(SqlPolicy.normalise(c.getColumnName()))) {
        exempt.add(c);
      }
    }
  }

  private void table(Table t) {
    String name = SqlPolicy.normalise(t.getName());
    String schema = SqlPolicy.normalise(t.getSchemaName());
    String catalog = SqlPolicy.normalise(t.getCatalogName());
    String written = t.getFullyQualifiedName();
    int at = find(t.getName(), false);
    if (schema == null && cte(name) != null) {
      return;
    }
    tablesSeen.add(written);
    if ((catalog != null && catalog.startsWith("lambda:"))
        || (schema != null && schema.startsWith("lambda:"))) {
      violation(
          PolicyRule.FEDERATED,
          "'"
              + written
              + "' reads a federated (Lambda) source; only listed tables "
              + "are allowed",
          at);
      return;
    }
    if (SqlPolicy.catalogueSchema(schema)
        || SqlPolicy.catalogueSchema(catalog)
        || SqlPolicy.catalogueTable(name)) {
      violation(
          PolicyRule.CATALOGUE,
          "'" + written + "' is a system catalogue; only listed tables are allowed",
          at);
      return;
    }
    if (catalog != null || policy.table(schema, name) == null) {
      violation(
          PolicyRule.TABLE,
          "table '" + written + "' is not allowed; allowed: " + policy.allowedTables(),
          at);
    }
  }

  private void function(Function f, boolean inFrom) {
    List<String> parts =
        f.getMultipartName() == null || f.getMultipartName().isEmpty()
            ? List.of(f.getName())
            : f.getMultipartName();
    String last = SqlPolicy.normalise(parts.get(parts.size() - 1));
    String qualifier = parts.size() > 1 ? SqlPolicy.normalise(parts.get(parts.size() - 2)) : null;
    String written = String.join(".", parts);
    int at = find(parts.get(parts.size() - 1), true);
    if ("system".equals(qualifier) && "query".equals(last) || last.equals("external_query")) {
      violation(
          PolicyRule.FEDERATED,
          written
              + "() passes a query through to another source; only listed tables "
              + "are allowed",
          at);
    } else if (last.startsWith("duckdb_")
        || last.startsWith("pragma_")
        || last.startsWith("sqlite_")
        || SqlPolicy.catalogueSchema(qualifier)) {
      violation(
          PolicyRule.CATALOGUE,
          written + "() reads the system catalogue; only listed tables are allowed",
          at);
    } else if (policy.functionDenied(last)) {
      violation(
          PolicyRule.FUNCTION,
          written
              + "() is not allowed: it reads files, the network or the server, "
              + "runs SQL from a string, or changes state",
          at);
    } else if (inFrom && !policy.tableFunctionAllowed(last)) {
      violation(
          PolicyRule.TABLE_FUNCTION,
          written
              + "(...) in FROM is not allowed; read listed tables (table "
              + "functions allowed: unnest, generate_series and those the policy adds)",
          at);
    }
  }

  private void column(Column c) {
    if (exempt.contains(c)) {
      return;
    }
    String name = SqlPolicy.normalise(c.getColumnName());
    Table qualifierTable = c.getTable();
    String qualifier =
        qualifierTable == null || qualifierTable.getName() == null
            ? null
            : SqlPolicy.normalise(qualifierTable.getName());
    if (qualifier == null) {
      if (NOT_COLUMNS.contains(name)) {
        return;
      }
      for (Scope s : scopes) {
        if (s.restricted.isEmpty() || s.derivedColumns.contains(name)) {
          continue;
        }
        for (SqlPolicy.TableAccess t : s.restricted.values()) {
          if (!t.columns().contains(name)) {
            violation(
                PolicyRule.COLUMN,
                "column '"
                    + c.getColumnName()
                    + "' is not allowed on "
                    + t.display()
                    + " (allowed: "
                    + sortedList(t.columns())
                    + "); if it belongs to another table, qualify it",
                find(c.getColumnName(), false));
            return;
          }
        }
      }
      return;
    }
    SqlPolicy.TableAccess t = resolveQualifier(qualifier);
    if (t != null && !t.columns().contains(name)) {
      violation(
          PolicyRule.COLUMN,
          "column '"
              + c.getColumnName()
              + "' is not allowed on "
              + t.display()
              + " (allowed: "
              + sortedList(t.columns())
              + ")",
          find(c.getColumnName(), false));
    }
  }

  /**
   * The listed, column-restricted table a qualifier names, or null when it names something else.
   */
  private SqlPolicy.TableAccess resolveQualifier(String qualifier) {
    for (Scope s : scopes) {
      if (s.restricted.containsKey(qualifier)) {
        return s.restricted.get(qualifier);
      }
      if (s.otherNames.contains(qualifier)) {
        return null;
      }
    }
    // not in any FROM in reach: the engine refuses it, unless it is a listed table's own name
    return policy.restrictedNamed(qualifier);
  }

  // --- the second readings ---

  private void crossCheckTables(Statement st) {
    Set<String> found;
    try {
      found = new TablesNamesFinder<Void>().getTables(st);
    } catch (RuntimeException e) {
      // the finder does not know every node (it throws on some); the walk has read them
      return;
    }
    for (String written : found) {
      if (tablesSeen.contains(written)) {
        continue;
      }
      String[] parts = written.split("\\.");
      String name = SqlPolicy.normalise(parts[parts.length - 1]);
      String schema = parts.length > 1 ? SqlPolicy.normalise(parts[parts.length - 2]) : null;
      if (schema == null && cteNamesAnywhere.contains(name)) {
        continue;
      }
      if (policy.table(schema, name) == null || parts.length > 2) {
        violation(
            PolicyRule.TABLE,
            "table '" + written + "' is not allowed; allowed: " + policy.allowedTables(),
            find(parts[parts.length - 1], false));
      }
    }
  }

  private void crossCheckFunctionTokens() {
    List<SqlTokens.Token> all = tokens.all();
    for (int i = 0; i + 1 < all.size(); i++) {
      SqlTokens.Token t = all.get(i);
      if ((t.kind() == SqlTokens.Kind.WORD || t.kind() == SqlTokens.Kind.QUOTED)
          && all.get(i + 1).is("(")
          && policy.functionDenied(SqlPolicy.normalise(t.text()))) {
        violation(
            PolicyRule.FUNCTION,
            t.text()
                + "() is not allowed: it reads files, the network or the server, "
                + "runs SQL from a string, or changes state",
            t.start());
      }
    }
  }

  // --- the row limit ---

  private SqlPolicy.Decision limit(Select select, Query original) {
    int max = policy.maxRows();
    if (max == 0) {
      return new SqlPolicy.Decision(original, List.of(), List.of());
    }
    Select body = select;
    if (select.getFetch() != null) {
      long n = select.getFetch().getRowCount();
      if (select.getFetch().getExpression() != null
          && !(select.getFetch().getExpression() instanceof LongValue)) {
        return refused(
            PolicyRule.LIMIT,
            "FETCH FIRST takes a number here, so that the policy can hold it to " + max + " rows",
            find("FETCH", false));
      }
      if (select.getFetch().getExpression() instanceof LongValue v) {
        n = v.getValue();
      }
      if (n <= max) {
        return new SqlPolicy.Decision(original, List.of(), List.of());
      }
      return refused(
          PolicyRule.LIMIT,
          "FETCH FIRST "
              + n
              + " ROWS is over the policy's "
              + max
              + " rows; use LIMIT "
              + max
              + " or less",
          find("FETCH", false));
    }
    if (body instanceof PlainSelect p && p.getTop() != null) {
      Expression e = p.getTop().getExpression();
      if (e instanceof LongValue v && v.getValue() <= max) {
        return new SqlPolicy.Decision(original, List.of(), List.of());
      }
      return refused(
          PolicyRule.LIMIT,
          "TOP "
              + e
              + " is over the policy's "
              + max
              + " rows or not a number; use "
              + "LIMIT "
              + max
              + " or less",
          find("TOP", false));
    }
    Limit limit = body.getLimit();
    if (limit == null) {
      String text = withoutTrailingSemicolon();
      return new SqlPolicy.Decision(
          original.withSql(text + "\nLIMIT " + max), List.of(), List.of("LIMIT " + max + " added"));
    }
    Expression rows = limit.getRowCount();
    if (rows instanceof LongValue v && !limit.isLimitAll() && !limit.isLimitNull()) {
      if (v.getValue() <= max) {
        return new SqlPolicy.Decision(original, List.of(), List.of());
      }
      // tighten the number where it is written, leaving the rest of the text as it was
      SqlTokens.Token number = lastLimitNumber();
      if (number != null) {
        String text = sql.substring(0, number.start()) + max + sql.substring(number.end());
        return new SqlPolicy.Decision(
            original.withSql(text),
            List.of(),
            List.of("LIMIT " + v.getValue() + " tightened to " + max));
      }
    }
    return refused(
        PolicyRule.LIMIT,
        "LIMIT "
            + (rows == null ? "ALL" : rows)
            + " is not a number the policy can "
            + "hold to "
            + max
            + " rows; write LIMIT "
            + max
            + " or less",
        find("LIMIT", false));
  }

  private SqlTokens.Token lastLimitNumber() {
    List<SqlTokens.Token> all = tokens.all();
    SqlTokens.Token lastLimit = null;
    for (int i = 0; i + 1 < all.size(); i++) {
      if (all.get(i).is("LIMIT") && all.get(i + 1).kind() == SqlTokens.Kind.NUMBER) {
        lastLimit = all.get(i + 1);
      }
    }
    // the statement's own LIMIT is the last one in the text (a subquery's comes before)
    return lastLimit;
  }

  private String withoutTrailingSemicolon() {
    List<SqlTokens.Token> all = tokens.all();
    if (!all.isEmpty() && all.get(all.size() - 1).is(";")) {
      return sql.substring(0, all.get(all.size() - 1).start());
    }
    return sql;
  }

  // --- reporting ---

  private SqlPolicy.Decision refused(PolicyRule rule, String message, int offset) {
    violation(rule, message, offset);
    return new SqlPolicy.Decision(Query.of(sql), SqlPolicy.sorted(violations), List.of());
  }

  private void violation(PolicyRule rule, String message, int offset) {
    int at = Math.max(0, Math.min(offset, Math.max(0, sql.length() - 1)));
    if (reported.add(rule + "@" + at + ":" + message)) {
      violations.add(new SqlPolicy.Violation(rule, message, tokens.line(at), tokens.column(at)));
    }
  }

  /**
   * The offset of the first token spelling {@code word} (unquoted, any case), followed by '(' if
   * {@code call}.
   */
  private int find(String word, boolean call) {
    if (word == null) {
      return 0;
    }
    String w = SqlPolicy.normalise(word);
    List<SqlTokens.Token> all = tokens.all();
    for (int i = 0; i < all.size(); i++) {
      SqlTokens.Token t = all.get(i);
      if (t.kind() == SqlTokens.Kind.STRING) {
        continue;
      }
      if (SqlPolicy.normalise(t.text()).equals(w)
          && (!call || (i + 1 < all.size() && all.get(i + 1).is("(")))) {
        return t.start();
      }
    }
    return 0;
  }

  private int tokenStart(int index) {
    List<SqlTokens.Token> all = tokens.all();
    return all.size() > index ? all.get(index).start() : 0;
  }

  private int leadingSpace(int offset) {
    int i = offset;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i - offset;
  }

  private static String kind(Statement st) {
    String name = st.getClass().getSimpleName();
    return name.toUpperCase(java.util.Locale.ROOT);
  }

  private static String sortedList(Set<String> names) {
    return names.stream().sorted().toList().toString();
  }

  private int parseErrorOffset(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ParseException pe && pe.currentToken != null) {
        Token bad = pe.currentToken.next != null ? pe.currentToken.next : pe.currentToken;
        return tokens.offset(bad.beginLine, bad.beginColumn);
      }
    }
    return 0;
  }
}
