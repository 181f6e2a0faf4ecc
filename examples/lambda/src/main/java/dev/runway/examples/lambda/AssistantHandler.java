package dev.runway.examples.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.cost.CostTracker;
import dev.runway.core.error.RunwayException;
import dev.runway.core.health.Health;
import dev.runway.core.health.HealthReport;
import dev.runway.core.spi.ConfigSection;
import dev.runway.examples.assistant.ApiException;
import dev.runway.examples.assistant.AssistantApi;
import dev.runway.examples.assistant.DemoUsers;
import dev.runway.examples.assistant.Interpreters;
import dev.runway.examples.assistant.QuestionInterpreter;
import dev.runway.examples.assistant.SupplyChainAssistant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supply-chain assistant's API on AWS Lambda behind API Gateway (REST API, Lambda proxy
 * integration, e.g. {@code ANY /{proxy+}}): the same routes and bodies as the web host, through the
 * same {@link SupplyChainAssistant}, with no web framework. Runway is built once per execution
 * environment, when the runtime creates the handler (the init phase), so warm invocations reuse its
 * clients and connections. Configuration: {@code RUNWAY_CONFIG} names a {@code runway.yaml} in the
 * package or on a layer; every key can be set as an environment variable ({@code
 * RUNWAY_DATABASE_TYPE=athena}, {@code RUNWAY_DATABASE_ATHENA_WORKGROUP=...}).
 */
