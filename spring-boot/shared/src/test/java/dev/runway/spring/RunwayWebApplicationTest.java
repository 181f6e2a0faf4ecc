package dev.runway.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.core.Runway;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionStore;
import dev.runway.testkit.DynamoDbEmulator;
import dev.runway.testkit.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web application with the starter, moved to a real redis-server and DynamoDB Local
 * by properties alone: its endpoint queries through the injected {@link DatabaseClient}; {@code
 * /actuator/health} and {@code /actuator/metrics/runway.query} show what happened.
 */
@SpringBootTest(
    classes = RunwayWebApplicationTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,metrics",
      "management.endpoint.health.show-components=always",
      "management.endpoint.health.show-details=always"
    })
class RunwayWebApplicationTest {

  // started in @BeforeAll (which runs before Spring loads the context and reads them), not in a
  // static initializer: a missing server then skips the class instead of failing to initialise it
  private static RedisServer REDIS;
  private static DynamoDbEmulator DYNAMO;

  @BeforeAll
  static void startServers() {
    REDIS = RedisServer.start();
    DYNAMO = DynamoDbEmulator.start();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(StockController.class)
  static class App {}

  @RestController
  static class StockController {
    private final DatabaseClient db;

    StockController(DatabaseClient db) {
      this.db = db;
    }

    @GetMapping("/stock")
    Map<String, Object> stock(@RequestParam String category) {
      var r =
          db.execute(
              Query.builder("SELECT :c AS category, 7 AS units")
                  .param("c", category)
                  .label("stock")
                  .build());
      return Map.of(
          "category",
          r.row(0).getString(0),
          "units",
          r.row(0).getInt(1),
          "fromCache",
          r.stats().fromCache());
    }
  }

  @DynamicPropertySource
  static void backends(DynamicPropertyRegistry registry) {
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    registry.add("runway.cache.type", () -> "redis");
    registry.add("runway.cache.redis.uri", REDIS::uri);
    registry.add("runway.sessions.type", () -> "dynamodb");
    registry.add("runway.sessions.dynamodb.endpoint", () -> DYNAMO.endpoint().toString());
    registry.add("runway.sessions.dynamodb.region", () -> "us-east-1");
    registry.add("runway.sessions.dynamodb.table", () -> "web-sessions");
    registry.add("runway.sessions.dynamodb.history-table", () -> "web-history");
    registry.add("runway.sessions.dynamodb.create-tables", () -> "true");
  }

  @AfterAll
  static void stop() {
    if (REDIS != null) { // null when redis-server was missing and the class was skipped
      REDIS.close();
    }
    if (DYNAMO != null) {
      DYNAMO.close();
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  // the JDK's client rather than TestRestTemplate, which moved between Spring Boot 3 and 4
  @Value("${local.server.port}")
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Autowired Runway runway;

  @Autowired SessionStore sessions;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void queriesGoThroughRedis_sessionsToDynamo_andActuatorShowsBoth() throws Exception {
    assertThat(runway.cache().name()).isEqualTo("redis");
    assertThat(sessions.name()).isEqualTo("dynamodb");

    JsonNode first = json.readTree(get("/stock?category=Pumps").body());
    JsonNode second = json.readTree(get("/stock?category=Pumps").body());
    assertThat(first.get("units").asInt()).isEqualTo(7);
    assertThat(first.get("fromCache").asBoolean()).isFalse();
    assertThat(second.get("fromCache").asBoolean()).as("the second came from Redis").isTrue();

    Session s = sessions.create("user-1", "Field Engineer", Map.of());
    assertThat(sessions.find(s.id())).isPresent();

    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode runwayHealth = json.readTree(health.body()).at("/components/runway");
    assertThat(runwayHealth.at("/status").asText()).isEqualTo("UP");
    assertThat(runwayHealth.at("/components/cache/details/component").asText())
        .isEqualTo("cache:redis");
    assertThat(runwayHealth.at("/components/sessions/status").asText()).isEqualTo("UP");

    JsonNode timer =
        json.readTree(get("/actuator/metrics/runway.query?tag=runway.cache:hit").body());
    assertThat(timer.at("/measurements/0/statistic").asText()).isEqualTo("COUNT");
    assertThat(timer.at("/measurements/0/value").asDouble()).isEqualTo(1.0);
    JsonNode gets = json.readTree(get("/actuator/metrics/cache.gets?tag=result:hit").body());
    assertThat(gets.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1.0);

    // Redis gone: the cache degrades, queries still answer, health says DEGRADED with HTTP 200
    REDIS.kill();
    JsonNode during = json.readTree(get("/stock?category=Valves").body());
    assertThat(during.get("units").asInt()).isEqualTo(7);
    HttpResponse<String> degraded = get("/actuator/health");
    assertThat(degraded.statusCode()).as("a degraded cache must not fail the check").isEqualTo(200);
    assertThat(
            json.readTree(degraded.body())
                .at("/components/runway/components/cache/status")
                .asText())
        .isEqualTo("DEGRADED");
    assertThat(json.readTree(degraded.body()).at("/status").asText())
        .as("a status outside management.endpoint.health.status.order is left out of the aggregate")
        .isEqualTo("UP");
  }
}
