package dev.runway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.health.Health;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryCancelledException;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.QueryTimeoutException;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import dev.runway.core.spi.ConfigSection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime Athena and the Redshift Data API share, on a scripted engine: what reaches the engine
 * (submissions and their tokens, status calls, stops, page reads) for each outcome a remote engine
 * can give. The engine modules run the same runtime against their service fixtures; this test pins
 * the runtime's own rules without a service, so each rule has a test in core.
 */
class PolledQueryRuntimeTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final List<Column> COLUMNS = List.of(Column.of("n", ColumnType.INTEGER));

  /** The settings base as an engine's builder extends it. */
  static final class Settings extends PollingSettings<Settings> {
    Settings() {
      super(1_000, new SetOnce("test"));
    }
  }

  /** An engine whose every answer the test gives, recording every call made to it. */
  static final class Scripted implements PolledEngine<String> {
    final Deque<Supplier<String>> submits = new ArrayDeque<>();
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final List<List<Object>> boundValues = new CopyOnWriteArrayList<>();
    Function<Integer, Status<String>> describe = n -> status("q1", State.SUCCEEDED);
    final AtomicInteger describes = new AtomicInteger();
    final List<String> stops = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final CountDownLatch stopped = new CountDownLatch(1);
    RuntimeException stopFailure;
    final Deque<Supplier<Page>> pages = new ArrayDeque<>();
    final AtomicInteger pageReads = new AtomicInteger();
    final AtomicInteger pagesClosed = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    RuntimeException pingFailure;
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public synchronized String submit(Submission s) {
      tokens.add(s.idempotencyToken());
      boundValues.add(s.values());
      Supplier<String> next = submits.poll();
      return next == null ? "q1" : next.get();
    }

    @Override
    public Status<String> describe(String queryId) {
      return describe.apply(describes.incrementAndGet());
    }

    @Override
    public void stop(String queryId) {
      stops.add(queryId);
      events.add("stop " + queryId);
      stopped.countDown();
      if (stopFailure != null) {
        throw stopFailure;
      }
    }

    @Override
    public Pages pages(Status<String> status, Query query) {
      assertThat(status.detail()).isEqualTo("detail of " + status.queryId());
      return new Pages() {
        @Override
        public Page next() {
          pageReads.incrementAndGet();
          Supplier<Page> p;
          synchronized (Scripted.this) {
            p = Scripted.this.pages.poll();
          }
          return p == null ? null : p.get();
        }

        @Override
        public void close() {
          pagesClosed.incrementAndGet();
        }
      };
    }

    @Override
    public void ping() {
      pings.incrementAndGet();
      if (pingFailure != null) {
        throw pingFailure;
      }
    }

    @Override
    public void close() {
      events.add("close");
      closes.incrementAndGet();
    }

    void rows(int... counts) {
      int n = 0;
      boolean first = true;
      for (int c : counts) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < c; i++) {
          rows.add(new Object[] {n++});
        }
        Page p = new Page(first ? COLUMNS : null, rows);
        pages.add(() -> p);
        first = false;
      }
    }
  }

  static PolledEngine.Status<String> status(String id, PolledEngine.State state) {
    return new PolledEngine.Status<>(
        id,
        state,
        null,
        QueryStats.builder("scripted").queryId(id).bytesScanned(42).build(),
        true,
        "detail of " + id);
  }

  static PolledEngine.Status<String> failed(String id, RunwayException why) {
    return new PolledEngine.Status<>(
        id, PolledEngine.State.FAILED, why, QueryStats.builder("scripted").build(), false, null);
  }

  static RunwayException error(ErrorCategory category) {
    return new RunwayException("scripted " + category, category, null, null);
  }

  private final Scripted engine = new Scripted();
  private PolledQueryRuntime<String> runtime;

  private PolledQueryRuntime<String> runtime(Settings s) {
    runtime = new PolledQueryRuntime<>(engine, s);
    return runtime;
  }

  private PolledQueryRuntime<String> fastRuntime() {
    return runtime(new Settings().polling(PollingPolicy.fixed(Duration.ofMillis(1))));
  }

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private static List<Integer> values(Iterable<Row> rows) {
    List<Integer> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(((Number) r.get(0)).intValue());
    }
    return out;
  }

  // ---- results ----

  @Test
  void execute_readsEveryPage_andCountsTheRows() {
    engine.rows(2, 0, 3);
    QueryResult r = fastRuntime().execute(Query.of("SELECT n FROM t"));
    assertThat(values(r.rows())).containsExactly(0, 1, 2, 3, 4);
    assertThat(r.columns()).isEqualTo(COLUMNS);
    assertThat(r.stats().rows()).isEqualTo(5);
    assertThat(r.stats().bytesScanned()).hasValue(42);
    assertThat(engine.pagesClosed).hasValue(1);
    assertThat(runtime.runningQueries()).isEmpty();
  }

  @Test
  void execute_withoutResultSet_readsNoPage() {
    engine.describe =
        n ->
            new PolledEngine.Status<>(
                "q1",
                PolledEngine.State.SUCCEEDED,
                null,
                QueryStats.builder("scripted").build(),
                false,
                null);
    QueryResult r = fastRuntime().execute(Query.of("CREATE TABLE t (n int)"));
    assertThat(r.rows()).isEmpty();
    assertThat(r.columns()).isEmpty();
    assertThat(engine.pageReads).hasValue(0);
  }

  @Test
  void maxRows_stopsReadingPagesOnceReached() {
    engine.rows(3, 3, 3, 3);
    QueryResult r = fastRuntime().execute(Query.builder("SELECT n FROM t").maxRows(4).build());
    assertThat(values(r.rows())).containsExactly(0, 1, 2, 3);
    // the first page and the second (which holds the fourth row); none ahead of the limit
    assertThat(engine.pageReads).hasValue(2);
  }

  @Test
  void maxRows_equalToAPage_prefetchesNothingMore() {
    engine.rows(3, 3);
    QueryResult r = fastRuntime().execute(Query.builder("SELECT n FROM t").maxRows(3).build());
    assertThat(values(r.rows())).containsExactly(0, 1, 2);
    // exactly the limit on the first page: the second is never asked for
    assertThat(engine.pageReads).hasValue(1);
  }

  @Test
  void stream_iteratesOnce_andNextPastTheEndThrows() {
    engine.rows(1);
    try (RowStream s = fastRuntime().stream(Query.of("SELECT n FROM t"))) {
      assertThat(s.queryId()).hasValue("q1");
      assertThat(s.columns()).isEqualTo(COLUMNS);
      Iterator<Row> it = s.iterator();
      assertThat(it.hasNext()).isTrue();
      assertThat(it.next().get(0)).isEqualTo(0);
      assertThat(it.hasNext()).isFalse();
      assertThat(it.hasNext()).isFalse();
      assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
      assertThatThrownBy(s::iterator)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("once");
    }
    assertThat(engine.pagesClosed).hasValue(1);
  }

  @Test
  void stream_closedEarly_closesTheReaderOnce_afterThePrefetchEnds() {
    engine.rows(2, 2, 2);
    RowStream s = fastRuntime().stream(Query.of("SELECT n FROM t"));
    Iterator<Row> it = s.iterator();
    it.next();
    s.close();
    assertThat(engine.pagesClosed).hasValue(1);
    assertThat(engine.pageReads.get()).isLessThanOrEqualTo(2);
  }

  @Test
  void firstPageWithoutColumns_isAnInternalFailure_andClosesTheReader() {
    engine.pages.add(() -> new PolledEngine.Page(null, List.of()));
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT 1")))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.INTERNAL);
              assertThat(e.queryId()).hasValue("q1");
              assertThat(e.getMessage()).contains("no columns");
            });
    assertThat(engine.pagesClosed).hasValue(1);
  }

  @Test
  void noFirstPage_isAnInternalFailure() {
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT 1")))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.INTERNAL));
    assertThat(engine.pagesClosed).hasValue(1);
  }

  @Test
  void firstPage_retryableFailure_isAskedAgain() {
    AtomicInteger failures = new AtomicInteger();
    engine.pages.add(
        () -> {
          failures.incrementAndGet();
          throw error(ErrorCategory.TRANSIENT);
        });
    engine.pages.add(
        () -> {
          failures.incrementAndGet();
          throw error(ErrorCategory.THROTTLED);
        });
    engine.rows(1);
    QueryResult r = fastRuntime().execute(Query.of("SELECT n FROM t"));
    assertThat(values(r.rows())).containsExactly(0);
    assertThat(failures).hasValue(2);
  }

  @Test
  void firstPage_failingMoreThanThreeTimes_fails_andClosesTheReader() {
    for (int i = 0; i < 4; i++) {
      engine.pages.add(
          () -> {
            throw error(ErrorCategory.UNAVAILABLE);
          });
    }
    engine.rows(1);
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT n FROM t")))
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE));
    assertThat(engine.pageReads).hasValue(4);
    assertThat(engine.pagesClosed).hasValue(1);
  }

  @Test
  void page_nonRetryableFailure_isNotAskedAgain() {
    engine.pages.add(
        () -> {
          throw error(ErrorCategory.USER_ERROR);
        });
    engine.rows(1);
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT n FROM t")))
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR));
    assertThat(engine.pageReads).hasValue(1);
  }

  @Test
  void laterPage_failure_reachesTheReader_asItsOwnException() {
    engine.rows(1);
    engine.pages.add(
        () -> {
          throw error(ErrorCategory.USER_ERROR);
        });
    RowStream s = fastRuntime().stream(Query.of("SELECT n FROM t"));
    Iterator<Row> it = s.iterator();
    assertThat(it.next().get(0)).isEqualTo(0);
    assertThatThrownBy(it::hasNext)
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR));
    s.close();
    assertThat(engine.pagesClosed).hasValue(1);
  }

  @Test
  void laterPage_unexpectedFailure_isATransientFailureNamingTheQuery() {
    engine.rows(1);
    engine.pages.add(
        () -> {
          throw new IllegalStateException("reader broke");
        });
    try (RowStream s = fastRuntime().stream(Query.of("SELECT n FROM t"))) {
      Iterator<Row> it = s.iterator();
      it.next();
      assertThatThrownBy(it::hasNext)
          .isInstanceOfSatisfying(
              QueryFailedException.class,
              e -> {
                assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
                assertThat(e.queryId()).hasValue("q1");
                assertThat(e.getMessage()).contains("q1").contains("reader broke");
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
              });
    }
  }

  // ---- submission ----

  @Test
  void throttledSubmission_isSentAgain_underTheSameToken() {
    engine.submits.add(
        () -> {
          throw error(ErrorCategory.THROTTLED);
        });
    engine.submits.add(
        () -> {
          throw error(ErrorCategory.THROTTLED);
        });
    engine.rows(1);
    fastRuntime().execute(Query.of("SELECT n FROM t"));
    assertThat(engine.tokens).hasSize(3);
    assertThat(Collections.frequency(engine.tokens, engine.tokens.get(0))).isEqualTo(3);
  }

  @Test
  void eachQuery_hasItsOwnToken() {
    engine.rows(1);
    fastRuntime().execute(Query.of("SELECT n FROM t"));
    engine.rows(1);
    runtime.execute(Query.of("SELECT n FROM t"));
    assertThat(engine.tokens).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void transientSubmissionFailure_isAskedThreeTimesMore_thenFails() {
    for (int i = 0; i < 5; i++) {
      engine.submits.add(
          () -> {
            throw error(ErrorCategory.TRANSIENT);
          });
    }
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT 1")))
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT));
    assertThat(engine.tokens).hasSize(4).containsOnly(engine.tokens.get(0));
    assertThat(engine.describes).hasValue(0);
  }

  @Test
  void refusedSubmission_isNotAskedAgain() {
    engine.submits.add(
        () -> {
          throw error(ErrorCategory.USER_ERROR);
        });
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT 1")))
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR));
    assertThat(engine.tokens).hasSize(1);
  }

  @Test
  void throttledUntilTheQueryTimeout_isATimeout() {
    for (int i = 0; i < 10_000; i++) {
      engine.submits.add(
          () -> {
            throw error(ErrorCategory.THROTTLED);
          });
    }
    Query q = Query.builder("SELECT 1").timeout(Duration.ofMillis(150)).build();
    assertThatThrownBy(() -> fastRuntime().execute(q))
        .isInstanceOfSatisfying(
            QueryTimeoutException.class,
            e -> {
              assertThat(e.timeout()).isEqualTo(Duration.ofMillis(150));
              assertThat(e.getCause()).isInstanceOf(RunwayException.class);
            });
    assertThat(engine.tokens.size()).isGreaterThan(1);
  }

  @Test
  void throttledPastTheThrottleWait_isTheThrottlingError_notATimeout() {
    for (int i = 0; i < 10_000; i++) {
      engine.submits.add(
          () -> {
            throw error(ErrorCategory.THROTTLED);
          });
    }
    runtime(
        new Settings()
            .polling(PollingPolicy.fixed(Duration.ofMillis(1)))
            .maxThrottleWait(Duration.ofMillis(100)));
    Query q = Query.builder("SELECT 1").timeout(Duration.ofMinutes(5)).build();
    assertThatThrownBy(() -> runtime.execute(q))
        .isNotInstanceOf(QueryTimeoutException.class)
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.THROTTLED));
    // and without a timeout of its own
    assertThatThrownBy(() -> runtime.execute(Query.of("SELECT 1")))
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.THROTTLED));
  }

  @Test
  void parameters_areBound_inPlaceholderOrder_beforeAnythingIsSent() {
    fastRuntime();
    engine.rows(1);
    runtime.execute(Query.of("SELECT n FROM t WHERE a = :a AND b = :b", Map.of("b", 2, "a", "x")));
    assertThat(engine.boundValues).containsExactly(List.of("x", 2));
    assertThatThrownBy(() -> runtime.execute(Query.of("SELECT :missing")))
        .isInstanceOf(dev.runway.core.query.InvalidQueryException.class)
        .hasMessageContaining("missing");
    assertThat(engine.boundValues).hasSize(1);
  }

  // ---- status ----

  @Test
  void polls_untilTerminal_countingEveryStatusCall() {
    engine.describe =
        n ->
            status(
                "q1",
                n < 4
                    ? (n < 2 ? PolledEngine.State.QUEUED : PolledEngine.State.RUNNING)
                    : PolledEngine.State.SUCCEEDED);
    engine.rows(1);
    fastRuntime().execute(Query.of("SELECT n FROM t"));
    assertThat(engine.describes).hasValue(4);
    assertThat(runtime.metrics().statusCalls()).isEqualTo(4);
    assertThat(runtime.metrics().running()).isZero();
    assertThat(engine.stops).isEmpty();
  }

  @Test
  void failedQuery_throwsTheEnginesFailure_withoutStopping() {
    RunwayException why = error(ErrorCategory.USER_ERROR);
    engine.describe = n -> failed("q1", why);
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT 1"))).isSameAs(why);
    assertThat(engine.stops).isEmpty();
    assertThat(runtime.runningQueries()).isEmpty();
  }

  @Test
  void cancelledOnTheEngine_byNoOneHere_isAFailure_notACancellation() {
    engine.describe = n -> status("q1", PolledEngine.State.CANCELLED);
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT 1")))
        .isNotInstanceOf(QueryCancelledException.class)
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.CANCELLED);
              assertThat(e.queryId()).hasValue("q1");
              assertThat(e.getMessage()).contains("cancelled on the engine");
            });
  }

  @Test
  void failedStatusCalls_areAskedAgain_fiveTimes_thenTheQueryIsStopped() {
    engine.describe =
        n -> {
          throw error(ErrorCategory.TRANSIENT);
        };
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT 1")))
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT));
    assertThat(engine.describes).hasValue(6);
    assertThat(engine.stops).containsExactly("q1");
  }

  @Test
  void failedStatusCalls_countAgainOnlyInARow() {
    // five failures, an answer, five failures, then done: never six in a row
    engine.describe =
        n -> {
          if (n == 6) {
            return status("q1", PolledEngine.State.RUNNING);
          }
          if (n <= 11) {
            throw error(ErrorCategory.TRANSIENT);
          }
          return status("q1", PolledEngine.State.SUCCEEDED);
        };
    engine.rows(1);
    fastRuntime().execute(Query.of("SELECT n FROM t"));
    assertThat(engine.describes).hasValue(12);
    assertThat(engine.stops).isEmpty();
  }

  @Test
  void refusedStatusCall_stopsTheQuery_atOnce() {
    engine.describe =
        n -> {
          throw error(ErrorCategory.USER_ERROR);
        };
    assertThatThrownBy(() -> fastRuntime().execute(Query.of("SELECT 1")))
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR));
    assertThat(engine.describes).hasValue(1);
    assertThat(engine.stops).containsExactly("q1");
  }

  // ---- timeout and cancellation ----

  @Test
  void timeout_stopsTheQueryOnTheEngine_once() {
    engine.describe = n -> status("q1", PolledEngine.State.RUNNING);
    Query q = Query.builder("SELECT 1").timeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(() -> fastRuntime().execute(q))
        .isInstanceOfSatisfying(
            QueryTimeoutException.class,
            e -> {
              assertThat(e.queryId()).hasValue("q1");
              assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200));
            });
    assertThat(engine.stops).containsExactly("q1");
    assertThat(runtime.runningQueries()).isEmpty();
  }

  @Test
  void asyncCancel_stopsTheQueryOnTheEngine_once() throws Exception {
    CompletableFuture<QueryResult> f = runningForever();
    assertThat(runtime.runningQueries()).containsOnlyKeys("q1");
    assertThat(runtime.metrics().running()).isEqualTo(1);
    assertThat(f.cancel(true)).isTrue();
    assertThat(engine.stopped.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(f).isCancelled();
    awaitIdle();
    assertThat(engine.stops).containsExactly("q1");
  }

  @Test
  void cancelById_stopsThatQuery_andTheCallerSeesACancellation() throws Exception {
    CompletableFuture<QueryResult> f = runningForever();
    assertThat(runtime.cancel("other")).isFalse();
    assertThat(runtime.cancel("q1")).isTrue();
    assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(QueryCancelledException.class);
    assertThat(engine.stops).containsExactly("q1");
    assertThat(runtime.cancel("q1")).isFalse();
  }

  @Test
  void cancel_stopsOnTheEngine_whileTheWaitingThreadIsStillInAStatusCall() throws Exception {
    CountDownLatch polling = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean stopArrivedDuringTheCall =
        new java.util.concurrent.atomic.AtomicBoolean();
    engine.describe =
        n -> {
          if (n == 1) {
            polling.countDown();
            try {
              // only the canceller can send the stop now: this thread is here
              stopArrivedDuringTheCall.set(
                  engine.stopped.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return status("q1", PolledEngine.State.CANCELLED);
        };
    CompletableFuture<QueryResult> f = fastRuntime().executeAsync(Query.of("SELECT 1"));
    assertThat(polling.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(runtime.cancel("q1")).isTrue();
    assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(QueryCancelledException.class);
    assertThat(stopArrivedDuringTheCall).isTrue();
    assertThat(engine.stops).containsExactly("q1");
  }

  @Test
  void cancellingAFinishedFuture_isRefused_andStopsNothing() throws Exception {
    engine.rows(1);
    CompletableFuture<QueryResult> f = fastRuntime().executeAsync(Query.of("SELECT n FROM t"));
    assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).rows()).hasSize(1);
    assertThat(f.cancel(true)).isFalse();
    assertThat(engine.stops).isEmpty();
  }

  @Test
  void timeout_isHonoured_evenWhenThePollingPauseIsLonger() {
    engine.describe = n -> status("q1", PolledEngine.State.RUNNING);
    runtime(new Settings().polling(PollingPolicy.fixed(Duration.ofMinutes(2))));
    Query q = Query.builder("SELECT 1").timeout(Duration.ofMillis(100)).build();
    // the pause is cut to what is left of the timeout: a generous bound, far below the 2 minutes
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(() -> runtime.execute(q)).isInstanceOf(QueryTimeoutException.class));
    assertThat(engine.stops).containsExactly("q1");
  }

  @Test
  void statusCalls_shareTheClientsRate() {
    engine.describe =
        n -> status("q1", n < 5 ? PolledEngine.State.RUNNING : PolledEngine.State.SUCCEEDED);
    runtime(
        new Settings().polling(PollingPolicy.fixed(Duration.ofMillis(1))).statusCallsPerSecond(20));
    engine.rows(1);
    long start = System.nanoTime();
    runtime.execute(Query.of("SELECT n FROM t"));
    // five calls at 20 a second: four waits of 50 ms at least (a lower bound; load only adds)
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(190));
    assertThat(engine.describes).hasValue(5);
  }

  @Test
  void cancelledDuringSubmission_stopsTheQueryItsIdNamesOnArrival() throws Exception {
    CountDownLatch submitting = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    engine.submits.add(
        () -> {
          submitting.countDown();
          try {
            cancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "q7";
        });
    CompletableFuture<QueryResult> f = fastRuntime().executeAsync(Query.of("SELECT 1"));
    assertThat(submitting.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    f.cancel(true);
    cancelled.countDown();
    assertThat(engine.stopped.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    awaitIdle();
    assertThat(engine.stops).containsExactly("q7");
    assertThat(engine.describes).hasValue(0);
  }

  @Test
  void cancelledWhileThrottled_isNeverSubmittedAgain() throws Exception {
    CountDownLatch throttled = new CountDownLatch(1);
    engine.submits.add(
        () -> {
          throttled.countDown();
          throw error(ErrorCategory.THROTTLED);
        });
    runtime(new Settings().polling(PollingPolicy.fixed(Duration.ofMillis(300))));
    CompletableFuture<QueryResult> f = runtime.executeAsync(Query.of("SELECT 1"));
    assertThat(throttled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    f.cancel(true);
    awaitIdle();
    assertThat(engine.tokens).hasSize(1);
    assertThat(engine.stops).isEmpty();
  }

  @Test
  void aStopTheEngineRefuses_isLogged_notThrown() {
    engine.stopFailure = error(ErrorCategory.USER_ERROR);
    engine.describe = n -> status("q1", PolledEngine.State.RUNNING);
    Query q = Query.builder("SELECT 1").timeout(Duration.ofMillis(100)).build();
    assertThatThrownBy(() -> fastRuntime().execute(q)).isInstanceOf(QueryTimeoutException.class);
    assertThat(engine.stops).containsExactly("q1");
  }

  /** Starts a query the engine keeps RUNNING, and returns once its first status call was made. */
  private CompletableFuture<QueryResult> runningForever() throws InterruptedException {
    CountDownLatch polling = new CountDownLatch(1);
    engine.describe =
        n -> {
          polling.countDown();
          return status("q1", PolledEngine.State.RUNNING);
        };
    CompletableFuture<QueryResult> f = fastRuntime().executeAsync(Query.of("SELECT 1"));
    assertThat(polling.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    return f;
  }

  private void awaitIdle() throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while ((!runtime.runningQueries().isEmpty() || runtime.metrics().running() > 0)
        && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertThat(runtime.runningQueries()).isEmpty();
  }

  // ---- slots ----

  @Test
  void inFlightCap_queuesTheNextQuery_andTimesItOutWhileWaiting() throws Exception {
    CountDownLatch polling = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    engine.describe =
        n -> {
          polling.countDown();
          return new PolledEngine.Status<>(
              "q1",
              finish.getCount() == 0 ? PolledEngine.State.SUCCEEDED : PolledEngine.State.RUNNING,
              null,
              QueryStats.builder("scripted").build(),
              false,
              null);
        };
    runtime(
        new Settings().polling(PollingPolicy.fixed(Duration.ofMillis(1))).maxConcurrentQueries(1));
    CompletableFuture<QueryResult> first =
        runtime.executeAsync(Query.of("INSERT INTO t VALUES (1)"));
    assertThat(polling.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Query waiting = Query.builder("SELECT 2").timeout(Duration.ofMillis(100)).build();
    assertThatThrownBy(() -> runtime.execute(waiting))
        .isInstanceOfSatisfying(
            QueryTimeoutException.class, e -> assertThat(e.queryId()).isEmpty());
    assertThat(engine.tokens).hasSize(1);
    CompletableFuture<QueryResult> second =
        runtime.executeAsync(Query.of("INSERT INTO t VALUES (2)"));
    long end = System.nanoTime() + WAIT.toNanos();
    while (runtime.metrics().queued() == 0 && System.nanoTime() < end) {
      Thread.sleep(2);
    }
    assertThat(runtime.metrics().queued()).isEqualTo(1);
    assertThat(second).isNotDone();
    assertThat(engine.tokens).hasSize(1);
    finish.countDown();
    assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).rows()).isEmpty();
    assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS).rows()).isEmpty();
    assertThat(engine.tokens).hasSize(2);
    assertThat(runtime.metrics().queued()).isZero();
  }

  // ---- health and life cycle ----

  @Test
  void health_isAskedOnce_andReusedForTheCacheInterval() {
    fastRuntime();
    Health h = runtime.health();
    assertThat(h.status()).isEqualTo(Health.Status.UP);
    assertThat(h.component()).isEqualTo("database:scripted");
    assertThat(runtime.health()).isSameAs(h);
    assertThat(engine.pings).hasValue(1);
    assertThat(runtime.engine()).isEqualTo("scripted");
  }

  @Test
  void health_down_carriesTheEnginesReason() {
    engine.pingFailure = new IllegalStateException("no route");
    Health h = fastRuntime().health();
    assertThat(h.status()).isEqualTo(Health.Status.DOWN);
    assertThat(h.detail()).isEqualTo("no route");
    assertThat(engine.tokens).isEmpty();
  }

  @Test
  void close_stopsRunningQueries_closesTheEngineOnce_andRefusesNewQueries() throws Exception {
    CompletableFuture<QueryResult> f = runningForever();
    runtime.close();
    runtime.close();
    assertThat(engine.closes).hasValue(1);
    // running queries are stopped first, and the engine closed after them
    assertThat(engine.events).containsExactly("stop q1", "close");
    assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(QueryCancelledException.class);
    assertThatThrownBy(() -> runtime.execute(Query.of("SELECT 1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scripted client is closed");
    assertThatThrownBy(() -> runtime.executeAsync(Query.of("SELECT 1")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> runtime.stream(Query.of("SELECT 1")))
        .isInstanceOf(IllegalStateException.class);
  }

  // ---- predictive polling ----

  @Test
  void predictive_pollsARepeatedQuery_fewerTimes() {
    runtime(
        new Settings()
            .polling(new PollingPolicy(Duration.ofMillis(5), 1.5, Duration.ofMillis(50), 0)));
    long[] doneAt = new long[1];
    engine.describe =
        n ->
            status(
                "q1",
                System.nanoTime() >= doneAt[0]
                    ? PolledEngine.State.SUCCEEDED
                    : PolledEngine.State.RUNNING);
    int[] calls = new int[4];
    for (int i = 0; i < calls.length; i++) {
      engine.rows(1);
      int before = engine.describes.get();
      doneAt[0] = System.nanoTime() + Duration.ofMillis(150).toNanos();
      runtime.execute(Query.of("SELECT n FROM t"));
      calls[i] = engine.describes.get() - before;
    }
    // the first run backs off from 5 ms; later runs wait for the predicted end and then look
    assertThat(calls[3]).isLessThan(calls[0]);
  }

  @Test
  void settings_turnPredictionOff_forAFixedPolicy() {
    assertThat(new Settings().values().predictive()).isTrue();
    assertThat(new Settings().predictive(false).values().predictive()).isFalse();
    assertThat(
            new Settings().polling(PollingPolicy.fixed(Duration.ofMillis(5))).values().predictive())
        .isFalse();
    assertThat(
            new Settings()
                .polling(new PollingPolicy(Duration.ofMillis(5), 1.0, Duration.ofMillis(6), 0))
                .values()
                .predictive())
        .isTrue();
    assertThat(
            new Settings()
                .polling(new PollingPolicy(Duration.ofMillis(5), 1.1, Duration.ofMillis(5), 0))
                .values()
                .predictive())
        .isTrue();
  }

  @Test
  void settings_defaults_andConfiguration() {
    PollingSettings.Values d = new Settings().values();
    assertThat(d.polling()).isEqualTo(PollingPolicy.defaults());
    assertThat(d.statusCallsPerSecond()).isEqualTo(1_000);
    assertThat(d.maxConcurrentQueries()).isEqualTo(20);
    assertThat(d.maxThrottleWait()).isEqualTo(Duration.ofMinutes(10));

    ConfigSection c =
        new ConfigSection(
            "runway.database",
            Map.of(
                "poll-initial",
                "50ms",
                "poll-max",
                "3s",
                "poll-multiplier",
                2,
                "poll-predictive",
                false,
                "status-calls-per-second",
                7.5,
                "max-concurrent-queries",
                3,
                "max-throttle-wait",
                "90s"),
            java.nio.file.Path.of("."));
    PollingSettings.Values v = new Settings().configure(c).values();
    assertThat(v.polling())
        .isEqualTo(
            new PollingPolicy(
                Duration.ofMillis(50),
                2.0,
                Duration.ofSeconds(3),
                PollingPolicy.defaults().jitter()));
    assertThat(v.predictive()).isFalse();
    assertThat(v.statusCallsPerSecond()).isEqualTo(7.5);
    assertThat(v.maxConcurrentQueries()).isEqualTo(3);
    assertThat(v.maxThrottleWait()).isEqualTo(Duration.ofSeconds(90));

    // one polling key alone keeps the others' defaults
    PollingSettings.Values one =
        new Settings()
            .configure(
                new ConfigSection(
                    "runway.database", Map.of("poll-max", "5s"), java.nio.file.Path.of(".")))
            .values();
    assertThat(one.polling())
        .isEqualTo(new PollingPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(5), 0.2));
    PollingSettings.Values multiplierOnly =
        new Settings()
            .configure(
                new ConfigSection(
                    "runway.database", Map.of("poll-multiplier", 3), java.nio.file.Path.of(".")))
            .values();
    assertThat(multiplierOnly.polling().multiplier()).isEqualTo(3.0);
    PollingSettings.Values initialOnly =
        new Settings()
            .configure(
                new ConfigSection(
                    "runway.database", Map.of("poll-initial", "200ms"), java.nio.file.Path.of(".")))
            .values();
    assertThat(initialOnly.polling().initial()).isEqualTo(Duration.ofMillis(200));
    assertThat(
            new Settings()
                .configure(
                    new ConfigSection("runway.database", Map.of(), java.nio.file.Path.of(".")))
                .values())
        .isEqualTo(d);
  }

  @Test
  void settings_refuseBadValues_andSecondSettings() {
    assertThatThrownBy(() -> new Settings().statusCallsPerSecond(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("> 0, got 0.0");
    assertThatThrownBy(() -> new Settings().statusCallsPerSecond(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Settings().statusCallsPerSecond(0.01).values().statusCallsPerSecond())
        .isEqualTo(0.01);
    assertThatThrownBy(() -> new Settings().maxConcurrentQueries(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 1, got 0");
    assertThat(new Settings().maxConcurrentQueries(1).values().maxConcurrentQueries()).isEqualTo(1);
    assertThatThrownBy(() -> new Settings().maxThrottleWait(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings().polling(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Settings().maxConcurrentQueries(2).maxConcurrentQueries(3))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Settings().predictive(true).predictive(false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Settings().statusCallsPerSecond(1).statusCallsPerSecond(2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                new Settings()
                    .maxThrottleWait(Duration.ofSeconds(1))
                    .maxThrottleWait(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                new Settings().polling(PollingPolicy.defaults()).polling(PollingPolicy.defaults()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void predictive_cancelDuringTheFirstWait_stopsWithoutAStatusCall() throws Exception {
    runtime(
        new Settings()
            .polling(new PollingPolicy(Duration.ofMillis(5), 1.5, Duration.ofSeconds(2), 0)));
    long[] doneAt = {System.nanoTime() + Duration.ofMillis(1_000).toNanos()};
    engine.describe =
        n ->
            status(
                "q1",
                System.nanoTime() >= doneAt[0]
                    ? PolledEngine.State.SUCCEEDED
                    : PolledEngine.State.RUNNING);
    engine.rows(1);
    runtime.execute(Query.of("SELECT n FROM t"));
    // the same SQL again: the first status call waits for most of the second it took
    doneAt[0] = Long.MAX_VALUE;
    int before = engine.describes.get();
    CompletableFuture<QueryResult> f = runtime.executeAsync(Query.of("SELECT n FROM t"));
    long end = System.nanoTime() + WAIT.toNanos();
    while (runtime.runningQueries().isEmpty() && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    f.cancel(true);
    assertThat(engine.stopped.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    awaitIdle();
    assertThat(engine.stops).containsExactly("q1");
    assertThat(engine.describes.get())
        .as("cancelled before its first status call")
        .isEqualTo(before);
  }
}
