package dev.runway.session.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.session.Conversation;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.NewMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionNotFoundException;
import dev.runway.core.session.SessionStore;
import dev.runway.migrate.MigratingSessionStore;
import dev.runway.testkit.DynamoDbEmulator;
import dev.runway.testkit.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class DynamoSessionStoreTest {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static DynamoDbEmulator dynamo;

  @BeforeAll
  static void startDynamo() {
    dynamo = DynamoDbEmulator.start();
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  private static DynamoSessionStore.Builder store(MutableClock clock) {
    int n = TABLES.incrementAndGet();
    return store(clock, "sess" + n, "hist" + n);
  }

  private static DynamoSessionStore.Builder store(
      MutableClock clock, String table, String historyTable) {
    return DynamoSessionStore.builder()
        .client(dynamo.client())
        .table(table)
        .historyTable(historyTable)
        .clock(clock)
        .createTables(true, false);
  }

  @Test
  void sessionIds_areStoredHashed() {
    try (DynamoSessionStore s = store(new MutableClock(), "hashed", "hashed-h").build()) {
      Session session = s.create("u", null, Map.of());
      s.appendMessage(session.id(), "user", "hi", Map.of());
      String dump =
          dynamo.client().scan(r -> r.tableName("hashed")).items().toString()
              + dynamo.client().scan(r -> r.tableName("hashed-h")).items().toString();
      assertThat(dump)
          .doesNotContain(session.id())
          .contains(DynamoSessionStore.keyOf(session.id()));
    }
  }

  @Test
  void itemWithoutOrWithMalformedExpiry_isNotLive_neverThrows() {
    try (DynamoSessionStore s = store(new MutableClock(), "malformed", "malformed-h").build()) {
      Session a = s.create("u", null, Map.of());
      Session b = s.create("u", null, Map.of());
      // another writer's items: one without expires_at, one where it is text
      dynamo
          .client()
          .updateItem(
              r ->
                  r.tableName("malformed")
                      .key(
                          Map.of(
                              DynamoSessionStore.ID,
                              AttributeValue.fromS(DynamoSessionStore.keyOf(a.id()))))
                      .updateExpression("REMOVE " + DynamoSessionStore.EXPIRES));
      dynamo
          .client()
          .updateItem(
              r ->
                  r.tableName("malformed")
                      .key(
                          Map.of(
                              DynamoSessionStore.ID,
                              AttributeValue.fromS(DynamoSessionStore.keyOf(b.id()))))
                      .updateExpression("SET " + DynamoSessionStore.EXPIRES + " = :x")
                      .expressionAttributeValues(Map.of(":x", AttributeValue.fromS("tomorrow"))));
      for (Session gone : List.of(a, b)) {
        assertThat(s.find(gone.id())).isEmpty();
        assertThat(s.touch(gone.id())).isEmpty();
        assertThat(s.history(gone.id())).isEmpty();
        assertThatThrownBy(() -> s.update(gone.withAttribute("k", 1)))
            .isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> s.appendMessage(gone.id(), "user", "hi", Map.of()))
            .isInstanceOf(SessionNotFoundException.class);
      }
    }
  }

  @Test
  void history_ordersByCounter_notByTheInstancesClocks() {
    MutableClock ahead = new MutableClock();
    ahead.advance(Duration.ofMillis(5)); // instance A's clock runs 5 ms ahead of B's
    MutableClock behind = new MutableClock();
    try (DynamoSessionStore a = store(ahead, "order", "order-h").build();
        DynamoSessionStore b = store(behind, "order", "order-h").build()) {
      Session s = a.create("u", null, Map.of());
      a.appendMessage(s.id(), "user", "first, from A", Map.of());
      b.appendMessage(s.id(), "assistant", "second, from B", Map.of());
      assertThat(b.history(s.id()))
          .extracting(ConversationMessage::content)
          .containsExactly("first, from A", "second, from B");
      assertThat(a.history(s.id(), 1))
          .extracting(ConversationMessage::content)
          .containsExactly("second, from B");
    }
  }

  @Test
  void history_manyMessagesInOneMillisecond_noneOverwritten() {
    MutableClock frozen =
        new MutableClock(); // never advances: every message in the same millisecond
    try (DynamoSessionStore s = store(frozen, "burst", "burst-h").build()) {
      Session session = s.create("u", null, Map.of());
      for (int i = 1; i <= 1_001; i++) {
        s.appendMessage(session.id(), "user", "m" + i, Map.of());
      }
      List<ConversationMessage> history = s.history(session.id());
      assertThat(history).hasSize(1_001);
      assertThat(history.get(0).content()).isEqualTo("m1");
      assertThat(history.get(1_000).content()).isEqualTo("m1001");
    }
  }

  @Test
  void itemSize_atTheBoundary_followsDynamoDbsRules() {
    try (DynamoSessionStore s = store(new MutableClock(), "size", "size-h").build()) {
      String persona = "P".repeat(10_000); // a long persona counts as much as an attribute
      Session created = s.create("u", persona, Map.of("blob", ""));
      long base = sizeOfUpdated(s, created, "");
      long room = DynamoSessionStore.MAX_ITEM_BYTES - base;
      // just under: the server stores it
      Session under = s.update(created.withAttribute("blob", "x".repeat((int) room - 32)));
      assertThat(under.version()).isEqualTo(2);
      // just over: refused before the call, naming the size, not a service error
      assertThatThrownBy(() -> s.update(under.withAttribute("blob", "x".repeat((int) room + 32))))
          .isInstanceOfSatisfying(
              SessionTooLargeException.class,
              e -> assertThat(e.size()).isGreaterThan(DynamoSessionStore.MAX_ITEM_BYTES));
    }
  }

  /** The computed size of the stored item of {@code s} with attribute blob = {@code blob}. */
  private static long sizeOfUpdated(DynamoSessionStore store, Session s, String blob) {
    return store.updatedItemSize(s.withAttribute("blob", blob));
  }

  @Test
  void numberSize_countsSignificantDigits() {
    assertThat(DynamoAttributes.numberSize("0")).isEqualTo(2);
    assertThat(DynamoAttributes.numberSize("1000000")).isEqualTo(2); // one significant digit
    assertThat(DynamoAttributes.numberSize("-123.4500")).isEqualTo(4); // 12345: 3 + 1
    assertThat(DynamoAttributes.numberSize("1726000000123")).isEqualTo(8); // 13 digits: 7 bytes + 1
  }

  @Test
  void touch_writesAtMostOncePerInterval() {
    MutableClock clock = new MutableClock();
    try (DynamoSessionStore s =
        store(clock).touchInterval(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(30)).build()) {
      Session created = s.create("u", null, Map.of());
      clock.advance(Duration.ofSeconds(30));
      assertThat(s.touch(created.id()).orElseThrow().expiresAt())
          .as("within the interval: no write")
          .isEqualTo(created.expiresAt());
      clock.advance(Duration.ofSeconds(45));
      assertThat(s.touch(created.id()).orElseThrow().expiresAt())
          .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    }
  }

  @Test
  void oversizedSession_isRefusedBeforeTheCall_namingItsSize() {
    try (DynamoSessionStore s = store(new MutableClock()).build()) {
      Map<String, Object> big = Map.of("blob", "x".repeat(500 * 1024));
      assertThatThrownBy(() -> s.create("u", null, big))
          .isInstanceOfSatisfying(
              SessionTooLargeException.class, e -> assertThat(e.size()).isGreaterThan(500 * 1024))
          .hasMessageContaining("409600");
      Session ok = s.create("u", null, Map.of());
      assertThatThrownBy(() -> s.update(ok.withAttributes(big)))
          .isInstanceOf(SessionTooLargeException.class);
      assertThat(s.find(ok.id()).orElseThrow().version()).isEqualTo(1);
    }
  }

  @Test
  void attributes_randomNestedValues_roundTripExactly() {
    Random random = new Random(20261122);
    try (DynamoSessionStore s = store(new MutableClock()).build()) {
      for (int i = 0; i < 150; i++) {
        Map<String, Object> attrs = randomMap(random, 0);
        Session created = s.create("u" + i, null, attrs);
        Map<String, Object> back = s.find(created.id()).orElseThrow().attributes();
        assertThat(normalise(back)).as("round %d", i).isEqualTo(normalise(attrs));
      }
    }
  }

  private static Map<String, Object> randomMap(Random r, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      m.put("k" + i + "_" + (char) ('a' + r.nextInt(26)), randomValue(r, depth));
    }
    return m;
  }

  private static Object randomValue(Random r, int depth) {
    int kind = r.nextInt(depth >= 3 ? 6 : 8);
    return switch (kind) {
      case 0 -> "s" + r.nextInt(1000) + (r.nextBoolean() ? " ünïcødé €" : "");
      case 1 -> r.nextLong();
      case 2 ->
          new BigDecimal(r.nextInt(1_000_000) + "." + r.nextInt(1000))
              .multiply(BigDecimal.TEN.pow(r.nextInt(20)));
      case 3 -> r.nextBoolean();
      case 4 -> null;
      case 5 ->
          new BigDecimal("12345678901234567890123456789012345678"); // 38 digits: DynamoDB's limit
      case 6 -> {
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < r.nextInt(4); i++) {
          l.add(randomValue(r, depth + 1));
        }
        yield l;
      }
      default -> randomMap(r, depth + 1);
    };
  }

  /** Numbers come back as exact decimals; compare them by value. */
  private static Object normalise(Object v) {
    if (v instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros();
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new HashMap<>();
      m.forEach((k, x) -> out.put(k, normalise(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(DynamoSessionStoreTest::normalise).toList();
    }
    return v;
  }

  /** A client of the emulator that records the name of every operation it sends. */
  private static DynamoDbClient counting(List<String> operations) {
    return DynamoDbClient.builder()
        .endpointOverride(dynamo.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(
            c ->
                c.addExecutionInterceptor(
                    new ExecutionInterceptor() {
                      @Override
                      public void beforeTransmission(
                          Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        operations.add(
                            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                      }
                    }))
        .build();
  }

  @Test
  void appendMessages_isOneUpdateAndOneBatchWrite_findWithHistoryOneReadAndOneQuery() {
    List<String> calls = new CopyOnWriteArrayList<>();
    int n = TABLES.incrementAndGet();
    MutableClock clock = new MutableClock();
    try (DynamoDbClient client = counting(calls);
        DynamoSessionStore s =
            DynamoSessionStore.builder()
                .client(client)
                .table("sess" + n)
                .historyTable("hist" + n)
                .clock(clock)
                .createTables(true, false)
                .build()) {
      Session session = s.create("u", null, Map.of());
      calls.clear();
      List<ConversationMessage> pair =
          s.appendMessages(
              session.id(),
              List.of(
                  NewMessage.of("user", "q", Map.of()),
                  NewMessage.of("assistant", "a", Map.of("rows", 3))));
      assertThat(calls).containsExactly("UpdateItem", "BatchWriteItem");
      assertThat(pair).extracting(ConversationMessage::sequence).containsExactly(1L, 2L);

      calls.clear();
      Conversation c = s.findWithHistory(session.id()).orElseThrow();
      assertThat(calls).containsExactly("GetItem", "Query");
      assertThat(c.messages()).extracting(ConversationMessage::content).containsExactly("q", "a");

      // 30 messages: one update, then batch writes of 25 and 5 (DynamoDB's limit per batch)
      List<NewMessage> many = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        many.add(NewMessage.of("user", "m" + i, Map.of()));
      }
      calls.clear();
      List<ConversationMessage> added = s.appendMessages(session.id(), many);
      assertThat(calls).containsExactly("UpdateItem", "BatchWriteItem", "BatchWriteItem");
      assertThat(added.get(0).sequence()).isEqualTo(3L);
      assertThat(added.get(29).sequence()).isEqualTo(32L);
      assertThat(s.history(session.id())).hasSize(32);

      // a message over the item size limit is refused before the counter moves
      calls.clear();
      String tooLarge = "x".repeat((int) DynamoSessionStore.MAX_ITEM_BYTES);
      assertThatThrownBy(
              () ->
                  s.appendMessages(
                      session.id(),
                      List.of(
                          NewMessage.of("user", "fine", Map.of()),
                          NewMessage.of("assistant", tooLarge, Map.of()))))
          .isInstanceOf(SessionTooLargeException.class);
      assertThat(calls).isEmpty();
      assertThat(s.appendMessage(session.id(), "user", "next", Map.of()).sequence()).isEqualTo(33L);
    }
  }

  @Test
  void appendMessages_unprocessedItems_areWrittenAgain_thenGiveUpAsThrottled() {
    DynamoDbClient client = mock(DynamoDbClient.class);
    Map<String, AttributeValue> updated =
        Map.of(DynamoSessionStore.MESSAGES, AttributeValue.fromN("2"));
    when(client.updateItem(any(UpdateItemRequest.class)))
        .thenReturn(UpdateItemResponse.builder().attributes(updated).build());
    when(client.updateItem(any(Consumer.class))).thenCallRealMethod();
    when(client.batchWriteItem(any(Consumer.class))).thenCallRealMethod();
    List<BatchWriteItemRequest> sent = new ArrayList<>();
    when(client.batchWriteItem(any(BatchWriteItemRequest.class)))
        .thenAnswer(
            call -> {
              BatchWriteItemRequest r = call.getArgument(0);
              sent.add(r);
              List<WriteRequest> writes = r.requestItems().get("runway-conversations");
              // DynamoDB wrote the first of two; the second comes back unprocessed, once
              return sent.size() == 1
                  ? BatchWriteItemResponse.builder()
                      .unprocessedItems(Map.of("runway-conversations", writes.subList(1, 2)))
                      .build()
                  : BatchWriteItemResponse.builder().build();
            });
    DynamoSessionStore s = DynamoSessionStore.builder().client(client).build();
    List<NewMessage> pair =
        List.of(NewMessage.of("user", "q", Map.of()), NewMessage.of("assistant", "a", Map.of()));
    assertThat(s.appendMessages("some-session", pair)).hasSize(2);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).requestItems().get("runway-conversations"))
        .singleElement()
        .satisfies(w -> assertThat(w.putRequest().item().get("content").s()).isEqualTo("a"));

    DynamoDbClient neverDone = mock(DynamoDbClient.class);
    when(neverDone.updateItem(any(UpdateItemRequest.class)))
        .thenReturn(UpdateItemResponse.builder().attributes(updated).build());
    when(neverDone.updateItem(any(Consumer.class))).thenCallRealMethod();
    when(neverDone.batchWriteItem(any(Consumer.class))).thenCallRealMethod();
    when(neverDone.batchWriteItem(any(BatchWriteItemRequest.class)))
        .thenAnswer(
            call ->
                BatchWriteItemResponse.builder()
                    .unprocessedItems(((BatchWriteItemRequest) call.getArgument(0)).requestItems())
                    .build());
    DynamoSessionStore t = DynamoSessionStore.builder().client(neverDone).build();
    assertThatThrownBy(() -> t.appendMessages("some-session", pair))
        .isInstanceOfSatisfying(
            RunwayServiceException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("2 messages left unprocessed");
            });
    verify(neverDone, times(DynamoConversations.BATCH_ATTEMPTS))
        .batchWriteItem(any(BatchWriteItemRequest.class));
  }

  @Test
  void throttling_isRetriedWithBackoff() {
    DynamoDbClient client = mock(DynamoDbClient.class);
    Map<String, AttributeValue> item =
        Map.of(
            DynamoSessionStore.ID,
            AttributeValue.fromS("x"),
            DynamoSessionStore.USER,
            AttributeValue.fromS("u"),
            DynamoSessionStore.CREATED,
            AttributeValue.fromN("1"),
            DynamoSessionStore.ACCESSED,
            AttributeValue.fromN("1"),
            DynamoSessionStore.EXPIRES,
            AttributeValue.fromN(String.valueOf(Long.MAX_VALUE / 2)),
            DynamoSessionStore.VERSION,
            AttributeValue.fromN("3"));
    ProvisionedThroughputExceededException throttled =
        ProvisionedThroughputExceededException.builder()
            .message("Rate of requests exceeds the allowed throughput")
            .build();
    when(client.getItem(any(GetItemRequest.class)))
        .thenThrow(throttled)
        .thenThrow(throttled)
        .thenReturn(GetItemResponse.builder().item(item).build());
    when(client.getItem(any(Consumer.class))).thenCallRealMethod();
    DynamoSessionStore s = DynamoSessionStore.builder().client(client).build();
    assertThat(s.find("some-session").orElseThrow().version()).isEqualTo(3);
    verify(client, times(3)).getItem(any(GetItemRequest.class));

    DynamoDbClient alwaysThrottled = mock(DynamoDbClient.class);
    when(alwaysThrottled.getItem(any(GetItemRequest.class))).thenThrow(throttled);
    when(alwaysThrottled.getItem(any(Consumer.class))).thenCallRealMethod();
    DynamoSessionStore t = DynamoSessionStore.builder().client(alwaysThrottled).build();
    assertThatThrownBy(() -> t.find("x"))
        .isInstanceOfSatisfying(
            RunwayServiceException.class, e -> assertThat(e.retryable()).isTrue());
    verify(alwaysThrottled, times(5)).getItem(any(GetItemRequest.class));
  }

  @Test
  void check_reportsMissingTableAndTtlWithTheFix() {
    int n = TABLES.incrementAndGet();
    assertThat(
            DynamoSessionTables.check(
                dynamo.client(), "nope" + n, "nope-h" + n, DynamoSessionTables.USER_INDEX))
        .anyMatch(p -> p.contains("does not exist"));
    DynamoSessionTables.create(
        dynamo.client(), "tbl" + n, "tblh" + n, DynamoSessionTables.USER_INDEX, false);
    assertThat(
            DynamoSessionTables.check(
                dynamo.client(), "tbl" + n, "tblh" + n, DynamoSessionTables.USER_INDEX))
        .hasSize(2)
        .allMatch(p -> p.contains("update-time-to-live"));
    DynamoSessionTables.create(
        dynamo.client(), "tbl" + n, "tblh" + n, DynamoSessionTables.USER_INDEX, true);
    assertThat(
            DynamoSessionTables.check(
                dynamo.client(), "tbl" + n, "tblh" + n, DynamoSessionTables.USER_INDEX))
        .isEmpty();
  }

  @Test
  void migratingStore_movesThousandLiveSessionsWithoutLosingOne() {
    MutableClock clock = new MutableClock();
    try (InMemorySessionStore old =
            InMemorySessionStore.builder().clock(clock).purgeInterval(Duration.ZERO).build();
        DynamoSessionStore next = store(clock).build()) {
      List<Session> live = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        Session s =
            old.create("user" + (i % 37), i % 2 == 0 ? "Field Engineer" : null, Map.of("i", i));
        if (i % 3 == 0) {
          s = old.update(s.withAttribute("updated", true));
          old.appendMessage(s.id(), "user", "question " + i, Map.of());
        }
        live.add(s);
      }
      SessionStore moving = MigratingSessionStore.between(old, next);
      for (Session s : live) {
        Session found = moving.find(s.id()).orElseThrow(() -> new AssertionError("lost " + s));
        assertThat(found.version()).isEqualTo(s.version());
        assertThat(((Number) found.attribute("i").orElseThrow()).intValue())
            .isEqualTo(((Number) s.attribute("i").orElseThrow()).intValue());
        assertThat(found.expiresAt()).isEqualTo(s.expiresAt());
      }
      // now in DynamoDB: updated there, with history carried over
      Session first = live.get(0);
      assertThat(next.find(first.id())).isPresent();
      assertThat(next.history(first.id()))
          .extracting(m -> m.content())
          .containsExactly("question 0");
      Session updated =
          moving.update(next.find(first.id()).orElseThrow().withAttribute("moved", true));
      assertThat(updated.version()).isEqualTo(first.version() + 1);
      assertThat(old.find(first.id()).orElseThrow().version())
          .as("old store untouched")
          .isEqualTo(first.version());
      Session brandNew = moving.create("new-user", null, Map.of());
      assertThat(next.find(brandNew.id())).isPresent();
      assertThat(old.find(brandNew.id())).isEmpty();
    }
  }

  @Test
  void runwayYaml_sessionsTypeDynamodb_worksAgainstDynamoDbEmulator() {
    RunwayConfig config =
        RunwayConfig.parse(
            """
        sessions: { type: dynamodb, ttl: 20m, dynamodb: { table: yaml-sessions, history-table: yaml-history,
                    region: us-east-1, endpoint: "%s", create-tables: true } }
        """
                .formatted(dynamo.endpoint()),
            Path.of("."),
            Map.of(),
            new Properties());
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    try (Runway rw = Runway.fromConfig(config)) {
      Session s = rw.sessions().create("maria", "Warehouse Manager", Map.of("warehouse", "WH-03"));
      assertThat(rw.sessions().find(s.id()).orElseThrow().persona()).contains("Warehouse Manager");
      assertThat(rw.sessions().ttl()).isEqualTo(Duration.ofMinutes(20));
      assertThat(rw.health().components())
          .anyMatch(
              h ->
                  h.component().equals("sessions:dynamodb")
                      && h.status() == dev.runway.core.health.Health.Status.UP);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
