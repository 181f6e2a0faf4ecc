package dev.runway.examples.demo;

import dev.runway.core.Runway;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.Principal;
import dev.runway.core.cost.CostTracker;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.QueryResult;
import dev.runway.core.session.Session;
import dev.runway.examples.assistant.DemoUsers;
import dev.runway.examples.assistant.PersonaQueries;
import dev.runway.examples.assistant.SupplyChainData;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The supply-chain analytics assistant on Runway: generates the seed tables, signs in one demo user
 * per persona, opens a session for each, and asks each persona's questions twice, so that the
 * second round is answered from the cache. With a {@code runway.yaml} that names other backends the
 * same code runs against them unchanged.
 */
public final class SupplyChainDemo {

  /**
   * What to run.
   *
   * @param config a {@code runway.yaml}, or {@code null} for the embedded defaults
   * @param database a DuckDB file for the embedded default, or {@code null} for in-memory
   * @param scale the data scale (1 = ~90,000 rows)
   * @param regenerate whether to regenerate data that already exists
   * @param rowsShown how many rows of each answer to print
   */
  public record Options(Path config, Path database, int scale, boolean regenerate, int rowsShown) {}

  /**
   * One answered question.
   *
   * @param round 1 or 2
   * @param persona who asked
   * @param label the query's label
   * @param millis time the caller waited
   * @param rows rows returned
   * @param fromCache whether the cache answered
   * @param costUsd the engine's estimated cost
   */
  public record Answer(
      int round,
      String persona,
      String label,
      double millis,
      int rows,
      boolean fromCache,
      BigDecimal costUsd) {}

  private SupplyChainDemo() {}

  /**
   * Runs the demo from the command line ({@code --help} lists the options); exits 0 when every
   * question was answered, 1 when one failed, 2 for bad arguments.
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Command()).execute(args));
  }

  /** The demo's command line. */
  @CommandLine.Command(
      name = "runway-demo",
      mixinStandardHelpOptions = true,
      description =
          "Run the supply-chain analytics demo (embedded defaults unless --config is given).")
  static final class Command implements Callable<Integer> {
    @CommandLine.Option(names = "--config", description = "runway.yaml naming the backends to use")
    Path config;

    @CommandLine.Option(
        names = "--database",
        description = "DuckDB file for the embedded default (default: in memory)")
    Path database;

    @CommandLine.Option(
        names = "--scale",
        defaultValue = "1",
        description = "data scale; 1 = ~90,000 rows (default: ${DEFAULT-VALUE})")
    int scale;

    @CommandLine.Option(
        names = "--regenerate",
        description = "regenerate the data even if the tables exist")
    boolean regenerate;

    @CommandLine.Option(
        names = "--rows",
        defaultValue = "5",
        description = "rows of each answer to print (default: ${DEFAULT-VALUE})")
    int rows;

    @Override
    public Integer call() {
      if (scale < 1) {
        System.err.println("--scale must be 1 or more, got " + scale);
        return 2;
      }
      run(new Options(config, database, scale, regenerate, rows), System.out);
      return 0;
    }
  }

  /** Runs the demo, printing to {@code out}; returns every answer for inspection. */
  public static List<Answer> run(Options options, PrintStream out) {
    CostTracker costs = CostTracker.create();
    try (Runway rw = open(options, costs)) {
      out.println("Runway supply-chain demo: " + rw);
      DatabaseClient raw = rw.rawDatabase();
      if (raw.engine().equals("duckdb")) {
        SupplyChainData data = new SupplyChainData(raw, options.scale(), out);
        if (options.regenerate() || !data.exists()) {
          out.printf(
              "Generating the six seed tables at scale %d into embedded DuckDB%n", options.scale());
          data.generate();
        }
        out.print(data.summary());
      }
      AuthProvider auth = authOf(rw);
      List<Answer> answers = new ArrayList<>();
      for (int round = 1; round <= 2; round++) {
        out.printf(
            "%n=== Round %d%s ===%n",
            round, round == 2 ? " (the same questions again: answered from the cache)" : "");
        for (PersonaQueries.Persona persona : PersonaQueries.all()) {
          answers.addAll(ask(rw, auth, persona, round, options.rowsShown(), out));
        }
      }
      summarise(rw, answers, out);
      CostTracker.DailyCost today = costs.today();
      out.printf(
          "  today's tracked cost: $%s over %d queries (%d from cache), by persona %s%n",
          today.totalUsd().setScale(6, RoundingMode.HALF_UP).toPlainString(),
          today.queries(),
          today.cacheHits(),
          today.byScope().keySet());
      return answers;
    }
  }

