package dev.runway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runway.athena.AthenaExternalTables;
import dev.runway.athena.AthenaTableExport;
import dev.runway.cache.redis.RedisConnections;
import dev.runway.cache.redis.RedisKeyMigrator;
import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.query.ColumnSpec;
import dev.runway.core.query.Query;
import dev.runway.core.spi.ConfigSection;
import dev.runway.migrate.ShadowDatabaseClient;
import dev.runway.migrate.ShadowReport;
import dev.runway.migrate.TableValidator;
import dev.runway.migrate.cost.WorkloadAdvisor;
import dev.runway.redshift.RedshiftTableDdl;
import dev.runway.redshift.RedshiftTableTransfer;
import dev.runway.sql.Dialect;
import dev.runway.sql.Finding;
import dev.runway.sql.SqlDialectChecker;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redis.clients.jedis.UnifiedJedis;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The migration subcommands of {@code runway}: {@code validate}, {@code shadow-report}, {@code
 * migrate-cache} and {@code advise}. Exit codes: 0 success, 1 the check failed (a mismatch, a
 * failed key), 2 bad arguments.
 */
final class MigrationCommands {

  private MigrationCommands() {}

  private static void bar(PrintStream out, int done, int total, String label) {
    int width = 30;
    int filled = total == 0 ? width : done * width / total;
    out.printf(
        "\r  [%s%s] %d/%d  %-40s",
        "#".repeat(filled),
        " ".repeat(width - filled),
        done,
        total,
        label.length() > 40 ? label.substring(0, 37) + "..." : label);
    out.flush();
  }

  /** Prints a report and writes its JSON and Markdown forms where asked. */
  private static void publish(String markdownText, String json, Path jsonFile, Path markdownFile)
      throws IOException {
    System.out.println();
    System.out.print(markdownText);
    if (jsonFile != null) {
      Files.writeString(jsonFile, json);
    }
    if (markdownFile != null) {
      Files.writeString(markdownFile, markdownText);
    }
  }

  /** {@code runway validate}. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Compare tables on two databases after a migration: row counts (per partition with "
            + "--partition), then count, nulls, min, max and sum of every column. Any difference fails.",
        "Each side is the database of a runway.yaml. Read-only; with --state a re-run skips tables that matched."
      })
  static final class Validate implements Callable<Integer> {
    @Option(
        names = "--source",
        required = true,
        description = "runway.yaml of the database migrated from")
    Path source;

    @Option(
        names = "--target",
        required = true,
        description = "runway.yaml of the database migrated to")
    Path target;

    @Option(
        names = "--tables",
        required = true,
        split = ",",
        description = "tables to compare, comma-separated")
    List<String> tables;

    @Option(
        names = "--partition",
        description = "table=column: also compare row counts per value of column")
    Map<String, String> partitions = Map.of();

    @Option(
        names = "--state",
        description = "state file: tables that matched are skipped on a re-run")
    Path state;

    @Option(names = "--report", description = "write the JSON report here")
    Path report;

    @Option(names = "--markdown", description = "write the Markdown report here")
    Path markdown;

    @Override
    public Integer call() throws Exception {
      try (Runway src = Runway.fromConfig(source);
          Runway tgt = Runway.fromConfig(target)) {
        TableValidator v = TableValidator.between(src.rawDatabase(), tgt.rawDatabase());
        partitions.forEach(v::partitionedBy);
        if (state != null) {
          // the state belongs to these two configurations as they are now (path and content)
          v.stateFile(state, identity(source), identity(target));
        }
        int[] done = {0};
        TableValidator.Report r =
            v.validate(
                tables,
                t ->
                    bar(
                        System.out,
                        ++done[0],
                        tables.size(),
                        t.table()
                            + (t.skipped() ? " skipped" : t.matched() ? " match" : " MISMATCH")));
        publish(r.toMarkdown(), r.toJson(), report, markdown);
        return r.passed() ? 0 : 1;
      }
    }
  }

  /** {@code runway migrate-tables}. */
  @Command(
      name = "migrate-tables",
      mixinStandardHelpOptions = true,
      description = {
        "Move tables from Redshift to Athena (UNLOAD to S3 Parquet, Glue database and external "
            + "tables, validation), or back from S3 Parquet into existing Redshift tables with COPY "
            + "(--direction athena-to-redshift).",
        "Resumable: with --state, tables already exported and validated are skipped. --dry-run prints the plan "
            + "and changes nothing. Exit code 1 when a table fails validation."
      })
  static final class MigrateTables implements Callable<Integer> {
    @Option(
        names = "--redshift",
        required = true,
        description = "runway.yaml whose database is Redshift")
    Path redshiftConfig;

