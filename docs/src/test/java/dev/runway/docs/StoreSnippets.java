package dev.runway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.auth.cognito.CognitoAuthProvider;
import dev.runway.cache.redis.RedisQueryCache;
import dev.runway.core.Runway;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.Principal;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.cost.ScanBudgetDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionStore;
import dev.runway.micrometer.RunwayMetrics;
import dev.runway.micrometer.RunwayObservations;
import dev.runway.session.dynamo.DynamoSessionStore;
import dev.runway.session.dynamo.DynamoSessionTables;
import dev.runway.testkit.CognitoLocal;
import dev.runway.testkit.DynamoDbEmulator;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.aws.AthenaFixture;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * The snippets of the cache, sessions, sign-in, metrics and migration pages, run against real
 * redis-server, dynalite, cognito-local and the Athena protocol fixture.
 */
class StoreSnippets extends LocalAwsCredentials {

  @Test
  void redis() {
    try (RedisServer redis = RedisServer.start("--requirepass", "an-auth-token")) {
      String host = URI.create(redis.uri()).getHost() + ":" + URI.create(redis.uri()).getPort();
      String scheme = "redis"; // rediss on ElastiCache with TLS
      Map<String, String> env = Map.of("REDIS_AUTH", "an-auth-token");
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::redis[]
      QueryCache cache = RedisQueryCache.builder()
          .uri(scheme + "://:" + env.get("REDIS_AUTH") + "@" + host)   // the AUTH token, masked everywhere
          .prefix("supply-chain")            // key namespace
          .socketTimeout(Duration.ofMillis(500))
          .circuitBreaker(5, Duration.ofSeconds(5))
          .build();
      // or .sentinel("mymaster", Set.of(new HostAndPort("10.0.0.5", 26379)))
      // or .cluster(Set.of(new HostAndPort("cfg.xxxxxx.cache.amazonaws.com", 6379)))
      // or .client(anyUnifiedJedisYouBuilt)
      // end::redis[]
      // spotless:on
      try (Runway rw = Runway.builder().cache(cache).build()) {
        rw.database().execute(Query.of("SELECT 3"));
        assertThat(rw.database().execute(Query.of("SELECT 3")).stats().fromCache()).isTrue();
      }
    }
  }

  @Test
  void dynamo() {
    try (DynamoDbEmulator dynamo = DynamoDbEmulator.start()) {
      DynamoSessionTables.create(
          dynamo.client(),
          "supply-chain-sessions",
          "supply-chain-conversations",
          DynamoSessionTables.USER_INDEX,
          true);
      URI endpoint = dynamo.endpoint();
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::dynamo[]
      SessionStore sessions = DynamoSessionStore.builder()
          .table("supply-chain-sessions").historyTable("supply-chain-conversations")
          .ttl(Duration.ofHours(1)).touchInterval(Duration.ofMinutes(1))
          .region("us-east-1").endpoint(endpoint)          // here a local emulator; by default the SDK's chains
          .build();                                        // or .client(yourDynamoDbClient)
      // end::dynamo[]
      // spotless:on
      try (sessions) {
        Session s = sessions.create("maria", "Warehouse Manager", Map.of());
        assertThat(sessions.find(s.id())).isPresent();
      }
    }
  }

  @Test
  void cognito() {
    try (CognitoLocal server = CognitoLocal.start();
        CognitoIdentityProviderClient admin =
            CognitoIdentityProviderClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of("local"))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
      String poolId =
          admin
              .createUserPool(
                  b ->
                      b.poolName("docs")
                          .schema(
                              s ->
                                  s.name("personas")
                                      .attributeDataType(AttributeDataType.STRING)
                                      .mutable(true)))
              .userPool()
              .id();
      String clientId =
          admin
              .createUserPoolClient(
                  b ->
                      b.userPoolId(poolId)
                          .clientName("docs")
                          .explicitAuthFlows(
                              ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                              ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
              .userPoolClient()
              .clientId();
      admin.adminCreateUser(
          b ->
              b.userPoolId(poolId)
                  .username("maria")
                  .messageAction(MessageActionType.SUPPRESS)
                  .userAttributes(
                      AttributeType.builder()
                          .name("custom:personas")
                          .value("Warehouse Manager")
                          .build()));
      String password = "Corr3ct-Horse-Battery";
      admin.adminSetUserPassword(
          b -> b.userPoolId(poolId).username("maria").password(password).permanent(true));
      admin.createGroup(b -> b.userPoolId(poolId).groupName("Warehouse Manager"));
      admin.adminAddUserToGroup(
          b -> b.userPoolId(poolId).username("maria").groupName("Warehouse Manager"));
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::cognito[]
      CognitoAuthProvider cognito = CognitoAuthProvider.builder()
          .userPoolId(poolId).clientId(clientId)                           // eu-west-1_AbCdEf123, 3n4b5urk...
          .flow(CognitoAuthProvider.Flow.USER_PASSWORD_AUTH)               // the default; or USER_SRP_AUTH, ADMIN_USER_PASSWORD_AUTH
          .client(admin).issuer(server.issuer(poolId), true)               // a local emulator here; leave out for AWS
          .build();                                                        // .clientSecret(...) if the app client has one
      AuthResult r = cognito.authenticate("maria", password);
      String accessToken = ((AuthResult.Authenticated) r).tokens().accessToken();
      Principal p = cognito.verify(accessToken);                           // offline, every request
      // end::cognito[]
      // spotless:on
      try (cognito) {
        assertThat(p.username()).isEqualTo("maria");
        assertThat(p.hasPersona("Warehouse Manager")).isTrue();
      }
    }
  }

  @Test
  void observations() {
    MeterRegistry meterRegistry = new SimpleMeterRegistry();
    // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
    // tag::observations[]
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
    Runway rw = Runway.builder()
        .decorator(RunwayObservations.builder(observations).meterRegistry(meterRegistry).build())
        .build();
    new RunwayMetrics(rw).bindTo(meterRegistry);
    // during a migration: MigrationMetrics.shadow(shadowClient, "redshift-to-athena").bindTo(meterRegistry);
    // end::observations[]
    // spotless:on
    try (rw) {
      rw.database().execute(Query.builder("SELECT 1").label("docs.metrics").build());
      assertThat(meterRegistry.find("runway.query").timer()).isNotNull();
      assertThat(meterRegistry.find("runway.query").timer().count()).isEqualTo(1);
    }
  }

  @Test
  void scanBudget() {
    try (AthenaFixture fixture = new AthenaFixture()) {
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::scan-budget[]
      AthenaDatabaseClient athena = AthenaDatabaseClient.builder()
          .region("eu-west-1").endpoint(fixture.endpoint()).build();
      DatabaseClient guarded = ScanBudgetDatabaseClient.builder(athena)   // dev.runway.core.cost
          .budgetBytes(10L << 30)
          .estimator(athena.scanEstimator())                              // optional: one EXPLAIN per query
          .build();
      // end::scan-budget[]
      // spotless:on
      try (guarded) {
        assertThat(guarded.execute(Query.of("SELECT 1 AS one")).rows()).hasSize(1);
      }
    }
  }
}
