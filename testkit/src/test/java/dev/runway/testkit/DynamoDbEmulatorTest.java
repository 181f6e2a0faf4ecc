package dev.runway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The emulator's front: the two TTL operations as the DynamoDB API reference describes them, and
 * everything else passed through with dynalite's own answers (errors included).
 */
class DynamoDbEmulatorTest {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static DynamoDbEmulator dynamo;

  @BeforeAll
  static void start() {
    dynamo = DynamoDbEmulator.start();
  }

  @AfterAll
  static void stop() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  private static String newTable() {
    String name = "table-" + TABLES.incrementAndGet();
    dynamo
        .client()
        .createTable(
            c ->
                c.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                        a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    dynamo.client().waiter().waitUntilTableExists(r -> r.tableName(name));
    return name;
  }

  private static TimeToLiveDescription ttl(String table) {
    return dynamo.client().describeTimeToLive(d -> d.tableName(table)).timeToLiveDescription();
  }

  private static void enable(String table, boolean on) {
    dynamo
        .client()
        .updateTimeToLive(
            u ->
                u.tableName(table)
                    .timeToLiveSpecification(s -> s.attributeName("ttl").enabled(on)));
  }

  @Test
  void timeToLive_goesThroughEnablingToEnabled_andRefusesWhatDynamoDbRefuses() {
    String table = newTable();
    assertThat(ttl(table).timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
    assertThat(ttl(table).attributeName()).isNull();
    assertThatThrownBy(() -> enable(table, false))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("already disabled")
        .satisfies(
            e ->
                assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
                    .isEqualTo("ValidationException"));

    int before = dynamo.timeToLiveUpdates();
    var answer =
        dynamo
            .client()
            .updateTimeToLive(
                u ->
                    u.tableName(table)
                        .timeToLiveSpecification(s -> s.attributeName("ttl").enabled(true)));
    assertThat(answer.timeToLiveSpecification().attributeName()).isEqualTo("ttl");
    assertThat(answer.timeToLiveSpecification().enabled()).isTrue();
    assertThat(dynamo.timeToLiveUpdates()).isEqualTo(before + 1);

    // a second change while the first is processing is refused
    assertThatThrownBy(() -> enable(table, false))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("multiple times");
    assertThat(ttl(table).timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLING);
    TimeToLiveDescription enabled = ttl(table);
    assertThat(enabled.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
    assertThat(enabled.attributeName()).isEqualTo("ttl");
    assertThatThrownBy(() -> enable(table, true))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("already enabled");

    enable(table, false);
    assertThat(ttl(table).timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLING);
    assertThat(ttl(table).timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
  }

  @Test
  void timeToLive_ofAMissingTable_isResourceNotFound_andADeletedTableForgetsIt() {
    assertThatThrownBy(() -> ttl("no-such-table")).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> enable("no-such-table", true))
        .isInstanceOf(ResourceNotFoundException.class);

    String table = newTable();
    enable(table, true);
    dynamo.client().deleteTable(d -> d.tableName(table));
    dynamo.client().waiter().waitUntilTableNotExists(r -> r.tableName(table));
    assertThatThrownBy(() -> ttl(table)).isInstanceOf(ResourceNotFoundException.class);
    dynamo
        .client()
        .createTable(
            c ->
                c.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                        a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    dynamo.client().waiter().waitUntilTableExists(r -> r.tableName(table));
    assertThat(ttl(table).timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
  }

  @Test
  void expiredItems_stayReadable_likeDynamoDbBeforeItsDeletionWindow() {
    String table = newTable();
    enable(table, true);
    long past = System.currentTimeMillis() / 1000 - 3600;
    dynamo
        .client()
        .putItem(
            p ->
                p.tableName(table)
                    .item(
                        Map.of(
                            "id",
                            AttributeValue.fromS("old"),
                            "ttl",
                            AttributeValue.fromN(Long.toString(past)))));
    assertThat(
            dynamo
                .client()
                .getItem(
                    g ->
                        g.tableName(table)
                            .key(Map.of("id", AttributeValue.fromS("old")))
                            .consistentRead(true))
                .item())
        .containsKey("ttl");
  }

  @Test
  void otherOperations_passThrough_withTheirErrors() {
    String table = newTable();
    DynamoDbClient client = dynamo.client();
    client.putItem(
        p ->
            p.tableName(table)
                .item(Map.of("id", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1"))));
    assertThatThrownBy(
            () ->
                client.putItem(
                    p ->
                        p.tableName(table)
                            .item(
                                Map.of(
                                    "id",
                                    AttributeValue.fromS("a"),
                                    "v",
                                    AttributeValue.fromN("2")))
                            .conditionExpression("attribute_not_exists(id)")))
        .isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(
            client
                .getItem(g -> g.tableName(table).key(Map.of("id", AttributeValue.fromS("a"))))
                .item()
                .get("v")
                .n())
        .isEqualTo("1");
    // DynamoDB's item size limit (400 KB) holds through the front
    String big = "x".repeat(401 * 1024);
    assertThatThrownBy(
            () ->
                client.putItem(
                    p ->
                        p.tableName(table)
                            .item(
                                Map.of(
                                    "id",
                                    AttributeValue.fromS("b"),
                                    "big",
                                    AttributeValue.fromS(big)))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("size");
  }
}
