package dev.runway.examples.assistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.core.Runway;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.coordination.InMemoryCoordination;
import dev.runway.core.cost.CostTracker;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.health.HealthReport;
import dev.runway.core.query.Column;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionStore;
import dev.runway.examples.assistant.PersonaQueries;
import dev.runway.examples.assistant.SupplyChainData;
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
 * request: a question is one of the persona's named, parameterised questions, chosen by its label
 * ({@code wm.below-reorder}) or its text, and a persona may ask only its own.
 */
public final class SupplyChainAssistant {

  /** Queries kept for {@code GET /api/v1/query/{id}} and the cost of a query, per instance. */
  static final int KEPT_QUERIES = 10_000;

  private final Runway runway;
  private final AuthProvider auth;
  private final SessionStore sessions;
  private final CostTracker costs;
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
  record QueryRecord(String queryId, String username, String sessionId, String persona, String label,
      String question, Map<String, Object> response) {}

  /** Uses {@code runway}'s components and counts costs in {@code costs} (a listener of the same Runway). */
  public SupplyChainAssistant(Runway runway, CostTracker costs) {
    this.runway = Objects.requireNonNull(runway, "runway");
    this.auth = runway.auth();
    this.sessions = runway.sessions();
    this.costs = Objects.requireNonNull(costs, "costs");
  }

  /**
   * Generates the seed's tables at {@code scale} when the embedded engine starts without them (a
   * demo convenience; remote engines and a scale of 0 are left alone).
   */
  public static void seedEmbeddedData(DatabaseClient db, int scale) {
    if (!db.engine().equals("duckdb") || scale <= 0) {
      return;
    }
    long tables = db.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'product'")
        .row(0).getLong(0);
    if (tables == 0) {
      new SupplyChainData(db, scale, null).generate();
    }
  }