    @Option(
        names = "--athena",
        required = true,
        description = "runway.yaml whose database is Athena")
    Path athenaConfig;

    @Option(
        names = "--schema",
        defaultValue = "public",
        description = "Redshift schema (default: ${DEFAULT-VALUE})")
    String schema;

    @Option(
        names = "--tables",
        required = true,
        split = ",",
        description = "tables, comma-separated")
    List<String> tables;

    @Option(
        names = "--athena-database",
        required = true,
        description = "the Glue database for the tables")
    String athenaDatabase;

    @Option(
        names = "--s3-prefix",
        required = true,
        description = "s3://bucket/path/ for the Parquet files")
    String prefix;

    @Option(
        names = "--iam-role",
        required = true,
        description = "role ARN Redshift uses for UNLOAD and COPY")
    String iamRole;

    @Option(names = "--partition", description = "table=column: UNLOAD partitioned by column")
    Map<String, String> partitions = Map.of();

    @Option(
        names = "--direction",
        defaultValue = "redshift-to-athena",
        description = "redshift-to-athena or athena-to-redshift (default: ${DEFAULT-VALUE})")
    String direction;

    @Option(
        names = "--s3-endpoint",
        description = "S3 endpoint override for reading manifests (local S3)")
    URI s3Endpoint;

    @Option(names = "--region", defaultValue = "us-east-1")
    String region;

    @Option(
        names = "--state",
        description = "state file: tables already done are skipped on a re-run")
    Path state;

    @Option(names = "--report", description = "write the validation report (JSON) here")
    Path report;

    @Option(names = "--dry-run", description = "print the plan; change nothing")
    boolean dryRun;

    @Option(
        names = "--distkey",
        description =
            "athena-to-redshift: table=column, the DISTKEY (default: suggested "
                + "from --join-keys, else DISTSTYLE AUTO)")
    Map<String, String> distKeys = Map.of();

    @Option(
        names = "--sortkey",
        description =
            "athena-to-redshift: table=col1+col2, the compound SORTKEY (default: "
                + "suggested from --filter-columns and the first time column, else SORTKEY AUTO)")
    Map<String, String> sortKeys = Map.of();

    @Option(
        names = "--join-keys",
        split = ",",
        description =
            "athena-to-redshift: columns tables are joined on; "
                + "the first a table has becomes its DISTKEY (the usual Redshift layout rule)")
    List<String> joinKeys = List.of();

    @Option(
        names = "--filter-columns",
        split = ",",
        description =
            "athena-to-redshift: columns dashboards filter "
                + "on; those a table has lead its SORTKEY, then its first time column (the usual Redshift layout rule)")
    List<String> filterColumns = List.of();

    @Option(
        names = "--manifest",
        description =
            "athena-to-redshift: write the exported files and row counts "
                + "(per partition) here as JSON")
    Path manifest;

