package dev.runway.examples.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.Column;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.QueryResult;
import dev.runway.testkit.PostgresServer;
import dev.runway.testkit.aws.AthenaFixture;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * Every persona question gives the same answer on DuckDB, PostgreSQL (the Redshift JDBC mode) and
 * Athena through its API (the fixture): the same rows in the same order, text and dates equal,
 * numbers equal within the documented tolerance (0.1 % or 0.051, the last digit of a figure rounded
 * to one decimal, whichever is larger: engines round doubles and decimals differently at half-way
 * points). The data is generated once on DuckDB and copied to PostgreSQL with COPY.
 */
class PortableAnswersTest {

  private static JdbcDatabaseClient duckdb;
  private static PostgresServer pg;
  private static JdbcDatabaseClient postgres;
  private static AthenaFixture fixture;
  private static AthenaDatabaseClient athena;

  @BeforeAll
  static void start() throws Exception {
    duckdb = JdbcDatabaseClient.embedded();
    new SupplyChainData(duckdb, 1, null).generate();
    pg = PostgresServer.start();
    postgres =
        JdbcDatabaseClient.builder().url(pg.jdbcUrl()).user(pg.user()).engine("postgresql").build();
    Path dir = Files.createTempDirectory("runway-portable");
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "")) {
      for (String table : SupplyChainData.TABLES) {
        Path csv = dir.resolve(table + ".csv");
        duckdb.execute("COPY " + table + " TO '" + csv + "' (HEADER, DELIMITER ',')");
        c.createStatement().execute(postgresTable(table));
        try (Reader in = Files.newBufferedReader(csv)) {
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv, HEADER)", in);
        }
      }
    }
    fixture = new AthenaFixture();
    new SupplyChainData(fixture.engine().database(), 1, null).generate();
    AthenaClient client =
        AthenaClient.builder()
            .endpointOverride(fixture.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("fixture", "fixture")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    athena =
        AthenaDatabaseClient.builder()
            .athenaClient(client)
            .database("runway")
            .workgroup("primary")
            .outputLocation("s3://results/portable/")
            .polling(new PollingPolicy(Duration.ofMillis(5), 1.5, Duration.ofMillis(100), 0.2))
            .build();
  }

  /** The tables as DuckDB made them, in PostgreSQL's type names. */
  private static String postgresTable(String table) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE " + table + " (");
    QueryResult cols =
        duckdb.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE "
                + "table_name = '"
                + table
                + "' ORDER BY ordinal_position");
    for (int i = 0; i < cols.size(); i++) {
      String type =
          cols.row(i).getString(1).replace("VARCHAR", "TEXT").replace("DOUBLE", "DOUBLE PRECISION");
      ddl.append(i == 0 ? "" : ", ").append(cols.row(i).getString(0)).append(' ').append(type);
    }
    return ddl.append(')').toString();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {athena, fixture, postgres, pg, duckdb}) {
      if (c != null) {
        c.close();
      }
    }
  }

  static Stream<PersonaQueries.Question> questions() {
    return PersonaQueries.all().stream().flatMap(p -> p.questions().stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("questions")
  void theSameAnswerOnEveryEngine(PersonaQueries.Question q) {
    QueryResult expected = duckdb.execute(q.queryFor("duckdb"));
    assertThat(expected.size()).as("the question has an answer to compare").isPositive();
    for (DatabaseClient engine : List.of(postgres, athena)) {
      QueryResult actual = engine.execute(q.queryFor(engine.engine()));
      String where = q.query().label().orElse("") + " on " + engine.engine();
      assertThat(actual.columns().stream().map(Column::name).toList())
          .as(where)
          .isEqualTo(expected.columns().stream().map(Column::name).toList());
      assertThat(actual.size()).as(where).isEqualTo(expected.size());
      List<String> differences = new ArrayList<>();
      for (int r = 0; r < expected.size(); r++) {
        for (int c = 0; c < expected.columns().size(); c++) {
          Object a = expected.row(r).get(c);
          Object b = actual.row(r).get(c);
          if (!same(a, b)) {
            differences.add(
                "row "
                    + r
                    + " "
                    + expected.columns().get(c).name()
                    + ": duckdb "
                    + a
                    + ", "
                    + engine.engine()
                    + " "
                    + b);
          }
        }
      }
      assertThat(differences).as(where).isEmpty();
    }
  }

  /**
   * The fixtures above run DuckDB underneath, so Redshift's integer AVG and Trino's date
   * subtraction cannot differ there: the dialect checker's rules stand in for those engines. Each
   * question's Redshift text must be clean for Redshift (no integer AVG) and its Athena text clean
   * for Athena (no date subtraction), and the rules must find the mistakes this SQL once had.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("questions")
  void theDialectRulesFindNothingInEitherEnginesText(PersonaQueries.Question q) {
    dev.runway.sql.SqlDialectChecker toRedshift =
        dev.runway.sql.SqlDialectChecker.between(
            dev.runway.sql.Dialect.ATHENA, dev.runway.sql.Dialect.REDSHIFT);
    dev.runway.sql.SqlDialectChecker toAthena =
        dev.runway.sql.SqlDialectChecker.between(
            dev.runway.sql.Dialect.REDSHIFT, dev.runway.sql.Dialect.ATHENA);
    assertThat(toRedshift.check(q.queryFor("redshift").sql()).findings())
        .extracting(f -> f.rule())
        .doesNotContain("avg-integer");
    assertThat(toAthena.check(q.queryFor("athena").sql()).findings())
        .extracting(f -> f.rule())
        .doesNotContain("date-subtraction", "date-integer-arithmetic");
    // the on-time rate as it was written before: both mistakes found
    String before =
        "SELECT supplier_name, round(100.0 * avg(CASE WHEN received_date <= expected_date THEN 1 ELSE 0 END), 1) "
            + "AS on_time_pct, round(avg(received_date - expected_date), 1) AS avg_days_late FROM purchase_order_header "
            + "GROUP BY supplier_name";
    assertThat(toRedshift.check(before).findings())
        .extracting(f -> f.rule())
        .contains("avg-integer");
    assertThat(toAthena.check(before).findings())
        .extracting(f -> f.rule())
        .contains("date-subtraction");
  }

  static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      BigDecimal p = new BigDecimal(x.toString());
      BigDecimal q = new BigDecimal(y.toString());
      BigDecimal tolerance = p.abs().multiply(new BigDecimal("0.001")).max(new BigDecimal("0.051"));
      return p.subtract(q).abs().compareTo(tolerance) <= 0;
    }
    return a == null ? b == null : a.equals(b);
  }
}