  /** {@code POST /api/v1/auth/login}: signs in and opens a session. */
  public Map<String, Object> login(Map<String, ?> body) {
    String username = requiredText(body, "username");
    String password = requiredText(body, "password");
    AuthResult result = call(() -> auth.authenticate(username, password));
    if (result instanceof AuthResult.Failed failed) {
      int status = switch (failed.code()) {
        case THROTTLED -> 429;
        case PROVIDER_UNAVAILABLE -> 503;
        default -> 401;
      };
      throw new ApiException(status, failed.code().name().toLowerCase(Locale.ROOT),
          status == 401 ? "sign-in failed" : failed.message(), null);
    }
    if (result instanceof AuthResult.ChallengeRequired challenge) {
      return Map.of("challenge", challenge.type().name().toLowerCase(Locale.ROOT),
          "message", "this account needs another sign-in step, which this demo does not offer");
    }
    AuthResult.Authenticated ok = (AuthResult.Authenticated) result;
    Principal p = ok.principal();
    String persona = p.personas().stream().sorted().findFirst().orElse(null);
    Session s = call(() -> sessions.create(p.username(), persona, Map.of()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("access_token", ok.tokens().accessToken());
    out.put("token_type", "Bearer");
    out.put("expires_at", ok.tokens().expiresAt().toString());
    out.put("session_id", s.id());
    out.put("user", user(p));
    return out;
  }

  /** {@code POST /api/v1/auth/logout}: ends the user's sessions and revokes the token where the provider can. */
  public Map<String, Object> logout(String token) {
    Principal p = principal(token);
    int ended = call(() -> sessions.deleteAllForUser(p.username()));
    try {
      auth.signOut(token);
    } catch (UnsupportedOperationException | RunwayException e) {
      // a provider without revocation: the token expires by itself
    }
    return Map.of("signed_out", true, "sessions_ended", ended);
  }

  /** {@code GET /api/v1/auth/session}: who the token belongs to and, if given, the session's state. */
  public Map<String, Object> session(String token, String sessionId) {
    Principal p = principal(token);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", user(p));
    out.put("expires_at", p.expiresAt().toString());
    if (sessionId != null && !sessionId.isBlank()) {
      Session s = ownSession(p, sessionId);
      out.put("session", Map.of("session_id", s.id(), "persona", s.persona().orElse(""),
          "expires_at", s.expiresAt().toString()));
    }
    return out;
  }

  /** {@code POST /api/v1/query}: answers one of the persona's questions. */
  public Map<String, Object> query(String token, Map<String, ?> body) {
    Principal p = principal(token);
    String text = requiredText(body, "query");
    String persona = requiredText(body, "persona");
    String sessionId = requiredText(body, "session_id");
    PersonaQueries.Persona known = PersonaQueries.all().stream().filter(x -> x.name().equals(persona)).findFirst()
        .orElseThrow(() -> ApiException.badRequest("persona", "unknown persona '" + persona + "'; one of "
            + PersonaQueries.all().stream().map(PersonaQueries.Persona::name).toList()));
    if (!p.hasPersona(persona)) {
      throw ApiException.forbidden("you may not ask as '" + persona + "'");
    }
    Session session = ownSession(p, sessionId);
    PersonaQueries.Question question = match(known, text);
    Query q = question.query();
    long start = System.nanoTime();
    QueryResult r = call(() -> runway.database().execute(q));
    double seconds = (System.nanoTime() - start) / 1e9;
    QueryStats stats = r.stats();
    String id = UUID.randomUUID().toString();
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("query_id", id);
    response.put("question", question.question());
    response.put("label", q.label().orElse(""));
    response.put("results", results(r));
    response.put("cost", cost(stats));
    response.put("execution_time", seconds);
    response.put("cached", stats.fromCache());
    keep(new QueryRecord(id, p.username(), session.id(), persona, q.label().orElse(""), question.question(),
        response));
    call(() -> sessions.appendMessage(session.id(), "user", question.question(),
        Map.of("persona", persona, "label", q.label().orElse(""))));
    call(() -> sessions.appendMessage(session.id(), "assistant", r.size() + " rows" + (stats.fromCache()
        ? " (cached)" : ""), Map.of("query_id", id, "rows", r.size(), "cached", stats.fromCache())));
    call(() -> sessions.touch(session.id()));
    return response;
  }

  /** {@code GET /api/v1/query/{id}}: a query this user asked, as it was answered. */
  public Map<String, Object> queryById(String token, String queryId) {
    return ownQuery(principal(token), queryId).response();
  }

  /** {@code GET /api/v1/conversation/{session_id}}: the session's questions and answers in order. */
  public Map<String, Object> conversation(String token, String sessionId) {
    Principal p = principal(token);
    Session s = ownSession(p, sessionId);
    List<Map<String, Object>> messages = new ArrayList<>();
    for (ConversationMessage m : call(() -> sessions.history(s.id()))) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("role", m.role());
      one.put("content", m.content());
      one.put("timestamp", m.timestamp().toString());
      one.put("sequence", m.sequence());
      one.put("metadata", m.metadata());
      messages.add(one);
    }
    return Map.of("session_id", s.id(), "messages", messages);
  }

  /** {@code GET /api/v1/cost/daily}: today's estimated cost of the queries every instance ran. */
  public Map<String, Object> dailyCost(String token) {
    principal(token);
    CostTracker.DailyCost d = costs.today();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("date", d.date().toString());
    out.put("total_usd", d.totalUsd());
    out.put("queries", d.queries());
    out.put("cache_hits", d.cacheHits());
    out.put("bytes_scanned", d.bytesScanned());
    out.put("by_engine", d.byEngine());
    return out;
  }

  /** {@code GET /api/v1/cost/query/{id}}: the cost of one of this user's queries. */
  public Map<String, Object> queryCost(String token, String queryId) {
    QueryRecord r = ownQuery(principal(token), queryId);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("query_id", r.queryId());
    out.putAll(castMap(r.response().get("cost")));
    out.put("cached", r.response().get("cached"));
    return out;
  }

  /** {@code GET /health}: the components' own health, never a query on a remote engine. */
  public HealthReport health() {
    return runway.health();
  }

  /** The questions each persona may ask (for the web page). */
  public List<Map<String, Object>> personas() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PersonaQueries.Persona p : PersonaQueries.all()) {
      out.add(Map.of("name", p.name(), "questions", p.questions().stream()
          .map(q -> Map.of("label", q.query().label().orElse(""), "question", q.question())).toList()));
    }
    return out;
  }

  private static PersonaQueries.Question match(PersonaQueries.Persona persona, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (PersonaQueries.Question q : persona.questions()) {
      if (q.query().label().orElse("").equalsIgnoreCase(t) || q.question().toLowerCase(Locale.ROOT).equals(t)) {
        return q;
      }
    }
    for (PersonaQueries.Question q : allQuestions()) {
      if (q.query().label().orElse("").equalsIgnoreCase(t) || q.question().toLowerCase(Locale.ROOT).equals(t)) {
        throw ApiException.forbidden("'" + text + "' is another persona's question");
      }
    }
    throw ApiException.badRequest("query", "not a question of " + persona.name() + "; ask one of "
        + persona.questions().stream().map(q -> q.query().label().orElse("")).toList());
  }

  private static List<PersonaQueries.Question> allQuestions() {
    return PersonaQueries.all().stream().flatMap(p -> p.questions().stream()).toList();
  }

  private Principal principal(String token) {
    if (token == null || token.isBlank()) {
      throw ApiException.unauthorized("sign in first: send Authorization: Bearer <access_token>");
    }
    try {
      return call(() -> auth.verify(token));
    } catch (TokenVerificationException e) {
      throw ApiException.unauthorized("the token is not valid (expired, revoked or not ours); sign in again");
    }
  }

  private Session ownSession(Principal p, String sessionId) {
    Optional<Session> s = call(() -> sessions.find(sessionId));
    if (s.isEmpty() || !s.get().userId().equals(p.username())) {
      throw ApiException.notFound("no such session (it may have expired); sign in again");
    }
    return s.get();
  }

  private QueryRecord ownQuery(Principal p, String queryId) {
    QueryRecord r = queries.get(queryId);
    if (r == null && !(runway.coordination() instanceof InMemoryCoordination)) {
      // asked on another instance: every instance writes its records to the shared coordination
      r = call(() -> runway.coordination().read(RECORD + queryId)).map(SupplyChainAssistant::fromJson).orElse(null);
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
      call(() -> {
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

  private static Map<String, Object> user(Principal p) {
    return Map.of("username", p.username(), "personas", p.personas().stream().sorted().toList());
  }

  private static Map<String, Object> results(QueryResult r) {
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
    return Map.of("columns", columns, "rows", rows, "row_count", r.size());
  }

  private static Map<String, Object> cost(QueryStats stats) {
    Map<String, Object> out = new LinkedHashMap<>();
    BigDecimal usd = stats.estimatedCostUsd();
    out.put("usd", usd == null ? BigDecimal.ZERO : usd);
    out.put("bytes_scanned", stats.bytesScanned().isPresent() ? stats.bytesScanned().getAsLong() : null);
    out.put("engine", stats.engine());
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static String requiredText(Map<String, ?> body, String field) {
    Object v = body == null ? null : body.get(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw ApiException.badRequest(field, "'" + field + "' is required (a non-empty string)");
    }
    if (s.length() > 1000) {
      throw ApiException.badRequest(field, "'" + field + "' is longer than 1000 characters");
    }
    return s;
  }

  /** Turns a backend's refusal into the API's: throttled 429, unavailable 503; others pass. */
  private static <T> T call(Supplier<T> body) {
    try {
      return body.get();
    } catch (RunwayException e) {
      if (e.category() == ErrorCategory.THROTTLED) {
        throw new ApiException(429, "throttled", "a backend is throttling requests; retry shortly", null);
      }
      if (e.category() == ErrorCategory.UNAVAILABLE) {
        throw new ApiException(503, "unavailable", "a backend is unavailable; retry later", null);
      }
      throw e;
    }
  }
}