    @Override
    public Integer call() throws Exception {
      boolean toAthena = direction.equals("redshift-to-athena");
      if (!toAthena && !direction.equals("athena-to-redshift")) {
        System.err.println("--direction must be redshift-to-athena or athena-to-redshift");
        return 2;
      }
      if (!prefix.startsWith("s3://") || !prefix.endsWith("/")) {
        System.err.println("--s3-prefix must be an s3://bucket/path/ ending in /");
        return 2;
      }
      if (dryRun) {
        for (String t : tables) {
          System.out.println(
              toAthena
                  ? "would UNLOAD "
                      + schema
                      + "."
                      + t
                      + " to "
                      + prefix
                      + t
                      + "/ as Parquet"
                      + (partitions.containsKey(t) ? " partitioned by " + partitions.get(t) : "")
                      + ", create "
                      + athenaDatabase
                      + "."
                      + t
                      + " over it, and validate"
                  : "would UNLOAD "
                      + athenaDatabase
                      + "."
                      + t
                      + " to "
                      + prefix
                      + t
                      + "/ as Parquet"
                      + (partitions.containsKey(t)
                          ? " partitioned by " + partitions.get(t) + " (kept in the files)"
                          : "")
                      + ", CREATE TABLE "
                      + schema
                      + "."
                      + t
                      + " with "
                      + (distKeys.containsKey(t) || sortKeys.containsKey(t)
                          ? "DISTKEY "
                              + distKeys.getOrDefault(t, "AUTO")
                              + ", SORTKEY "
                              + sortKeys.getOrDefault(t, "AUTO")
                          : "the layout suggested from --join-keys "
                              + joinKeys
                              + " and --filter-columns "
                              + filterColumns)
                      + ", ENCODE AUTO, COPY the files into it, and validate");
        }
        return 0;
      }
      var s3b =
          S3Client.builder()
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .region(Region.of(region));
      if (s3Endpoint != null) {
        s3b.endpointOverride(s3Endpoint).forcePathStyle(true);
      }
      Properties done = new Properties();
      if (state != null && Files.isRegularFile(state)) {
        try (var in = Files.newBufferedReader(state)) {
          done.load(in);
        }
      }
      try (var s3 = s3b.build();
          Runway rs = Runway.fromConfig(redshiftConfig);
          Runway at = Runway.fromConfig(athenaConfig)) {
        java.util.function.Function<String, String> read =
            uri -> {
              String rest = uri.substring(5);
              int slash = rest.indexOf('/');
              return s3.getObjectAsBytes(
                      b -> b.bucket(rest.substring(0, slash)).key(rest.substring(slash + 1)))
                  .asUtf8String();
            };
        var transfer = new RedshiftTableTransfer(rs.rawDatabase(), iamRole, read);
        var tablesOn = AthenaExternalTables.on(at.rawDatabase());
        AthenaTableExport exporter =
            toAthena
                ? null
                : AthenaTableExport.on(
                    at.rawDatabase(),
                    dev.runway.core.RunwayConfig.load(athenaConfig)
                        .root()
                        .section("database")
                        .section("athena")
                        .requireString("output-location"),
                    read);
        List<Map<String, Object>> manifests = new ArrayList<>();
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        for (String t : tables) {
          bar(System.out, i++, tables.size(), t + (toAthena ? ": UNLOAD" : ": COPY"));
          if (!"done".equals(done.getProperty(t + ".moved"))) {
            if (toAthena) {
              String part = partitions.get(t);
              var export = transfer.export(schema, t, prefix, part);
              List<ColumnSpec> cols = new ArrayList<>(export.columns());
              ColumnSpec partSpec =
                  part == null
                      ? null
                      : cols.stream()
                          .filter(c -> c.name().equalsIgnoreCase(part))
                          .findFirst()
                          .orElseThrow();
              cols.remove(partSpec);
              List<String> warnings =
                  tablesOn.create(athenaDatabase, t, cols, export.location(), partSpec);
              System.out.println();
              System.out.println(
                  "  " + t + ": " + export.rows() + " rows in " + export.files().size() + " files");
              warnings.forEach(w -> System.out.println("  warning: " + w));
            } else {
              String part = partitions.get(t);
              List<ColumnSpec> cols = null;
              if (!"done".equals(done.getProperty(t + ".exported"))) {
                var export = exporter.export(athenaDatabase, t, prefix, part);
                cols = export.columns();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("table", export.table());
                m.put("location", export.location());
                m.put("rows", export.rows());
                m.put("rowsByPartition", export.rowsByPartition());
                m.put("files", export.files());
                manifests.add(m);
                System.out.println();
                System.out.println(
                    "  "
                        + t
                        + ": "
                        + export.rows()
                        + " rows in "
                        + export.files().size()
                        + " files"
                        + (part == null
                            ? ""
                            : " ("
                                + export.rowsByPartition().size()
                                + " partitions of "
                                + part
                                + ")"));
                done.setProperty(t + ".exported", "done");
                save(done);
              }
              if (cols == null) { // exported by an earlier run
                cols = exporter.columns(athenaDatabase, t);
              }
              RedshiftTableDdl.Layout layout =
                  distKeys.containsKey(t) || sortKeys.containsKey(t)
                      ? RedshiftTableDdl.Layout.of(
                          distKeys.get(t),
                          sortKeys.containsKey(t)
                              ? List.of(sortKeys.get(t).split("\\+"))
                              : List.of())
                      : RedshiftTableDdl.Layout.suggest(cols, joinKeys, filterColumns);
              var ddl = transfer.createTable(schema, t, cols, layout);
              System.out.println("  " + t + ": " + layout.reason());
              ddl.warnings().forEach(w -> System.out.println("  warning: " + w));
              transfer.importParquet(schema, t, prefix + t + "/");
            }
            done.setProperty(t + ".moved", "done");
            save(done);
          }
          if (!"done".equals(done.getProperty(t + ".validated"))) {
            pairs.put(schema + "." + t, athenaDatabase + "." + t);
          }
        }
        if (manifest != null && !manifests.isEmpty()) {
          Files.writeString(
              manifest,
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(manifests));
        }
        if (pairs.isEmpty()) {
          bar(System.out, tables.size(), tables.size(), "done");
          System.out.println();
          System.out.println(
              "every table was moved and validated before (see " + state + "); nothing to do");
          return 0;
        }
        bar(System.out, tables.size(), tables.size(), "validating");
        System.out.println();
        TableValidator v =
            toAthena
                ? TableValidator.between(rs.rawDatabase(), at.rawDatabase())
                : TableValidator.between(at.rawDatabase(), rs.rawDatabase());
        for (String t : tables) {
          if (partitions.containsKey(t)) {
            v.partitionedBy(
                toAthena ? schema + "." + t : athenaDatabase + "." + t, partitions.get(t));
          }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        pairs.forEach(
            (rsName, atName) -> {
              if (toAthena) {
                ordered.put(rsName, atName);
              } else {
                ordered.put(atName, rsName);
              }
            });
        TableValidator.Report r = v.validate(ordered, t -> {});
        for (TableValidator.TableReport tr : r.tables()) {
          if (tr.matched()) {
            String name = tr.table().substring(tr.table().indexOf('.') + 1);
            done.setProperty(name + ".validated", "done");
          }
        }
        save(done);
        System.out.print(r.toMarkdown());
        if (report != null) {
          Files.writeString(report, r.toJson());
        }
        return r.passed() ? 0 : 1;
      }
    }

    private void save(Properties done) throws IOException {
      if (state != null) {
        try (var out = Files.newBufferedWriter(state)) {
          done.store(out, "runway migrate-tables");
        }
      }
    }
  }

