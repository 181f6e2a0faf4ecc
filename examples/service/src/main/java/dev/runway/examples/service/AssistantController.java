package dev.runway.examples.service;

import dev.runway.core.health.Health;
import dev.runway.core.health.HealthReport;
import dev.runway.examples.assistant.AssistantApi;
import dev.runway.examples.assistant.SupplyChainAssistant;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The HTTP routes; each is one call of {@link SupplyChainAssistant}. */
@RestController
class AssistantController {

  private final SupplyChainAssistant assistant;

  AssistantController(SupplyChainAssistant assistant) {
    this.assistant = assistant;
  }

  static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }

  @PostMapping("/api/v1/auth/login")
  AssistantApi.SignIn login(@RequestBody(required = false) AssistantApi.LoginRequest body) {
    return assistant.login(body);
  }

  @PostMapping("/api/v1/auth/challenge")
  AssistantApi.SignIn challenge(@RequestBody(required = false) AssistantApi.ChallengeRequest body) {
    return assistant.challenge(body);
  }

  @PostMapping("/api/v1/auth/refresh")
  AssistantApi.SignIn refresh(@RequestBody(required = false) AssistantApi.RefreshRequest body) {
    return assistant.refresh(body);
  }

  @PostMapping("/api/v1/auth/logout")
  AssistantApi.SignOut logout(
      @RequestHeader(name = "Authorization", required = false) String authorization) {
    return assistant.logout(bearer(authorization));
  }

  @GetMapping("/api/v1/auth/session")
  AssistantApi.SessionInfo session(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestParam(name = "session_id", required = false) String sessionId) {
    return assistant.session(bearer(authorization), sessionId);
  }

  @PostMapping("/api/v1/query")
  AssistantApi.QueryResponse query(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestBody(required = false) AssistantApi.QueryRequest body) {
    return assistant.query(bearer(authorization), body);
  }

  @GetMapping("/api/v1/query/{queryId}")
  AssistantApi.QueryResponse queryById(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @PathVariable String queryId) {
    return assistant.queryById(bearer(authorization), queryId);
  }

  @GetMapping("/api/v1/conversation/{sessionId}")
  AssistantApi.Conversation conversation(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @PathVariable String sessionId) {
    return assistant.conversation(bearer(authorization), sessionId);
  }

  @GetMapping("/api/v1/cost/daily")
  AssistantApi.DailyCost dailyCost(
      @RequestHeader(name = "Authorization", required = false) String authorization) {
    return assistant.dailyCost(bearer(authorization));
  }

  @GetMapping("/api/v1/cost/query/{queryId}")
  AssistantApi.QueryCost queryCost(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @PathVariable String queryId) {
    return assistant.queryCost(bearer(authorization), queryId);
  }

  @GetMapping("/api/v1/personas")
  AssistantApi.Personas personas() {
    return assistant.personas();
  }

  /** For the load balancer: the components' cached health; 503 only when one is down. */
  @GetMapping("/health")
  ResponseEntity<Map<String, Object>> health() {
    HealthReport r = assistant.health();
    return ResponseEntity.status(r.status() == Health.Status.DOWN ? 503 : 200)
        .body(
            Map.of(
                "status",
                r.status().name(),
                "components",
                r.components().stream()
                    .map(h -> Map.of("component", h.component(), "status", h.status().name()))
                    .toList()));
  }
}
