package dev.runway.benchmarks;

import dev.runway.core.session.Session;
import dev.runway.session.dynamo.DynamoSessionStore;
import dev.runway.testkit.DynamoDbEmulator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link DynamoSessionStore} against the equivalent raw SDK calls on the DynamoDB emulator ({@link
 * DynamoDbEmulator}: dynalite over HTTP on loopback): {@code create} = a conditional PutItem,
 * {@code find} = a consistent GetItem, {@code update} = an UpdateItem conditional on the version.
 * Both sides use the same client; Runway adds hashing the id, converting attributes and checking
 * expiry.
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DynamoSessionBenchmark {

  @Param({"create", "find", "update"})
  public String op;

  private DynamoDbEmulator server;
  private DynamoDbClient client;
  private DynamoSessionStore store;
  private Session session;
  private String rawKey;
  private long rawVersion;
  private long counter;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = DynamoDbEmulator.start();
    client = server.client();
    store =
        DynamoSessionStore.builder()
            .client(client)
            .table("sessions")
            .historyTable("history")
            .ttl(Duration.ofHours(1))
            .createTables(true, false)
            .build();
    session = store.create("bench-user", "Warehouse Manager", Map.of("warehouse", "WH-03", "n", 0));
    rawKey = UUID.randomUUID().toString();
    client.putItem(p -> p.tableName("sessions").item(rawItem(rawKey, 1)));
    rawVersion = 1;
  }

  private static Map<String, AttributeValue> rawItem(String key, long version) {
    Map<String, AttributeValue> item = new HashMap<>();
    long now = System.currentTimeMillis();
    item.put("session_id", AttributeValue.fromS(key));
    item.put("user_id", AttributeValue.fromS("bench-user"));
    item.put("persona", AttributeValue.fromS("Warehouse Manager"));
    item.put(
        "attributes",
        AttributeValue.fromM(
            Map.of("warehouse", AttributeValue.fromS("WH-03"), "n", AttributeValue.fromN("0"))));
    item.put("created_at", AttributeValue.fromN(Long.toString(now)));
    item.put("last_accessed_at", AttributeValue.fromN(Long.toString(now)));
    item.put("expires_at", AttributeValue.fromN(Long.toString(now + 3_600_000)));
    item.put("ttl", AttributeValue.fromN(Long.toString(now / 1000 + 3600)));
    item.put("version", AttributeValue.fromN(Long.toString(version)));
    item.put("message_count", AttributeValue.fromN("0"));
    return item;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    server.close();
  }

  @Benchmark
  public Object runway() {
    switch (op) {
      case "create":
        return store.create(
            "bench-user", "Warehouse Manager", Map.of("warehouse", "WH-03", "n", 0));
      case "find":
        return store.find(session.id());
      default:
        session = store.update(session.withAttribute("n", ++counter));
        return session;
    }
  }

  @Benchmark
  public Object raw() {
    switch (op) {
      case "create":
        return client.putItem(
            p ->
                p.tableName("sessions")
                    .item(rawItem(UUID.randomUUID().toString(), 1))
                    .conditionExpression("attribute_not_exists(session_id)"));
      case "find":
        return client.getItem(
            g ->
                g.tableName("sessions")
                    .key(Map.of("session_id", AttributeValue.fromS(rawKey)))
                    .consistentRead(true));
      default:
        long v = rawVersion;
        rawVersion = v + 1;
        return client.updateItem(
            u ->
                u.tableName("sessions")
                    .key(Map.of("session_id", AttributeValue.fromS(rawKey)))
                    .updateExpression("SET #attrs = :a, last_accessed_at = :now, #version = :next")
                    .conditionExpression("#version = :v AND expires_at > :now")
                    .expressionAttributeNames(Map.of("#attrs", "attributes", "#version", "version"))
                    .expressionAttributeValues(
                        Map.of(
                            ":a",
                                AttributeValue.fromM(
                                    Map.of(
                                        "warehouse",
                                        AttributeValue.fromS("WH-03"),
                                        "n",
                                        AttributeValue.fromN(Long.toString(++counter)))),
                            ":now", AttributeValue.fromN(Long.toString(System.currentTimeMillis())),
                            ":v", AttributeValue.fromN(Long.toString(v)),
                            ":next", AttributeValue.fromN(Long.toString(v + 1))))
                    .returnValues(ReturnValue.ALL_NEW));
    }
  }
}
