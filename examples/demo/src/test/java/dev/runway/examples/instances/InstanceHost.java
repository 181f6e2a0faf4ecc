package dev.runway.examples.instances;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.cost.CostTracker;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.examples.assistant.AssistantApi;
import dev.runway.examples.assistant.SupplyChainAssistant;
import dev.runway.migrate.CanaryDatabaseClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of an application, as its own process: Runway from a runway.yaml, a shared cost
 * tracker, and a line protocol on standard input so that a test can drive several of them on the
 * same stores ({@code login u p}, {@code verify t}, {@code refresh t}, {@code signout t}, {@code
 * cost usd}, {@code today}, {@code health}, {@code quit}). Each answer is one line.
 */
public final class InstanceHost {

  private InstanceHost() {}

  /** Runs until {@code quit} or the end of standard input. */
  public static void main(String[] args) throws Exception {
    Runway[] rw = new Runway[1];
    AtomicInteger alerts = new AtomicInteger();
    CostTracker costs =
        CostTracker.shared(
            () -> rw[0].coordination(),
            new BigDecimal("1.00"),
            a -> alerts.incrementAndGet(),
            Clock.systemUTC());
    rw[0] = Runway.builder().config(RunwayConfig.load(Path.of(args[0]))).listener(costs).build();
    SupplyChainAssistant assistant = new SupplyChainAssistant(rw[0], costs);
    // a canary from one embedded engine to another, its state shared by every instance
    AtomicBoolean nextFails = new AtomicBoolean();
    DatabaseClient next =
        new ForwardingDatabaseClient(JdbcDatabaseClient.embedded()) {
          @Override
          public QueryResult execute(Query query) {
            if (nextFails.get()) {
              throw new IllegalStateException("the new engine fails");
            }
            return super.execute(query);
          }
        };
    CanaryDatabaseClient canary =
        CanaryDatabaseClient.builder(JdbcDatabaseClient.embedded(), next)
            .steps(List.of(10, 50, 100))
            .stepInterval(Duration.ofSeconds(2))
            .rollbackWhen(Duration.ofMinutes(1), 1, 0.5, Duration.ofSeconds(10))
            .coordination(rw[0].coordination(), "many-instances")
            .build();
    if (rw[0].rawDatabase().engine().equals("duckdb")) {
      SupplyChainAssistant.seedEmbeddedData(rw[0].rawDatabase(), 1);
    }
    System.out.println("ready " + rw[0]);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] w = line.trim().split(" ");
      String answer;
      try {
        answer =
            switch (w[0]) {
              case "login" -> result(rw[0].auth().authenticate(w[1], w[2]));
              case "refresh" -> result(rw[0].auth().refresh(w[1]));
              case "verify" -> "valid " + rw[0].auth().verify(w[1]).username();
              case "signout" -> {
                rw[0].auth().signOut(w[1]);
                yield "ok";
              }
              case "cost" -> {
                costs.onSuccess(
                    Query.of("SELECT 1"),
                    QueryStats.builder("athena").estimatedCostUsd(new BigDecimal(w[1])).build());
                yield "ok";
              }
              case "today" ->
                  "today "
                      + costs.today().totalUsd().stripTrailingZeros().toPlainString()
                      + " "
                      + costs.today().queries();
              case "health" -> "health " + rw[0].coordination().health().status();
              case "session" -> {
                AssistantApi.SignIn out =
                    assistant.login(new AssistantApi.LoginRequest(w[1], w[2]));
                yield "session " + out.accessToken() + " " + out.sessionId();
              }
              case "ask" ->
                  "asked "
                      + assistant
                          .query(
                              w[1],
                              new AssistantApi.QueryRequest(
                                  w[4].replace('+', ' '), w[3].replace('+', ' '), w[2]))
                          .queryId();
              case "record" -> "record " + assistant.queryById(w[1], w[2]).label();
              case "alerts" -> "alerts " + alerts.get();
              case "canary" -> {
                canary.execute(Query.of("SELECT 1"));
                yield "canary " + canary.percent();
              }
              case "canary-run" -> {
                for (int i = 0; i < Integer.parseInt(w[1]); i++) {
                  canary.execute(Query.builder("SELECT 1").cacheScope("user" + i).build());
                }
                yield "canary " + canary.percent();
              }
              case "canary-fail" -> {
                nextFails.set(true);
                yield "ok";
              }
              case "quit" -> {
                rw[0].close();
                System.out.println("bye");
                System.out.flush();
                System.exit(0);
                yield "";
              }
              default -> "unknown " + w[0];
            };
      } catch (RuntimeException e) {
        answer = "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      System.out.println(answer);
      System.out.flush();
    }
  }

  private static String result(AuthResult r) {
    if (r instanceof AuthResult.Authenticated a) {
      return "authenticated " + a.tokens().accessToken() + " " + a.tokens().refreshToken();
    }
    if (r instanceof AuthResult.Failed f) {
      return "failed " + f.code();
    }
    return "challenge";
  }
}