  /** {@code runway shadow-report}. */
  @Command(
      name = "shadow-report",
      mixinStandardHelpOptions = true,
      description = {
        "Run a workload of queries on the primary database and shadow every one on the candidate; "
            + "report matches and mismatches per query (the '100% result accuracy' gate).",
        "The queries file holds one SQL statement per line (blank lines and lines starting with -- are skipped). "
            + "Read-only as far as the queries are."
      })
  static final class Shadow implements Callable<Integer> {
    @Option(
        names = "--primary",
        required = true,
        description = "runway.yaml of the current database")
    Path primary;

    @Option(
        names = "--candidate",
        required = true,
        description = "runway.yaml of the candidate database")
    Path candidate;

    @Option(
        names = "--queries",
        required = true,
        description = "file of SQL statements, one per line")
    Path queries;

    @Option(
        names = "--repeat",
        defaultValue = "1",
        description = "runs of the whole file (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--report", description = "write the JSON report here")
    Path report;

    @Option(names = "--markdown", description = "write the Markdown report here")
    Path markdown;

    @Option(
        names = "--dialect",
        description =
            "FROM:TO (redshift:athena or athena:redshift): report candidate "
                + "failures on constructs the candidate's dialect lacks as dialect failures, apart from data mismatches")
    String dialect;

