package dev.runway.session.dynamo;

import static dev.runway.session.dynamo.DynamoSessionStore.CREATED;
import static dev.runway.session.dynamo.DynamoSessionStore.ID;
import static dev.runway.session.dynamo.DynamoSessionStore.SEQUENCE;
import static dev.runway.session.dynamo.DynamoSessionStore.TIMESTAMP;
import static dev.runway.session.dynamo.DynamoSessionStore.TTL;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.session.ConversationMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The conversation history of the DynamoDB session store: one item per message in the history
 * table, keyed by the session's hashed id and its per-session sequence, read in order with
 * consistent reads, deleted with the session. The session store hands out the sequence (an atomic
 * counter on the session item) and checks the session is live; this class only stores and reads.
 */
final class DynamoConversations {

  /** DynamoDB's limit of items in one {@code BatchWriteItem}. */
  static final int BATCH_LIMIT = 25;

  /** How many batch writes one append makes before it gives up on unprocessed items. */
  static final int BATCH_ATTEMPTS = 6;

  private final DynamoDbClient dynamo;
  private final String historyTable;
  private final DynamoCalls calls;

  DynamoConversations(DynamoDbClient dynamo, String historyTable, DynamoCalls calls) {
    this.dynamo = dynamo;
    this.historyTable = historyTable;
    this.calls = calls;
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  /** Writes one message of a session, kept a day past the session's expiry. */
  void put(String hashed, ConversationMessage m, Instant sessionExpiry) {
    Map<String, AttributeValue> item = item(hashed, m, sessionExpiry);
    calls.call("append", () -> dynamo.putItem(p -> p.tableName(historyTable).item(item)));
  }

  /**
   * Writes messages of a session with batch writes of up to 25 items (DynamoDB's limit for one
   * {@code BatchWriteItem}). Items DynamoDB returns unprocessed (throttled in part) are written
   * again after a jittered back-off that doubles from 25 ms; after {@value #BATCH_ATTEMPTS} rounds
   * the store gives up with a throttling error, as it does when a single call is throttled.
   */
  void putAll(List<Map<String, AttributeValue>> items) {
    for (int from = 0; from < items.size(); from += BATCH_LIMIT) {
      List<WriteRequest> writes = new ArrayList<>();
      for (Map<String, AttributeValue> item :
          items.subList(from, Math.min(items.size(), from + BATCH_LIMIT))) {
        writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
      }
      Map<String, List<WriteRequest>> pending = Map.of(historyTable, writes);
      long pauseMillis = 25;
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        Map<String, List<WriteRequest>> request = pending;
        BatchWriteItemResponse r =
            calls.call("append", () -> dynamo.batchWriteItem(b -> b.requestItems(request)));
        pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        if (pending.isEmpty()) {
          break;
        }
        if (attempt == BATCH_ATTEMPTS) {
          throw new RunwayServiceException(
              "DynamoDB throttled append: "
                  + pending.values().stream().mapToInt(List::size).sum()
                  + " messages left unprocessed after "
                  + BATCH_ATTEMPTS
                  + " batch writes",
              "dynamodb",
              ErrorCategory.THROTTLED,
              null,
              null);
        }
        sleep(ThreadLocalRandom.current().nextLong(pauseMillis / 2, pauseMillis + 1));
        pauseMillis *= 2;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunwayServiceException(
          "interrupted while appending messages", "dynamodb", ErrorCategory.TRANSIENT, null, e);
    }
  }

  /** The item of one message, checked against DynamoDB's item size limit. */
  Map<String, AttributeValue> item(String hashed, ConversationMessage m, Instant sessionExpiry) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ID, AttributeValue.fromS(hashed));
    // The sort key keeps the seed's name, "timestamp", but its value is the per-session sequence
    // that the session's atomic ADD handed out: the counter orders messages, never the clocks of
    // the instances that wrote them, and no two messages of a session share a key. The time the
    // message was written is the created_at attribute.
    item.put(TIMESTAMP, n(m.sequence()));
    item.put(SEQUENCE, n(m.sequence()));
    item.put("role", AttributeValue.fromS(m.role()));
    item.put("content", AttributeValue.fromS(m.content()));
    item.put("metadata", AttributeValue.fromM(DynamoAttributes.toMap(m.metadata(), "metadata")));
    item.put(CREATED, n(m.timestamp().toEpochMilli()));
    // kept a day past the session, so a session extended by touch keeps its recent history
    item.put(TTL, n(sessionExpiry.plus(Duration.ofDays(1)).getEpochSecond()));
    DynamoSessionStore.checkSize(item);
    return item;
  }

  private static ConversationMessage toMessage(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> meta =
        item.containsKey("metadata") && item.get("metadata").hasM()
            ? item.get("metadata").m()
            : Map.of();
    return new ConversationMessage(
        DynamoAttributes.required(item, "role").s(),
        DynamoAttributes.required(item, "content").s(),
        Instant.ofEpochMilli(Long.parseLong(DynamoAttributes.required(item, CREATED).n())),
        Long.parseLong(DynamoAttributes.required(item, SEQUENCE).n()),
        DynamoAttributes.fromMap(meta));
  }

  /** Deletes every message of a session. */
  void deleteAll(String hashed) {
    Map<String, AttributeValue> startKey = null;
    do {
      Map<String, AttributeValue> from = startKey;
      QueryResponse page =
          calls.call(
              "delete history",
              () ->
                  dynamo.query(
                      q ->
                          q.tableName(historyTable)
                              .keyConditionExpression(ID + " = :id")
                              .expressionAttributeValues(
                                  Map.of(":id", AttributeValue.fromS(hashed)))
                              .projectionExpression(ID + ", #ts")
                              .expressionAttributeNames(Map.of("#ts", TIMESTAMP))
                              .exclusiveStartKey(from)));
      for (Map<String, AttributeValue> item : page.items()) {
        calls.call(
            "delete history",
            () ->
                dynamo.deleteItem(
                    d ->
                        d.tableName(historyTable)
                            .key(Map.of(ID, item.get(ID), TIMESTAMP, item.get(TIMESTAMP)))));
      }
      startKey =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (startKey != null);
  }

  /** Returns every message of a session in order. */
  List<ConversationMessage> read(String hashed) {
    List<ConversationMessage> out = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    do {
      Map<String, AttributeValue> from = startKey;
      QueryResponse page =
          calls.call(
              "history",
              () ->
                  dynamo.query(
                      q ->
                          q.tableName(historyTable)
                              .keyConditionExpression(ID + " = :id")
                              .expressionAttributeValues(
                                  Map.of(":id", AttributeValue.fromS(hashed)))
                              .scanIndexForward(true)
                              .consistentRead(true)
                              .exclusiveStartKey(from)));
      page.items().forEach(i -> out.add(toMessage(i)));
      startKey =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (startKey != null);
    return List.copyOf(out);
  }

  /** Returns the last {@code lastN} messages of a session in order. */
  List<ConversationMessage> readLast(String hashed, int lastN) {
    QueryResponse page =
        calls.call(
            "history",
            () ->
                dynamo.query(
                    q ->
                        q.tableName(historyTable)
                            .keyConditionExpression(ID + " = :id")
                            .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(hashed)))
                            .scanIndexForward(false)
                            .consistentRead(true)
                            .limit(lastN)));
    List<ConversationMessage> out = new ArrayList<>();
    page.items().forEach(i -> out.add(toMessage(i)));
    Collections.reverse(out);
    return List.copyOf(out);
  }
}
