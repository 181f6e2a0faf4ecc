package dev.runway.session.dynamo;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The two tables {@link DynamoSessionStore} needs, and a check that reports what is missing with
 * the exact fix.
 *
 * <pre>
 * sessions table       partition key session_id (S); on-demand billing; TTL attribute "ttl"
 *                      GSI user_id-index: partition key user_id (S), projection INCLUDE expires_at
 * history table        partition key session_id (S), sort key timestamp (N); on-demand; TTL "ttl"
 * </pre>
 *
 * IAM permissions the store needs on both tables (and the index): {@code dynamodb:GetItem}, {@code
 * PutItem}, {@code UpdateItem}, {@code DeleteItem}, {@code Query}, {@code DescribeTable}; creating
 * tables also needs {@code CreateTable}, {@code UpdateTimeToLive}, {@code DescribeTimeToLive}.
 */
public final class DynamoSessionTables {

  /** The default name of the GSI on {@code user_id}. */
  public static final String USER_INDEX = "user_id-index";

  private DynamoSessionTables() {}

  /**
   * Creates whichever of the two tables is missing, waits until they are active, enables TTL.
   * Several instances may run this at the same moment: a table or TTL another one is creating is
   * waited for, not an error.
   */
  public static void create(
      DynamoDbClient dynamo,
      String table,
      String historyTable,
      String userIndex,
      boolean enableTtl) {
    DynamoTables.createIfMissing(
        dynamo,
        table,
        c ->
            c.billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(DynamoSessionStore.ID)
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName(DynamoSessionStore.USER)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder()
                        .attributeName(DynamoSessionStore.ID)
                        .keyType(KeyType.HASH)
                        .build())
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName(userIndex)
                        .keySchema(
                            KeySchemaElement.builder()
                                .attributeName(DynamoSessionStore.USER)
                                .keyType(KeyType.HASH)
                                .build())
                        .projection(
                            Projection.builder()
                                .projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes(DynamoSessionStore.EXPIRES)
                                .build())
                        .build()));
    DynamoTables.createIfMissing(
        dynamo,
        historyTable,
        c ->
            c.billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(DynamoSessionStore.ID)
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName(DynamoSessionStore.TIMESTAMP)
                        .attributeType(ScalarAttributeType.N)
                        .build())
                .keySchema(
                    KeySchemaElement.builder()
                        .attributeName(DynamoSessionStore.ID)
                        .keyType(KeyType.HASH)
                        .build(),
                    KeySchemaElement.builder()
                        .attributeName(DynamoSessionStore.TIMESTAMP)
                        .keyType(KeyType.RANGE)
                        .build()));
    if (enableTtl) {
      for (String t : List.of(table, historyTable)) {
        DynamoTables.enableTtlIfMissing(dynamo, t, DynamoSessionStore.TTL);
      }
    }
  }

  /**
   * Returns what is wrong with the tables, each with the command that fixes it; empty when they are
   * ready.
   */
  public static List<String> check(
      DynamoDbClient dynamo, String table, String historyTable, String userIndex) {
    List<String> problems = new ArrayList<>();
    for (String t : List.of(table, historyTable)) {
      if (!exists(dynamo, t)) {
        problems.add(
            "table "
                + t
                + " does not exist; create it with DynamoSessionTables.create(...) or "
                + "sessions.dynamodb.create-tables: true (schema in DynamoSessionTables' documentation)");
        continue;
      }
      if (!ttlEnabled(dynamo, t)) {
        problems.add(
            "TTL is not enabled on table "
                + t
                + ", so expired items are never deleted; fix: "
                + "aws dynamodb update-time-to-live --table-name "
                + t
                + " --time-to-live-specification Enabled=true,AttributeName=ttl");
      }
    }
    if (exists(dynamo, table)) {
      DescribeTableResponse d = dynamo.describeTable(r -> r.tableName(table));
      boolean hasIndex =
          d.table().hasGlobalSecondaryIndexes()
              && d.table().globalSecondaryIndexes().stream()
                  .anyMatch(i -> i.indexName().equals(userIndex));
      if (!hasIndex) {
        problems.add(
            "table "
                + table
                + " has no GSI "
                + userIndex
                + " on user_id, needed to sign a user out "
                + "everywhere; add it with partition key user_id (S) and projection INCLUDE expires_at");
      }
    }
    return problems;
  }

  private static boolean exists(DynamoDbClient dynamo, String table) {
    return DynamoTables.exists(dynamo, table);
  }

  private static boolean ttlEnabled(DynamoDbClient dynamo, String table) {
    return DynamoTables.ttlEnabled(dynamo, table);
  }
}