  private static Runway open(Options options, CostTracker costs) {
    if (options.config() != null) {
      return Runway.fromConfig(options.config(), costs);
    }
    DatabaseClient db =
        options.database() == null
            ? JdbcDatabaseClient.embedded()
            : JdbcDatabaseClient.duckDb(options.database());
    return Runway.builder().database(db).auth(DemoUsers.provider()).listener(costs).build();
  }

  private static AuthProvider authOf(Runway rw) {
    try {
      return rw.auth();
    } catch (IllegalStateException noAuthConfigured) {
      return DemoUsers.provider();
    }
  }

  private static List<Answer> ask(
      Runway rw,
      AuthProvider auth,
      PersonaQueries.Persona persona,
      int round,
      int rowsShown,
      PrintStream out) {
    String username = DemoUsers.userOf(persona.name());
    AuthResult result = auth.authenticate(username, DemoUsers.PASSWORD);
    if (!(result instanceof AuthResult.Authenticated signedIn)) {
      out.printf("%n[%s] sign-in of %s failed: %s%n", persona.name(), username, result);
      return List.of();
    }
    Principal principal = auth.verify(signedIn.tokens().accessToken());
    if (!principal.hasPersona(persona.name())) {
      out.printf("%n[%s] %s lacks the persona; skipped%n", persona.name(), username);
      return List.of();
    }
    Session session =
        rw.sessions().create(principal.username(), persona.name(), Map.of("round", round));
    out.printf(
        "%n[%s] signed in as %s, session %s%n",
        persona.name(), principal.username(), Session.mask(session.id()));
    List<Answer> answers = new ArrayList<>();
    for (PersonaQueries.Question q : persona.questions()) {
      rw.sessions().appendMessage(session.id(), "user", q.question(), Map.of());
      long start = System.nanoTime();
      QueryResult r = rw.database().execute(q.query());
      double millis = (System.nanoTime() - start) / 1e6;
      rw.sessions()
          .appendMessage(
              session.id(),
              "assistant",
              r.size() + " rows",
              Map.of("label", q.query().label().orElse(""), "fromCache", r.stats().fromCache()));
      Answer a =
          new Answer(
              round,
              persona.name(),
              q.query().label().orElse("?"),
              millis,
              r.size(),
              r.stats().fromCache(),
              r.stats().estimatedCostUsd());
      answers.add(a);
      if (round == 1) {
        out.printf("  Q: %s%n", q.question());
        out.print(TablePrinter.format(r, rowsShown));
      }
      out.printf(
          "  %-26s %9.2f ms %5d rows  cache %-4s  est. cost $%s%n",
          a.label(),
          a.millis(),
          a.rows(),
          a.fromCache() ? "HIT" : "MISS",
          a.costUsd().setScale(6, RoundingMode.HALF_UP).toPlainString());
    }
    out.printf(
        "  conversation: %d messages in session history%n",
        rw.sessions().history(session.id()).size());
    return answers;
  }

  private static void summarise(Runway rw, List<Answer> answers, PrintStream out) {
    out.println();
    out.println("=== Summary ===");
    for (int round = 1; round <= 2; round++) {
      int r = round;
      double total = answers.stream().filter(a -> a.round() == r).mapToDouble(Answer::millis).sum();
      long hits = answers.stream().filter(a -> a.round() == r && a.fromCache()).count();
      long n = answers.stream().filter(a -> a.round() == r).count();
      out.printf(
          "  round %d: %d queries, %d cache hits, %.1f ms in total%n", round, n, hits, total);
    }
    var stats = rw.cache().stats();
    out.printf(
        "  cache: %d hits, %d misses, hit rate %.0f%%%n",
        stats.hits(), stats.misses(), stats.hitRate() * 100);
    BigDecimal cost =
        answers.stream().map(Answer::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    out.printf(
        "  estimated engine cost of this run: $%s (%s)%n",
        cost.setScale(6, RoundingMode.HALF_UP).toPlainString(), rw.rawDatabase().engine());
    out.println("  health: " + rw.health().status());
  }
}
