package dev.runway.examples.assistant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The assistant API's requests and responses as records, one per body, written and read as JSON
 * with the migration guide's snake_case names ({@code session_id}, {@code agent_response}). Both
 * hosts (the Spring controller and the Lambda handler) bind to them, so the wire format is declared
 * once.
 */
public final class AssistantApi {

  private AssistantApi() {}

  /** {@code POST /api/v1/auth/login}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record LoginRequest(String username, String password) {
    @Override
    public String toString() {
      return "LoginRequest[username=" + username + ", password=***]";
    }
  }

  /** {@code POST /api/v1/auth/challenge}: the step the login returned, and the answers. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ChallengeRequest(
      String username,
      String challenge,
      String challengeName,
      String challengeSession,
      Map<String, String> answers) {
    @Override
    public String toString() {
      return "ChallengeRequest[username="
          + username
          + ", challenge="
          + challenge
          + ", answers="
          + (answers == null ? null : answers.keySet())
          + "]";
    }
  }

  /** {@code POST /api/v1/auth/refresh}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RefreshRequest(String refreshToken) {
    @Override
    public String toString() {
      return "RefreshRequest[refreshToken=***]";
    }
  }

  /** {@code POST /api/v1/query}: a question asked as a persona in a session. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record QueryRequest(String query, String persona, String sessionId) {}

  /** Who is signed in. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record User(String username, List<String> personas) {}

  /**
   * A sign-in step's answer: tokens and a session, or the next step ({@code challenge} and what to
   * send back to {@code /api/v1/auth/challenge}). Absent fields are left out.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SignIn(
      String accessToken,
      String tokenType,
      String expiresAt,
      String refreshToken,
      String sessionId,
      User user,
      String challenge,
      String challengeName,
      String challengeSession,
      String username,
      Map<String, String> parameters,
      List<String> answers) {
    @Override
    public String toString() {
      return "SignIn[user=" + user + ", challenge=" + challenge + ", tokens=***]";
    }
  }

  /** {@code POST /api/v1/auth/logout}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SignOut(boolean signedOut, int sessionsEnded) {}

  /** A session as {@code GET /api/v1/auth/session} shows it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SessionState(String sessionId, String persona, String expiresAt) {}

  /** {@code GET /api/v1/auth/session}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SessionInfo(User user, String expiresAt, SessionState session) {}

  /** A result as a table. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Results(List<String> columns, List<List<Object>> rows, int rowCount) {}

  /**
   * The migration guide's cost split, with what it was computed from.
   *
   * @param bedrockCost the model's tokens at the configured prices
   * @param databaseCost the engine's estimate (Athena's bytes scanned, Redshift's share)
   * @param lambdaCost this invocation's share of Lambda (0 outside Lambda)
   * @param totalCost their sum
   * @param bytesScanned what the engine scanned, or null when it does not say
   * @param engine the engine that answered, or null when nothing ran
   * @param inputTokens tokens sent to the model
   * @param outputTokens tokens the model wrote
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CostSplit(
      BigDecimal bedrockCost,
      BigDecimal databaseCost,
      BigDecimal lambdaCost,
      BigDecimal totalCost,
      Long bytesScanned,
      String engine,
      long inputTokens,
      long outputTokens) {

    /** This split with Lambda's share set and added to the total. */
    public CostSplit withLambdaCost(BigDecimal lambda) {
      return new CostSplit(
          bedrockCost,
          databaseCost,
          lambda,
          totalCost.subtract(lambdaCost).add(lambda),
          bytesScanned,
          engine,
          inputTokens,
          outputTokens);
    }
  }

  /**
   * {@code POST /api/v1/query} and {@code GET /api/v1/query/{id}}: the migration guide's response.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record QueryResponse(
      String queryId,
      String question,
      String label,
      String sql,
      String agentResponse,
      Results results,
      CostSplit cost,
      double executionTime,
      boolean cached) {

    /** This response with another cost split. */
    public QueryResponse withCost(CostSplit c) {
      return new QueryResponse(
          queryId, question, label, sql, agentResponse, results, c, executionTime, cached);
    }
  }

  /** One message of a conversation. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Message(
      String role, String content, String timestamp, long sequence, Map<String, Object> metadata) {}

  /** {@code GET /api/v1/conversation/{session_id}}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Conversation(String sessionId, List<Message> messages) {}

  /** {@code GET /api/v1/cost/daily}: today's costs, every instance's. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record DailyCost(
      String date,
      BigDecimal totalUsd,
      long queries,
      long cacheHits,
      long bytesScanned,
      Map<String, BigDecimal> byEngine) {}

  /** {@code GET /api/v1/cost/query/{id}}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record QueryCost(String queryId, CostSplit cost, boolean cached) {}

  /** A named question (with Bedrock, an example of what to ask). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record NamedQuestion(String label, String question) {}

  /** A persona and its named questions. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Persona(String name, List<NamedQuestion> questions) {}

  /** {@code GET /api/v1/personas}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Personas(String interpreter, List<Persona> personas) {}
}