    @Override
    public Integer call() throws Exception {
      SqlDialectChecker checker = null;
      if (dialect != null) {
        String[] d = dialect.split(":", 2);
        try {
          if (d.length != 2) {
            throw new IllegalArgumentException(
                "--dialect takes FROM:TO, e.g. redshift:athena; got " + dialect);
          }
          checker = SqlDialectChecker.between(Dialect.of(d[0]), Dialect.of(d[1]));
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          return 2;
        }
      }
      List<String> sqls = new ArrayList<>();
      for (String line : Files.readAllLines(queries)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("--")) {
          sqls.add(t.endsWith(";") ? t.substring(0, t.length() - 1) : t);
        }
      }
      if (sqls.isEmpty() || repeat < 1) {
        System.err.println(
            "no queries to run: give a file with one SQL statement per line and --repeat >= 1");
        return 2;
      }
      try (Runway p = Runway.fromConfig(primary);
          Runway c = Runway.fromConfig(candidate)) {
        ShadowReport r;
        ShadowDatabaseClient.Builder builder =
            ShadowDatabaseClient.builder(p.rawDatabase(), c.rawDatabase())
                .sampleRate(1.0)
                .recheckDelay(Duration.ofMillis(100));
        if (checker != null) {
          builder.dialectCheck(checker);
        }
        try (ShadowDatabaseClient shadow = builder.build()) {
          int total = sqls.size() * repeat;
          int done = 0;
          for (int i = 0; i < repeat; i++) {
            for (String sql : sqls) {
              shadow.execute(Query.builder(sql).cacheable(false).label("shadow").build());
              bar(System.out, ++done, total, sql);
            }
          }
          shadow.awaitIdle(Duration.ofMinutes(10));
          r = shadow.report();
        }
        publish(r.toMarkdown(), r.toJson(), report, markdown);
        return r.allMatch() ? 0 : 1;
      }
    }
  }

  /** {@code runway sql-check}. */
  @Command(
      name = "sql-check",
      mixinStandardHelpOptions = true,
      description = {
        "Check a file of queries written for one engine against the other (Redshift <-> Athena): "
            + "every construct the target lacks or treats differently, with its line and column, the rule, and "
            + "the rewrite. Queries are parsed with a real SQL parser (JSqlParser); statements end with ';'.",
        "Exit code: 0 every statement runs on the target as it is, 1 some need changes (or do not parse), "
            + "2 bad arguments."
      })
  static final class SqlCheck implements Callable<Integer> {
    @Option(
        names = "--from",
        required = true,
        description = "the dialect the queries are written in: redshift or athena")
    String from;

    @Option(
        names = "--to",
        required = true,
        description = "the engine they are to run on: athena or redshift")
    String to;

    @Parameters(index = "0", description = "file of SQL statements")
    Path file;

    @Option(
        names = "--rewrite",
        description = "write the queries here with every safe rewrite applied")
    Path rewrite;

    @Option(names = "--report", description = "write a JSON report here")
    Path report;

