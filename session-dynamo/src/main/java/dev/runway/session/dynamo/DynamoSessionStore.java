package dev.runway.session.dynamo;

import dev.runway.core.health.Health;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.Hashes;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.resilience.ResiliencePolicy;
import dev.runway.core.session.Conversation;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.NewMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionConflictException;
import dev.runway.core.session.SessionIds;
import dev.runway.core.session.SessionNotFoundException;
import dev.runway.core.session.SessionStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A {@link SessionStore} on Amazon DynamoDB. Thread-safe; one instance per application.
 *
 * <p><b>Tables</b> (see {@link DynamoSessionTables} for the exact schemas, and to create them):
 * sessions keyed by {@code session_id}, with a GSI on {@code user_id} and TTL attribute {@code
 * ttl}; conversation history keyed by {@code session_id} and {@code timestamp}. The key is the
 * SHA-256 of the session id, so a dump of either table exposes no live session id.
 *
 * <p><b>Expiry.</b> DynamoDB deletes expired items lazily (typically within 48 hours, with no
 * guarantee), so every read checks {@code expires_at} against the store's clock and every write is
 * conditional on the session still being live: an expired session is never returned, updated or
 * touched. <b>Concurrency.</b> Updates are conditional on {@code version}; a stale update fails
 * with {@link SessionConflictException} and changes nothing. <b>Sliding expiry.</b> {@link #touch}
 * writes at most once per touch interval (default one minute), so a busy session does not cost a
 * write per request; its expiry may therefore run up to one interval early. <b>Throttling</b>
 * ({@code ProvisionedThroughputExceededException}, {@code ThrottlingException}, {@code
 * RequestLimitExceeded}) and transient I/O errors are retried with jittered back-off.
 */
public final class DynamoSessionStore implements SessionStore {

  /** DynamoDB's maximum item size. */
  public static final long MAX_ITEM_BYTES = 400 * 1024;

  static final String ID = "session_id";
  static final String USER = "user_id";
  static final String PERSONA = "persona";
  static final String ATTRIBUTES = "attributes";
  static final String CREATED = "created_at";
  static final String ACCESSED = "last_accessed_at";
  static final String EXPIRES = "expires_at";
  static final String TTL = "ttl";
  static final String VERSION = "version";
  static final String MESSAGES = "message_count";
  static final String TIMESTAMP = "timestamp";
  static final String SEQUENCE = "sequence";

  private static final Logger LOG = LoggerFactory.getLogger(DynamoSessionStore.class);

  private final AtomicBoolean malformedLogged = new AtomicBoolean();
  private final DynamoDbClient dynamo;
  private final boolean ownsClient;
  private final String table;
  private final String historyTable;
  private final String userIndex;
  private final Duration ttl;
  private final Duration touchInterval;
  private final Clock clock;
  private final DynamoCalls calls;
  private final DynamoConversations conversations;

  private DynamoSessionStore(Builder b, DynamoDbClient dynamo, boolean ownsClient) {
    this.dynamo = dynamo;
    this.ownsClient = ownsClient;
    this.table = b.table;
    this.historyTable = b.historyTable;
    this.userIndex = b.userIndex;
    this.ttl = b.ttl;
    this.touchInterval = b.touchInterval;
    this.clock = b.clock;
    this.calls = new DynamoCalls(b.policy, b.table, b.historyTable);
    this.conversations = new DynamoConversations(dynamo, b.historyTable, calls);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "dynamodb";
  }

  @Override
  public Duration ttl() {
    return ttl;
  }

  /** Returns the table key of a session id: its SHA-256 in hex. */
  static String keyOf(String sessionId) {
    return Hashes.sha256Hex(sessionId);
  }

  private static Map<String, AttributeValue> key(String sessionId) {
    return Map.of(ID, AttributeValue.fromS(keyOf(sessionId)));
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private Session toSession(String id, Map<String, AttributeValue> item) {
    Map<String, Object> attrs =
        item.containsKey(ATTRIBUTES) && item.get(ATTRIBUTES).hasM()
            ? DynamoAttributes.fromMap(item.get(ATTRIBUTES).m())
            : Map.of();
    AttributeValue persona = item.get(PERSONA);
    return new Session(
        id,
        DynamoAttributes.required(item, USER).s(),
        persona == null ? null : persona.s(),
        attrs,
        Instant.ofEpochMilli(Long.parseLong(DynamoAttributes.required(item, CREATED).n())),
        Instant.ofEpochMilli(Long.parseLong(DynamoAttributes.required(item, ACCESSED).n())),
        Instant.ofEpochMilli(Long.parseLong(DynamoAttributes.required(item, EXPIRES).n())),
        Long.parseLong(DynamoAttributes.required(item, VERSION).n()));
  }

  /**
   * Returns whether an item is a live session. An item this store did not write (no {@code
   * expires_at}, or one that is not a number; another version, a hand edit) is not live: it is
   * never returned, and that is logged once per store, never thrown.
   */
  private boolean live(Map<String, AttributeValue> item, Instant now) {
    if (item == null || item.isEmpty()) {
      return false;
    }
    AttributeValue expires = item.get(EXPIRES);
    try {
      if (expires == null || expires.n() == null) {
        throw new NumberFormatException("no number");
      }
      long at = Long.parseLong(expires.n());
      for (String required : List.of(USER, CREATED, ACCESSED, VERSION)) {
        AttributeValue v = item.get(required);
        if (v == null || (v.s() == null && v.n() == null)) {
          throw new NumberFormatException(required + " missing");
        }
      }
      return at > now.toEpochMilli();
    } catch (NumberFormatException e) {
      if (malformedLogged.compareAndSet(false, true)) {
        LOG.warn(
            "the sessions table {} holds an item that is not a session this store wrote ({} is {}); "
                + "it is treated as expired (logged once)",
            table,
            EXPIRES,
            expires == null
                ? "missing"
                : expires.n() == null ? "not a number" : "'" + expires.n() + "'");
      }
      return false;
    }
  }

  private Map<String, AttributeValue> itemOf(Session s, long messages) {
    Map<String, AttributeValue> item = item(s, messages);
    checkSize(item);
    return item;
  }

  private Map<String, AttributeValue> item(Session s, long messages) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ID, AttributeValue.fromS(keyOf(s.id())));
    item.put(USER, AttributeValue.fromS(s.userId()));
    s.persona().ifPresent(p -> item.put(PERSONA, AttributeValue.fromS(p)));
    item.put(ATTRIBUTES, AttributeValue.fromM(DynamoAttributes.toMap(s.attributes(), "")));
    item.put(CREATED, n(s.createdAt().toEpochMilli()));
    item.put(ACCESSED, n(s.lastAccessedAt().toEpochMilli()));
    item.put(EXPIRES, n(s.expiresAt().toEpochMilli()));
    item.put(TTL, n(s.expiresAt().getEpochSecond()));
    item.put(VERSION, n(s.version()));
    item.put(MESSAGES, n(messages));
    return item;
  }

  /**
   * The item as {@link #update(Session)} leaves it: every attribute it keeps or sets, the counter
   * at its largest.
   */
  private Map<String, AttributeValue> updatedItem(Session session, Instant now) {
    return item(session.withState(now, session.expiresAt(), session.version() + 1), Long.MAX_VALUE);
  }

  /**
   * Returns the size DynamoDB will count for the item {@link #update(Session)} writes; for tests.
   */
  long updatedItemSize(Session session) {
    return DynamoAttributes.itemSize(updatedItem(session, clock.instant()));
  }

  static void checkSize(Map<String, AttributeValue> item) {
    long size = DynamoAttributes.itemSize(item);
    if (size > MAX_ITEM_BYTES) {
      throw new SessionTooLargeException(size, MAX_ITEM_BYTES);
    }
  }

  @Override
  public Session create(String userId, @Nullable String persona, Map<String, ?> attributes) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(attributes, "attributes");
    Instant now = clock.instant();
    Session s =
        new Session(SessionIds.next(), userId, persona, attributes, now, now, now.plus(ttl), 1);
    Map<String, AttributeValue> item = itemOf(s, 0);
    calls.call(
        "create",
        () ->
            dynamo.putItem(
                r ->
                    r.tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(" + ID + ")")));
    return s;
  }

  @Override
  public Optional<Session> find(String id) {
    Objects.requireNonNull(id, "id");
    GetItemResponse r =
        calls.call(
            "find",
            () -> dynamo.getItem(g -> g.tableName(table).key(key(id)).consistentRead(true)));
    return r.hasItem() && live(r.item(), clock.instant())
        ? Optional.of(toSession(id, r.item()))
        : Optional.empty();
  }

  @Override
  public Session update(Session session) {
    Objects.requireNonNull(session, "session");
    Instant now = clock.instant();
    Map<String, AttributeValue> attrs = DynamoAttributes.toMap(session.attributes(), "");
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":a", AttributeValue.fromM(attrs));
    values.put(":now", n(now.toEpochMilli()));
    values.put(":v", n(session.version()));
    values.put(":next", n(session.version() + 1));
    String set = "SET #attrs = :a, " + ACCESSED + " = :now, #version = :next";
    String expression;
    if (session.persona().isPresent()) {
      values.put(":p", AttributeValue.fromS(session.persona().get()));
      expression = set + ", " + PERSONA + " = :p";
    } else {
      expression = set + " REMOVE " + PERSONA;
    }
    // The item as it will be after this update, counted by DynamoDB's rules: every attribute the
    // update keeps or sets, the message counter at its largest possible value. Refused before the
    // call, not by the service with a generic error.
    checkSize(updatedItem(session, now));
    try {
      UpdateItemResponse r =
          calls.call(
              "update",
              () ->
                  dynamo.updateItem(
                      u ->
                          u.tableName(table)
                              .key(key(session.id()))
                              .updateExpression(expression)
                              .conditionExpression("#version = :v AND " + EXPIRES + " > :now")
                              .expressionAttributeNames(
                                  Map.of("#attrs", ATTRIBUTES, "#version", VERSION))
                              .expressionAttributeValues(values)
                              .returnValues(ReturnValue.ALL_NEW)));
      return toSession(session.id(), r.attributes());
    } catch (ConditionalCheckFailedException e) {
      GetItemResponse current =
          calls.call(
              "update",
              () ->
                  dynamo.getItem(
                      g -> g.tableName(table).key(key(session.id())).consistentRead(true)));
      if (!current.hasItem() || !live(current.item(), now)) {
        throw new SessionNotFoundException(session.id());
      }
      throw new SessionConflictException(
          session.id(),
          session.version(),
          Long.parseLong(DynamoAttributes.required(current.item(), VERSION).n()));
    }
  }

  /**
   * The update clause that slides a session's expiry (touch, appendMessages): last access now,
   * expiry and TTL a full TTL on; its values are {@link #slideValues}, the TTL's name {@code #ttl}.
   */
  private static final String SLIDE = ACCESSED + " = :now, " + EXPIRES + " = :exp, #ttl = :ttl";

  private static Map<String, AttributeValue> slideValues(Instant now, Instant expires) {
    return Map.of(
        ":now",
        n(now.toEpochMilli()),
        ":exp",
        n(expires.toEpochMilli()),
        ":ttl",
        n(expires.getEpochSecond()));
  }

  @Override
  public Optional<Session> touch(String id) {
    Optional<Session> current = find(id);
    if (current.isEmpty()) {
      return current;
    }
    Instant now = clock.instant();
    if (Duration.between(current.get().lastAccessedAt(), now).compareTo(touchInterval) < 0) {
      return current; // touched recently: save the write
    }
    Instant expires = now.plus(ttl);
    try {
      UpdateItemResponse r =
          calls.call(
              "touch",
              () ->
                  dynamo.updateItem(
                      u ->
                          u.tableName(table)
                              .key(key(id))
                              .updateExpression("SET " + SLIDE)
                              .conditionExpression(EXPIRES + " > :now")
                              .expressionAttributeNames(Map.of("#ttl", TTL))
                              .expressionAttributeValues(slideValues(now, expires))
                              .returnValues(ReturnValue.ALL_NEW)));
      return Optional.of(toSession(id, r.attributes()));
    } catch (ConditionalCheckFailedException expiredMeanwhile) {
      return Optional.empty();
    }
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    boolean existed = deleteByKey(keyOf(id));
    return existed;
  }

  private boolean deleteByKey(String hashed) {
    var r =
        calls.call(
            "delete",
            () ->
                dynamo.deleteItem(
                    d ->
                        d.tableName(table)
                            .key(Map.of(ID, AttributeValue.fromS(hashed)))
                            .returnValues(ReturnValue.ALL_OLD)));
    conversations.deleteAll(hashed);
    return r.hasAttributes() && live(r.attributes(), clock.instant());
  }

  /**
   * Deletes every session of a user through the {@code user_id} index; see {@link
   * DynamoSessionTables}.
   */
  @Override
  public int deleteAllForUser(String userId) {
    Objects.requireNonNull(userId, "userId");
    int count = 0;
    Map<String, AttributeValue> startKey = null;
    do {
      Map<String, AttributeValue> from = startKey;
      QueryRequest.Builder q =
          QueryRequest.builder()
              .tableName(table)
              .indexName(userIndex)
              .keyConditionExpression(USER + " = :u")
              .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
              .exclusiveStartKey(from);
      QueryResponse page = calls.call("delete all for user", () -> dynamo.query(q.build()));
      for (Map<String, AttributeValue> item : page.items()) {
        if (deleteByKey(DynamoAttributes.required(item, ID).s())) {
          count++;
        }
      }
      startKey =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (startKey != null);
    return count;
  }

  @Override
  public ConversationMessage appendMessage(
      String sessionId, String role, String content, Map<String, ?> metadata) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    Instant now = clock.instant();
    long seq;
    Session session;
    try {
      // The session's counter orders messages, even two written in the same millisecond by two
      // instances, and the condition refuses a missing or expired session in the same call.
      UpdateItemResponse r =
          calls.call(
              "append",
              () ->
                  dynamo.updateItem(
                      u ->
                          u.tableName(table)
                              .key(key(sessionId))
                              .updateExpression("ADD " + MESSAGES + " :one")
                              .conditionExpression(
                                  "attribute_exists(" + ID + ") AND " + EXPIRES + " > :now")
                              .expressionAttributeValues(
                                  Map.of(":one", n(1), ":now", n(now.toEpochMilli())))
                              .returnValues(ReturnValue.ALL_NEW)));
      seq = Long.parseLong(DynamoAttributes.required(r.attributes(), MESSAGES).n());
      session = toSession(sessionId, r.attributes());
    } catch (ConditionalCheckFailedException e) {
      throw new SessionNotFoundException(sessionId);
    }
    Map<String, Object> meta = metadata == null ? Map.of() : new HashMap<>(metadata);
    ConversationMessage m = new ConversationMessage(role, content, now, seq, meta);
    conversations.put(keyOf(sessionId), m, session.expiresAt());
    return m;
  }

  /**
   * Appends the messages with two calls whatever their number (up to 25; one more batch write per
   * 25 after that): one conditional update that reserves their sequence numbers (an atomic {@code
   * ADD} of their count to the session's counter, so they are consecutive even when another
   * instance appends at the same moment) and slides the session's expiry as {@link #touch} would,
   * then batch writes of the messages. Every message is checked against the item size limit before
   * the first call, so a message that is too large changes nothing.
   */
  @Override
  public List<ConversationMessage> appendMessages(String sessionId, List<NewMessage> messages) {
    Objects.requireNonNull(sessionId, "sessionId");
    List<NewMessage> batch = List.copyOf(messages);
    if (batch.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    String hashed = keyOf(sessionId);
    for (NewMessage m : batch) {
      // the largest sequence this message could get: checked before the counter moves
      conversations.item(hashed, message(m, now, Long.MAX_VALUE), expires);
    }
    Map<String, AttributeValue> values = new HashMap<>(slideValues(now, expires));
    values.put(":count", n(batch.size()));
    UpdateItemResponse r;
    try {
      r =
          calls.call(
              "append",
              () ->
                  dynamo.updateItem(
                      u ->
                          u.tableName(table)
                              .key(key(sessionId))
                              .updateExpression("ADD " + MESSAGES + " :count SET " + SLIDE)
                              .conditionExpression(
                                  "attribute_exists(" + ID + ") AND " + EXPIRES + " > :now")
                              .expressionAttributeNames(Map.of("#ttl", TTL))
                              .expressionAttributeValues(values)
                              .returnValues(ReturnValue.UPDATED_NEW)));
    } catch (ConditionalCheckFailedException e) {
      throw new SessionNotFoundException(sessionId);
    }
    long last = Long.parseLong(DynamoAttributes.required(r.attributes(), MESSAGES).n());
    long seq = last - batch.size();
    List<ConversationMessage> out = new ArrayList<>(batch.size());
    List<Map<String, AttributeValue>> items = new ArrayList<>(batch.size());
    for (NewMessage m : batch) {
      ConversationMessage message = message(m, now, ++seq);
      out.add(message);
      items.add(conversations.item(hashed, message, expires));
    }
    conversations.putAll(items);
    return List.copyOf(out);
  }

  private static ConversationMessage message(NewMessage m, Instant at, long sequence) {
    return new ConversationMessage(m.role(), m.content(), at, sequence, m.metadata());
  }

  /** Reads the session and, when it is live, its history: two calls (more for a long history). */
  @Override
  public Optional<Conversation> findWithHistory(String id) {
    return find(id).map(s -> new Conversation(s, conversations.read(keyOf(id))));
  }

  @Override
  public List<ConversationMessage> history(String sessionId) {
    if (find(sessionId).isEmpty()) {
      return List.of();
    }
    return conversations.read(keyOf(sessionId));
  }

  @Override
  public List<ConversationMessage> history(String sessionId, int lastN) {
    if (lastN < 0) {
      throw new IllegalArgumentException("lastN must be >= 0, got " + lastN);
    }
    if (lastN == 0 || find(sessionId).isEmpty()) {
      return List.of();
    }
    return conversations.readLast(keyOf(sessionId), lastN);
  }

  @Override
  public Session importSession(Session session, List<ConversationMessage> history) {
    Objects.requireNonNull(session, "session");
    Instant now = clock.instant();
    Map<String, AttributeValue> item = itemOf(session, history.size());
    try {
      calls.call(
          "import",
          () ->
              dynamo.putItem(
                  p ->
                      p.tableName(table)
                          .item(item)
                          .conditionExpression(
                              "attribute_not_exists(" + ID + ") OR " + EXPIRES + " <= :now")
                          .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli())))));
    } catch (ConditionalCheckFailedException alreadyThere) {
      return find(session.id()).orElse(session);
    }
    String hashed = keyOf(session.id());
    long seq = 0;
    for (ConversationMessage m : history) {
      seq++;
      conversations.put(
          hashed,
          new ConversationMessage(m.role(), m.content(), m.timestamp(), seq, m.metadata()),
          session.expiresAt());
    }
    return session;
  }

  @Override
  public Health health() {
    try {
      calls.call("health", () -> dynamo.describeTable(d -> d.tableName(table)));
      return Health.up("sessions:dynamodb");
    } catch (RuntimeException e) {
      return Health.down("sessions:dynamodb", e.getMessage());
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
    return "DynamoSessionStore{table="
        + table
        + ", historyTable="
        + historyTable
        + ", ttl="
        + ttl
        + "}";
  }

  /** Builds a {@link DynamoSessionStore}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("DynamoSessionStore.Builder");
    @Nullable AwsCredentialsProvider credentials;
    private @Nullable DynamoDbClient client;
    private @Nullable String region;
    private @Nullable URI endpoint;
    private String table = "runway-sessions";
    private String historyTable = "runway-conversations";
    private String userIndex = DynamoSessionTables.USER_INDEX;
    private Duration ttl = Duration.ofHours(1);
    private Duration touchInterval = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private ResiliencePolicy policy =
        ResiliencePolicy.builder()
            .name("dynamodb")
            .maxAttempts(5)
            .backoff(Duration.ofMillis(50), Duration.ofSeconds(2))
            .circuitBreaker(0, Duration.ofSeconds(1))
            .build();
    private boolean createTables;
    private boolean enableTtl = true;

    private Builder() {}

    /** Uses a caller-built client (the caller closes it). */
    public Builder client(DynamoDbClient client) {
      once.check("client", client);
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the credentials of the SDK clients built here (default: the SDK's default chain:
     * environment, system properties, profile, container and instance roles). A caller-built client
     * keeps its own.
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      once.check("credentialsProvider", credentials);
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Sets the region of a client built by the store (default: the SDK's region chain). */
    public Builder region(String region) {
      once.check("region", region);
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Overrides the endpoint of a client built by the store, e.g. a local emulator. */
    public Builder endpoint(URI endpoint) {
      once.check("endpoint", endpoint);
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Sets the sessions table (default {@code runway-sessions}). */
    public Builder table(String table) {
      once.check("table", table);
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /** Sets the conversation history table (default {@code runway-conversations}). */
    public Builder historyTable(String table) {
      once.check("historyTable", table);
      this.historyTable = Objects.requireNonNull(table, "table");
      return this;
    }

    /** Sets the name of the GSI on {@code user_id} (default {@code user_id-index}). */
    public Builder userIndex(String index) {
      once.check("userIndex", index);
      this.userIndex = Objects.requireNonNull(index, "index");
      return this;
    }

    /** Sets how long a session lives after creation or its last touch (default 1 hour). */
    public Builder ttl(Duration ttl) {
      once.check("ttl", ttl);
      this.ttl = Checks.positive(ttl, "ttl");
      return this;
    }

    /** Sets the minimum time between two writes by {@link #touch} (default 1 minute). */
    public Builder touchInterval(Duration interval) {
      once.check("touchInterval", interval);
      this.touchInterval = Checks.nonNegative(interval, "touchInterval");
      return this;
    }

    /** Sets the clock that decides expiry. */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the retry policy for throttling and transient errors. */
    public Builder resilience(ResiliencePolicy policy) {
      once.check("resilience", policy);
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Creates missing tables when the store is built (off by default), with TTL on {@code ttl}
     * unless {@code enableTtl} is false (tests that must see expired-but-undeleted items).
     */
    public Builder createTables(boolean create, boolean enableTtl) {
      once.check("createTables", String.valueOf(create) + ", " + String.valueOf(enableTtl));
      this.createTables = create;
      this.enableTtl = enableTtl;
      return this;
    }

    /** Returns the store; with {@code createTables} creates the missing tables first. */
    public DynamoSessionStore build() {
      boolean owns = client == null;
      DynamoDbClient c = client;
      if (c == null) {
        DynamoDbClientBuilder b =
            DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // one retry layer: Runway's (throttling, transient failures); the SDK's own is off
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)));
        if (credentials != null) {
          b.credentialsProvider(credentials);
        }
        if (region != null) {
          b.region(Region.of(region));
        }
        if (endpoint != null) {
          b.endpointOverride(endpoint);
        }
        c = b.build();
      }
      if (createTables) {
        DynamoSessionTables.create(c, table, historyTable, userIndex, enableTtl);
      }
      return new DynamoSessionStore(this, c, owns);
    }
  }
}
