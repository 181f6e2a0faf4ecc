package dev.runway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.cli.RunwayCommand;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.examples.assistant.DemoUsers;
import dev.runway.examples.assistant.PersonaQueries;
import dev.runway.examples.assistant.SupplyChainData;
import dev.runway.examples.fixtures.FixtureCommand;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupplyChainDemoTest {

  private static String capture(java.util.function.Consumer<PrintStream> body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    body.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_embeddedDefaults_secondRoundIsAnsweredFromCache() {
    List<SupplyChainDemo.Answer>[] answers = new List[1];
    String out =
        capture(
            o ->
                answers[0] =
                    SupplyChainDemo.run(new SupplyChainDemo.Options(null, null, 1, false, 3), o));
    assertThat(answers[0]).hasSize(18);
    assertThat(answers[0]).filteredOn(a -> a.round() == 1).allMatch(a -> !a.fromCache()).hasSize(9);
    assertThat(answers[0])
        .filteredOn(a -> a.round() == 2)
        .allMatch(SupplyChainDemo.Answer::fromCache)
        .hasSize(9);
    assertThat(answers[0]).filteredOn(a -> a.round() == 1).allMatch(a -> a.rows() > 0);
    assertThat(out)
        .contains(
            "Warehouse Manager",
            "Field Engineer",
            "Procurement Specialist",
            "cache HIT",
            "round 2: 9 queries, 9 cache hits",
            "sales_order_line",
            "today's tracked cost: $0.000000 over 18 queries (9 from cache)");
  }

  @Test
  void generate_sameScale_sameData() {
    String a;
    String b;
    try (DatabaseClient db = JdbcDatabaseClient.embedded()) {
      new SupplyChainData(db, 1, null).generate();
      a = fingerprint(db);
    }
    try (DatabaseClient db = JdbcDatabaseClient.embedded()) {
      new SupplyChainData(db, 1, null).generate();
      b = fingerprint(db);
    }
    assertThat(a).isEqualTo(b).contains("sales_order_line=");
  }

  private static String fingerprint(DatabaseClient db) {
    StringBuilder sb = new StringBuilder();
    for (String t : SupplyChainData.TABLES) {
      sb.append(t)
          .append('=')
          .append(
              db.execute(Query.of("SELECT count(*) || ':' || sum(hash(" + t + ")) FROM " + t))
                  .row(0)
                  .getString(0))
          .append(';');
    }
    return sb.toString();
  }

  @Test
  void run_withRunwayYaml_usesConfiguredBackendsUnchanged(@TempDir Path dir) throws Exception {
    Path users = dir.resolve("users.json");
    try (InputStream in = SupplyChainDemo.class.getResourceAsStream("/demo-users.json")) {
      Files.copy(in, users);
    }
    Path yaml = dir.resolve("runway.yaml");
    Files.writeString(
        yaml,
        """
        database: { type: embedded, embedded: { path: supply.duckdb } }
        cache: { type: local, ttl: 1m }
        sessions: { type: memory, ttl: 10m }
        auth: { type: local, local: { users-file: users.json } }
        """);
    String out =
        capture(o -> SupplyChainDemo.run(new SupplyChainDemo.Options(yaml, null, 1, false, 2), o));
    assertThat(out).contains("Generating").contains("round 2: 9 queries, 9 cache hits");
    assertThat(dir.resolve("supply.duckdb")).exists();
    // the data persisted in the file: a second run does not regenerate it
    String again =
        capture(o -> SupplyChainDemo.run(new SupplyChainDemo.Options(yaml, null, 1, false, 2), o));
    assertThat(again).doesNotContain("Generating").contains("round 2: 9 queries, 9 cache hits");
  }

  @Test
  void run_withRedisCacheInRunwayYaml_secondRoundIsServedByRedis(@TempDir Path dir)
      throws Exception {
    try (dev.runway.testkit.RedisServer redis = dev.runway.testkit.RedisServer.start()) {
      Path yaml = dir.resolve("runway.yaml");
      Files.writeString(
          yaml,
          """
          database: { type: embedded }
          cache: { type: redis, ttl: 5m, redis: { uri: "%s", prefix: demo } }
          sessions: { type: memory }
          """
              .formatted(redis.uri()));
      String out =
          capture(
              o -> SupplyChainDemo.run(new SupplyChainDemo.Options(yaml, null, 1, false, 2), o));
      assertThat(out).contains("cache=redis").contains("round 2: 9 queries, 9 cache hits");
    }
  }

  @Test
  void run_withDynamoDbSessionsInRunwayYaml_usesDynamoDbEmulator(@TempDir Path dir)
      throws Exception {
    try (dev.runway.testkit.DynamoDbEmulator dynamo = dev.runway.testkit.DynamoDbEmulator.start()) {
      Path yaml = dir.resolve("runway.yaml");
      Files.writeString(
          yaml,
          """
          sessions: { type: dynamodb, ttl: 1h, dynamodb: { table: demo-sessions, history-table: demo-conversations,
                      region: us-east-1, endpoint: "%s", create-tables: true } }
          """
              .formatted(dynamo.endpoint()));
      System.setProperty("aws.accessKeyId", "local");
      System.setProperty("aws.secretAccessKey", "local");
      try {
        String out =
            capture(
                o -> SupplyChainDemo.run(new SupplyChainDemo.Options(yaml, null, 1, false, 2), o));
        assertThat(out)
            .contains("sessions=dynamodb")
            .contains("conversation: 6 messages in session history")
            .contains("round 2: 9 queries, 9 cache hits");
      } finally {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
      assertThat(dynamo.client().scan(r -> r.tableName("demo-sessions")).count()).isEqualTo(6);
    }
  }

  @Test
  void shippedRedisAndDynamoDbConfig_movesCacheAndSessionsTogether(@TempDir Path dir)
      throws Exception {
    try (dev.runway.testkit.RedisServer redis = dev.runway.testkit.RedisServer.start();
        dev.runway.testkit.DynamoDbEmulator dynamo = dev.runway.testkit.DynamoDbEmulator.start()) {
      Path yaml = dir.resolve("runway-redis-dynamodb.yaml");
      Files.writeString(
          yaml,
          Files.readString(Path.of("..", "config", "runway-redis-dynamodb.yaml"))
              .replace("redis://127.0.0.1:6379", redis.uri().toString())
              .replace("http://localhost:8000", dynamo.endpoint().toString()));
      System.setProperty("aws.accessKeyId", "local");
      System.setProperty("aws.secretAccessKey", "local");
      try {
        String out =
            capture(
                o -> SupplyChainDemo.run(new SupplyChainDemo.Options(yaml, null, 1, false, 2), o));
        assertThat(out)
            .contains("cache=redis")
            .contains("sessions=dynamodb")
            .contains("round 2: 9 queries, 9 cache hits");
      } finally {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
      assertThat(dynamo.client().scan(r -> r.tableName("supply-chain-sessions")).count())
          .isEqualTo(6);
    }
  }

  /** Runs the demo with a shipped config file, its local endpoint pointed at {@code endpoint}. */
  private static String runShippedConfig(
      String name, String localEndpoint, String endpoint, Path dir) throws Exception {
    Path shipped = Path.of("..", "config", name);
    Path yaml = dir.resolve(name);
    Files.writeString(yaml, Files.readString(shipped).replace(localEndpoint, endpoint));
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    try {
      return capture(
          o -> SupplyChainDemo.run(new SupplyChainDemo.Options(yaml, null, 1, false, 2), o));
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void run_withShippedAthenaConfig_answersThroughTheAthenaProtocol(@TempDir Path dir)
      throws Exception {
    try (dev.runway.testkit.aws.AthenaFixture athena = new dev.runway.testkit.aws.AthenaFixture()) {
      new SupplyChainData(
              athena.engine().database(), 1, new PrintStream(new ByteArrayOutputStream()))
          .generate();
      String out =
          runShippedConfig(
              "runway-athena.yaml", "http://localhost:4599", athena.endpoint().toString(), dir);
      assertThat(out).contains("database=athena").contains("round 2: 9 queries, 9 cache hits");
      assertThat(out).doesNotContain("today's tracked cost: $0.000000");
      assertThat(athena.calls("StartQueryExecution")).isGreaterThanOrEqualTo(9);
    }
  }

  @Test
  void run_withShippedRedshiftConfig_answersThroughTheDataApi(@TempDir Path dir) throws Exception {
    try (dev.runway.testkit.aws.RedshiftDataFixture redshift =
        new dev.runway.testkit.aws.RedshiftDataFixture()) {
      new SupplyChainData(
              redshift.engine().database(), 1, new PrintStream(new ByteArrayOutputStream()))
          .generate();
      String out =
          runShippedConfig(
              "runway-redshift.yaml", "http://localhost:4598", redshift.endpoint().toString(), dir);
      assertThat(out).contains("database=redshift").contains("round 2: 9 queries, 9 cache hits");
      assertThat(redshift.calls("ExecuteStatement")).isGreaterThanOrEqualTo(9);
    }
  }

  @Test
  void run_withShippedCognitoConfig_movesDemoUsersToCognito(@TempDir Path dir) throws Exception {
    // exactly the walk-through in the header of runway-cognito.yaml: cognito-local started in
    // examples/cognito-local on its default port 9229, migrate-users --create-pool, then the demo
    try (dev.runway.testkit.CognitoLocal cognito =
        dev.runway.testkit.CognitoLocal.startAsDocumented(Path.of("..", "cognito-local"))) {
      System.setProperty("aws.accessKeyId", "local");
      System.setProperty("aws.secretAccessKey", "local");
      ByteArrayOutputStream ids = new ByteArrayOutputStream();
      PrintStream old = System.out;
      System.setOut(new PrintStream(ids, true, StandardCharsets.UTF_8));
      int code;
      try {
        code =
            RunwayCommand.execute(
                "migrate-users", "--create-pool", "demo", "--endpoint", "http://localhost:9229");
      } finally {
        System.setOut(old);
      }
      assertThat(code).isZero();
      java.util.Properties printed = new java.util.Properties();
      printed.load(new java.io.StringReader(ids.toString(StandardCharsets.UTF_8)));
      Path yaml = dir.resolve("runway-cognito.yaml");
      Files.writeString(
          yaml,
          Files.readString(Path.of("..", "config", "runway-cognito.yaml"))
              .replace(
                  "../assistant/src/main/resources/demo-users.json",
                  Path.of("..", "assistant", "src", "main", "resources", "demo-users.json")
                      .toAbsolutePath()
                      .toString()));
      System.setProperty("COGNITO_USER_POOL_ID", printed.getProperty("COGNITO_USER_POOL_ID"));
      System.setProperty("COGNITO_CLIENT_ID", printed.getProperty("COGNITO_CLIENT_ID"));
      // COGNITO_ENDPOINT is left to the file's default, http://localhost:9229, as documented
      try {
        String out =
            capture(
                o -> SupplyChainDemo.run(new SupplyChainDemo.Options(yaml, null, 1, false, 2), o));
        assertThat(out)
            .contains("auth=cognito+local")
            .contains("round 2: 9 queries, 9 cache hits")
            .doesNotContain("sign-in of");
      } finally {
        for (String k :
            List.of(
                "COGNITO_USER_POOL_ID",
                "COGNITO_CLIENT_ID",
                "aws.accessKeyId",
                "aws.secretAccessKey")) {
          System.clearProperty(k);
        }
      }
      try (var admin =
          software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient
              .builder()
              .endpointOverride(cognito.endpoint())
              .region(software.amazon.awssdk.regions.Region.of("local"))
              .httpClientBuilder(
                  software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
              .credentialsProvider(
                  software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                      software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                          "local", "local")))
              .build()) {
        assertThat(
                admin
                    .listUsers(b -> b.userPoolId(printed.getProperty("COGNITO_USER_POOL_ID")))
                    .users())
            .extracting(u -> u.username())
            .containsExactlyInAnyOrder(
                "warehouse.manager", "field.engineer", "procurement.specialist");
      }
    }
  }

  @Test
  void demoUsers_bundledFile_signsInEveryPersona() {
    FileAuthProvider p = DemoUsers.provider();
    for (PersonaQueries.Persona persona : PersonaQueries.all()) {
      AuthResult r = p.authenticate(DemoUsers.userOf(persona.name()), DemoUsers.PASSWORD);
      assertThat(r)
          .isInstanceOfSatisfying(
              AuthResult.Authenticated.class,
              a -> assertThat(a.principal().hasPersona(persona.name())).isTrue());
    }
  }

  @Test
  void fixtureDynamodb_servesTheShippedConfigsTables_andStopsOnInterrupt(@TempDir Path dir)
      throws Exception {
    int port = dev.runway.testkit.ServerFixtures.freePort();
    if (!dev.runway.testkit.DynamoDbEmulator.installed()) {
      dev.runway.testkit.ServerFixtures.unavailable(
          "dynalite is not installed (npm install -g dynalite@4.0.0)");
    }
    java.util.concurrent.atomic.AtomicInteger exit =
        new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread fixture =
        new Thread(
            () ->
                exit.set(
                    new picocli.CommandLine(new FixtureCommand())
                        .execute("dynamodb", "--port", Integer.toString(port))),
            "fixture-dynamodb");
    fixture.start();
    try (software.amazon.awssdk.services.dynamodb.DynamoDbClient client =
        software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
            .endpointOverride(java.net.URI.create("http://127.0.0.1:" + port))
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "local", "local")))
            .httpClientBuilder(
                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
            .build()) {
      // ready when both tables exist and TTL is on for both (the command enables it last, after
      // creating the tables: waiting for the tables alone races with it)
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      java.util.List<String> tables = java.util.List.of();
      String historyTtl = null;
      while (historyTtl == null && System.nanoTime() < deadline && fixture.isAlive()) {
        try {
          tables = client.listTables().tableNames();
          if (tables.contains(FixtureCommand.HISTORY_TABLE)) {
            historyTtl =
                client
                    .describeTimeToLive(d -> d.tableName(FixtureCommand.HISTORY_TABLE))
                    .timeToLiveDescription()
                    .attributeName();
          }
        } catch (software.amazon.awssdk.core.exception.SdkClientException notYet) {
          // not listening yet
        }
        if (historyTtl == null) {
          Thread.sleep(100);
        }
      }
      assertThat(historyTtl).isEqualTo("ttl");
      assertThat(tables)
          .containsExactlyInAnyOrder(FixtureCommand.SESSIONS_TABLE, FixtureCommand.HISTORY_TABLE);
      String shipped = Files.readString(Path.of("..", "config", "runway-dynamodb.yaml"));
      assertThat(shipped)
          .contains("table: " + FixtureCommand.SESSIONS_TABLE)
          .contains("history-table: " + FixtureCommand.HISTORY_TABLE);
      assertThat(
              client
                  .describeTimeToLive(d -> d.tableName(FixtureCommand.SESSIONS_TABLE))
                  .timeToLiveDescription()
                  .attributeName())
          .isEqualTo("ttl");

      String out =
          runShippedConfig(
              "runway-dynamodb.yaml", "http://localhost:8000", "http://127.0.0.1:" + port, dir);
      assertThat(out).contains("sessions=dynamodb").contains("round 2: 9 queries, 9 cache hits");
      assertThat(client.scan(r -> r.tableName(FixtureCommand.SESSIONS_TABLE)).count()).isEqualTo(6);
    } finally {
      fixture.interrupt();
      fixture.join(30_000);
    }
    assertThat(fixture.isAlive()).isFalse();
    assertThat(exit.get()).as("exit code after Ctrl-C-like interrupt").isNotEqualTo(2);
    try (java.net.Socket socket = new java.net.Socket()) {
      assertThatThrownBy(
              () -> socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500))
          .as("the emulator stopped with the command")
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void main_badScale_exitsTwo_help_exitsZero() {
    assertThat(new picocli.CommandLine(new SupplyChainDemo.Command()).execute("--help")).isZero();
    assertThat(new picocli.CommandLine(new SupplyChainDemo.Command()).execute("--scale", "0"))
        .isEqualTo(2);
  }
}
