package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.testkit.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The migration subcommands, run as a user runs them, against real DuckDB files and Redis servers.
 */
class MigrationCommandsTest {

  private record Run(int code, String out, String err) {}

  private static synchronized Run run(String... args) {
    PrintStream old = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      int code = RunwayCommand.execute(args);
      return new Run(
          code, bytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
      System.setErr(oldErr);
    }
  }

  private static Path database(Path dir, String name, String... sql) throws Exception {
    Path file = dir.resolve(name + ".duckdb");
    try (DatabaseClient db = JdbcDatabaseClient.duckDb(file)) {
      db.execute(
          "CREATE TABLE orders AS SELECT i AS id, 'WH-' || (i % 4) AS warehouse, "
              + "CAST(i * 2.5 AS DECIMAL(10,2)) AS amount FROM range(1, 501) t(i)");
      for (String s : sql) {
        db.execute(s);
      }
    }
    Path yaml = dir.resolve(name + ".yaml");
    Files.writeString(
        yaml, "database: { type: embedded, embedded: { path: " + name + ".duckdb } }\n");
    return yaml;
  }

  @Test
  @DisplayName(
      "validate: identical databases pass (exit 0); a dropped row fails (exit 1) with the report naming it")
  void validate(@TempDir Path dir) throws Exception {
    Path a = database(dir, "a");
    Path b = database(dir, "b");
    Path c = database(dir, "c", "DELETE FROM orders WHERE id = 42");
    Run ok =
        run("validate", "--source", a.toString(), "--target", b.toString(), "--tables", "orders");
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("**PASSED**").contains("[##############################] 1/1");
    Path report = dir.resolve("report.json");
    Run bad =
        run(
            "validate",
            "--source",
            a.toString(),
            "--target",
            c.toString(),
            "--tables",
            "orders",
            "--partition",
            "orders=warehouse",
            "--report",
            report.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).contains("MISMATCH").contains("rows where warehouse = WH-2");
    assertThat(Files.readString(report)).contains("\"passed\" : false");
  }

  @Test
  @DisplayName(
      "validate --state: a state file written for one pair is refused for another, never read as passed")
  void validateState_otherPair_isRefused(@TempDir Path dir) throws Exception {
    Path a = database(dir, "a");
    Path b = database(dir, "b");
    Path empty = database(dir, "empty", "DELETE FROM orders");
    Path state = dir.resolve("state.json");
    assertThat(
            run(
                    "validate",
                    "--source",
                    a.toString(),
                    "--target",
                    b.toString(),
                    "--tables",
                    "orders",
                    "--state",
                    state.toString())
                .code())
        .isZero();
    Run reused =
        run(
            "validate",
            "--source",
            a.toString(),
            "--target",
            empty.toString(),
            "--tables",
            "orders",
            "--state",
            state.toString());
    assertThat(reused.code()).isNotZero();
    assertThat(reused.out()).doesNotContain("**PASSED**");
  }