    @Override
    public Integer call() throws IOException {
      SqlDialectChecker checker;
      String script;
      try {
        checker = SqlDialectChecker.between(Dialect.of(from), Dialect.of(to));
        script = Files.readString(file);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      } catch (IOException e) {
        System.err.println("cannot read " + file + ": " + e.getMessage());
        return 2;
      }
      List<SqlDialectChecker.ScriptStatement> statements = checker.checkScript(script);
      int findings = 0;
      int safe = 0;
      int clean = 0;
      int unparsed = 0;
      StringBuilder rewritten = new StringBuilder();
      List<Map<String, Object>> json = new ArrayList<>();
      for (var st : statements) {
        var r = st.result();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("line", st.line());
        entry.put("sql", st.sql());
        if (r.parseError().isPresent()) {
          unparsed++;
          System.out.println(file + ":" + st.line() + ": does not parse: " + r.parseError().get());
          entry.put("parseError", r.parseError().get());
        }
        if (r.compatible()) {
          clean++;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Finding f : r.findings()) {
          findings++;
          safe += f.safe() ? 1 : 0;
          System.out.println(
              file + ":" + f.line() + ":" + f.column() + ": " + f.rule() + ": " + f.message());
          System.out.println(
              "    "
                  + (f.safe()
                      ? "rewrite: " + f.replacement().orElseThrow()
                      : "by hand: " + f.suggestion()));
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("rule", f.rule());
          item.put("line", f.line());
          item.put("column", f.column());
          item.put("message", f.message());
          item.put("suggestion", f.suggestion());
          item.put("rewrite", f.replacement().orElse(null));
          items.add(item);
        }
        entry.put("findings", items);
        entry.put("rewritten", r.rewritten());
        json.add(entry);
        rewritten.append(r.rewritten()).append(";\n\n");
      }
      System.out.printf(
          "%d statements: %d run on %s as they are, %d findings (%d with a safe rewrite), %d do not parse%n",
          statements.size(), clean, to, findings, safe, unparsed);
      if (rewrite != null) {
        Files.writeString(rewrite, rewritten.toString());
        System.out.println("safe rewrites applied: " + rewrite);
      }
      if (report != null) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("from", from);
        root.put("to", to);
        root.put("statements", json);
        Files.writeString(
            report,
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
      }
      return clean == statements.size() ? 0 : 1;
    }
  }

  /** {@code runway migrate-cache}. */
  @Command(
      name = "migrate-cache",
      mixinStandardHelpOptions = true,
      description = {
        "Copy cache keys from one Redis to another (e.g. self-managed Redis to ElastiCache) with their "
            + "remaining time to live, then verify them. SCAN-based; never blocks the source.",
        "Each side is a URI (redis:// or rediss://) or a runway.yaml whose cache.redis section is used as the "
            + "application uses it (TLS, ACL user and password, Sentinel, Cluster, timeouts).",
        "Exit code 1 when a key is missing or differs after the copy."
      })
  static final class MigrateCache implements Callable<Integer> {
    @Option(
        names = "--source",
        description = "source URI, redis:// or rediss:// (or --source-config)")
    String source;

    @Option(
        names = "--source-config",
        description = "runway.yaml whose cache.redis section is the source")
    Path sourceConfig;

    @Option(
        names = "--target",
        description = "target URI, redis:// or rediss:// (or --target-config)")
    String target;

    @Option(
        names = "--target-config",
        description = "runway.yaml whose cache.redis section is the target")
    Path targetConfig;

    @Option(
        names = "--match",
        defaultValue = "runway:*",
        description = "SCAN pattern (default: ${DEFAULT-VALUE})")
    String match;

    @Option(
        names = "--batch",
        defaultValue = "1000",
        description = "keys per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--dry-run", description = "count what would be copied; write nothing")
    boolean dryRun;

    /** Returns the connection settings of one side, or null after printing why there are none. */
    static RedisConnections side(String name, String uri, Path config) {
      if ((uri == null) == (config == null)) {
        System.err.println("give exactly one of --" + name + " and --" + name + "-config");
        return null;
      }
      if (uri != null) {
        try {
          return RedisConnections.builder().uri(uri).build();
        } catch (IllegalArgumentException e) {
          System.err.println("--" + name + ": " + e.getMessage()); // the builder masks any password
          return null;
        }
      }
      return RedisConnections.fromConfig(
          RunwayConfig.load(config).root().section("cache").section("redis"));
    }

