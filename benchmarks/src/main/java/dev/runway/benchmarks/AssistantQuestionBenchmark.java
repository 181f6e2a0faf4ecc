package dev.runway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.core.Runway;
import dev.runway.core.cost.CostTracker;
import dev.runway.examples.assistant.AssistantApi;
import dev.runway.examples.assistant.BedrockInterpreter;
import dev.runway.examples.assistant.DemoUsers;
import dev.runway.examples.assistant.ModelPricing;
import dev.runway.examples.assistant.SupplyChainAssistant;
import dev.runway.testkit.aws.BedrockRuntimeFixture;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A question in plain language end to end, as the assistant answers it, with the Bedrock protocol
 * fixture answering at once: history read, the model's first call (over loopback HTTP, through the
 * real SDK), the persona's SQL policy, the query on the embedded engine (scale 1), the second call
 * for the answer, the session's two messages and the query record. What is left is Runway's and the
 * application's share. {@code fresh}: every statement is new (a literal changes), so the policy
 * parses and the engine runs it; otherwise the same statement is answered from the cache.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar AssistantQuestionBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// the JDK's HTTP server under the fixture answers 40 ms late without TCP_NODELAY (Nagle meets
// delayed ACKs)
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class AssistantQuestionBenchmark {

  @Param({"true", "false"})
  public boolean fresh;

  private BedrockRuntimeFixture bedrock;
  private Runway runway;
  private SupplyChainAssistant assistant;
  private String token;
  private String session;
  private final AtomicInteger n = new AtomicInteger(5);

  @Setup(Level.Trial)
  public void setUp() {
    bedrock = new BedrockRuntimeFixture();
    bedrock.responder(this::reply);
    CostTracker costs = CostTracker.create();
    runway = Runway.builder().auth(DemoUsers.provider()).listener(costs).build();
    SupplyChainAssistant.seedEmbeddedData(runway.rawDatabase(), 1);
    BedrockRuntimeClient client =
        BedrockRuntimeClient.builder()
            .endpointOverride(bedrock.endpoint())
            .region(Region.US_EAST_1)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("fixture", "fixture")))
            .build();
    assistant =
        new SupplyChainAssistant(
            runway,
            costs,
            new BedrockInterpreter(
                client,
                BedrockInterpreter.DEFAULT_MODEL_ID,
                ModelPricing.CLAUDE_3_5_SONNET,
                runway.rawDatabase()));
    token =
        assistant
            .login(new AssistantApi.LoginRequest("warehouse.manager", DemoUsers.PASSWORD))
            .accessToken();
  }

  private BedrockRuntimeFixture.Reply reply(JsonNode request) {
    if (request.has("toolConfig")) {
      int min = fresh ? n.incrementAndGet() % 300 : 5;
      return BedrockRuntimeFixture.toolUse(
          BedrockInterpreter.TOOL,
          Map.of(
              "sql",
              "SELECT pr.category, count(*) AS "
                  + "products, sum(wp.quantity_on_hand * pr.unit_cost) AS inventory_value FROM warehouse_product wp JOIN "
                  + "product pr ON pr.product_id = wp.product_id WHERE wp.warehouse_id = 'WH-03' AND wp.quantity_on_hand > "
                  + min
                  + " GROUP BY pr.category ORDER BY inventory_value DESC LIMIT 10"),
          1500,
          80);
    }
    return BedrockRuntimeFixture.text("Pumps hold the most value at WH-03.", 600, 30);
  }

  /** A new session per question, so that the history read stays the size of one conversation. */
  @Setup(Level.Invocation)
  public void newSession() {
    session = runway.sessions().create("warehouse.manager", "Warehouse Manager", Map.of()).id();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runway.close();
    bedrock.close();
  }

  @Benchmark
  public AssistantApi.QueryResponse question() {
    return assistant.query(
        token,
        new AssistantApi.QueryRequest(
            "What is the inventory value by category at WH-03?", "Warehouse Manager", session));
  }
}