  @Test
  @DisplayName(
      "shadow-report: a changed value on the candidate is reported and the exit code says so")
  void shadowReport(@TempDir Path dir) throws Exception {
    Path a = database(dir, "p");
    Path b = database(dir, "q", "UPDATE orders SET amount = 0 WHERE id = 7");
    Path queries = dir.resolve("queries.sql");
    Files.writeString(
        queries,
        "-- the dashboard's queries\nSELECT warehouse, count(*) AS n FROM orders GROUP BY warehouse;\n"
            + "\nSELECT sum(amount) AS total FROM orders;\n");
    Path md = dir.resolve("shadow.md");
    Run r =
        run(
            "shadow-report",
            "--primary",
            a.toString(),
            "--candidate",
            b.toString(),
            "--queries",
            queries.toString(),
            "--markdown",
            md.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(Files.readString(md)).contains("sum(amount)");
    Path copy = database(dir, "r");
    Run same =
        run(
            "shadow-report",
            "--primary",
            a.toString(),
            "--candidate",
            copy.toString(),
            "--queries",
            queries.toString());
    assertThat(same.code()).isZero();
  }

  @Test
  @DisplayName(
      "advise: 1,000 queries a day scanning 1 GB cost $146.48 a month on Athena, computed by hand")
  void advise() {
    Run r =
        run(
            "advise",
            "--queries-per-day",
            "1000",
            "--bytes-per-query",
            "1GB",
            "--query-seconds",
            "4");
    assertThat(r.code()).isZero();
    // 1,000 x 30 x 1 GiB = 30,000 GiB = 29.296875 TiB x $5
    assertThat(r.out()).contains("athena").contains("146.48").contains("cheapest:");
    assertThat(run("advise", "--queries-per-day", "10", "--bytes-per-query", "lots").code())
        .isEqualTo(2);
  }

  @Test
  @DisplayName(
      "sql-check: every finding with file:line:column, the safe rewrites written, exit 1; a clean file exits 0")
  void sqlCheck(@TempDir Path dir) throws Exception {
    Path queries = dir.resolve("dashboard.sql");
    Files.writeString(
        queries,
        """
        -- the warehouse dashboard
        SELECT warehouse_id, NVL(SUM(quantity), 0)
        FROM shipments
        WHERE shipped_at >= DATEADD(day, -7, GETDATE())
        GROUP BY warehouse_id;

        SELECT DATEDIFF(day, ordered_at, delivered_at) FROM orders;
        SELECT 1;
        """);
    Path rewritten = dir.resolve("athena.sql");
    Path report = dir.resolve("report.json");
    Run r =
        run(
            "sql-check",
            "--from",
            "redshift",
            "--to",
            "athena",
            queries.toString(),
            "--rewrite",
            rewritten.toString(),
            "--report",
            report.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            queries + ":2:22: nvl: ",
            queries + ":4:21: dateadd: ",
            queries + ":4:38: getdate: ",
            queries + ":7:8: datediff: ",
            "by hand: date_diff(",
            "rewrite: coalesce(SUM(quantity), 0)",
            "3 statements: 1 run on athena as they are, 4 findings (3 with a safe rewrite), 0 do not parse");
    assertThat(Files.readString(rewritten))
        .contains("coalesce(SUM(quantity), 0)")
        .contains("date_add('day', -7, localtimestamp)")
        .contains("DATEDIFF(day, ordered_at, delivered_at)");
    assertThat(Files.readString(report))
        .contains("\"rule\" : \"datediff\"")
        .contains("\"line\" : 7");

    Path clean = dir.resolve("clean.sql");
    Files.writeString(
        clean, "SELECT coalesce(a, 0) FROM t;\nSELECT date_trunc('day', ts) FROM t;\n");
    assertThat(run("sql-check", "--from", "redshift", "--to", "athena", clean.toString()).code())
        .isZero();
    assertThat(run("sql-check", "--from", "oracle", "--to", "athena", clean.toString()).code())
        .isEqualTo(2);
    assertThat(
            run(
                    "shadow-report",
                    "--primary",
                    "a.yaml",
                    "--candidate",
                    "b.yaml",
                    "--queries",
                    clean.toString(),
                    "--dialect",
                    "redshift")
                .code())
        .isEqualTo(2);
  }

  @Test
  @DisplayName(
      "advise: the migration guide's 1M queries a day, against its clusters, with the saving and each break-even")
  void advise_seedScenario() {
    Run r =
        run(
            "advise",
            "--queries-per-day",
            "1000000",
            "--bytes-per-query",
            "100MB",
            "--query-seconds",
            "1",
            "--concurrency",
            "4",
            "--dashboard-users",
            "150",
            "--cluster",
            "ra3.xlplusx2,ra3.4xlargex1");
    assertThat(r.code()).isZero();
    // "100MB" is 100 MiB: Athena 1M x 30 x 100/1,048,576 TiB x $5 = $14,305.11; 2 x ra3.xlplus
    // $1,585.56; 1 x ra3.4xlarge $2,379.80; the saving is Athena - 2 nodes = $12,719.55; Athena
    // passes
    // 2 nodes at 1,585.56 / 0.0143051147 = 110,838.6 -> 110,839 queries a day
    assertThat(r.out())
        .contains(
            "athena",
            "14305.11",
            "(current)",
            "redshift-2x-ra3.xlplus",
            "1585.56",
            "redshift-1x-ra3.4xlarge",
            "2379.80",
            "saving $12719.55 a month against athena",
            "redshift-2x-ra3.xlplus: from 110839 queries a day",
            "more than 100 concurrent dashboard users (150)");
    // 23M records a day of 100 bytes kept a year: 781.9 GiB of managed storage, $18.76 a month on
    // each Redshift option
    Run grown =
        run(
            "advise",
            "--queries-per-day",
            "1000000",
            "--bytes-per-query",
            "100MB",
            "--query-seconds",
            "1",
            "--concurrency",
            "4",
            "--cluster",
            "ra3.xlplusx2",
            "--records-per-day",
            "23000000");
    assertThat(grown.out()).contains("redshift-2x-ra3.xlplus          1604.32");
    assertThat(
            run(
                    "advise",
                    "--queries-per-day",
                    "10",
                    "--bytes-per-query",
                    "1GB",
                    "--cluster",
                    "ra9.hugex2")
                .err())
        .contains("ra9.huge")
        .contains("ra3.xlplus");
    assertThat(
            run(
                    "advise",
                    "--queries-per-day",
                    "10",
                    "--bytes-per-query",
                    "1GB",
                    "--cluster",
                    "ra3.xlplus")
                .code())
        .isEqualTo(2);
  }

  @Test
  @DisplayName("migrate-cache copies keys with their TTL to another Redis and verifies them")
  void migrateCache() {
    try (RedisServer source = RedisServer.start();
        RedisServer target = RedisServer.start();
        RedisClient src = RedisClient.create(java.net.URI.create(source.uri()));
        RedisClient tgt = RedisClient.create(java.net.URI.create(target.uri()))) {
      for (int i = 0; i < 300; i++) {
        src.setex("runway:q:" + i, 600, "v" + i);
      }
      src.set("other:key", "not copied");
      Run dry =
          run("migrate-cache", "--source", source.uri(), "--target", target.uri(), "--dry-run");
      assertThat(dry.code()).isZero();
      assertThat(dry.out()).contains("300 keys match runway:*").contains("nothing written");
      assertThat(tgt.dbSize()).isZero();
      Run r = run("migrate-cache", "--source", source.uri(), "--target", target.uri());
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("all present and equal");
      assertThat(tgt.get("runway:q:17")).isEqualTo("v17");
      assertThat(tgt.ttl("runway:q:17")).isBetween(590L, 600L);
      assertThat(tgt.exists("other:key")).isFalse();
    }
  }

  @Test
  @DisplayName(
      "migrate-cache reads a side from a runway.yaml's cache.redis as the application does: ACL user and password")
  void migrateCache_fromTheCachesOwnSettings(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (RedisServer source = RedisServer.start();
        RedisServer target =
            RedisServer.start(
                "--user",
                "default",
                "off",
                "--user",
                "runway",
                "on",
                ">s3cret-Token",
                "~*",
                "&*",
                "+@all");
        RedisClient src = RedisClient.create(java.net.URI.create(source.uri()))) {
      for (int i = 0; i < 20; i++) {
        src.setex("runway:q:" + i, 600, "v" + i);
      }
      java.nio.file.Path yaml = dir.resolve("runway.yaml");
      java.net.URI t = java.net.URI.create(target.uri());
      java.nio.file.Files.writeString(
          yaml,
          "cache:\n  type: redis\n  redis:\n    uri: redis://"
              + t.getHost()
              + ":"
              + t.getPort()
              + "\n    user: runway\n    password: ${CACHE_PASSWORD}\n    prefix: runway\n");
      System.setProperty("CACHE_PASSWORD", "s3cret-Token");
      Run r;
      try {
        r = run("migrate-cache", "--source", source.uri(), "--target-config", yaml.toString());
      } finally {
        System.clearProperty("CACHE_PASSWORD");
      }
      assertThat(r.code()).as(r.out()).isZero();
      assertThat(r.out())
          .contains("all present and equal")
          .contains("user=runway, password=***")
          .doesNotContain("s3cret-Token");
      assertThat(run("migrate-cache", "--source", source.uri()).code())
          .as("no target")
          .isEqualTo(2);
      Run masked =
          run("migrate-cache", "--source", "http://u:hunter2@host", "--target", source.uri());
      assertThat(masked.code()).isEqualTo(2);
      assertThat(masked.out() + masked.err()).doesNotContain("hunter2").contains("--source");
    }
  }

  @Test
  @DisplayName("every migration command has --help naming what it does; missing arguments exit 2")
  void help() {
    for (String cmd :
        new String[] {"validate", "shadow-report", "migrate-cache", "advise", "migrate-users"}) {
      Run r = run(cmd, "--help");
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("Usage: runway " + cmd);
    }
    assertThat(run("migrate-cache", "--help").out()).contains("--dry-run");
    assertThat(run("migrate-users", "--help").out()).contains("--dry-run");
    assertThat(run("validate").code()).isEqualTo(2);
  }
}
