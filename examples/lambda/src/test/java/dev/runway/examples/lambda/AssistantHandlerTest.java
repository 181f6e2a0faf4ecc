package dev.runway.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.core.Runway;
import dev.runway.core.cost.CostTracker;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.examples.assistant.DemoUsers;
import dev.runway.examples.assistant.SupplyChainAssistant;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The handler invoked with API Gateway proxy events (the REST API format, as API Gateway sends them
 * for {@code ANY /{proxy+}}), one per route, on the embedded engine: the same answers as the web
 * host, a bad token, another persona's question, a base64 body, and a throttled backend.
 */
class AssistantHandlerTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static Runway runway;
  private static AssistantHandler handler;

  @BeforeAll
  static void start() {
    CostTracker costs = CostTracker.create();
    runway = Runway.builder().auth(DemoUsers.provider()).listener(costs).build();
    SupplyChainAssistant.seedEmbeddedData(runway.rawDatabase(), 1);
    handler =
        new AssistantHandler(
            new SupplyChainAssistant(runway, costs), "https://assistant.example.com");
  }

  @AfterAll
  static void stop() {
    runway.close();
  }

  private static APIGatewayProxyRequestEvent event(String name, Map<String, String> values)
      throws Exception {
    try (InputStream in = AssistantHandlerTest.class.getResourceAsStream("/events/" + name)) {
      ObjectNode tree = (ObjectNode) JSON.readTree(in);
      if (tree.path("isBase64Encoded").asBoolean() && tree.hasNonNull("body")) {
        String body =
            new String(
                Base64.getDecoder().decode(tree.get("body").asText()), StandardCharsets.UTF_8);
        tree.put(
            "body",
            Base64.getEncoder()
                .encodeToString(fill(body, values).getBytes(StandardCharsets.UTF_8)));
      }
      return JSON.readValue(
          fill(JSON.writeValueAsString(tree), values), APIGatewayProxyRequestEvent.class);
    }
  }

  private static String fill(String text, Map<String, String> values) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      text = text.replace("{{" + e.getKey() + "}}", e.getValue());
    }
    return text;
  }

  private static JsonNode body(APIGatewayProxyResponseEvent r) throws Exception {
    assertThat(r.getHeaders()).containsEntry("Content-Type", "application/json");
    return JSON.readTree(r.getBody());
  }

  private static Map<String, String> signIn() throws Exception {
    return signIn(handler);
  }

  /** Signs in through {@code h}; returns the token and session the event templates take. */
  private static Map<String, String> signIn(AssistantHandler h) throws Exception {
    APIGatewayProxyResponseEvent login = h.handleRequest(event("login.json", Map.of()), null);
    assertThat(login.getStatusCode()).isEqualTo(200);
    JsonNode b = body(login);
    return Map.of("TOKEN", b.get("access_token").asText(), "SESSION", b.get("session_id").asText());
  }

  @Test
  void everyRoute_answersWithTheSeedsShape() throws Exception {
    Map<String, String> v = signIn();
    APIGatewayProxyResponseEvent q = handler.handleRequest(event("query.json", v), null);
    assertThat(q.getStatusCode()).isEqualTo(200);
    assertThat(q.getHeaders())
        .containsEntry("Access-Control-Allow-Origin", "https://assistant.example.com");
    JsonNode answer = body(q);
    assertThat(answer.fieldNames())
        .toIterable()
        .contains("query_id", "results", "cost", "execution_time", "cached");
    assertThat(answer.at("/results/rows").size()).isPositive();
    String queryId = answer.get("query_id").asText();
    Map<String, String> w =
        Map.of("TOKEN", v.get("TOKEN"), "SESSION", v.get("SESSION"), "QUERY_ID", queryId);

    assertThat(
            body(handler.handleRequest(event("query-base64.json", w), null))
                .at("/results/columns/0")
                .asText())
        .isEqualTo("category");
    assertThat(body(handler.handleRequest(event("query-by-id.json", w), null)).get("results"))
        .isEqualTo(answer.get("results"));
    assertThat(
            body(handler.handleRequest(event("cost-query.json", w), null)).get("query_id").asText())
        .isEqualTo(queryId);
    assertThat(body(handler.handleRequest(event("conversation.json", w), null)).get("messages"))
        .hasSize(4);
    assertThat(
            body(handler.handleRequest(event("cost-daily.json", w), null)).get("queries").asLong())
        .isGreaterThanOrEqualTo(2);
    assertThat(
            body(handler.handleRequest(event("session.json", w), null))
                .at("/session/persona")
                .asText())
        .isEqualTo("Warehouse Manager");
    assertThat(body(handler.handleRequest(event("health.json", w), null)).get("status").asText())
        .isEqualTo("UP");
    APIGatewayProxyResponseEvent out = handler.handleRequest(event("logout.json", w), null);
    assertThat(out.getStatusCode()).isEqualTo(200);
    assertThat(handler.handleRequest(event("conversation.json", w), null).getStatusCode())
        .isIn(401, 404);
  }

  @Test
  void aBrowsersPreflightIsAnsweredForTheAllowedOriginOnly() throws Exception {
    APIGatewayProxyResponseEvent ok =
        handler.handleRequest(
            event("preflight.json", Map.of("ORIGIN", "https://assistant.example.com")), null);
    assertThat(ok.getStatusCode()).isEqualTo(204);
    assertThat(ok.getHeaders())
        .containsEntry("Access-Control-Allow-Origin", "https://assistant.example.com")
        .containsEntry("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .containsEntry("Access-Control-Allow-Headers", "Authorization, Content-Type")
        .containsEntry("Access-Control-Max-Age", "3600");
    APIGatewayProxyResponseEvent other =
        handler.handleRequest(
            event("preflight.json", Map.of("ORIGIN", "https://attacker.example.net")), null);
    assertThat(other.getStatusCode()).isEqualTo(204);
    assertThat(other.getHeaders()).doesNotContainKey("Access-Control-Allow-Origin");
  }

  @Test
  void theAnswerCarriesLambdasShareOfTheCostAndTokensRefresh() throws Exception {
    APIGatewayProxyResponseEvent login = handler.handleRequest(event("login.json", Map.of()), null);
    JsonNode session = body(login);
    Map<String, String> v =
        Map.of(
            "TOKEN",
            session.get("access_token").asText(),
            "SESSION",
            session.get("session_id").asText(),
            "REFRESH",
            session.get("refresh_token").asText());
    com.amazonaws.services.lambda.runtime.Context context = new TestContext(1024);
    JsonNode answer = body(handler.handleRequest(event("query.json", v), context));
    java.math.BigDecimal lambda = answer.at("/cost/lambda_cost").decimalValue();
    assertThat(lambda)
        .as("at least the request price")
        .isGreaterThanOrEqualTo(AssistantHandler.REQUEST_USD);
    assertThat(AssistantHandler.lambdaCost(1024, 1_000_000_000L))
        .as("1 GB for 1 s and the request")
        .isEqualByComparingTo("0.0000168667");
    assertThat(answer.at("/cost/total_cost").decimalValue())
        .isEqualByComparingTo(
            lambda
                .add(answer.at("/cost/database_cost").decimalValue())
                .add(answer.at("/cost/bedrock_cost").decimalValue()));
    APIGatewayProxyResponseEvent refreshed = handler.handleRequest(event("refresh.json", v), null);
    assertThat(refreshed.getStatusCode()).isEqualTo(200);
    assertThat(body(refreshed).get("access_token").asText()).isNotBlank();
    assertThat(refreshed.getHeaders()).containsEntry("X-Content-Type-Options", "nosniff");
  }

  @Test
  void refusals_areJsonWithTheRightStatus() throws Exception {
    Map<String, String> v = signIn();
    APIGatewayProxyResponseEvent badToken =
        handler.handleRequest(
            event(
                "query-bad-token.json",
                Map.of("TOKEN", "eyJhbGciOiJIUzI1NiJ9.e30.forged", "SESSION", v.get("SESSION"))),
            null);
    assertThat(badToken.getStatusCode()).isEqualTo(401);
    assertThat(body(badToken).at("/error/code").asText()).isEqualTo("unauthorized");
    assertThat(handler.handleRequest(event("query-other-persona.json", v), null).getStatusCode())
        .isEqualTo(403);
    APIGatewayProxyResponseEvent wrong =
        handler.handleRequest(event("login-wrong-password.json", Map.of()), null);
    assertThat(wrong.getStatusCode()).isEqualTo(401);
    assertThat(wrong.getBody()).doesNotContain("not-the-password");
    assertThat(handler.handleRequest(event("unknown-route.json", v), null).getStatusCode())
        .isEqualTo(404);
  }

  @Test
  void throttledBackend_is429() throws Exception {
    CostTracker costs = CostTracker.create();
    JdbcDatabaseClient engine = JdbcDatabaseClient.embedded();
    ForwardingDatabaseClient throttling =
        new ForwardingDatabaseClient(engine) {
          @Override
          public QueryResult execute(Query query) {
            if (query.label().isPresent()) {
              throw new QueryFailedException(
                  "Rate exceeded", "athena", ErrorCategory.THROTTLED, null, null);
            }
            return super.execute(query);
          }
        };
    try (Runway throttled =
        Runway.builder().database(throttling).auth(DemoUsers.provider()).listener(costs).build()) {
      AssistantHandler h = new AssistantHandler(new SupplyChainAssistant(throttled, costs), null);
      Map<String, String> v = signIn(h);
      APIGatewayProxyResponseEvent r = h.handleRequest(event("query.json", v), null);
      assertThat(r.getStatusCode()).isEqualTo(429);
      assertThat(JSON.readTree(r.getBody()).at("/error/code").asText()).isEqualTo("throttled");
    }
  }

  @Test
  void embeddedMetricFormat_carriesRunwaysMetersAfterEachInvocation() throws Exception {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    EmbeddedMetrics metrics =
        new EmbeddedMetrics("SupplyChain/Runway", lines::add, java.time.Clock.systemUTC());
    CostTracker costs = CostTracker.create();
    try (Runway observed =
        Runway.builder()
            .auth(DemoUsers.provider())
            .listener(costs)
            .decorator(metrics.decorator())
            .build()) {
      metrics.bind(observed);
      SupplyChainAssistant.seedEmbeddedData(observed.rawDatabase(), 1);
      lines.clear(); // the seeding's own queries
      AssistantHandler h =
          new AssistantHandler(new SupplyChainAssistant(observed, costs), null, metrics);
      Map<String, String> v = signIn(h);
      lines.clear();
      assertThat(h.handleRequest(event("query.json", v), null).getStatusCode()).isEqualTo(200);

      List<JsonNode> docs = new java.util.ArrayList<>();
      for (String line : lines) {
        docs.add(JSON.readTree(line));
      }
      JsonNode query =
          docs.stream()
              .filter(
                  d -> d.has("runway.query.count") && "success".equals(d.path("outcome").asText()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no runway.query line in " + lines));
      // the names, units and dimensions Micrometer's CloudWatch registry gives the same timer
      JsonNode directive = query.at("/_aws/CloudWatchMetrics/0");
      assertThat(directive.get("Namespace").asText()).isEqualTo("SupplyChain/Runway");
      assertThat(directive.at("/Metrics").toString())
          .contains(
              "{\"Name\":\"runway.query.count\",\"Unit\":\"Count\"}",
              "{\"Name\":\"runway.query.sum\",\"Unit\":\"Milliseconds\"}");
      List<String> dimensions = new java.util.ArrayList<>();
      directive.at("/Dimensions/0").forEach(n -> dimensions.add(n.asText()));
      assertThat(dimensions)
          .contains("runway.engine", "outcome", "runway.cache", "runway.query.label");
      for (String d : dimensions) {
        assertThat(query.hasNonNull(d)).as("dimension %s has a value", d).isTrue();
      }
      assertThat(query.get("runway.engine").asText()).isEqualTo("duckdb");
      assertThat(query.get("runway.query.count").asDouble()).isPositive();
      assertThat(query.at("/_aws/Timestamp").asLong()).isPositive();

      // the next invocation writes only what it changed: no query, no query line
      lines.clear();
      h.handleRequest(event("login.json", Map.of()), null);
      assertThat(lines).noneMatch(l -> l.contains("\"runway.query.count\""));
    }
  }
}
