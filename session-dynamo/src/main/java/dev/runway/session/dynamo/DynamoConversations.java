package dev.runway.session.dynamo;

import static dev.runway.session.dynamo.DynamoSessionStore.CREATED;
import static dev.runway.session.dynamo.DynamoSessionStore.ID;
import static dev.runway.session.dynamo.DynamoSessionStore.SEQUENCE;
import static dev.runway.session.dynamo.DynamoSessionStore.TIMESTAMP;
import static dev.runway.session.dynamo.DynamoSessionStore.TTL;

import dev.runway.core.session.ConversationMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The conversation history of the DynamoDB session store: one item per message in the history
 * table, keyed by the session's hashed id and its per-session sequence, read in order with
 * consistent reads, deleted with the session. The session store hands out the sequence (an atomic
 * counter on the session item) and checks the session is live; this class only stores and reads.
 */
final class DynamoConversations {

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
    calls.call("append", () -> dynamo.putItem(p -> p.tableName(historyTable).item(item)));
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
