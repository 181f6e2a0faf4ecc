package dev.runway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runway.core.health.Health;
import dev.runway.core.session.Conversation;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.NewMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionConflictException;
import dev.runway.core.session.SessionIds;
import dev.runway.core.session.SessionNotFoundException;
import dev.runway.core.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link SessionStore} must show. Extend it and create the store under test in
 * {@link #createStore(MutableClock, Duration)}; the store must take its time from the clock.
 */
public abstract class SessionStoreContract {

  /** The TTL the suite creates stores with. */
  protected static final Duration TTL = Duration.ofMinutes(30);

  private SessionStore store;
  private MutableClock clock;

  /** Creates an empty store with sessions living {@code ttl}, reading time from {@code clock}. */
  protected abstract SessionStore createStore(MutableClock clock, Duration ttl);

  /** Returns whether the concurrency test should run (it makes 2,000 round trips). */
  protected boolean runConcurrencyTest() {
    return true;
  }

  /** Returns the store under test. */
  protected final SessionStore store() {
    return store;
  }

  /** Returns the clock the store reads. */
  protected final MutableClock clock() {
    return clock;
  }

  /** What one of the four threads of a concurrency test does. */
  @FunctionalInterface
  private interface ThreadBody {
    void run(int thread) throws Exception;
  }

  /**
   * Runs {@code body} on four threads released together by a barrier (all four write at once, never
   * one after another) and fails with the first exception any of them threw.
   */
  private static void onFourThreadsAtOnce(long timeoutSeconds, ThreadBody body) throws Exception {
    CyclicBarrier start = new CyclicBarrier(4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  body.run(thread);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(timeoutSeconds, TimeUnit.SECONDS); // an exception in any thread fails here
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @BeforeEach
  final void setUpStore() {
    clock = new MutableClock();
    store = createStore(clock, TTL);
  }

  @AfterEach
  final void closeStore() {
    store.close();
  }

  @Test
  @DisplayName("ids carry at least 128 random bits and do not repeat")
  void create_ids_areLongAndUnique() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String id = store.create("u" + i, null, Map.of()).id();
      assertThat(id).matches("[A-Za-z0-9_-]+");
      assertThat(Base64.getUrlDecoder().decode(id).length * 8).isGreaterThanOrEqualTo(128);
      ids.add(id);
    }
    assertThat(ids).hasSize(200);
    // random, not counted: 128 random bits are at least 22 base64 characters that each take many
    // values across the ids; a counter (or a timestamp) varies only in its last few characters
    List<String> sample = new ArrayList<>(ids);
    int length = sample.stream().mapToInt(String::length).min().orElse(0);
    int varying = 0;
    for (int pos = 0; pos < length; pos++) {
      Set<Character> seen = new HashSet<>();
      for (String id : sample) {
        seen.add(id.charAt(pos));
      }
      if (seen.size() >= 8) {
        varying++;
      }
    }
    assertThat(varying)
        .as("character positions of the ids that vary like random data")
        .isGreaterThanOrEqualTo(22);
  }

  @Test
  @DisplayName("a created session is found with its user, persona, attributes and version 1")
  void create_thenFind_returnsSession() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("warehouse", "W-01");
    attrs.put("filters", Map.of("category", "Pumps", "limit", 10));
    attrs.put("recent", List.of("a", "b"));
    Session s = store.create("alice", "Warehouse Manager", attrs);
    Session found = store.find(s.id()).orElseThrow();
    assertThat(found.userId()).isEqualTo("alice");
    assertThat(found.persona()).contains("Warehouse Manager");
    assertThat(found.attribute("warehouse")).contains("W-01");
    assertThat(found.attributes()).containsKeys("filters", "recent");
    assertThat(found.version()).isEqualTo(1);
    assertThat(found.expiresAt()).isEqualTo(clock.instant().plus(TTL));
  }

  @Test
  @DisplayName("an unknown id is not found")
  void find_unknownId_isEmpty() {
    assertThat(store.find("no-such-session-id-000000000000")).isEmpty();
  }

  @Test
  @DisplayName("an expired session is never returned, updated or touched")
  void expiredSession_isNeverReturned() {
    Session s = store.create("bob", null, Map.of());
    clock.advance(TTL.plusSeconds(1));
    assertThat(store.find(s.id())).isEmpty();
    assertThat(store.touch(s.id())).isEmpty();
    assertThatThrownBy(() -> store.update(s.withAttribute("k", "v")))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  @DisplayName("update stores attributes and increments the version")
  void update_current_incrementsVersion() {
    Session s = store.create("carol", "Field Engineer", Map.of("n", 1));
    Session updated = store.update(s.withAttribute("n", 2).withPersona("Procurement Specialist"));
    assertThat(updated.version()).isEqualTo(2);
    Session found = store.find(s.id()).orElseThrow();
    assertThat(((Number) found.attribute("n").orElseThrow()).intValue()).isEqualTo(2);
    assertThat(found.persona()).contains("Procurement Specialist");
    assertThat(found.version()).isEqualTo(2);
  }

  @Test
  @DisplayName("a stale update is rejected and changes nothing")
  void update_stale_isRejected() {
    Session s = store.create("dave", null, Map.of("n", 1));
    store.update(s.withAttribute("n", 2));
    assertThatThrownBy(() -> store.update(s.withAttribute("n", 99)))
        .isInstanceOfSatisfying(
            SessionConflictException.class,
            e -> {
              assertThat(e.expectedVersion()).isEqualTo(1);
              assertThat(e.actualVersion()).isEqualTo(2);
              assertThat(e.getMessage()).doesNotContain(s.id());
            });
    assertThat(((Number) store.find(s.id()).orElseThrow().attribute("n").orElseThrow()).intValue())
        .isEqualTo(2);
  }

  @Test
  @Timeout(300)
  @DisplayName("4 threads x 500 read-modify-write increments end at exactly 2,000")
  void update_concurrentIncrements_loseNothing() throws Exception {
    assumeTrue(runConcurrencyTest(), "concurrency test turned off for this store");
    Session s = store.create("erin", null, Map.of("count", 0));
    AtomicInteger conflicts = new AtomicInteger();
    onFourThreadsAtOnce(
        280,
        thread -> {
          for (int i = 0; i < 500; i++) {
            while (true) {
              Session cur = store.find(s.id()).orElseThrow();
              int n = ((Number) cur.attribute("count").orElseThrow()).intValue();
              try {
                store.update(cur.withAttribute("count", n + 1));
                break;
              } catch (SessionConflictException retry) {
                conflicts.incrementAndGet(); // someone else won this round: read again and retry
              }
            }
          }
        });
    Session end = store.find(s.id()).orElseThrow();
    assertThat(((Number) end.attribute("count").orElseThrow()).intValue()).isEqualTo(2_000);
    assertThat(end.version()).isEqualTo(2_001);
    System.out.println(
        getClass().getSimpleName() + ": 2,000 increments met " + conflicts.get() + " conflicts");
  }

  @Test
  @DisplayName("update(id, mutation) applies the change")
  void updateWithMutation_appliesChange() {
    Session s = store.create("frank", null, Map.of("count", 0));
    Session out =
        store.update(
            s.id(),
            cur ->
                cur.withAttribute(
                    "count", ((Number) cur.attribute("count").orElseThrow()).intValue() + 5));
    assertThat(((Number) out.attribute("count").orElseThrow()).intValue()).isEqualTo(5);
  }

  @Test
  @DisplayName("update(id, mutation) meets a real conflict, reads again and loses nothing")
  void updateWithMutation_conflict_isRetried() {
    Session s = store.create("fiona", null, Map.of("count", 0));
    AtomicInteger calls = new AtomicInteger();
    Session out =
        store.update(
            s.id(),
            cur -> {
              if (calls.incrementAndGet() == 1) {
                // another writer gets in between this read and this write: a forced interleaving
                Session other = store.find(s.id()).orElseThrow();
                store.update(
                    other.withAttribute(
                        "count",
                        ((Number) other.attribute("count").orElseThrow()).intValue() + 10));
              }
              return cur.withAttribute(
                  "count", ((Number) cur.attribute("count").orElseThrow()).intValue() + 1);
            });
    assertThat(calls.get()).as("the mutation ran again after the conflict").isEqualTo(2);
    assertThat(((Number) out.attribute("count").orElseThrow()).intValue()).isEqualTo(11);
    assertThat(out.version()).isEqualTo(3);
  }

  @Test
  @DisplayName("4 threads x 500 update(id, mutation) calls end at exactly 2,000, none failing")
  void updateWithMutation_concurrent_endsExact() throws Exception {
    assumeTrue(runConcurrencyTest(), "concurrency test turned off for this store");
    Session s = store.create("gary", null, Map.of("count", 0));
    AtomicInteger mutations = new AtomicInteger();
    onFourThreadsAtOnce(
        280,
        thread -> {
          for (int i = 0; i < 500; i++) {
            store.update(
                s.id(),
                cur -> {
                  mutations.incrementAndGet();
                  return cur.withAttribute(
                      "count", ((Number) cur.attribute("count").orElseThrow()).intValue() + 1);
                });
          }
        });
    Session end = store.find(s.id()).orElseThrow();
    assertThat(((Number) end.attribute("count").orElseThrow()).intValue()).isEqualTo(2_000);
    System.out.println(
        getClass().getSimpleName()
            + ": 2,000 increments took "
            + mutations.get()
            + " mutation calls ("
            + (mutations.get() - 2_000)
            + " retried after a conflict)");
  }

  @Test
  @DisplayName("4 threads appending at once lose no message and number them 1..n")
  void appendMessage_concurrent_isAtomic() throws Exception {
    assumeTrue(runConcurrencyTest(), "concurrency test turned off for this store");
    Session s = store.create("hana", null, Map.of());
    onFourThreadsAtOnce(
        120,
        thread -> {
          for (int i = 0; i < 25; i++) {
            store.appendMessage(s.id(), "user", "t" + thread + "-" + i, Map.of());
          }
        });
    List<ConversationMessage> history = store.history(s.id());
    assertThat(history).hasSize(100);
    assertThat(history).extracting(ConversationMessage::content).doesNotHaveDuplicates();
    assertThat(history)
        .extracting(ConversationMessage::sequence)
        .isSorted()
        .doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("touch slides the expiry forward")
  void touch_slidesExpiry() {
    Session s = store.create("gina", null, Map.of());
    clock.advance(TTL.minusMinutes(1));
    Session touched = store.touch(s.id()).orElseThrow();
    assertThat(touched.expiresAt()).isAfter(s.expiresAt());
    clock.advance(Duration.ofMinutes(5));
    assertThat(store.find(s.id())).as("alive past the original expiry").isPresent();
  }

  @Test
  @DisplayName("delete removes one session; deleteAllForUser removes all of one user's")
  void delete_andDeleteAllForUser() {
    Session a1 = store.create("harry", null, Map.of());
    Session a2 = store.create("harry", null, Map.of());
    Session b = store.create("irene", null, Map.of());
    assertThat(store.delete(a1.id())).isTrue();
    assertThat(store.delete(a1.id())).isFalse();
    assertThat(store.find(a1.id())).isEmpty();
    Session a3 = store.create("harry", null, Map.of());
    assertThat(store.deleteAllForUser("harry")).isEqualTo(2);
    assertThat(store.find(a2.id())).isEmpty();
    assertThat(store.find(a3.id())).isEmpty();
    assertThat(store.find(b.id())).isPresent();
  }

  @Test
  @DisplayName(
      "history is kept in time order, even within one millisecond; lastN returns the newest")
  void history_isOrdered() {
    Session s = store.create("jack", null, Map.of());
    for (int i = 1; i <= 12; i++) {
      store.appendMessage(
          s.id(), i % 2 == 1 ? "user" : "assistant", "message " + i, Map.of("i", i));
    }
    List<ConversationMessage> all = store.history(s.id());
    assertThat(all)
        .extracting(ConversationMessage::content)
        .containsExactly(
            "message 1",
            "message 2",
            "message 3",
            "message 4",
            "message 5",
            "message 6",
            "message 7",
            "message 8",
            "message 9",
            "message 10",
            "message 11",
            "message 12");
    assertThat(store.history(s.id(), 3))
        .extracting(ConversationMessage::content)
        .containsExactly("message 10", "message 11", "message 12");
    assertThat(all.get(0).role()).isEqualTo("user");
  }

  @Test
  @DisplayName(
      "appendMessages appends in list order after what is there, and slides the expiry like touch")
  void appendMessages_inOrder_slidesExpiry() {
    Session s = store.create("mona", null, Map.of());
    store.appendMessage(s.id(), "user", "first", Map.of());
    clock.advance(TTL.minusMinutes(1));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("rows", 2);
    meta.put("sql", null);
    List<ConversationMessage> added =
        store.appendMessages(
            s.id(),
            List.of(
                NewMessage.of("user", "question", Map.of()),
                NewMessage.of("assistant", "answer", meta)));
    assertThat(added)
        .extracting(ConversationMessage::content)
        .containsExactly("question", "answer");
    assertThat(added.get(1).sequence()).isGreaterThan(added.get(0).sequence());
    assertThat(added.get(0).sequence()).isGreaterThan(store.history(s.id()).get(0).sequence());
    List<ConversationMessage> history = store.history(s.id());
    assertThat(history)
        .extracting(ConversationMessage::content)
        .containsExactly("first", "question", "answer");
    assertThat(history)
        .extracting(ConversationMessage::sequence)
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(history.get(2).role()).isEqualTo("assistant");
    assertThat(history.get(2).metadata()).containsEntry("sql", null).containsKey("rows");
    clock.advance(Duration.ofMinutes(5));
    assertThat(store.find(s.id())).as("alive past the original expiry").isPresent();
    assertThat(store.appendMessages(s.id(), List.of())).isEmpty();
    assertThat(store.history(s.id())).hasSize(3);
  }

  @Test
  @DisplayName("appendMessages to a missing or expired session fails and appends nothing")
  void appendMessages_missingOrExpired_fails() {
    List<NewMessage> pair =
        List.of(NewMessage.of("user", "q", Map.of()), NewMessage.of("assistant", "a", Map.of()));
    assertThatThrownBy(() -> store.appendMessages(SessionIds.next(), pair))
        .isInstanceOf(SessionNotFoundException.class);
    Session s = store.create("nora", null, Map.of());
    clock.advance(TTL.plusSeconds(1));
    assertThatThrownBy(() -> store.appendMessages(s.id(), pair))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(store.find(s.id())).isEmpty();
  }

  @Test
  @DisplayName("findWithHistory returns a live session with its history, and nothing otherwise")
  void findWithHistory_liveOnly() {
    Session s = store.create("olga", "buyer", Map.of("team", "north"));
    store.appendMessage(s.id(), "user", "one", Map.of());
    store.appendMessage(s.id(), "assistant", "two", Map.of());
    Conversation c = store.findWithHistory(s.id()).orElseThrow();
    assertThat(c.session().id()).isEqualTo(s.id());
    assertThat(c.session().userId()).isEqualTo("olga");
    assertThat(c.session().persona()).contains("buyer");
    assertThat(c.messages()).extracting(ConversationMessage::content).containsExactly("one", "two");
    assertThat(c.messages()).isEqualTo(store.history(s.id()));
    assertThat(store.findWithHistory(SessionIds.next())).isEmpty();
    Session empty = store.create("olga", null, Map.of());
    assertThat(store.findWithHistory(empty.id()).orElseThrow().messages()).isEmpty();
    clock.advance(TTL.plusSeconds(1));
    assertThat(store.findWithHistory(s.id())).isEmpty();
  }

  @Test
  @DisplayName("4 threads appending pairs at once lose no message and number them apart")
  void appendMessages_concurrent_loseNothing() throws Exception {
    assumeTrue(runConcurrencyTest(), "concurrency test turned off for this store");
    Session s = store.create("pia", null, Map.of());
    onFourThreadsAtOnce(
        120,
        thread -> {
          for (int i = 0; i < 10; i++) {
            store.appendMessages(
                s.id(),
                List.of(
                    NewMessage.of("user", "q" + thread + "-" + i, Map.of()),
                    NewMessage.of("assistant", "a" + thread + "-" + i, Map.of())));
          }
        });
    List<ConversationMessage> history = store.history(s.id());
    assertThat(history).hasSize(80);
    assertThat(history).extracting(ConversationMessage::content).doesNotHaveDuplicates();
    assertThat(history)
        .extracting(ConversationMessage::sequence)
        .isSorted()
        .doesNotHaveDuplicates();
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < 10; i++) {
        List<String> contents = history.stream().map(ConversationMessage::content).toList();
        assertThat(contents.indexOf("q" + t + "-" + i))
            .as("each question before its answer")
            .isLessThan(contents.indexOf("a" + t + "-" + i));
      }
    }
  }

  @Test
  @DisplayName("message metadata keeps JSON-like values, null included")
  void appendMessage_metadataWithNull_isKept() {
    Session s = store.create("lena", null, Map.of());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("sql", null);
    metadata.put("rows", 3);
    metadata.put("filters", Map.of("region", "EU"));
    store.appendMessage(s.id(), "assistant", "3 rows", metadata);
    ConversationMessage m = store.history(s.id()).get(0);
    assertThat(m.metadata()).containsEntry("sql", null).containsKey("rows").containsKey("filters");
    assertThat(((Number) m.metadata().get("rows")).intValue()).isEqualTo(3);
  }

  @Test
  @DisplayName("history of an expired session is not returned; appending to it fails")
  void history_expiredSession_isHidden() {
    Session s = store.create("kate", null, Map.of());
    store.appendMessage(s.id(), "user", "hello", Map.of());
    clock.advance(TTL.plusSeconds(1));
    assertThat(store.history(s.id())).isEmpty();
    assertThatThrownBy(() -> store.appendMessage(s.id(), "user", "again", Map.of()))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  @DisplayName(
      "importSession stores a session exactly as given, and keeps a live one already there")
  void importSession_storesAsGiven() {
    Instant now = clock.instant();
    Session moved =
        new Session(
            SessionIds.next(),
            "mona",
            "Field Engineer",
            Map.of("k", "v"),
            now.minusSeconds(600),
            now.minusSeconds(60),
            now.plus(TTL),
            7);
    ConversationMessage old =
        new ConversationMessage("user", "from the old store", now.minusSeconds(120), 1, Map.of());
    Session stored = store.importSession(moved, List.of(old));
    assertThat(stored.version()).isEqualTo(7);
    Session found = store.find(moved.id()).orElseThrow();
    assertThat(found.version()).isEqualTo(7);
    assertThat(found.userId()).isEqualTo("mona");
    assertThat(found.createdAt()).isEqualTo(moved.createdAt());
    assertThat(found.expiresAt()).isEqualTo(moved.expiresAt());
    assertThat(store.history(moved.id()))
        .extracting(ConversationMessage::content)
        .containsExactly("from the old store");
    Session again = store.importSession(moved.withAttribute("k", "other"), List.of());
    assertThat(again.attribute("k")).contains("v");
    assertThat(store.update(found.withAttribute("k", "w")).version()).isEqualTo(8);
  }

  @Test
  @DisplayName("toString does not reveal the session id")
  void toString_masksId() {
    Session s = store.create("liam", null, Map.of());
    assertThat(s.toString()).doesNotContain(s.id());
  }

  @Test
  @DisplayName("health reports UP")
  void health_isUp() {
    assertThat(store.health().status()).isEqualTo(Health.Status.UP);
  }
}
