package dev.runway.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.examples.assistant.DemoUsers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every route of the migration guide over real HTTP, on the embedded defaults and the demo users.
 */
@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AssistantApiTest {

  @Autowired TestRestTemplate http;

  private final ObjectMapper json = new ObjectMapper();

  private ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    if (token != null) {
      h.setBearerAuth(token);
    }
    ResponseEntity<String> r = http.exchange(path, method, new HttpEntity<>(body, h), String.class);
    try {
      return ResponseEntity.status(r.getStatusCode())
          .body(r.getBody() == null ? null : json.readTree(r.getBody()));
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.getBody(), e);
    }
  }

  private JsonNode login(String user) {
    ResponseEntity<JsonNode> r =
        call(
            HttpMethod.POST,
            "/api/v1/auth/login",
            null,
            Map.of("username", user, "password", DemoUsers.PASSWORD));
    assertThat(r.getStatusCode().value()).isEqualTo(200);
    return r.getBody();
  }

  @Test
  void signIn_ask_readBack_conversation_costs_signOut() {
    JsonNode session = login("warehouse.manager");
    String token = session.get("access_token").asText();
    String sessionId = session.get("session_id").asText();
    assertThat(session.at("/user/personas/0").asText()).isEqualTo("Warehouse Manager");
    assertThat(session.get("token_type").asText()).isEqualTo("Bearer");

    Map<String, Object> ask =
        Map.of(
            "query", "wm.below-reorder", "persona", "Warehouse Manager", "session_id", sessionId);
    JsonNode first = call(HttpMethod.POST, "/api/v1/query", token, ask).getBody();
    assertThat(first.get("cached").asBoolean()).isFalse();
    assertThat(first.at("/results/columns/0").asText()).isEqualTo("product_id");
    assertThat(first.at("/results/row_count").asInt())
        .isEqualTo(first.at("/results/rows").size())
        .isPositive();
    assertThat(first.get("execution_time").isNumber()).isTrue();
    assertThat(first.at("/cost/database_cost").isNumber()).isTrue();
    assertThat(first.at("/cost/bedrock_cost").decimalValue())
        .as("no model: named questions")
        .isZero();
    assertThat(first.at("/cost/total_cost").decimalValue())
        .isEqualTo(first.at("/cost/database_cost").decimalValue());
    assertThat(first.get("agent_response").asText()).startsWith("10 rows; the first: product_id ");
    assertThat(session.get("refresh_token").asText()).isNotBlank();
    // asked by its text this time: the same question, now from the cache
    JsonNode second =
        call(
                HttpMethod.POST,
                "/api/v1/query",
                token,
                Map.of(
                    "query",
                    "Which items at WH-03 are below their reorder point?",
                    "persona",
                    "Warehouse Manager",
                    "session_id",
                    sessionId))
            .getBody();
    assertThat(second.get("cached").asBoolean()).isTrue();
    assertThat(second.get("results")).isEqualTo(first.get("results"));

    String id = first.get("query_id").asText();
    JsonNode again = call(HttpMethod.GET, "/api/v1/query/" + id, token, null).getBody();
    assertThat(again.get("results")).isEqualTo(first.get("results"));
    JsonNode cost = call(HttpMethod.GET, "/api/v1/cost/query/" + id, token, null).getBody();
    assertThat(cost.get("query_id").asText()).isEqualTo(id);
    assertThat(cost.at("/cost/engine").asText()).isEqualTo("duckdb");
    assertThat(cost.at("/cost/total_cost").decimalValue())
        .isEqualTo(first.at("/cost/total_cost").decimalValue());

    JsonNode conversation =
        call(HttpMethod.GET, "/api/v1/conversation/" + sessionId, token, null).getBody();
    assertThat(conversation.get("messages")).hasSize(4);
    assertThat(conversation.at("/messages/0/role").asText()).isEqualTo("user");
    assertThat(conversation.at("/messages/0/content").asText()).isEqualTo("wm.below-reorder");
    assertThat(conversation.at("/messages/1/content").asText())
        .isEqualTo(first.get("agent_response").asText());
    assertThat(conversation.at("/messages/3/metadata/cached").asBoolean()).isTrue();

    JsonNode daily = call(HttpMethod.GET, "/api/v1/cost/daily", token, null).getBody();
    assertThat(daily.get("queries").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(daily.get("cache_hits").asLong()).isGreaterThanOrEqualTo(1);

    JsonNode who =
        call(HttpMethod.GET, "/api/v1/auth/session?session_id=" + sessionId, token, null).getBody();
    assertThat(who.at("/user/username").asText()).isEqualTo("warehouse.manager");
    assertThat(who.at("/session/persona").asText()).isEqualTo("Warehouse Manager");

    JsonNode out = call(HttpMethod.POST, "/api/v1/auth/logout", token, null).getBody();
    assertThat(out.get("sessions_ended").asInt()).isGreaterThanOrEqualTo(1);
    ResponseEntity<JsonNode> afterLogout =
        call(HttpMethod.GET, "/api/v1/conversation/" + sessionId, token, null);
    assertThat(afterLogout.getStatusCode().value()).as("the session ended").isIn(401, 404);
  }

  @Test
  void personaRule_otherPersonasQuestions_areForbidden() {
    JsonNode session = login("field.engineer");
    String token = session.get("access_token").asText();
    String sid = session.get("session_id").asText();
    ResponseEntity<JsonNode> asOther =
        call(
            HttpMethod.POST,
            "/api/v1/query",
            token,
            Map.of("query", "wm.below-reorder", "persona", "Warehouse Manager", "session_id", sid));
    assertThat(asOther.getStatusCode().value()).isEqualTo(403);
    ResponseEntity<JsonNode> otherQuestion =
        call(
            HttpMethod.POST,
            "/api/v1/query",
            token,
            Map.of("query", "wm.below-reorder", "persona", "Field Engineer", "session_id", sid));
    assertThat(otherQuestion.getStatusCode().value()).isEqualTo(403);
    ResponseEntity<JsonNode> sql =
        call(
            HttpMethod.POST,
            "/api/v1/query",
            token,
            Map.of(
                "query", "SELECT * FROM product", "persona", "Field Engineer", "session_id", sid));
    assertThat(sql.getStatusCode().value()).as("free SQL is never run").isEqualTo(400);
    assertThat(sql.getBody().at("/error/field").asText()).isEqualTo("query");
    // another user's session and query are not found
    JsonNode wm = login("warehouse.manager");
    ResponseEntity<JsonNode> foreign =
        call(HttpMethod.GET, "/api/v1/conversation/" + sid, wm.get("access_token").asText(), null);
    assertThat(foreign.getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void errors_areJsonWithTheField_andNeverAStackTrace() {
    ResponseEntity<JsonNode> noToken = call(HttpMethod.GET, "/api/v1/cost/daily", null, null);
    assertThat(noToken.getStatusCode().value()).isEqualTo(401);
    assertThat(noToken.getBody().at("/error/code").asText()).isEqualTo("unauthorized");
    ResponseEntity<JsonNode> badToken =
        call(HttpMethod.GET, "/api/v1/cost/daily", "not-a-token", null);
    assertThat(badToken.getStatusCode().value()).isEqualTo(401);
    ResponseEntity<JsonNode> wrongPassword =
        call(
            HttpMethod.POST,
            "/api/v1/auth/login",
            null,
            Map.of("username", "warehouse.manager", "password", "wrong-password"));
    assertThat(wrongPassword.getStatusCode().value()).isEqualTo(401);
    assertThat(wrongPassword.getBody().toString()).doesNotContain("wrong-password");
    ResponseEntity<JsonNode> missing =
        call(HttpMethod.POST, "/api/v1/auth/login", null, Map.of("username", "x"));
    assertThat(missing.getStatusCode().value()).isEqualTo(400);
    assertThat(missing.getBody().at("/error/field").asText()).isEqualTo("password");
    String token = login("procurement.specialist").get("access_token").asText();
    ResponseEntity<JsonNode> noSession =
        call(
            HttpMethod.POST,
            "/api/v1/query",
            token,
            Map.of(
                "query",
                "ps.on-time-rate",
                "persona",
                "Procurement Specialist",
                "session_id",
                "no-such-session"));
    assertThat(noSession.getStatusCode().value()).isEqualTo(404);
    ResponseEntity<JsonNode> notJson = call(HttpMethod.POST, "/api/v1/query", token, "{not json");
    assertThat(notJson.getStatusCode().value()).isEqualTo(400);
    assertThat(notJson.getBody().toString()).doesNotContain("Exception", "at dev.");
    ResponseEntity<JsonNode> unknownQuery = call(HttpMethod.GET, "/api/v1/query/nope", token, null);
    assertThat(unknownQuery.getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void health_isCheapAndUp() {
    ResponseEntity<JsonNode> h = call(HttpMethod.GET, "/health", null, null);
    assertThat(h.getStatusCode().value()).isEqualTo(200);
    assertThat(h.getBody().get("status").asText()).isEqualTo("UP");
    assertThat(
            call(HttpMethod.GET, "/actuator/health", null, null)
                .getBody()
                .at("/components/runway/status")
                .asText())
        .isEqualTo("UP");
  }
}