    @Override
    public Integer call() {
      RedisConnections from = side("source", source, sourceConfig);
      RedisConnections to = from == null ? null : side("target", target, targetConfig);
      if (from == null || to == null) {
        return 2;
      }
      System.out.println("from " + from.description() + " to " + to.description());
      try (UnifiedJedis src = from.open();
          UnifiedJedis tgt = to.open()) {
        RedisKeyMigrator m = new RedisKeyMigrator(src, tgt, match, batch);
        RedisKeyMigrator.CopyReport copy =
            m.copy(
                dryRun,
                n -> {
                  System.out.printf("\r  scanned %,d keys", n);
                  System.out.flush();
                });
        System.out.println();
        if (dryRun) {
          System.out.println(
              "dry run: "
                  + (copy.scanned() - copy.expiredDuringCopy())
                  + " keys match "
                  + match
                  + " ("
                  + copy.withoutTtl()
                  + " without TTL); nothing written");
          return 0;
        }
        System.out.println(
            "copied "
                + copy.copied()
                + " of "
                + copy.scanned()
                + " keys ("
                + copy.withoutTtl()
                + " without TTL, "
                + copy.expiredDuringCopy()
                + " expired meanwhile)");
        RedisKeyMigrator.VerifyReport v = m.verify(Duration.ofSeconds(2));
        System.out.println(
            "verified "
                + v.checked()
                + " keys: "
                + (v.ok()
                    ? "all present and equal"
                    : v.missing().size() + " missing, " + v.valueMismatches().size() + " differ"));
        return v.ok() ? 0 : 1;
      }
    }
  }

  /** {@code runway advise}. */
  @Command(
      name = "advise",
      mixinStandardHelpOptions = true,
      description = {
        "Project the monthly cost of a workload on Athena, Redshift Serverless and provisioned "
            + "Redshift, name the cheapest and the Athena/Serverless break-even, and list the decision triggers "
            + "that fire. Prices are inputs; the defaults are us-east-1 list prices."
      })
  static final class Advise implements Callable<Integer> {
    @Option(names = "--queries-per-day", required = true)
    double queriesPerDay;

    @Option(
        names = "--bytes-per-query",
        required = true,
        description = "bytes scanned per query: 512MB, 2GB, ...")
    String bytesPerQuery;

    @Option(
        names = "--query-seconds",
        defaultValue = "5",
        description = "run time of one query on Redshift (default: ${DEFAULT-VALUE})")
    double querySeconds;

    @Option(
        names = "--active-periods",
        defaultValue = "24",
        description = "separate bursts of activity a day (default: ${DEFAULT-VALUE})")
    double activePeriods;

    @Option(names = "--concurrency", defaultValue = "1")
    double concurrency;

    @Option(names = "--p95", defaultValue = "0", description = "observed p95 latency in seconds")
    double p95;

    @Option(
        names = "--required-latency",
        defaultValue = "0",
        description = "latency the application needs, seconds")
    double requiredLatency;

    @Option(names = "--athena-usd-per-tb", defaultValue = "5")
    BigDecimal athenaPrice;

    @Option(names = "--rpu-usd-per-hour", defaultValue = "0.375")
    BigDecimal rpuPrice;

    @Option(names = "--base-rpu", defaultValue = "8")
    int baseRpu;

    @Option(
        names = "--cluster",
        split = ",",
        description =
            "provisioned clusters to compare, as NODE-TYPExCOUNT "
                + "(default: ra3.xlplusx1,ra3.xlplusx2,ra3.xlplusx4, a typical comparison)")
    List<String> clusters;

    @Option(
        names = "--node-usd-per-hour",
        split = ",",
        description = "node prices overriding the table, as " + "TYPE=USD (e.g. ra3.xlplus=1.086)")
    List<String> nodePrices;

    @Option(names = "--storage-usd-per-gb-month", defaultValue = "0.024")
    BigDecimal storagePrice;

    @Option(
        names = "--stored-bytes",
        defaultValue = "0",
        description = "data Redshift would hold: 500GB, 1TB, ...")
    String storedBytes;

    @Option(
        names = "--dashboard-users",
        defaultValue = "0",
        description = "concurrent dashboard users at the peak")
    int dashboardUsers;

    @Option(
        names = "--records-per-day",
        defaultValue = "0",
        description =
            "records added a day; with "
                + "--bytes-per-record and --retention-days, sets the data Redshift would hold (instead of --stored-bytes)")
    double recordsPerDay;

