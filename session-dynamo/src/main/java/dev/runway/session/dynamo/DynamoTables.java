package dev.runway.session.dynamo;

import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creating tables at start-up when several instances start at once: each step tolerates another
 * instance taking it at the same moment (a table being created is {@code ResourceInUseException}, a
 * TTL being enabled is a {@code ValidationException}) and waits until the resource is usable.
 */
final class DynamoTables {

  private DynamoTables() {}

  /** Returns whether the table exists (in any state). */
  static boolean exists(DynamoDbClient dynamo, String table) {
    try {
      dynamo.describeTable(r -> r.tableName(table));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  /**
   * Creates the table unless it exists or another instance is creating it, then waits until it is
   * ACTIVE.
   */
  static void createIfMissing(
      DynamoDbClient dynamo, String table, Consumer<CreateTableRequest.Builder> request) {
    if (!exists(dynamo, table)) {
      try {
        dynamo.createTable(b -> request.accept(b.tableName(table)));
      } catch (ResourceInUseException creatingElsewhere) {
        // another instance created it a moment ago, or is creating it now: wait for it below
      }
    }
    dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
  }

  /** Returns whether TTL is enabled (or being enabled) on the table. */
  static boolean ttlEnabled(DynamoDbClient dynamo, String table) {
    DescribeTimeToLiveResponse r = dynamo.describeTimeToLive(d -> d.tableName(table));
    TimeToLiveStatus s =
        r.timeToLiveDescription() == null ? null : r.timeToLiveDescription().timeToLiveStatus();
    return s == TimeToLiveStatus.ENABLED || s == TimeToLiveStatus.ENABLING;
  }

  /**
   * Enables TTL on {@code attribute} unless it is on; another instance enabling it at the same
   * moment (DynamoDB refuses a second change while one is processing) is not an error.
   */
  static void enableTtlIfMissing(DynamoDbClient dynamo, String table, String attribute) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!ttlEnabled(dynamo, table)) {
      try {
        dynamo.updateTimeToLive(
            u ->
                u.tableName(table)
                    .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true)));
        return;
      } catch (DynamoDbException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if (!"ValidationException".equals(code) || System.nanoTime() > deadline) {
          throw e;
        }
        // being changed by another instance: look again
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
