package dev.runway.testkit;

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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB API on a loopback port for tests and local runs: dynalite (the npm package, an
 * open-source implementation of DynamoDB's HTTP API on LevelDB, Apache-2.0) in memory, behind a
 * small front that adds the two Time to Live operations dynalite lacks.
 *
 * <p>Run the JVM with {@code -Dsun.net.httpserver.nodelay=true}, as for the AWS protocol fixtures
 * (without it every call waits about 40 ms on delayed ACKs). Finds {@code dynalite} on the PATH or
 * at {@code RUNWAY_DYNALITE}; skips the calling test with the reason printed when it is missing,
 * fails it in CI. Install it with {@code npm install -g dynalite@4.0.0} (Node.js 20).
 *
 * <p>What the front does, and why it is safe to test against: every operation but {@code
 * UpdateTimeToLive} and {@code DescribeTimeToLive} goes to dynalite unchanged, answers included.
 * The two TTL operations are answered here as the DynamoDB API reference describes them: {@code
 * ResourceNotFoundException} for a table that does not exist; a successful update returns the
 * specification and leaves the table {@code ENABLING} (then {@code ENABLED}) or {@code DISABLING}
 * (then {@code DISABLED}); enabling an enabled table, disabling a disabled one, or a second update
 * while the first is processing is a {@code ValidationException}; a deleted table forgets its
 * setting. Like DynamoDB within its deletion window (typically two days), the front never deletes
 * expired items: they stay readable, so code under test must check expiry itself.
 *
 * <p>dynalite is not DynamoDB either. Known deviations, which tests must not take a pass here as
 * proof of: no transactions, no PartiQL, no streams, no backups; no request signature check;
 * capacity is never throttled ({@code ProvisionedThroughputExceededException} never occurs).
 */
public final class DynamoDbEmulator implements AutoCloseable {

  private static final String TTL_ENABLED = "ENABLED";
  private static final String TTL_ENABLING = "ENABLING";
  private static final String TTL_DISABLED = "DISABLED";
  private static final String TTL_DISABLING = "DISABLING";
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "content-length",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process dynalite;
  private final Path dir;
  private final int backendPort;
  private final HttpServer front;
  private final ExecutorService frontThreads;
  private final HttpClient forward;
  private final Map<String, Ttl> ttl = new ConcurrentHashMap<>();
  private final AtomicInteger ttlUpdates = new AtomicInteger();
  private volatile DynamoDbClient client;
  private final Thread stopOnExit;

  private record Ttl(String attribute, String status) {}

  private DynamoDbEmulator(Process dynalite, Path dir, int backendPort, int port)
      throws IOException {
    ServerFixtures.hintNoDelay(); // the front is the JDK's HTTP server
    this.dynalite = dynalite;
    this.dir = dir;
    this.backendPort = backendPort;
    this.forward =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.front =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    this.frontThreads =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "dynamodb-emulator-front");
              t.setDaemon(true);
              return t;
            });
    front.setExecutor(frontThreads);
    front.createContext("/", this::handle);
    front.start();
    // a JVM ended by a signal (Ctrl-C on `runway fixture dynamodb`) still stops its dynalite
    this.stopOnExit = new Thread(dynalite::destroy, "dynamodb-emulator-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Starts the emulator on a free loopback port, or skips the test (fails it in CI). */
  public static DynamoDbEmulator start() {
    return start(ServerFixtures.freePort());
  }

  /**
   * Starts the emulator with its endpoint on {@code port} of the loopback interface, or skips the
   * test (fails it in CI) when dynalite is not installed.
   */
  public static DynamoDbEmulator start(int port) {
    Path exe = executable();
    if (exe == null) {
      ServerFixtures.unavailable(
          "dynalite is not installed (npm install -g dynalite@4.0.0, or set "
              + "RUNWAY_DYNALITE to its path)");
    }
    Path dir = null;
    Process process = null;
    try {
      dir = Files.createTempDirectory("runway-dynalite");
      int backend = ServerFixtures.freePort();
      process =
          new ProcessBuilder(
                  exe.toString(),
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(backend),
                  "--createTableMs",
                  "0",
                  "--deleteTableMs",
                  "0",
                  "--updateTableMs",
                  "0")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("dynalite.log").toFile())
              .start();
      LocalProcessServer.awaitPort(process, backend, dir.resolve("dynalite.log"), "dynalite", 30);
      return new DynamoDbEmulator(process, dir, backend, port);
    } catch (IOException e) {
      if (process != null) {
        process.destroyForcibly();
      }
      throw new IllegalStateException(
          "could not start the DynamoDB emulator: " + e.getMessage(), e);
    }
  }

  /**
   * Returns whether dynalite is installed (on the PATH or at {@code RUNWAY_DYNALITE}), so that a
   * command can say how to install it instead of failing later.
   */
  public static boolean installed() {
    return executable() != null;
  }

  private static Path executable() {
    if (ServerFixtures.withheld("dynalite")) {
      return null;
    }
    String configured = System.getenv("RUNWAY_DYNALITE");
    Path exe =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : ServerFixtures.findExecutable("dynalite");
    return exe != null && Files.isExecutable(exe) ? exe : null;
  }

  /** Returns {@code http://127.0.0.1:<port>}, for the SDK client's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + front.getAddress().getPort());
  }

  /** Returns the endpoint's port. */
  public int port() {
    return front.getAddress().getPort();
  }

  /** Returns a client for it (closed by {@link #close()}). */
  public DynamoDbClient client() {
    DynamoDbClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client =
              DynamoDbClient.builder()
                  .endpointOverride(endpoint())
                  .region(Region.US_EAST_1)
                  .credentialsProvider(
                      StaticCredentialsProvider.create(
                          AwsBasicCredentials.create("local", "local")))
                  .httpClientBuilder(UrlConnectionHttpClient.builder())
                  .build();
        }
        c = client;
      }
    }
    return c;
  }

  /** Returns how many {@code UpdateTimeToLive} calls succeeded. */
  public int timeToLiveUpdates() {
    return ttlUpdates.get();
  }

  @Override
  public void close() {
    DynamoDbClient c = client;
    if (c != null) {
      c.close();
    }
    front.stop(0);
    frontThreads.shutdownNow();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it stops the process
    }
    LocalProcessServer.stop(dynalite, dir);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
      switch (operation) {
        case "UpdateTimeToLive" -> updateTimeToLive(exchange, body);
        case "DescribeTimeToLive" -> describeTimeToLive(exchange, body);
        default -> {
          Answer answer = forward(exchange, body);
          if (operation.equals("DeleteTable") && answer.status == 200) {
            ttl.remove(tableName(body));
          }
          reply(exchange, answer);
        }
      }
    } catch (RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      reply(
          exchange,
          error(
              500,
              "com.amazonaws.dynamodb.v20120810#InternalServerError",
              "the emulator's front failed: " + e));
    }
  }

  private record Answer(int status, Map<String, List<String>> headers, byte[] body) {}

  private Answer forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + backendPort + exchange.getRequestURI()))
            .timeout(Duration.ofSeconds(60))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    HttpResponse<byte[]> response =
        forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(response.statusCode(), response.headers().map(), response.body());
  }

  private void updateTimeToLive(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    JsonNode request = JSON.readTree(body);
    String table = request.path("TableName").asText(null);
    JsonNode spec = request.path("TimeToLiveSpecification");
    if (table == null || !spec.has("AttributeName") || !spec.has("Enabled")) {
      reply(
          exchange,
          validation(
              "1 validation error detected: TableName and TimeToLiveSpecification "
                  + "(AttributeName, Enabled) are required"));
      return;
    }
    if (!tableExists(exchange, table)) {
      reply(exchange, notFound(table));
      return;
    }
    boolean enable = spec.path("Enabled").asBoolean();
    String attribute = spec.path("AttributeName").asText();
    synchronized (ttl) {
      Ttl current = settled(table);
      if (current.status.equals(TTL_ENABLING) || current.status.equals(TTL_DISABLING)) {
        reply(
            exchange,
            validation("Time to live has been modified multiple times within a fixed interval"));
        return;
      }
      if (enable && current.status.equals(TTL_ENABLED)) {
        reply(exchange, validation("TimeToLive is already enabled"));
        return;
      }
      if (!enable && current.status.equals(TTL_DISABLED)) {
        reply(exchange, validation("TimeToLive is already disabled"));
        return;
      }
      ttl.put(table, new Ttl(attribute, enable ? TTL_ENABLING : TTL_DISABLING));
      ttlUpdates.incrementAndGet();
    }
    ObjectNode answer = JSON.createObjectNode();
    answer
        .putObject("TimeToLiveSpecification")
        .put("AttributeName", attribute)
        .put("Enabled", enable);
    reply(exchange, new Answer(200, Map.of(), JSON.writeValueAsBytes(answer)));
  }

  private void describeTimeToLive(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    String table = tableName(body);
    if (table == null || !tableExists(exchange, table)) {
      reply(exchange, notFound(table));
      return;
    }
    Ttl current;
    synchronized (ttl) {
      current = settled(table);
      // a change is seen as processing once, then as done (DynamoDB: up to an hour)
      if (current.status.equals(TTL_ENABLING)) {
        ttl.put(table, new Ttl(current.attribute, TTL_ENABLED));
      } else if (current.status.equals(TTL_DISABLING)) {
        ttl.put(table, new Ttl(null, TTL_DISABLED));
      }
    }
    ObjectNode answer = JSON.createObjectNode();
    ObjectNode description =
        answer.putObject("TimeToLiveDescription").put("TimeToLiveStatus", current.status);
    if (current.attribute != null && !current.status.equals(TTL_DISABLED)) {
      description.put("AttributeName", current.attribute);
    }
    reply(exchange, new Answer(200, Map.of(), JSON.writeValueAsBytes(answer)));
  }

  private Ttl settled(String table) {
    return ttl.getOrDefault(table, new Ttl(null, TTL_DISABLED));
  }

  private boolean tableExists(HttpExchange exchange, String table)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendPort + "/"))
            .timeout(Duration.ofSeconds(60))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.createObjectNode().put("TableName", table).toString()))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "DynamoDB_20120810.DescribeTable");
    for (String name : List.of("Authorization", "X-Amz-Date")) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (value != null) {
        request.header(name, value);
      }
    }
    HttpResponse<String> response =
        forward.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 200) {
      return true;
    }
    if (response.body().contains("ResourceNotFoundException")) {
      return false;
    }
    throw new IllegalStateException(
        "DescribeTable answered " + response.statusCode() + ": " + response.body());
  }

  private static String tableName(byte[] body) {
    try {
      return JSON.readTree(body).path("TableName").asText(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static Answer validation(String message) {
    return error(400, "com.amazon.coral.validate#ValidationException", message);
  }

  private static Answer notFound(String table) {
    return error(
        400,
        "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
        "Requested resource not found: Table: " + table + " not found");
  }

  private static Answer error(int status, String type, String message) {
    ObjectNode body = JSON.createObjectNode().put("__type", type).put("message", message);
    return new Answer(status, Map.of(), body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange exchange, Answer answer) throws IOException {
    answer.headers.forEach(
        (name, values) -> {
          if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
            exchange.getResponseHeaders().put(name, values);
          }
        });
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.sendResponseHeaders(answer.status, answer.body.length == 0 ? -1 : answer.body.length);
    if (answer.body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body);
      }
    }
  }
}