public final class AssistantHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(AssistantHandler.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);
  private static final Pattern QUERY = Pattern.compile("/api/v1/query/([^/]+)");
  private static final Pattern CONVERSATION = Pattern.compile("/api/v1/conversation/([^/]+)");
  private static final Pattern QUERY_COST = Pattern.compile("/api/v1/cost/query/([^/]+)");

  private final SupplyChainAssistant assistant;
  private final String corsOrigin;
  private final EmbeddedMetrics metrics;

  /**
   * Called by the Lambda runtime once per execution environment: builds Runway from the
   * environment.
   */
  public AssistantHandler() {
    this(METRICS_FROM_ENVIRONMENT, System.getenv("ASSISTANT_CORS_ORIGIN"));
  }

  /**
   * Runway's meters in the Embedded Metric Format when {@code METRICS_NAMESPACE} is set (the CDK
   * API stack sets the namespace the alarms read), else none.
   */
  private static final EmbeddedMetrics METRICS_FROM_ENVIRONMENT =
      metricsFrom(System.getenv("METRICS_NAMESPACE"));

  private static EmbeddedMetrics metricsFrom(String namespace) {
    return namespace == null || namespace.isBlank()
        ? null
        : new EmbeddedMetrics(namespace, System.out::println, Clock.systemUTC());
  }

  private AssistantHandler(EmbeddedMetrics metrics, String corsOrigin) {
    this(fromEnvironment(metrics), corsOrigin, metrics);
  }

  /**
   * Serves {@code assistant}; {@code corsOrigin} (or null) is the origin allowed to call from a
   * browser.
   */
  AssistantHandler(SupplyChainAssistant assistant, String corsOrigin) {
    this(assistant, corsOrigin, null);
  }

  /** The same, writing Runway's meters after each invocation when {@code metrics} is not null. */
  AssistantHandler(SupplyChainAssistant assistant, String corsOrigin, EmbeddedMetrics metrics) {
    this.assistant = assistant;
    this.corsOrigin = corsOrigin;
    this.metrics = metrics;
  }

  /**
   * Builds the assistant as the web host does: Runway from configuration, demo users if no auth is
   * chosen.
   */
  static SupplyChainAssistant fromEnvironment(EmbeddedMetrics metrics) {
    long start = System.nanoTime();
    String file = System.getenv("RUNWAY_CONFIG");
    RunwayConfig config =
        file == null
            ? RunwayConfig.parse("", Path.of("."), System.getenv(), System.getProperties())
            : RunwayConfig.load(Path.of(file));
    // every concurrent execution is a process of its own: the day's costs are counted on the
    // shared coordination (coordination.type), so every execution reports the same totals
    Runway[] built = new Runway[1];
    CostTracker costs =
        CostTracker.shared(() -> built[0].coordination(), null, alert -> {}, Clock.systemUTC());
    Runway.Builder b = Runway.builder().config(config).listener(costs);
    ConfigSection auth = config.root().section("auth");
    if (!auth.has("type") && !auth.has("local") && !auth.has("cognito")) {
      b.auth(DemoUsers.provider());
    }
    if (metrics != null) {
      b.decorator(metrics.decorator());
    }
    Runway runway = b.build();
    runwayInitMillis = (System.nanoTime() - start) / 1_000_000;
    built[0] = runway;
    if (metrics != null) {
      metrics.bind(runway);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(runway::close, "runway-close"));
    QuestionInterpreter interpreter =
        Interpreters.fromSettings(Interpreters.environment(System::getenv), runway.rawDatabase());
    SupplyChainAssistant.seedEmbeddedData(runway.rawDatabase(), 1);
    SupplyChainAssistant assistant = new SupplyChainAssistant(runway, costs, interpreter);
    LOG.info(
        "Runway built from configuration in {} ms (its clients created), the assistant ready in {} ms",
        runwayInitMillis,
        (System.nanoTime() - start) / 1_000_000);
    return assistant;
  }

  /**
   * How long the last {@link #fromEnvironment} took to read the configuration and build Runway with
   * its clients: Runway's own share of a cold start (the cold-start measurement reads it).
   */
  static volatile long runwayInitMillis;

  /** Lambda's on-demand price (x86, us-east-1): per GB-second and per request, in US dollars. */
  static final BigDecimal GB_SECOND_USD = new BigDecimal("0.0000166667");

  static final BigDecimal REQUEST_USD = new BigDecimal("0.0000002");

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    try {
      return handle(event, context);
    } finally {
      if (metrics != null) {
        metrics.flush();
      }
    }
  }

  private APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
    long start = System.nanoTime();
    try {
      if ("OPTIONS".equalsIgnoreCase(event.getHttpMethod())) {
        return preflight(event);
      }
      Object body = route(event);
      if (body instanceof AssistantApi.QueryResponse answer && context != null) {
        body =
            answer.withCost(
                answer
                    .cost()
                    .withLambdaCost(
                        lambdaCost(context.getMemoryLimitInMB(), System.nanoTime() - start)));
      }
      return respond(200, body);
    } catch (ApiException e) {
      APIGatewayProxyResponseEvent r = error(e.status(), e.code(), e.getMessage(), e.field());
      if (e.retryAfterSeconds() != null) {
        r.getHeaders().put("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      return r;
    } catch (JsonProcessingException e) {
      return error(400, "invalid_request", "the body is not a JSON object", "body");
    } catch (RunwayException e) {
      LOG.warn("request failed in a backend ({}): {}", e.category(), e.getClass().getSimpleName());
      return error(
          500,
          "backend_error",
          "the request failed in a backend (" + e.category().name().toLowerCase(Locale.ROOT) + ")",
          null);
    } catch (RuntimeException e) {
      LOG.error("request failed", e);
      return error(500, "internal_error", "the request failed", null);
    }
  }

  /**
   * A browser's CORS preflight: 204 with the methods and headers the API takes, and the allowed
   * origin only when the request comes from it (otherwise the browser refuses the call).
   */
  private APIGatewayProxyResponseEvent preflight(APIGatewayProxyRequestEvent event) {
    Map<String, String> headers = new LinkedHashMap<>();
    String origin = header(event, "Origin");
    if (corsOrigin != null && !corsOrigin.isBlank() && corsOrigin.equals(origin)) {
      headers.put("Access-Control-Allow-Origin", corsOrigin);
      headers.put("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      headers.put("Access-Control-Allow-Headers", "Authorization, Content-Type");
      headers.put("Access-Control-Max-Age", "3600");
    }
    headers.put("Vary", "Origin");
    return new APIGatewayProxyResponseEvent().withStatusCode(204).withHeaders(headers).withBody("");
  }

  /** This invocation's share of Lambda's price: its GB-seconds and the request. */
  static BigDecimal lambdaCost(int memoryMb, long nanos) {
    BigDecimal gbSeconds =
        BigDecimal.valueOf(memoryMb)
            .divide(BigDecimal.valueOf(1024), 10, RoundingMode.HALF_UP)
            .multiply(
                BigDecimal.valueOf(Math.max(1, nanos / 1_000_000))
                    .divide(BigDecimal.valueOf(1000), 3, RoundingMode.HALF_UP));
    return gbSeconds
        .multiply(GB_SECOND_USD)
        .add(REQUEST_USD)
        .setScale(10, RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }

  private Object route(APIGatewayProxyRequestEvent event) throws JsonProcessingException {
    String method =
        event.getHttpMethod() == null ? "" : event.getHttpMethod().toUpperCase(Locale.ROOT);
    String path = event.getPath() == null ? "" : event.getPath();
    String token = bearer(header(event, "Authorization"));
    Matcher m;
    switch (method + " " + path) {
      case "POST /api/v1/auth/login":
        return assistant.login(body(event, AssistantApi.LoginRequest.class));
      case "POST /api/v1/auth/challenge":
        return assistant.challenge(body(event, AssistantApi.ChallengeRequest.class));
      case "POST /api/v1/auth/refresh":
        return assistant.refresh(body(event, AssistantApi.RefreshRequest.class));
      case "POST /api/v1/auth/logout":
        return assistant.logout(token);
      case "GET /api/v1/auth/session":
        return assistant.session(token, query(event, "session_id"));
      case "POST /api/v1/query":
        return assistant.query(token, body(event, AssistantApi.QueryRequest.class));
      case "GET /api/v1/cost/daily":
        return assistant.dailyCost(token);
      case "GET /api/v1/personas":
        return assistant.personas();
      case "GET /health":
        return health();
      default:
        break;
    }
    if (method.equals("GET") && (m = QUERY.matcher(path)).matches()) {
      return assistant.queryById(token, m.group(1));
    }
    if (method.equals("GET") && (m = CONVERSATION.matcher(path)).matches()) {
      return assistant.conversation(token, m.group(1));
    }
    if (method.equals("GET") && (m = QUERY_COST.matcher(path)).matches()) {
      return assistant.queryCost(token, m.group(1));
    }
    throw ApiException.notFound("no such route: " + method + " " + path);
  }

  private Object health() {
    HealthReport r = assistant.health();
    if (r.status() == Health.Status.DOWN) {
      throw new ApiException(503, "unavailable", "a component is down", null);
    }
    return Map.of("status", r.status().name());
  }

  private static <T> T body(APIGatewayProxyRequestEvent event, Class<T> type)
      throws JsonProcessingException {
    String body = event.getBody();
    if (body == null || body.isBlank()) {
      return null;
    }
    if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    return JSON.readValue(body, type);
  }

  /** Headers arrive as the client spelled them: looked up without regard to case. */
  private static String header(APIGatewayProxyRequestEvent event, String name) {
    Map<String, String> headers = event.getHeaders();
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String query(APIGatewayProxyRequestEvent event, String name) {
    Map<String, String> q = event.getQueryStringParameters();
    return q == null ? null : q.get(name);
  }

  static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }

  private APIGatewayProxyResponseEvent error(
      int status, String code, String message, String field) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    if (field != null) {
      error.put("field", field);
    }
    return respond(status, Map.of("error", error));
  }

  private APIGatewayProxyResponseEvent respond(int status, Object body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Content-Type-Options", "nosniff");
    if (corsOrigin != null && !corsOrigin.isBlank()) {
      headers.put("Access-Control-Allow-Origin", corsOrigin);
      headers.put("Vary", "Origin");
    }
    try {
      return new APIGatewayProxyResponseEvent()
          .withStatusCode(status)
          .withHeaders(headers)
          .withBody(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      return new APIGatewayProxyResponseEvent()
          .withStatusCode(500)
          .withHeaders(headers)
          .withBody(
              "{\"error\":{\"code\":\"internal_error\",\"message\":\"the response could not be written\"}}");
    }
  }
}
