package dev.runway.session.dynamo;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.error.ServiceErrors;
import dev.runway.core.health.Health;
import dev.runway.core.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@link Coordination} on one DynamoDB table, for instances that share DynamoDB but no Redis (a
 * Lambda function, say). Counters are atomic {@code ADD}s under a condition on their lifetime;
 * token buckets, leases and compare-and-set are conditional writes on a version, retried on a
 * conflict; every item carries {@code expires_at} (checked on every read, so an expired item is
 * never served) and {@code ttl} (DynamoDB's TTL attribute, which deletes it later).
 *
 * <p>Lifetimes are measured on the writers' clocks (instances with clocks skewed by a second see
 * lifetimes a second apart). Table: partition key {@code pk} (S), TTL on {@code ttl}; create it
 * with {@link #createTable}, which several instances may run at once. Thread-safe.
 */
public final class DynamoCoordination implements Coordination {

  static final String PK = "pk";
  private static final String VAL = "val";
  private static final String EXPIRES = "expires_at";
  private static final String TTL = "ttl";
  private static final String VER = "ver";
  private static final String TOKENS = "tokens";
  private static final String TS = "ts";
  private static final String LEASES = "leases";

  private final DynamoDbClient dynamo;
  private final boolean ownsClient;
  private final String table;
  private final Clock clock;

  private DynamoCoordination(DynamoDbClient dynamo, boolean ownsClient, String table, Clock clock) {
    this.dynamo = dynamo;
    this.ownsClient = ownsClient;
    this.table = table;
    this.clock = clock;
  }

  /** Returns coordination on {@code table}, through a client the caller closes. */
  public static DynamoCoordination on(DynamoDbClient dynamo, String table, Clock clock) {
    return new DynamoCoordination(
        Objects.requireNonNull(dynamo, "dynamo"),
        false,
        Objects.requireNonNull(table, "table"),
        Objects.requireNonNull(clock, "clock"));
  }

  /** Returns coordination on {@code table} through a client it closes itself. */
  static DynamoCoordination owning(DynamoDbClient dynamo, String table, Clock clock) {
    return new DynamoCoordination(dynamo, true, table, clock);
  }

  /** Creates the table if it is missing and enables its TTL; safe for several instances at once. */
  public static void createTable(DynamoDbClient dynamo, String table) {
    DynamoTables.createIfMissing(
        dynamo,
        table,
        c ->
            c.billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(PK)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build()));
    DynamoTables.enableTtlIfMissing(dynamo, table, TTL);
  }

  @Override
  public String name() {
    return "dynamodb";
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of(PK, s(pk));
  }

  private <T> T call(String what, Supplier<T> op) {
    try {
      return op.get();
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (DynamoDbException e) {
      ErrorCategory category =
          ServiceErrors.category(
              e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode(), e.statusCode());
      throw new RunwayServiceException(
          "DynamoDB coordination "
              + what
              + " failed on "
              + table
              + ": "
              + e.getClass().getSimpleName(),
          "dynamodb",
          category,
          null,
          e);
    } catch (SdkClientException e) {
      throw new RunwayServiceException(
          "DynamoDB coordination "
              + what
              + " failed on "
              + table
              + ": "
              + e.getClass().getSimpleName(),
          "dynamodb",
          ErrorCategory.UNAVAILABLE,
          null,
          e);
    }
  }

  /**
   * Returns the item if its lifetime has not ended (DynamoDB's TTL deletes expired items only
   * later).
   */
  private Optional<Map<String, AttributeValue>> live(String pk, long now) {
    return raw(pk).filter(i -> i.containsKey(EXPIRES) && Long.parseLong(i.get(EXPIRES).n()) > now);
  }

  private static Map<String, AttributeValue> lifetime(
      Map<String, AttributeValue> item, long expiresAtMillis) {
    item.put(EXPIRES, n(expiresAtMillis));
    item.put(TTL, n(Math.floorDiv(expiresAtMillis, 1000) + 1));
    return item;
  }

  @Override
  public long add(String counter, long delta, Duration ttl) {
    Checks.positive(ttl, "ttl");
    String pk = "c#" + Objects.requireNonNull(counter, "counter");
    while (true) {
      long now = clock.millis();
      try {
        var r =
            call(
                "add",
                () ->
                    dynamo.updateItem(
                        u ->
                            u.tableName(table)
                                .key(key(pk))
                                .updateExpression("ADD " + VAL + " :d")
                                .conditionExpression(EXPIRES + " > :now")
                                .expressionAttributeValues(Map.of(":d", n(delta), ":now", n(now)))
                                .returnValues(ReturnValue.UPDATED_NEW)));
        return Long.parseLong(DynamoAttributes.required(r.attributes(), VAL).n());
      } catch (ConditionalCheckFailedException missingOrExpired) {
        Map<String, AttributeValue> item =
            lifetime(new HashMap<>(Map.of(PK, s(pk), VAL, n(delta))), now + ttl.toMillis());
        try {
          call(
              "add",
              () ->
                  dynamo.putItem(
                      p ->
                          p.tableName(table)
                              .item(item)
                              .conditionExpression(
                                  "attribute_not_exists(" + PK + ") OR " + EXPIRES + " <= :now")
                              .expressionAttributeValues(Map.of(":now", n(now)))));
          return delta;
        } catch (ConditionalCheckFailedException createdMeanwhile) {
          // another instance created the counter between the two calls: add to it
        }
      }
    }
  }

  @Override
  public long get(String counter) {
    return live("c#" + Objects.requireNonNull(counter, "counter"), clock.millis())
        .map(i -> Long.parseLong(DynamoAttributes.required(i, VAL).n()))
        .orElse(0L);
  }

  /**
   * Writes {@code item} if the stored version is still {@code version} (0: no live item); false on
   * a conflict.
   */
  private boolean writeVersioned(Map<String, AttributeValue> item, long version) {
    try {
      if (version == 0) {
        call(
            "write",
            () ->
                dynamo.putItem(
                    p ->
                        p.tableName(table)
                            .item(item)
                            .conditionExpression(
                                "attribute_not_exists("
                                    + PK
                                    + ") OR attribute_not_exists("
                                    + VER
                                    + ")")));
      } else {
        call(
            "write",
            () ->
                dynamo.putItem(
                    p ->
                        p.tableName(table)
                            .item(item)
                            .conditionExpression(VER + " = :v")
                            .expressionAttributeValues(Map.of(":v", n(version)))));
      }
      return true;
    } catch (ConditionalCheckFailedException conflict) {
      return false;
    }
  }

  private long version(Map<String, AttributeValue> item) {
    return item.containsKey(VER) ? Long.parseLong(item.get(VER).n()) : 0;
  }

  private Optional<Map<String, AttributeValue>> raw(String pk) {
    Map<String, AttributeValue> item =
        call(
                "read",
                () -> dynamo.getItem(g -> g.tableName(table).key(key(pk)).consistentRead(true)))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  @Override
  public Duration tryTake(String bucket, int permits, double perSecond, int capacity) {
    Checks.tokenBucket(permits, perSecond, capacity);
    String pk = "b#" + Objects.requireNonNull(bucket, "bucket");
    while (true) {
      Instant at = clock.instant();
      long nowMicros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
      Optional<Map<String, AttributeValue>> found = raw(pk);
      long version = found.map(this::version).orElse(0L);
      double tokens = capacity;
      if (found.isPresent() && found.get().containsKey(TOKENS)) {
        long ts = Long.parseLong(DynamoAttributes.required(found.get(), TS).n());
        tokens =
            Math.min(
                capacity,
                Double.parseDouble(found.get().get(TOKENS).n())
                    + Math.max(0, nowMicros - ts) / 1e6 * perSecond);
      }
      Duration wait = Duration.ZERO;
      if (tokens >= permits) {
        tokens -= permits;
      } else {
        wait = Duration.ofNanos((long) Math.ceil((permits - tokens) / perSecond * 1e9));
      }
      Map<String, AttributeValue> item =
          lifetime(
              new HashMap<>(
                  Map.of(
                      PK,
                      s(pk),
                      TOKENS,
                      AttributeValue.fromN(Double.toString(tokens)),
                      TS,
                      n(nowMicros),
                      VER,
                      n(version + 1))),
              at.toEpochMilli() + (long) Math.ceil(capacity / perSecond * 1000) + 60_000);
      if (writeVersioned(item, version)) {
        return wait;
      }
    }
  }

  @Override
  public Optional<Lease> tryLease(String semaphore, int limit, Duration ttl) {
    Checks.positive(ttl, "ttl");
    Checks.atLeastOne(limit, "limit");
    String pk = "s#" + Objects.requireNonNull(semaphore, "semaphore");
    String id = UUID.randomUUID().toString();
    while (true) {
      long now = clock.millis();
      Optional<Map<String, AttributeValue>> found = raw(pk);
      long version = found.map(this::version).orElse(0L);
      Map<String, AttributeValue> leases = new HashMap<>();
      found
          .filter(i -> i.containsKey(LEASES))
          .ifPresent(
              i ->
                  DynamoAttributes.required(i, LEASES)
                      .m()
                      .forEach(
                          (k, v) -> {
                            if (Long.parseLong(v.n()) > now) {
                              leases.put(k, v);
                            }
                          }));
      if (leases.size() >= limit) {
        return Optional.empty();
      }
      leases.put(id, n(now + ttl.toMillis()));
      long last = leases.values().stream().mapToLong(v -> Long.parseLong(v.n())).max().orElse(now);
      Map<String, AttributeValue> item =
          lifetime(
              new HashMap<>(
                  Map.of(PK, s(pk), LEASES, AttributeValue.fromM(leases), VER, n(version + 1))),
              last);
      if (writeVersioned(item, version)) {
        return Optional.of(new Lease(semaphore, id));
      }
    }
  }

  @Override
  public void release(Lease lease) {
    String pk = "s#" + lease.semaphore();
    call(
        "release",
        () ->
            dynamo.updateItem(
                u ->
                    u.tableName(table)
                        .key(key(pk))
                        .updateExpression(
                            "REMOVE " + LEASES + ".#id SET " + VER + " = " + VER + " + :one")
                        .conditionExpression("attribute_exists(" + PK + ")")
                        .expressionAttributeNames(Map.of("#id", lease.id()))
                        .expressionAttributeValues(Map.of(":one", n(1)))));
  }

  @Override
  public int leases(String semaphore) {
    long now = clock.millis();
    return raw("s#" + Objects.requireNonNull(semaphore, "semaphore"))
        .filter(i -> i.containsKey(LEASES))
        .map(
            i ->
                (int)
                    DynamoAttributes.required(i, LEASES).m().values().stream()
                        .filter(v -> Long.parseLong(v.n()) > now)
                        .count())
        .orElse(0);
  }

  private static String memberKey(String set, String member) {
    return "m#"
        + Objects.requireNonNull(set, "set")
        + "#"
        + Objects.requireNonNull(member, "member");
  }

  @Override
  public void addMember(String set, String member, Duration ttl) {
    Checks.positive(ttl, "ttl");
    Map<String, AttributeValue> item =
        lifetime(
            new HashMap<>(Map.of(PK, s(memberKey(set, member)))), clock.millis() + ttl.toMillis());
    call("add member", () -> dynamo.putItem(p -> p.tableName(table).item(item)));
  }

  @Override
  public boolean hasMember(String set, String member) {
    return live(memberKey(set, member), clock.millis()).isPresent();
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    Objects.requireNonNull(value, "value");
    Checks.positive(ttl, "ttl");
    Map<String, AttributeValue> item =
        lifetime(
            new HashMap<>(Map.of(PK, s("r#" + Objects.requireNonNull(key, "key")), VAL, s(value))),
            clock.millis() + ttl.toMillis());
    call("put", () -> dynamo.putItem(p -> p.tableName(table).item(item)));
  }

  @Override
  public boolean replace(String key, Optional<String> expected, String value, Duration ttl) {
    Objects.requireNonNull(value, "value");
    Checks.positive(ttl, "ttl");
    long now = clock.millis();
    Map<String, AttributeValue> item =
        lifetime(
            new HashMap<>(Map.of(PK, s("r#" + Objects.requireNonNull(key, "key")), VAL, s(value))),
            now + ttl.toMillis());
    try {
      if (expected.isEmpty()) {
        call(
            "replace",
            () ->
                dynamo.putItem(
                    p ->
                        p.tableName(table)
                            .item(item)
                            .conditionExpression(
                                "attribute_not_exists(" + PK + ") OR " + EXPIRES + " <= :now")
                            .expressionAttributeValues(Map.of(":now", n(now)))));
      } else {
        call(
            "replace",
            () ->
                dynamo.putItem(
                    p ->
                        p.tableName(table)
                            .item(item)
                            .conditionExpression(VAL + " = :v AND " + EXPIRES + " > :now")
                            .expressionAttributeValues(
                                Map.of(":v", s(expected.get()), ":now", n(now)))));
      }
      return true;
    } catch (ConditionalCheckFailedException notExpected) {
      return false;
    }
  }

  @Override
  public Optional<String> read(String key) {
    return live("r#" + Objects.requireNonNull(key, "key"), clock.millis())
        .map(i -> DynamoAttributes.required(i, VAL).s());
  }

  @Override
  public Health health() {
    try {
      dynamo.describeTable(d -> d.tableName(table));
      return Health.up("coordination:dynamodb");
    } catch (RuntimeException e) {
      return Health.down(
          "coordination:dynamodb",
          "table " + table + " does not answer: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      dynamo.close();
    }
  }

  @Override
  public String toString() {
    return "DynamoCoordination{table=" + table + "}";
  }
}
