package dev.runway.examples.assistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.core.Runway;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.ChallengeResponse;
import dev.runway.core.auth.ChallengeType;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.coordination.InMemoryCoordination;
import dev.runway.core.cost.CostTracker;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.health.HealthReport;
import dev.runway.core.query.Column;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import dev.runway.core.session.Conversation;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.NewMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionStore;
import dev.runway.sql.SqlPolicyViolationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The supply-chain assistant's application layer, shared by the web host and the Lambda handler:
 * the assistant's REST routes as methods over Runway's four interfaces. It never runs SQL from a
 * request: a {@link QuestionInterpreter} turns the question into SQL (a persona's named question,
 * or a statement Amazon Bedrock writes), and every statement is held to the persona's {@link
 * PersonaPolicies policy} before it reaches the engine.
 */
public final class SupplyChainAssistant {

  /** Queries kept for {@code GET /api/v1/query/{id}} and the cost of a query, per instance. */
  static final int KEPT_QUERIES = 10_000;

  private final Runway runway;
  private final AuthProvider auth;
  private final SessionStore sessions;
  private final CostTracker costs;
  private final QuestionInterpreter interpreter;
  private final Map<String, DatabaseClient> guarded = new ConcurrentHashMap<>();
  private final Map<String, QueryRecord> queries = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();

  /**
   * One answered question.
   *
   * @param queryId the id the API hands out
   * @param username who asked (only they may read it back)
   * @param sessionId the session it was asked in
   * @param persona the persona it was asked as
   * @param label the question's label
   * @param question the question's text
   * @param response the response body
   */
  record QueryRecord(
      String queryId,
      String username,
      String sessionId,
      String persona,
      String label,
      String question,
      AssistantApi.QueryResponse response) {}

  /**
   * Uses {@code runway}'s components, counts costs in {@code costs} (a listener of the same Runway)
   * and answers the personas' named questions ({@link NamedQuestions}).
   */
  public SupplyChainAssistant(Runway runway, CostTracker costs) {
    this(runway, costs, new NamedQuestions(runway.rawDatabase().engine()));
  }

  /**
   * As {@link #SupplyChainAssistant(Runway, CostTracker)}, interpreting questions with {@code
   * interpreter}.
   */
  public SupplyChainAssistant(Runway runway, CostTracker costs, QuestionInterpreter interpreter) {
    this.runway = Objects.requireNonNull(runway, "runway");
    this.auth = runway.auth();
    this.sessions = runway.sessions();
    this.costs = Objects.requireNonNull(costs, "costs");
    this.interpreter = Objects.requireNonNull(interpreter, "interpreter");
  }

  /** Returns the interpreter's name: {@code named} or {@code bedrock}. */
  public String interpreter() {
    return interpreter.name();
  }

  /**
   * Generates the seed's tables at {@code scale} when the embedded engine starts without them (a
   * demo convenience; remote engines and a scale of 0 are left alone).
   */
  public static void seedEmbeddedData(DatabaseClient db, int scale) {
    if (!db.engine().equals("duckdb") || scale <= 0) {
      return;
    }
    long tables =
        db.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'product'")
            .row(0)
            .getLong(0);
    if (tables == 0) {
      new SupplyChainData(db, scale, null).generate();
    }
  }

  /**
   * {@code POST /api/v1/auth/login}: signs in and opens a session, or answers the provider's next
   * step ({@code challenge}: a new password or an MFA code) for {@link #challenge}.
   */
  public AssistantApi.SignIn login(AssistantApi.LoginRequest body) {
    String username = requiredText(body == null ? null : body.username(), "username");
    String password = requiredText(body == null ? null : body.password(), "password");
    return signedIn(call(() -> auth.authenticate(username, password)));
  }

