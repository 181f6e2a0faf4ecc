package dev.runway.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on a free loopback port that speaks the AWS JSON protocol (version 1.1): a {@code
 * POST /} whose {@code X-Amz-Target} header names {@code Service.Operation}, a JSON body in and
 * out, and errors as HTTP 400/500 with a {@code __type} field, as the AWS API references describe.
 * The real AWS SDK for Java v2, pointed at {@link #endpoint()}, talks to it as to the service.
 * Signatures are not checked.
 *
 * <p>Subclasses implement the operations; this class counts calls per operation and injects errors
 * ({@link #failNext}) so that throttling and service faults can be tested.
 */
public abstract class AwsJsonFixture implements AutoCloseable {

  /**
   * The JDK property that turns on TCP_NODELAY in the fixtures' HTTP server. Without it the
   * server's header and body writes meet the client's delayed ACK and every call takes about 40 ms.
   * The JDK reads it once, when its server classes first load, so it belongs on the command line
   * ({@code -Dsun.net.httpserver.nodelay=true}; Runway's build sets it for its tests, and the
   * {@code runway fixture} command for itself). A library must not change a JVM-wide setting behind
   * its user's back, so the fixture only says so, once.
   */
  public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  /** The JSON mapper used for requests and responses. */
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** An error answered to the caller as the service would. */
  public static final class AwsFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String type;
    private final transient Map<String, String> fields;

    /** Creates a fault with HTTP {@code status}, error {@code type} and message. */
    public AwsFault(int status, String type, String message) {
      this(status, type, message, Map.of());
    }

    /** Creates a fault with extra top-level fields (such as Athena's {@code Reason}). */
    public AwsFault(int status, String type, String message, Map<String, String> fields) {
      super(message);
      this.status = status;
      this.type = type;
      this.fields = Map.copyOf(fields);
    }

    /** Returns the error type, the {@code __type} of the response. */
    public String type() {
      return type;
    }

    /** Returns the HTTP status the fault is answered with. */
    public int status() {
      return status;
    }
  }

  private final String targetPrefix;
  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "aws-fixture");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final Map<String, Deque<AwsFault>> injected = new ConcurrentHashMap<>();
  private final Map<String, Deque<AwsFault>> lostResponses = new ConcurrentHashMap<>();

  /**
   * Starts the server.
   *
   * @param targetPrefix the service's target prefix, such as {@code AmazonAthena}
   */
  protected AwsJsonFixture(String targetPrefix) {
    this(targetPrefix, 0);
  }

  /**
   * Starts the server on {@code port} of the loopback address (0 for a free one).
   *
   * @param targetPrefix the service's target prefix, such as {@code AmazonAthena}
   * @param port the port
   */
  protected AwsJsonFixture(String targetPrefix, int port) {
    this.targetPrefix = targetPrefix;
    try {
      dev.runway.testkit.ServerFixtures.hintNoDelay();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot open loopback port " + port + " for the fixture: " + e.getMessage(), e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Returns the endpoint to give the SDK client's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Returns how many times {@code operation} was called. */
  public long calls(String operation) {
    AtomicLong n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  /** Counts a call that is not a JSON operation (an S3 GET, say) under {@code operation}. */
  protected void count(String operation) {
    calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
  }

  /**
   * Sends {@code body} as S3 does for a GET: whole with 200, or, for a {@code Range: bytes=a-b} (or
   * {@code a-}, or {@code -n}) header, the slice with 206 and {@code Content-Range: bytes
   * a-b/total}; a range starting past the end is 416 {@code InvalidRange}.
   */
  protected static void sendObject(HttpExchange ex, String contentType, byte[] body)
      throws IOException {
    String range = ex.getRequestHeaders().getFirst("Range");
    if (range == null || !range.startsWith("bytes=") || range.contains(",")) {
      send(ex, 200, contentType, body);
      return;
    }
    String spec = range.substring(6).trim();
    int dash = spec.indexOf('-');
    long total = body.length;
    long first;
    long last;
    try {
      if (dash == 0) {
        long n = Long.parseLong(spec.substring(1));
        first = Math.max(0, total - n);
        last = total - 1;
      } else {
        first = Long.parseLong(spec.substring(0, dash));
        last =
            dash == spec.length() - 1
                ? total - 1
                : Math.min(total - 1, Long.parseLong(spec.substring(dash + 1)));
      }
    } catch (NumberFormatException e) {
      send(ex, 200, contentType, body); // S3 ignores a malformed Range
      return;
    }
    if (first >= total || last < first) {
      ex.getResponseHeaders().set("Content-Range", "bytes */" + total);
      send(
          ex,
          416,
          "application/xml",
          ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidRange</Code>"
                  + "<Message>The requested range is not satisfiable</Message></Error>")
              .getBytes(StandardCharsets.UTF_8));
      return;
    }
    ex.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + total);
    send(ex, 206, contentType, Arrays.copyOfRange(body, (int) first, (int) last + 1));
  }

  /** Forgets the call counts. */
  public void resetCalls() {
    calls.clear();
  }

  /** Makes the next {@code times} calls of {@code operation} fail with {@code fault}. */
  public void failNext(String operation, int times, AwsFault fault) {
    Deque<AwsFault> q = injected.computeIfAbsent(operation, k -> new ArrayDeque<>());
    synchronized (q) {
      for (int i = 0; i < times; i++) {
        q.add(fault);
      }
    }
  }

  /** Answers one operation; throws {@link AwsFault} for an error response. */
  protected abstract JsonNode operation(String name, JsonNode request);

  /**
   * Answers a request that is not an AWS JSON call (such as an S3 GET). Returns false if it does
   * not handle it; the default handles nothing.
   */
  protected boolean other(HttpExchange exchange) throws IOException {
    return false;
  }

  /** Returns a new empty JSON object. */
  protected static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      if (target == null) {
        if (!other(ex)) {
          send(ex, 404, "text/plain", "no such resource".getBytes(StandardCharsets.UTF_8));
        }
        return;
      }
      String op =
          target.startsWith(targetPrefix + ".")
              ? target.substring(targetPrefix.length() + 1)
              : target;
      calls.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
      JsonNode request;
      try (InputStream in = ex.getRequestBody()) {
        byte[] body = in.readAllBytes();
        request = body.length == 0 ? object() : JSON.readTree(body);
      }
      try {
        AwsFault fault = nextInjected(op);
        if (fault != null) {
          throw fault;
        }
        checkRate(op);
        JsonNode response = operation(op, request);
        AwsFault lost = nextLostResponse(op);
        if (lost != null) {
          throw lost; // the operation happened; only its answer is lost, as with a dropped
          // connection
        }
        send(ex, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(response));
      } catch (AwsFault f) {
        ObjectNode err =
            object()
                .put("__type", f.type)
                .put("message", f.getMessage())
                .put("Message", f.getMessage());
        f.fields.forEach(err::put);
        ex.getResponseHeaders().add("x-amzn-ErrorType", f.type);
        send(ex, f.status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(err));
      } catch (RuntimeException e) {
        ObjectNode err =
            object().put("__type", "InternalServerException").put("message", String.valueOf(e));
        send(ex, 500, "application/x-amz-json-1.1", JSON.writeValueAsBytes(err));
      }
    }
  }

  /** A per-operation token bucket, as a service keeps its per-account call-rate quota. */
  private static final class Bucket {
    final double perSecond;
    final double burst;
    double tokens;
    long last = System.nanoTime();
    final AtomicLong throttled = new AtomicLong();

    Bucket(double perSecond, int burst) {
      this.perSecond = perSecond;
      this.burst = burst;
      this.tokens = burst;
    }

    synchronized boolean take() {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      throttled.incrementAndGet();
      return false;
    }
  }

  private final Map<String, Bucket> rates = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Holds {@code operation} to {@code perSecond} calls a second with bursts of {@code burst}, for
   * every client together, as the service's per-account quota does: a call beyond it is answered
   * {@code ThrottlingException} ("Rate exceeded", HTTP 400) and does nothing.
   */
  public void callRate(String operation, double perSecond, int burst) {
    rates.put(operation, new Bucket(perSecond, burst));
  }

  /** Returns how many calls of {@code operation} the call-rate quota refused. */
  public long throttled(String operation) {
    Bucket b = rates.get(operation);
    return b == null ? 0 : b.throttled.get();
  }

  private void checkRate(String op) {
    Bucket b = rates.get(op);
    if (b != null && !b.take()) {
      throw new AwsFault(400, "ThrottlingException", "Rate exceeded");
    }
  }

  private AwsFault nextLostResponse(String op) {
    Deque<AwsFault> q = lostResponses.get(op);
    if (q == null) {
      return null;
    }
    synchronized (q) {
      return q.poll();
    }
  }

  /**
   * Makes the next {@code times} calls of {@code operation} take effect but answer with {@code
   * fault} instead of their result: the request reached the service and its answer was lost, which
   * is what idempotency tokens are for.
   */
  public void loseNextResponse(String operation, int times, AwsFault fault) {
    Deque<AwsFault> q = lostResponses.computeIfAbsent(operation, k -> new ArrayDeque<>());
    synchronized (q) {
      for (int i = 0; i < times; i++) {
        q.add(fault);
      }
    }
  }

  private AwsFault nextInjected(String op) {
    Deque<AwsFault> q = injected.get(op);
    if (q == null) {
      return null;
    }
    synchronized (q) {
      return q.poll();
    }
  }

  /** Sends a complete response. */
  protected static void send(HttpExchange ex, int status, String contentType, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Content-Length", Long.toString(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
