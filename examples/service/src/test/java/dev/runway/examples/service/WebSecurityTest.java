package dev.runway.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.examples.assistant.DemoUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What the abuse run found, decided and checked over HTTP: headers, Actuator, locked accounts,
 * refresh. Its own application context (it locks a demo user), closed afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class WebSecurityTest {

  @LocalServerPort int port;

  /** The JDK's client: it neither retries a 429 nor follows anything by itself. */
  private final HttpClient client = HttpClient.newHttpClient();

  private final ObjectMapper json = new ObjectMapper();

  private ResponseEntity<String> call(HttpMethod method, String path, String token, Object body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("Content-Type", "application/json")
              .method(
                  method.name(),
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      HttpHeaders headers = new HttpHeaders();
      r.headers().map().forEach(headers::addAll);
      return ResponseEntity.status(r.statusCode()).headers(headers).body(r.body());
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    for (String path :
        new String[] {"/", "/app.js", "/api/v1/personas", "/health", "/api/v1/cost/daily"}) {
      HttpHeaders h = call(HttpMethod.GET, path, null, null).getHeaders();
      assertThat(h.getFirst("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      assertThat(h.getFirst("Content-Security-Policy"))
          .as(path)
          .contains("script-src 'self'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(h.getFirst("X-Frame-Options")).as(path).isEqualTo("DENY");
      assertThat(h.getFirst("Referrer-Policy")).as(path).isEqualTo("no-referrer");
    }
    assertThat(call(HttpMethod.GET, "/", null, null).getBody())
        .as("no inline script for the CSP to allow")
        .doesNotContain("<script>")
        .contains("<script src=\"app.js\"");
  }

  @Test
  void actuatorMetricsNeedASignedInCallerButHealthDoesNot() {
    ResponseEntity<String> anonymous = call(HttpMethod.GET, "/actuator/metrics", null, null);
    assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
    assertThat(anonymous.getBody()).doesNotContain("runway.");
    assertThat(
            call(HttpMethod.GET, "/actuator/metrics/runway.query.duration", "forged", null)
                .getStatusCode()
                .value())
        .isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/actuator/health", null, null).getStatusCode().value())
        .isEqualTo(200);
    String token = login("warehouse.manager").get("access_token").toString();
    ResponseEntity<String> signedIn = call(HttpMethod.GET, "/actuator/metrics", token, null);
    assertThat(signedIn.getStatusCode().value()).isEqualTo(200);
    assertThat(signedIn.getBody()).contains("names");
  }

  @Test
  void aLockedUserNameIs429WithRetryAfterWhetherOrNotItExists() {
    for (String user : new String[] {"procurement.specialist", "nobody.at.all"}) {
      ResponseEntity<String> last = null;
      for (int i = 0; i < 6; i++) {
        last =
            call(
                HttpMethod.POST,
                "/api/v1/auth/login",
                null,
                Map.of("username", user, "password", "wrong-" + i));
      }
      assertThat(last.getStatusCode().value()).as(user).isEqualTo(429);
      assertThat(last.getBody()).as(user).contains("\"account_locked\"").doesNotContain("wrong-");
      assertThat(Long.parseLong(last.getHeaders().getFirst("Retry-After")))
          .as(user)
          .isBetween(1L, 30L);
    }
    // a wrong password before any lock is still the plain 401
    assertThat(
            call(
                    HttpMethod.POST,
                    "/api/v1/auth/login",
                    null,
                    Map.of("username", "field.engineer", "password", "wrong"))
                .getStatusCode()
                .value())
        .isEqualTo(401);
  }

  @Test
  void aRefreshTokenGivesANewAccessTokenThatWorks() {
    Map<?, ?> session = login("field.engineer");
    ResponseEntity<String> refreshed =
        call(
            HttpMethod.POST,
            "/api/v1/auth/refresh",
            null,
            Map.of("refresh_token", session.get("refresh_token")));
    assertThat(refreshed.getStatusCode().value()).isEqualTo(200);
    String token = json(refreshed.getBody()).get("access_token").toString();
    assertThat(
            call(
                    HttpMethod.GET,
                    "/api/v1/auth/session?session_id=" + session.get("session_id"),
                    token,
                    null)
                .getStatusCode()
                .value())
        .isEqualTo(200);
    ResponseEntity<String> bad =
        call(HttpMethod.POST, "/api/v1/auth/refresh", null, Map.of("refresh_token", "forged"));
    assertThat(bad.getStatusCode().value()).isEqualTo(401);
    assertThat(bad.getBody()).contains("invalid_refresh_token");
  }

  @Test
  void theChallengeRouteNamesWhatIsMissingAndTheDemoProviderIssuesNoChallenges() {
    ResponseEntity<String> missing =
        call(HttpMethod.POST, "/api/v1/auth/challenge", null, Map.of("username", "x"));
    assertThat(missing.getStatusCode().value()).isEqualTo(400);
    assertThat(missing.getBody()).contains("\"field\":\"challenge\"");
    ResponseEntity<String> none =
        call(
            HttpMethod.POST,
            "/api/v1/auth/challenge",
            null,
            Map.of(
                "username",
                "x",
                "challenge",
                "new_password_required",
                "challenge_session",
                "s-123456",
                "answers",
                Map.of("NEW_PASSWORD", "N3w-password!")));
    assertThat(none.getStatusCode().value()).isEqualTo(401);
    assertThat(none.getBody())
        .contains("challenge_failed")
        .contains("issues no challenges")
        .doesNotContain("N3w-password!");
  }

  private Map<?, ?> login(String user) {
    ResponseEntity<String> r =
        call(
            HttpMethod.POST,
            "/api/v1/auth/login",
            null,
            Map.of("username", user, "password", DemoUsers.PASSWORD));
    assertThat(r.getStatusCode().value()).isEqualTo(200);
    return json(r.getBody());
  }

  private static Map<?, ?> json(String body) {
    try {
      return new ObjectMapper().readValue(body, Map.class);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