  /**
   * {@code POST /api/v1/auth/challenge}: answers a sign-in step ({@code new_password_required}:
   * {@code answers.NEW_PASSWORD}; {@code software_token_mfa}: {@code
   * answers.SOFTWARE_TOKEN_MFA_CODE}; {@code sms_mfa}: {@code answers.SMS_MFA_CODE}) with the
   * {@code challenge_session} the login returned; signs in as login does, or returns the next step.
   */
  public AssistantApi.SignIn challenge(AssistantApi.ChallengeRequest body) {
    String username = requiredText(body == null ? null : body.username(), "username");
    String type = requiredText(body.challenge(), "challenge");
    String session = requiredText(body.challengeSession(), "challenge_session", 8192);
    String providerName =
        body.challengeName() != null && !body.challengeName().isBlank()
            ? body.challengeName()
            : null;
    ChallengeType challengeType;
    try {
      challengeType = ChallengeType.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "challenge",
          "unknown challenge '"
              + type
              + "'; one of "
              + java.util.Arrays.stream(ChallengeType.values())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList());
    }
    if (body.answers() == null || body.answers().isEmpty()) {
      throw ApiException.badRequest(
          "answers", "'answers' is required: an object such as {\"NEW_PASSWORD\": \"...\"}");
    }
    Map<String, String> answers = new LinkedHashMap<>();
    body.answers()
        .forEach(
            (key, value) -> {
              if (key == null || value == null || value.isBlank() || value.length() > 1000) {
                throw ApiException.badRequest(
                    "answers", "every answer is a non-empty string of at most 1000 characters");
              }
              answers.put(key, value);
            });
    AuthResult.ChallengeRequired challenge =
        new AuthResult.ChallengeRequired(
            challengeType,
            providerName == null ? challengeType.name() : providerName,
            username,
            session,
            null,
            Map.of());
    AuthResult result;
    try {
      result = call(() -> auth.respondToChallenge(new ChallengeResponse(challenge, answers)));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      throw ApiException.badRequest(
          "answers",
          e instanceof UnsupportedOperationException
              ? "this identity provider has no sign-in challenges"
              : e.getMessage());
    }
    return signedIn(result);
  }

  /** {@code POST /api/v1/auth/refresh}: new tokens for a refresh token; the session stays. */
  public AssistantApi.SignIn refresh(AssistantApi.RefreshRequest body) {
    String refreshToken =
        requiredText(body == null ? null : body.refreshToken(), "refresh_token", 8192);
    AuthResult result;
    try {
      result = call(() -> auth.refresh(refreshToken));
    } catch (UnsupportedOperationException e) {
      throw new ApiException(
          400,
          "refresh_unsupported",
          "this identity provider does not refresh tokens; sign in " + "again",
          "refresh_token");
    }
    if (result instanceof AuthResult.Authenticated ok) {
      return tokens(ok, null, user(ok.principal()));
    }
    if (result instanceof AuthResult.Failed failed) {
      throw failure(failed);
    }
    throw new ApiException(401, "sign_in_required", "sign in again", null);
  }

  private AssistantApi.SignIn signedIn(AuthResult result) {
    if (result instanceof AuthResult.Failed failed) {
      throw failure(failed);
    }
    if (result instanceof AuthResult.ChallengeRequired challenge) {
      List<String> answers =
          switch (challenge.type()) {
            case NEW_PASSWORD_REQUIRED -> List.of("NEW_PASSWORD");
            case SOFTWARE_TOKEN_MFA -> List.of("SOFTWARE_TOKEN_MFA_CODE");
            case SMS_MFA -> List.of("SMS_MFA_CODE");
            case MFA_SETUP -> List.of("USER_CODE");
            case SELECT_MFA_TYPE -> List.of("ANSWER");
            case OTHER -> List.of();
          };
      return new AssistantApi.SignIn(
          null,
          null,
          challenge.expiresAt() == null ? null : challenge.expiresAt().toString(),
          null,
          null,
          null,
          challenge.type().name().toLowerCase(Locale.ROOT),
          challenge.providerName(),
          challenge.session(),
          challenge.username(),
          challenge.parameters(),
          answers);
    }
    AuthResult.Authenticated ok = (AuthResult.Authenticated) result;
    Principal p = ok.principal();
    String persona = p.personas().stream().sorted().findFirst().orElse(null);
    Session s = call(() -> sessions.create(p.username(), persona, Map.of()));
    return tokens(ok, s.id(), user(p));
  }

  private static AssistantApi.SignIn tokens(
      AuthResult.Authenticated ok, String sessionId, AssistantApi.User user) {
    return new AssistantApi.SignIn(
        ok.tokens().accessToken(),
        "Bearer",
        ok.tokens().expiresAt().toString(),
        ok.tokens().refreshTokenOptional().orElse(null),
        sessionId,
        user,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static final java.util.regex.Pattern SECONDS =
      java.util.regex.Pattern.compile("in (\\d+) s\\b");

  /**
   * A failed sign-in step as the API answers it. A locked user name is 429 with {@code Retry-After}
   * when the provider says for how long: the lock applies to unknown names as well
   * (FileAuthProvider locks any name; Cognito does not tell), so it reveals nothing a wrong
   * password does not, and the user learns to wait instead of guessing on.
   */
  private static ApiException failure(AuthResult.Failed failed) {
    return switch (failed.code()) {
      case ACCOUNT_LOCKED -> {
        java.util.regex.Matcher m = SECONDS.matcher(failed.message());
        Long retry = m.find() ? Long.valueOf(m.group(1)) : null;
        yield new ApiException(
                429,
                "account_locked",
                "too many failed sign-ins for this user name; wait"
                    + (retry == null ? " and try again" : " " + retry + " s"),
                null)
            .retryAfter(retry);
      }
      case THROTTLED -> new ApiException(429, "throttled", failed.message(), null).retryAfter(1L);
      case PROVIDER_UNAVAILABLE ->
          new ApiException(503, "provider_unavailable", failed.message(), null);
      case CHALLENGE_FAILED -> new ApiException(401, "challenge_failed", failed.message(), null);
      case INVALID_REFRESH_TOKEN ->
          new ApiException(
              401,
              "invalid_refresh_token",
              "the refresh token is not valid " + "(expired or revoked); sign in again",
              null);
      default ->
          new ApiException(
              401, failed.code().name().toLowerCase(Locale.ROOT), "sign-in failed", null);
    };
  }

  /**
   * {@code POST /api/v1/auth/logout}: ends the user's sessions and revokes the token where the
   * provider can.
   */
  public AssistantApi.SignOut logout(String token) {
    Principal p = principal(token);
    int ended = call(() -> sessions.deleteAllForUser(p.username()));
    try {
      auth.signOut(token);
    } catch (UnsupportedOperationException | RunwayException e) {
      // a provider without revocation: the token expires by itself
    }
    return new AssistantApi.SignOut(true, ended);
  }

  /**
   * {@code GET /api/v1/auth/session}: who the token belongs to and, if given, the session's state.
   */
  public AssistantApi.SessionInfo session(String token, String sessionId) {
    Principal p = principal(token);
    AssistantApi.SessionState state = null;
    if (sessionId != null && !sessionId.isBlank()) {
      Session s = ownSession(p, sessionId);
      state =
          new AssistantApi.SessionState(s.id(), s.persona().orElse(""), s.expiresAt().toString());
    }
    return new AssistantApi.SessionInfo(user(p), p.expiresAt().toString(), state);
  }

  /**
   * {@code POST /api/v1/query}: answers a question asked as one of the user's personas. The
   * interpreter turns it into SQL, the persona's {@link PersonaPolicies policy} checks that SQL
   * before anything runs (a refusal is 422 {@code refused_by_policy}, naming the rule), the engine
   * runs it, and the interpreter writes {@code agent_response} from the result. The response
   * carries the migration guide's cost split.
   */
  public AssistantApi.QueryResponse query(String token, AssistantApi.QueryRequest body) {
    Principal p = principal(token);
    String text = requiredText(body == null ? null : body.query(), "query");
    String persona = requiredText(body.persona(), "persona");
    String sessionId = requiredText(body.sessionId(), "session_id");
    if (!PersonaPolicies.personas().contains(persona)) {
      throw ApiException.badRequest(
          "persona", "unknown persona '" + persona + "'; one of " + PersonaPolicies.personas());
    }
    if (!p.hasPersona(persona)) {
      throw ApiException.forbidden("you may not ask as '" + persona + "'");
    }
    // the session and its history in one step (two DynamoDB calls), the answer's two messages and
    // the session's sliding expiry in another (two more): four round trips to the store a question
    Conversation conversation = ownConversation(p, sessionId);
    Session session = conversation.session();
    long start = System.nanoTime();
    List<ConversationMessage> history = conversation.messages();
    QuestionInterpreter.Interpretation it =
        call(() -> interpreter.interpret(persona, text, history));
    TokenUsage usage = it.usage();
    String id = UUID.randomUUID().toString();
    String label = it.query() == null ? "" : it.query().label().orElse("");
    QueryResult r = null;
    if (it.query() != null) {
      try {
        r = call(() -> guard(persona).execute(it.query()));
      } catch (SqlPolicyViolationException e) {
        call(
            () ->
                sessions.appendMessages(
                    session.id(),
                    List.of(
                        NewMessage.of("user", text, Map.of("persona", persona)),
                        NewMessage.of(
                            "assistant",
                            "Refused by the " + persona + " policy: " + e.violations().get(0),
                            Map.of("refused", e.rule().id())))));
        throw new ApiException(
            422,
            "refused_by_policy",
            "the statement written for this question breaks the "
                + persona
                + " policy ("
                + e.violations().get(0)
                + "); nothing was run",
            "query");
      }
    }
    String answerText;
    if (r == null) {
      answerText = it.reply();
    } else {
      QueryResult result = r;
      QuestionInterpreter.Answer answer =
          call(() -> interpreter.answer(persona, it.understood(), it.query(), result));
      usage = usage.plus(answer.usage());
      answerText = answer.text();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    QueryStats stats = r == null ? null : r.stats();
    boolean cached = stats != null && stats.fromCache();
    AssistantApi.QueryResponse response =
        new AssistantApi.QueryResponse(
            id,
            it.understood(),
            label,
            it.query() == null ? null : it.query().sql(),
            answerText,
            r == null ? null : results(r),
            cost(stats, usage),
            seconds,
            cached);
    keep(
        new QueryRecord(id, p.username(), session.id(), persona, label, it.understood(), response));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("persona", persona);
    meta.put("label", label);
    Map<String, Object> answerMeta = new LinkedHashMap<>();
    answerMeta.put("query_id", id);
    answerMeta.put("rows", r == null ? 0 : r.size());
    answerMeta.put("cached", cached);
    call(
        () ->
            sessions.appendMessages(
                session.id(),
                List.of(
                    NewMessage.of("user", text, meta),
                    NewMessage.of("assistant", answerText, answerMeta))));
    return response;
  }

  /** The persona's policy around the database the application uses (outside its cache). */
  private DatabaseClient guard(String persona) {
    return guarded.computeIfAbsent(
        persona, k -> PersonaPolicies.policy(k).guard(runway.database()));
  }

  /** {@code GET /api/v1/query/{id}}: a query this user asked, as it was answered. */
  public AssistantApi.QueryResponse queryById(String token, String queryId) {
    return ownQuery(principal(token), queryId).response();
  }

  /**
   * {@code GET /api/v1/conversation/{session_id}}: the session's questions and answers in order.
   */
  public AssistantApi.Conversation conversation(String token, String sessionId) {
    Principal p = principal(token);
    Conversation c = ownConversation(p, sessionId);
    Session s = c.session();
    List<AssistantApi.Message> messages = new ArrayList<>();
    for (ConversationMessage m : c.messages()) {
      messages.add(
          new AssistantApi.Message(
              m.role(), m.content(), m.timestamp().toString(), m.sequence(), m.metadata()));
    }
    return new AssistantApi.Conversation(s.id(), messages);
  }

  /** {@code GET /api/v1/cost/daily}: today's estimated cost of the queries every instance ran. */
  public AssistantApi.DailyCost dailyCost(String token) {
    principal(token);
    CostTracker.DailyCost d = costs.today();
    return new AssistantApi.DailyCost(
        d.date().toString(),
        d.totalUsd(),
        d.queries(),
        d.cacheHits(),
        d.bytesScanned(),
        d.byEngine());
  }

  /** {@code GET /api/v1/cost/query/{id}}: the cost of one of this user's queries. */
  public AssistantApi.QueryCost queryCost(String token, String queryId) {
    QueryRecord r = ownQuery(principal(token), queryId);
    return new AssistantApi.QueryCost(r.queryId(), r.response().cost(), r.response().cached());
  }

  /** {@code GET /health}: the components' own health, never a query on a remote engine. */
  public HealthReport health() {
    return runway.health();
  }

  /**
   * {@code GET /api/v1/personas}: the interpreter ({@code named} or {@code bedrock}) and each
   * persona's named questions (with Bedrock, examples of what to ask).
   */
  public AssistantApi.Personas personas() {
    List<AssistantApi.Persona> out = new ArrayList<>();
    for (PersonaQueries.Persona p : PersonaQueries.all()) {
      out.add(
          new AssistantApi.Persona(
              p.name(),
              p.questions().stream()
                  .map(
                      q ->
                          new AssistantApi.NamedQuestion(
                              q.query().label().orElse(""), q.question()))
                  .toList()));
    }
    return new AssistantApi.Personas(interpreter.name(), out);
  }

  private Principal principal(String token) {
    if (token == null || token.isBlank()) {
      throw ApiException.unauthorized("sign in first: send Authorization: Bearer <access_token>");
    }
    try {
      return call(() -> auth.verify(token));
    } catch (TokenVerificationException e) {
      throw ApiException.unauthorized(
          "the token is not valid (expired, revoked or not ours); sign in again");
    }
  }

  private Session ownSession(Principal p, String sessionId) {
    Optional<Session> s = call(() -> sessions.find(sessionId));
    if (s.isEmpty() || !s.get().userId().equals(p.username())) {
      throw ApiException.notFound("no such session (it may have expired); sign in again");
    }
    return s.get();
  }

  private Conversation ownConversation(Principal p, String sessionId) {
    Optional<Conversation> c = call(() -> sessions.findWithHistory(sessionId));
    if (c.isEmpty() || !c.get().session().userId().equals(p.username())) {
      throw ApiException.notFound("no such session (it may have expired); sign in again");
    }
    return c.get();
  }

  private QueryRecord ownQuery(Principal p, String queryId) {
    QueryRecord r = queries.get(queryId);
    if (r == null && !(runway.coordination() instanceof InMemoryCoordination)) {
      // asked on another instance: every instance writes its records to the shared coordination
      r =
          call(() -> runway.coordination().read(RECORD + queryId))
              .map(SupplyChainAssistant::fromJson)
              .orElse(null);
    }
    if (r == null || !r.username().equals(p.username())) {
      throw ApiException.notFound("no such query");
    }
    return r;
  }

  private static final String RECORD = "assistant:query:";
  private static final Duration RECORD_LIFETIME = Duration.ofDays(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String toJson(QueryRecord r) {
    try {
      return JSON.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a query record cannot be written as JSON", e);
    }
  }

  private static QueryRecord fromJson(String json) {
    try {
      return JSON.readValue(json, QueryRecord.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored query record is not readable", e);
    }
  }

  private void keep(QueryRecord r) {
    if (!(runway.coordination() instanceof InMemoryCoordination)) {
      // other instances read it from the shared store; one instance keeps its bounded map only
      call(
          () -> {
            runway.coordination().put(RECORD + r.queryId(), toJson(r), RECORD_LIFETIME);
            return null;
          });
    }
    queries.put(r.queryId(), r);
    order.add(r.queryId());
    while (queries.size() > KEPT_QUERIES) {
      String oldest = order.poll();
      if (oldest == null) {
        break;
      }
      queries.remove(oldest);
    }
  }

  private static AssistantApi.User user(Principal p) {
    return new AssistantApi.User(p.username(), p.personas().stream().sorted().toList());
  }

  private static AssistantApi.Results results(QueryResult r) {
    List<String> columns = r.columns().stream().map(Column::name).toList();
    List<List<Object>> rows = new ArrayList<>(r.size());
    for (Row row : r.rows()) {
      List<Object> values = new ArrayList<>(row.size());
      for (int i = 0; i < row.size(); i++) {
        Object v = row.get(i);
        values.add(v instanceof Temporal || v instanceof UUID ? v.toString() : v);
      }
      rows.add(values);
    }
    return new AssistantApi.Results(columns, rows, r.size());
  }

  /**
   * The migration guide's cost split: the model's tokens, the engine's scan, Lambda's share (0
   * here; the Lambda handler adds its own), and the total; with the bytes scanned, the engine and
   * the tokens.
   */
  private static AssistantApi.CostSplit cost(QueryStats stats, TokenUsage usage) {
    BigDecimal database =
        stats == null || stats.estimatedCostUsd() == null
            ? BigDecimal.ZERO
            : stats.estimatedCostUsd();
    return new AssistantApi.CostSplit(
        usage.costUsd(),
        database,
        BigDecimal.ZERO,
        usage.costUsd().add(database),
        stats == null || stats.bytesScanned().isEmpty() ? null : stats.bytesScanned().getAsLong(),
        stats == null ? null : stats.engine(),
        usage.inputTokens(),
        usage.outputTokens());
  }

  private static String requiredText(String value, String field) {
    return requiredText(value, field, 1000);
  }

  private static String requiredText(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, "'" + field + "' is required (a non-empty string)");
    }
    if (value.length() > max) {
      throw ApiException.badRequest(field, "'" + field + "' is longer than " + max + " characters");
    }
    return value;
  }

  /** Turns a backend's refusal into the API's: throttled 429, unavailable 503; others pass. */
  private static <T> T call(Supplier<T> body) {
    try {
      return body.get();
    } catch (RunwayException e) {
      if (e.category() == ErrorCategory.THROTTLED) {
        throw new ApiException(
                429, "throttled", "a backend is throttling requests; retry shortly", null)
            .retryAfter(1L);
      }
      if (e.category() == ErrorCategory.UNAVAILABLE) {
        throw new ApiException(503, "unavailable", "a backend is unavailable; retry later", null);
      }
      throw e;
    }
  }
}
