package dev.runway.core.engine;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.runway.core.coordination.Coordination;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.health.Health;
import dev.runway.core.internal.DaemonThreads;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.EngineMetrics;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryCancelledException;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.QueryTimeoutException;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import dev.runway.core.sql.ParsedSql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queries on a {@link PolledEngine}: the machinery that Amazon Athena and the Amazon Redshift
 * Data API share, written once. An engine's public client (a final class implementing {@link
 * dev.runway.core.query.DatabaseClient}) holds one runtime and delegates to it:
 *
 * <ul>
 *   <li>parameters checked by name before anything is sent ({@link ParsedSql#bind});
 *   <li>a cap on queries in flight per client; a submission the service throttles is retried with
 *       back-off under the same idempotency token until the query's deadline, never failed;
 *   <li>status polling on a {@link PollingPolicy}, all of the client's status calls sharing one
 *       token bucket so that many concurrent queries stay under the service's request quota;
 *   <li>a timeout or a cancellation ({@code future.cancel(true)}, {@link #cancel(String)}) that
 *       stops the query on the engine, once, not only in the client;
 *   <li>results read a page at a time with the next page fetched while the caller reads the current
 *       one, so {@link #stream} holds two pages however large the result.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @param <D> the engine's own description of a query's state
 */
public final class PolledQueryRuntime<D> {

  private static final Logger LOG = LoggerFactory.getLogger(PolledQueryRuntime.class);
  private static final int MAX_FAILED_DESCRIBES = 5;

  /**
   * A 5xx or a dropped connection at submission is asked again, 3 times at most, under the same
   * token.
   */
  private static final RetryPolicy<String> TRANSIENT_SUBMISSIONS =
      RetryPolicy.<String>builder()
          .handleIf(
              e ->
                  e instanceof RunwayException re
                      && re.retryable()
                      && re.category() != ErrorCategory.THROTTLED)
          .withMaxRetries(3)
          .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))
          .withJitter(0.25)
          .build();

  private static final RetryPolicy<PolledEngine.Page> PAGE_RETRIES =
      RetryPolicy.<PolledEngine.Page>builder()
          .handleIf(e -> e instanceof RunwayException re && re.retryable())
          .withMaxRetries(3)
          .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))
          .withJitter(0.25)
          .build();

  private final PolledEngine<D> engineImpl;
  private final String engine;
  private final PollingPolicy polling;
  private final @Nullable CompletionPredictor predictor;
  private final RateLimiter<Object> statusCalls;
  private final Semaphore inFlight;
  private final PollingSettings.@Nullable AccountQuota account;
  private final Duration maxThrottleWait;
  private final ExecutorService executor;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final AtomicLong statusCallCount = new AtomicLong();
  private volatile boolean closed;
  private volatile @Nullable Health lastHealth;
  private volatile long lastHealthAt;

  /** How long a health answer is reused. */
  public static final Duration HEALTH_CACHE = Duration.ofSeconds(10);

  /**
   * Creates a runtime for {@code engine} with the shared settings of its client's builder.
   *
   * @param engine the engine; closed by {@link #close()}
   * @param settings polling, status-call rate, in-flight cap and throttle wait
   */
  public PolledQueryRuntime(PolledEngine<D> engine, PollingSettings<?> settings) {
    this.engineImpl = Objects.requireNonNull(engine, "engine");
    this.engine = Objects.requireNonNull(engine.name(), "engine.name()");
    PollingSettings.Values v = settings.values();
    this.polling = v.polling();
    this.predictor = v.predictive() ? new CompletionPredictor(v.polling()) : null;
    long intervalNanos = Math.max(1L, (long) (1_000_000_000L / v.statusCallsPerSecond()));
    this.statusCalls = RateLimiter.smoothBuilder(Duration.ofNanos(intervalNanos)).build();
    this.inFlight = new Semaphore(v.maxConcurrentQueries(), true);
    this.account = v.account();
    this.maxThrottleWait = v.maxThrottleWait();
    this.executor = Executors.newCachedThreadPool(new DaemonThreads("runway-" + this.engine));
  }

  /**
   * Returns the engine's health from {@link PolledEngine#ping()}, asked at most once per {@code
   * HEALTH_CACHE} (10 s); never runs a query, never throws.
   */
  public Health health() {
    Health last = lastHealth;
    long now = System.nanoTime();
    if (last != null && now - lastHealthAt < HEALTH_CACHE.toNanos()) {
      return last;
    }
    Health h;
    try {
      engineImpl.ping();
      h = Health.up("database:" + engine);
    } catch (RuntimeException e) {
      h = Health.down("database:" + engine, e.getMessage());
    }
    lastHealthAt = now;
    lastHealth = h;
    return h;
  }

  /** Returns the engine's name. */
  public String engine() {
    return engine;
  }

  /**
   * Returns the queries running now, by engine query id (known as soon as the engine accepted the
   * query), so that another thread can {@link #cancel(String)} one: a "stop" button, an operator.
   */
  public Map<String, Query> runningQueries() {
    Map<String, Query> out = new LinkedHashMap<>();
    running.forEach((id, r) -> out.put(id, r.query));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Returns the queries running on the engine, those waiting for a slot, and the status calls made.
   */
  public EngineMetrics metrics() {
    return new EngineMetrics(running.size(), inFlight.getQueueLength(), statusCallCount.get());
  }

  /**
   * Runs the query and returns its complete result; see {@link
   * dev.runway.core.query.DatabaseClient#execute}.
   */
  public QueryResult execute(Query query) {
    Objects.requireNonNull(query, "query");
    return run(query, new Running(query));
  }

  /**
   * Runs the query and streams its rows; see {@link dev.runway.core.query.DatabaseClient#stream}.
   */
  public RowStream stream(Query query) {
    Objects.requireNonNull(query, "query");
    Running r = new Running(query);
    Finished<D> f = await(query, r);
    return new PagedStream(f, query);
  }

  /** Runs the query on this runtime's threads; cancelling the future stops it on the engine. */
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    Running r = new Running(query);
    CompletableFuture<QueryResult> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
              // a future that had completed is not cancelled, and its query, finished, is not
              // stopped
              r.cancel();
            }
            return cancelled;
          }
        };
    executor.execute(
        () -> {
          try {
            future.complete(run(query, r));
          } catch (Throwable t) {
            future.completeExceptionally(t);
          }
        });
    return future;
  }

  /** Stops a running query by its engine id; returns whether it was running here. */
  public boolean cancel(String queryId) {
    Running r = running.get(Objects.requireNonNull(queryId, "queryId"));
    if (r == null) {
      return false;
    }
    r.cancel();
    return true;
  }

  /** Stops running queries, ends the threads and closes the engine. Idempotent. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Running r : running.values()) {
      r.cancel();
    }
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    engineImpl.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(engine + " client is closed");
    }
  }

  private QueryResult run(Query query, Running r) {
    Finished<D> f = await(query, r);
    try (PagedStream s = new PagedStream(f, query)) {
      List<Row> rows = new ArrayList<>();
      for (Row row : s) {
        rows.add(row);
      }
      QueryStats stats = f.status.stats().toBuilder().rows(rows.size()).build();
      return new QueryResult(s.index(), rows, stats);
    }
  }

  private record Finished<D>(String id, PolledEngine.Status<D> status) {}

  /** Submits, waits for a terminal state, and returns it if it succeeded; otherwise throws. */
  private Finished<D> await(Query query, Running r) {
    checkOpen();
    ParsedSql sql = ParsedSql.parse(query.sql());
    List<Object> values = sql.bind(query.params());
    long deadline =
        query.timeout().map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
    acquireSlot(query, r, deadline);
    String id = null;
    Coordination.Lease lease = null;
    try {
      lease = accountLease(query, r, deadline);
      id = submitWithBackoff(query, sql, values, r, deadline);
      running.put(id, r);
      if (r.attach(id)) {
        r.stopOnEngine();
        throw new QueryCancelledException(engine, id, null);
      }
      PolledEngine.Status<D> status = poll(query, sql.normalized(), id, r, deadline);
      return new Finished<>(id, status);
    } finally {
      if (id != null) {
        running.remove(id);
      }
      if (lease != null) {
        releaseQuietly(lease);
      }
      inFlight.release();
    }
  }

  /**
   * How long an account lease lives when the query has no timeout: it ends if this process dies.
   */
  private static final Duration UNBOUNDED_LEASE = Duration.ofMinutes(30);

  /**
   * Takes one of the account's running-query leases, waiting (paced by the polling policy) until
   * one is free or the query's deadline passes.
   */
  private Coordination.@Nullable Lease accountLease(Query query, Running r, long deadline) {
    if (account == null || account.concurrentQueries() <= 0) {
      return null;
    }
    Duration ttl = query.timeout().map(t -> t.plusMinutes(1)).orElse(UNBOUNDED_LEASE);
    for (int attempt = 1; ; attempt++) {
      Optional<Coordination.Lease> lease =
          account
              .coordination()
              .tryLease(account.key() + ":running", account.concurrentQueries(), ttl);
      if (lease.isPresent()) {
        return lease.get();
      }
      // a short, growing pause: a lease comes free when any query of the account ends, and a long
      // back-off would leave it idle (the first measurement, with the polling back-off, doubled
      // p95)
      waitFor(query, r, deadline, Duration.ofMillis(Math.min(10L * attempt, 100)));
    }
  }

  private void releaseQuietly(Coordination.Lease lease) {
    PollingSettings.AccountQuota quota = account;
    if (quota == null) {
      return; // no lease is taken without an account quota
    }
    try {
      quota.coordination().release(lease);
    } catch (RuntimeException e) {
      LOG.debug(
          "{}: the account lease could not be returned ({}); it ends with its lifetime",
          engine,
          e.toString());
    }
  }

  /** Takes a token of an account-wide call rate, waiting for it within the query's deadline. */
  private void accountToken(Query query, Running r, long deadline, String kind, double perSecond) {
    if (account == null || perSecond <= 0) {
      return;
    }
    int capacity = Math.max(1, (int) Math.floor(perSecond));
    while (true) {
      Duration wait =
          account.coordination().tryTake(account.key() + ":" + kind, 1, perSecond, capacity);
      if (wait.isZero()) {
        return;
      }
      waitFor(query, r, deadline, wait);
    }
  }

  private void waitFor(Query query, Running r, long deadline, Duration wait) {
    if (System.nanoTime() + wait.toNanos() > deadline) {
      throw new QueryTimeoutException(engine, query.timeout().orElseThrow(), null, null);
    }
    if (r.sleep(wait)) {
      throw new QueryCancelledException(engine, null, null);
    }
  }

  private void acquireSlot(Query query, Running r, long deadline) {
    try {
      long wait = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
      if (!inFlight.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
        throw new QueryTimeoutException(engine, query.timeout().orElseThrow(), null, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryCancelledException(engine, null, e);
    }
  }

  private String submitWithBackoff(
      Query query, ParsedSql sql, List<Object> values, Running r, long deadline) {
    PolledEngine.Submission submission =
        new PolledEngine.Submission(query, sql, values, UUID.randomUUID().toString());
    long throttleDeadline = Math.min(deadline, System.nanoTime() + maxThrottleWait.toNanos());
    // One retry layer: the service asks to try later (THROTTLED), the same submission (same
    // idempotency token, so a submission that did reach it runs once) is sent again after a
    // growing pause, until the deadline. SDK clients Runway builds have the SDK's retries off.
    RetryPolicy<String> throttled =
        RetryPolicy.<String>builder()
            .handleIf(
                e -> e instanceof RunwayException re && re.category() == ErrorCategory.THROTTLED)
            .withDelayFn(ctx -> polling.delay(Math.min(ctx.getAttemptCount() + 1, 30)))
            .withMaxRetries(-1)
            .withMaxDuration(Duration.ofNanos(Math.max(1, throttleDeadline - System.nanoTime())))
            .onRetry(
                e ->
                    LOG.debug(
                        "{} throttled the submission ({}); retrying",
                        engine,
                        e.getLastException().getMessage()))
            .build();
    // A cancel during a pause between throttled attempts is seen when the next attempt starts
    // (a pause is at most the polling policy's maximum). The thread is never interrupted: an
    // interrupt could abort a StartQueryExecution the service has already accepted, and a query
    // whose id never reached us could not be stopped.
    try {
      return Failsafe.with(throttled, TRANSIENT_SUBMISSIONS)
          .get(
              () -> {
                if (r.cancelled()) {
                  throw new QueryCancelledException(engine, null, null);
                }
                accountToken(
                    query, r, deadline, "submit", account == null ? 0 : account.submitsPerSecond());
                return engineImpl.submit(submission);
              });
    } catch (FailsafeException e) {
      throw new QueryCancelledException(
          engine, null, e.getCause()); // the caller's thread was interrupted
    } catch (RunwayException e) {
      if (r.cancelled()) {
        throw new QueryCancelledException(engine, null, e);
      }
      if (e.category() == ErrorCategory.THROTTLED
          && deadline != Long.MAX_VALUE
          && throttleDeadline == deadline) {
        // still throttled when the query's own timeout ran out
        throw new QueryTimeoutException(engine, query.timeout().orElseThrow(), null, e);
      }
      throw e;
    }
  }

  private PolledEngine.Status<D> poll(
      Query query, String fingerprint, String id, Running r, long deadline) {
    int failedDescribes = 0;
    long submitted = System.nanoTime();
    long predicted = predictor == null ? -1 : predictor.predict(fingerprint);
    long lastDelay = 0;
    if (predictor != null && (lastDelay = predictor.first(predicted)) > 0) {
      // nothing but a reused or instant result is done at once: the first call waits
      if (r.sleep(
          Duration.ofNanos(Math.max(0, Math.min(lastDelay, deadline - System.nanoTime()))))) {
        r.stopOnEngine();
        throw new QueryCancelledException(engine, id, null);
      }
    }
    for (int attempt = 0; ; attempt++) {
      if (r.cancelled()) {
        r.stopOnEngine();
        throw new QueryCancelledException(engine, id, null);
      }
      if (System.nanoTime() >= deadline) {
        r.stopOnEngine();
        throw new QueryTimeoutException(engine, query.timeout().orElseThrow(), id, null);
      }
      try {
        statusCalls.acquirePermit();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        r.stopOnEngine();
        throw new QueryCancelledException(engine, id, e);
      }
      try {
        accountToken(
            query, r, deadline, "status", account == null ? 0 : account.statusCallsPerSecond());
      } catch (QueryTimeoutException | QueryCancelledException e) {
        r.stopOnEngine();
        throw e;
      }
      statusCallCount.incrementAndGet();
      PolledEngine.Status<D> s;
      try {
        s = engineImpl.describe(id);
        failedDescribes = 0;
      } catch (RunwayException e) {
        // a status call that failed says nothing about the query: ask again a few times, and
        // stop the query rather than leave it running unwatched when giving up
        if (!e.retryable() || ++failedDescribes > MAX_FAILED_DESCRIBES) {
          r.stopOnEngine();
          throw e;
        }
        LOG.debug("{} status call for {} failed ({}); asking again", engine, id, e.getMessage());
        s = null;
      }
      if (s != null) {
        switch (s.state()) {
          case SUCCEEDED:
            if (predictor != null) {
              // it finished between the last two calls: take the middle
              predictor.record(
                  fingerprint, Math.max(0, System.nanoTime() - submitted - lastDelay / 2));
            }
            return s;
          case FAILED:
            throw s.failure();
          case CANCELLED:
            if (r.cancelled()) {
              throw new QueryCancelledException(engine, id, null);
            }
            throw new QueryFailedException(
                engine + " query " + id + " was cancelled on the engine",
                engine,
                ErrorCategory.CANCELLED,
                id,
                null);
          default:
            break;
        }
      }
      long delay =
          predictor == null
              ? polling.delay(attempt).toNanos()
              : predictor.next(predicted, System.nanoTime() - submitted);
      lastDelay = delay;
      long left = deadline - System.nanoTime();
      if (r.sleep(Duration.ofNanos(Math.max(0, Math.min(delay, left))))) {
        r.stopOnEngine();
        throw new QueryCancelledException(engine, id, null);
      }
    }
  }

  private void stopQuietly(String id) {
    try {
      engineImpl.stop(id);
    } catch (RuntimeException e) {
      LOG.warn("{} could not stop query {}: {}", engine, id, e.toString());
    }
  }

  /** A query in flight: its id once known, and whether it was cancelled. */
  private final class Running {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final AtomicBoolean stopSent = new AtomicBoolean();
    private final Query query;
    private volatile @Nullable String id;

    Running(Query query) {
      this.query = query;
    }

    /** Records the id; returns true if the query was cancelled before it had one. */
    boolean attach(String queryId) {
      this.id = queryId;
      return cancelled();
    }

    boolean cancelled() {
      return cancelled.getCount() == 0;
    }

    void cancel() {
      if (cancelled()) {
        return;
      }
      cancelled.countDown();
      if (id != null && !closed) {
        // stop on the engine now rather than at the waiting thread's next wake-up
        try {
          executor.execute(this::stopOnEngine);
        } catch (RuntimeException e) {
          stopOnEngine();
        }
      }
    }

    /**
     * Stops the query on the engine, once however many paths ask: the canceller and the polling
     * thread both do, and a second stop is refused by the services (the Data API answers that the
     * statement is already ABORTED).
     */
    void stopOnEngine() {
      String queryId = id;
      if (queryId != null && stopSent.compareAndSet(false, true)) {
        stopQuietly(queryId);
      }
    }

    /** Sleeps; returns true at once if the query is or becomes cancelled. */
    boolean sleep(Duration d) {
      try {
        return cancelled.await(d.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
  }

  /** Rows of a finished query, the next page fetched in the background while this one is read. */
  private final class PagedStream implements RowStream {
    private final Finished<D> finished;
    private final PolledEngine.@Nullable Pages pages;
    private final int maxRows;
    private final ColumnIndex index;
    private @Nullable Future<PolledEngine.Page> nextPage;
    private Iterator<Object[]> current;
    private long returned;

    /** Rows in the pages read so far: no page is fetched ahead once they reach {@code maxRows}. */
    private long fetched;

    private boolean iterated;
    private boolean done;

    PagedStream(Finished<D> finished, Query query) {
      this.finished = finished;
      this.maxRows = query.maxRows().orElse(Integer.MAX_VALUE);
      if (!finished.status.hasResultSet()) {
        this.pages = null;
        this.index = new ColumnIndex(List.of());
        this.current = Collections.emptyIterator();
        this.done = true;
        return;
      }
      this.pages = engineImpl.pages(finished.status, query);
      PolledEngine.Page first;
      try {
        first = nextWithRetries();
      } catch (RuntimeException e) {
        pages.close();
        throw e;
      }
      if (first == null || first.columns() == null) {
        pages.close();
        throw new QueryFailedException(
            engine + " returned no columns for query " + finished.id,
            engine,
            ErrorCategory.INTERNAL,
            finished.id,
            null);
      }
      this.index = new ColumnIndex(first.columns());
      this.current = first.rows().iterator();
      this.fetched = first.rows().size();
      prefetch();
    }

    ColumnIndex index() {
      return index;
    }

    private void prefetch() {
      if (!done && fetched < maxRows) {
        nextPage = executor.submit(this::nextWithRetries);
      } else {
        nextPage = null;
      }
    }

    @Override
    public List<Column> columns() {
      return index.columns();
    }

    @Override
    public Optional<String> queryId() {
      return Optional.of(finished.id);
    }

    @Override
    public Iterator<Row> iterator() {
      if (iterated) {
        throw new IllegalStateException("a RowStream can be iterated once");
      }
      iterated = true;
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          if (returned >= maxRows) {
            return false;
          }
          while (!current.hasNext()) {
            Future<PolledEngine.Page> pending = nextPage;
            if (pending == null) {
              done = true;
              return false;
            }
            PolledEngine.Page p = take(pending);
            if (p == null) {
              done = true;
              nextPage = null;
              return false;
            }
            current = p.rows().iterator();
            fetched += p.rows().size();
            prefetch();
          }
          return true;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          returned++;
          return new Row(index, current.next());
        }
      };
    }

    /**
     * Reads the next page; a failure the engine calls retryable (a 5xx, a connection reset,
     * throttling) is asked again, three times at most with a short pause. This is the only retry
     * layer for result pages: SDK clients Runway builds have the SDK's own retries off.
     */
    private PolledEngine.@Nullable Page nextWithRetries() {
      PolledEngine.Pages reader = pages;
      if (reader == null) {
        return null; // a statement without a result set has no pages to read
      }
      return Failsafe.with(PAGE_RETRIES).get(reader::next);
    }

    private PolledEngine.@Nullable Page take(Future<PolledEngine.Page> pending) {
      try {
        return pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QueryCancelledException(engine, finished.id, e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RunwayException re) {
          throw re;
        }
        throw new QueryFailedException(
            "reading the result of " + engine + " query " + finished.id + " failed: " + c,
            engine,
            ErrorCategory.TRANSIENT,
            finished.id,
            c);
      }
    }

    @Override
    public void close() {
      Future<PolledEngine.Page> f = nextPage;
      nextPage = null;
      done = true;
      if (f != null) {
        // the prefetch (one page at most) may still be using the reader: close after it ends
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // its outcome no longer matters
        }
      }
      if (pages != null) {
        pages.close();
      }
    }
  }
}
