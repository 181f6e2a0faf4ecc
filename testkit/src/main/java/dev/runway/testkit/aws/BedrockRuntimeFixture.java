package dev.runway.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Amazon Bedrock Runtime's Converse API on a free loopback port, for the real AWS SDK's {@code
 * BedrockRuntimeClient}: {@code POST /model/{modelId}/converse} with the request and response
 * shapes of the API reference (messages, system, tool configuration; output message with text or
 * {@code toolUse} content, {@code stopReason}, {@code usage} with input, output and total tokens,
 * {@code metrics.latencyMs}), and its errors as restJson1 sends them (the {@code x-amzn-ErrorType}
 * header and a {@code message}): {@code ThrottlingException} 429, {@code ValidationException} 400,
 * {@code AccessDeniedException} 403, {@code ResourceNotFoundException} 404, {@code
 * ModelTimeoutException} 408, {@code ServiceUnavailableException} 503. A conversation that does not
 * start with a user message, or does not end with one, is refused as the service refuses it.
 *
 * <p>The "model" answers from a script: {@link #script} queues replies (text, or a tool call with
 * its input, each with its token usage); when the queue is empty {@link #responder} decides from
 * the request. Every request is kept for assertions ({@link #requests()}).
 */
public final class BedrockRuntimeFixture extends AwsJsonFixture {

  /** One scripted answer of the model. */
  public static final class Reply {
    final String text;
    final String toolName;
    final JsonNode toolInput;
    final int inputTokens;
    final int outputTokens;

    private Reply(
        String text, String toolName, JsonNode toolInput, int inputTokens, int outputTokens) {
      this.text = text;
      this.toolName = toolName;
      this.toolInput = toolInput;
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
    }
  }

  private final Deque<Reply> script = new ArrayDeque<>();
  private final Deque<AwsFault> faults = new ArrayDeque<>();
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final List<String> modelIds = new CopyOnWriteArrayList<>();
  private volatile Function<JsonNode, Reply> responder =
      r -> text("I have nothing scripted to say.", 10, 8);
  private volatile Set<String> knownModels;

  /** Starts the fixture on a free port; every model id is known. */
  public BedrockRuntimeFixture() {
    super("BedrockRuntime");
  }

  /** A text answer ({@code stopReason: end_turn}) with its token usage. */
  public static Reply text(String text, int inputTokens, int outputTokens) {
    return new Reply(Objects.requireNonNull(text, "text"), null, null, inputTokens, outputTokens);
  }

  /**
   * A tool call ({@code stopReason: tool_use}) of {@code tool} with {@code input}, with its token
   * usage.
   */
  public static Reply toolUse(
      String tool, Map<String, ?> input, int inputTokens, int outputTokens) {
    return new Reply(
        null,
        Objects.requireNonNull(tool, "tool"),
        JSON.valueToTree(input),
        inputTokens,
        outputTokens);
  }

  /** Queues replies, answered in order. */
  public void script(Reply... replies) {
    synchronized (script) {
      script.addAll(List.of(replies));
    }
  }

  /** Decides the reply when nothing is scripted, from the request's JSON. */
  public void responder(Function<JsonNode, Reply> responder) {
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  /** Answers only these model ids; others get {@code ResourceNotFoundException} (404). */
  public void knownModels(String... ids) {
    this.knownModels = Set.of(ids);
  }

  /** Makes the next {@code times} Converse calls fail with {@code fault}. */
  public void failNext(int times, AwsFault fault) {
    synchronized (faults) {
      for (int i = 0; i < times; i++) {
        faults.add(fault);
      }
    }
  }

  /** Forgets the faults not answered yet. */
  public void clearFaults() {
    synchronized (faults) {
      faults.clear();
    }
  }

  /** {@code ThrottlingException}, HTTP 429, as Bedrock sends it when a quota is exceeded. */
  public static AwsFault throttling() {
    return new AwsFault(
        429, "ThrottlingException", "Too many requests, please wait before trying again.");
  }

  /** {@code ServiceUnavailableException}, HTTP 503. */
  public static AwsFault serviceUnavailable() {
    return new AwsFault(
        503, "ServiceUnavailableException", "The service is unavailable. Try again later.");
  }

  /** {@code ModelTimeoutException}, HTTP 408. */
  public static AwsFault modelTimeout() {
    return new AwsFault(408, "ModelTimeoutException", "The request took too long to process.");
  }

  /** {@code AccessDeniedException}, HTTP 403: the account has no access to the model. */
  public static AwsFault accessDenied() {
    return new AwsFault(
        403,
        "AccessDeniedException",
        "You don't have access to the model with the specified model ID.");
  }

  /** Returns every Converse request received, in order. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  /** Returns the model id of every Converse request, in order. */
  public List<String> modelIds() {
    return List.copyOf(modelIds);
  }

  @Override
  protected JsonNode operation(String name, JsonNode request) {
    throw new AwsFault(
        400, "UnknownOperationException", "Bedrock Runtime is a REST API; " + name + " is not");
  }

  @Override
  protected boolean other(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if (!"POST".equals(ex.getRequestMethod())
        || !path.startsWith("/model/")
        || !path.endsWith("/converse")) {
      return false;
    }
    count("Converse");
    String modelId =
        URLDecoder.decode(
            path.substring("/model/".length(), path.length() - "/converse".length()),
            StandardCharsets.UTF_8);
    JsonNode request;
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readAllBytes();
      request = body.length == 0 ? object() : JSON.readTree(body);
    }
    try {
      AwsFault fault;
      synchronized (faults) {
        fault = faults.poll();
      }
      if (fault != null) {
        throw fault;
      }
      if (knownModels != null && !knownModels.contains(modelId)) {
        throw new AwsFault(404, "ResourceNotFoundException", "Model not found: " + modelId);
      }
      validate(request);
      requests.add(request);
      modelIds.add(modelId);
      Reply reply;
      synchronized (script) {
        reply = script.poll();
      }
      if (reply == null) {
        reply = responder.apply(request);
      }
      send(ex, 200, "application/json", JSON.writeValueAsBytes(response(reply)));
    } catch (AwsFault f) {
      ex.getResponseHeaders()
          .add(
              "x-amzn-ErrorType",
              f.type() + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
      send(
          ex,
          f.status(),
          "application/json",
          JSON.writeValueAsBytes(object().put("message", f.getMessage())));
    }
    return true;
  }

  private static void validate(JsonNode request) {
    JsonNode messages = request.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw new AwsFault(
          400, "ValidationException", "The messages field is required and must not be empty.");
    }
    if (!"user".equals(messages.get(0).path("role").asText())) {
      throw new AwsFault(
          400,
          "ValidationException",
          "A conversation must start with a user message. Try again "
              + "with a conversation that starts with a user message.");
    }
    if (!"user".equals(messages.get(messages.size() - 1).path("role").asText())) {
      throw new AwsFault(
          400, "ValidationException", "A conversation must end with a user message.");
    }
    for (int i = 1; i < messages.size(); i++) {
      if (messages.get(i).path("role").asText().equals(messages.get(i - 1).path("role").asText())) {
        throw new AwsFault(
            400,
            "ValidationException",
            "A conversation must alternate between user and assistant " + "roles.");
      }
    }
    JsonNode tools = request.path("toolConfig").path("tools");
    if (request.has("toolConfig") && (!tools.isArray() || tools.isEmpty())) {
      throw new AwsFault(
          400, "ValidationException", "The toolConfig field must be defined when using toolUse.");
    }
  }

  private static ObjectNode response(Reply reply) {
    ObjectNode out = object();
    ObjectNode message = out.putObject("output").putObject("message");
    message.put("role", "assistant");
    ArrayNode content = message.putArray("content");
    if (reply.toolName != null) {
      ObjectNode use = content.addObject().putObject("toolUse");
      use.put(
          "toolUseId", "tooluse_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22));
      use.put("name", reply.toolName);
      use.set("input", reply.toolInput);
      out.put("stopReason", "tool_use");
    } else {
      content.addObject().put("text", reply.text);
      out.put("stopReason", "end_turn");
    }
    out.putObject("usage")
        .put("inputTokens", reply.inputTokens)
        .put("outputTokens", reply.outputTokens)
        .put("totalTokens", reply.inputTokens + reply.outputTokens);
    out.putObject("metrics").put("latencyMs", 1);
    return out;
  }
}