    @Option(
        names = "--bytes-per-record",
        defaultValue = "100",
        description = "stored (compressed) bytes of a " + "record (default: ${DEFAULT-VALUE})")
    double bytesPerRecord;

    @Option(
        names = "--retention-days",
        defaultValue = "365",
        description = "days of records kept (default: ${DEFAULT-VALUE})")
    int retentionDays;

    @Option(
        names = "--current",
        defaultValue = "athena",
        description = "the option the workload runs on now " + "(default: ${DEFAULT-VALUE})")
    String current;

    @Override
    public Integer call() {
      long bytes;
      long stored;
      WorkloadAdvisor.Prices prices;
      try {
        bytes = ConfigSection.parseBytes("--bytes-per-query", bytesPerQuery);
        stored = ConfigSection.parseBytes("--stored-bytes", storedBytes);
        Map<String, BigDecimal> table =
            new java.util.LinkedHashMap<>(WorkloadAdvisor.defaultNodePrices());
        for (String p : nodePrices == null ? List.<String>of() : nodePrices) {
          String[] kv = p.split("=", 2);
          if (kv.length != 2) {
            throw new IllegalArgumentException("--node-usd-per-hour takes TYPE=USD, got " + p);
          }
          table.put(kv[0].trim(), new BigDecimal(kv[1].trim()));
        }
        List<WorkloadAdvisor.Cluster> compared = new ArrayList<>();
        for (String c :
            clusters == null ? List.of("ra3.xlplusx1", "ra3.xlplusx2", "ra3.xlplusx4") : clusters) {
          int x = c.lastIndexOf('x');
          if (x <= 0) {
            throw new IllegalArgumentException(
                "--cluster takes NODE-TYPExCOUNT (e.g. ra3.xlplusx2), got " + c);
          }
          compared.add(
              new WorkloadAdvisor.Cluster(c.substring(0, x), Integer.parseInt(c.substring(x + 1))));
        }
        prices =
            new WorkloadAdvisor.Prices(
                athenaPrice, rpuPrice, baseRpu, table, compared, storagePrice);
      } catch (RuntimeException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      WorkloadAdvisor advisor = new WorkloadAdvisor(prices);
      WorkloadAdvisor.Advice a;
      try {
        var workload =
            new WorkloadAdvisor.Workload(
                queriesPerDay,
                bytes,
                querySeconds,
                activePeriods,
                concurrency,
                p95,
                requiredLatency,
                dashboardUsers,
                stored);
        if (recordsPerDay > 0) {
          workload = workload.withDataGrowth(recordsPerDay, bytesPerRecord, retentionDays);
        }
        a = advisor.advise(workload, current);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      System.out.println(
          "projected monthly cost (USD; us-east-1 prices as of "
              + WorkloadAdvisor.PRICES_AS_OF
              + " unless given):");
      a.monthlyUsd()
          .forEach(
              (k, v) ->
                  System.out.printf(
                      "  %-26s %12s%s%n",
                      k, v.toPlainString(), k.equals(a.current()) ? "   (current)" : ""));
      System.out.println(
          "cheapest: "
              + a.cheapest()
              + (a.monthlySavingUsd().signum() > 0
                  ? ", saving $"
                      + a.monthlySavingUsd().toPlainString()
                      + " a month against "
                      + a.current()
                  : " (the current option)"));
      System.out.println("Athena costs more than:");
      a.breakEvenQueriesPerDay()
          .forEach(
              (k, v) ->
                  System.out.println(
                      v < 0
                          ? "  " + k + ": never, up to 10 million queries a day"
                          : "  " + k + ": from " + v + " queries a day"));
      if (a.triggers().isEmpty()) {
        System.out.println("no decision trigger fires");
      } else {
        System.out.println("triggers:");
        a.triggers().forEach(t -> System.out.println("  - " + t));
      }
      return 0;
    }
  }

  /**
   * Identifies a configuration file for a state file: its absolute path and a digest of its
   * content.
   */
  static String identity(Path config) throws IOException {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(config));
      return config.toAbsolutePath().normalize()
          + "#sha256:"
          + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
