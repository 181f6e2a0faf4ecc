package dev.runway.core.spi;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.ErrorCategory;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryCancelledException;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.QueryTimeoutException;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import dev.runway.core.RunwayException;
import dev.runway.core.internal.DaemonThreads;
import dev.failsafe.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
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
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared machinery of engines that run a query remotely and are asked, again and again,
 * whether it has finished: Amazon Athena and the Amazon Redshift Data API. A subclass says how to
 * submit, describe, stop and page; this class does everything around it the same way for both:
 *
 * <ul>
 *   <li>parameters checked by name before anything is sent ({@link ParsedSql#bind});
 *   <li>a cap on queries in flight per client; a submission the service throttles is retried
 *       with back-off under the same idempotency token until the query's deadline, never failed;
 *   <li>status polling on a {@link PollingPolicy}, all of the client's status calls sharing one
 *       token bucket so that many concurrent queries stay under the service's request quota;
 *   <li>a timeout or a cancellation ({@code future.cancel(true)}, {@link #cancel(String)}) that
 *       stops the query on the engine, not only in the client;
 *   <li>results read a page at a time with the next page fetched while the caller reads the
 *       current one, so {@link #stream} holds two pages however large the result.
 * </ul>
 *
 * <p>Thread-safe. Subclasses must be thread-safe too: their methods are called from the caller's
 * thread and from this client's prefetch threads.
 */
public abstract class PollingDatabaseClient implements DatabaseClient {

  private static final Logger LOG = LoggerFactory.getLogger(PollingDatabaseClient.class);
  private static final int MAX_FAILED_DESCRIBES = 5;

  /** The state of a submitted query, in the engine-neutral terms this class acts on. */
  public enum State {
    /** Accepted, not yet running. */
    QUEUED,
    /** Running. */
    RUNNING,
    /** Finished with a result. */
    SUCCEEDED,
    /** Failed; {@link Status#failure()} says why. */
    FAILED,
    /** Stopped before it finished. */
    CANCELLED;

    /** Returns whether the query will not change state again. */
    public boolean terminal() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
  }

  /**
   * One answer to "has it finished?".
   *
   * @param state the state
   * @param failure why it failed, when {@code state} is {@link State#FAILED}
   * @param stats the engine's figures so far (rows are filled in by this class)
   * @param hasResultSet whether the query produced rows to read (false for most DDL)
   */
  public record Status(State state, RunwayException failure, QueryStats stats, boolean hasResultSet) {
    /** Validates the components. */
    public Status {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(stats, "stats");
      if (state == State.FAILED && failure == null) {
        throw new IllegalArgumentException("a FAILED status needs its failure");
      }
    }
  }

  /**
   * One page of rows. The first page carries the columns.
   *
   * @param columns the columns (required on the first page, ignored on the others)
   * @param rows the rows, values already normalised to the columns' Java types
   */
  public record Page(List<Column> columns, List<Object[]> rows) {
    /** Validates the components. */
    public Page {
      Objects.requireNonNull(rows, "rows");
    }
  }

  /** A reader of a finished query's result, one page at a time. Not thread-safe. */
  public interface Pages extends AutoCloseable {
    /** Returns the next page, or {@code null} after the last. */
    Page next();

    /** Releases what the reader holds (an open S3 object, say). Never throws. */
    @Override
    default void close() {}
  }

  /**
   * The settings every polling client shares, as a base for its builder: how completion is polled,
   * the client-wide rate of status calls, the cap on queries in flight, and how long a submission
   * waits out throttling. Not thread-safe.
   *
   * @param <B> the concrete builder
   */
  public abstract static class Settings<B extends Settings<B>> {
    /** The configuration keys {@link #configure(ConfigSection)} reads. */
    public static final java.util.Set<String> KEYS = java.util.Set.of("poll-initial", "poll-max",
        "poll-multiplier", "status-calls-per-second", "max-concurrent-queries", "max-throttle-wait");

    private PollingPolicy polling = PollingPolicy.defaults();
    private double statusCallsPerSecond;
    private int maxConcurrentQueries = 20;
    private Duration maxThrottleWait = Duration.ofMinutes(10);

    /** Creates settings with the engine's default status-call rate. */
    protected Settings(double defaultStatusCallsPerSecond) {
      this.statusCallsPerSecond = defaultStatusCallsPerSecond;
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /** Sets how completion is polled (default {@link PollingPolicy#defaults()}). */
    public B polling(PollingPolicy polling) {
      this.polling = Objects.requireNonNull(polling, "polling");
      return self();
    }

    /** Caps status calls per second for the whole client. */
    public B statusCallsPerSecond(double rate) {
      if (!(rate > 0)) {
        throw new IllegalArgumentException("status calls per second must be > 0, got " + rate);
      }
      this.statusCallsPerSecond = rate;
      return self();
    }

    /** Caps queries in flight from this client (default 20); more wait for a slot. */
    public B maxConcurrentQueries(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max concurrent queries must be >= 1, got " + max);
      }
      this.maxConcurrentQueries = max;
      return self();
    }

    /** Sets how long a query without a timeout waits out throttling before failing (default 10 min). */
    public B maxThrottleWait(Duration wait) {
      this.maxThrottleWait = Objects.requireNonNull(wait, "wait");
      return self();
    }

    /**
     * Reads the {@link #KEYS} present in {@code section}.
     *
     * @throws IllegalArgumentException for a bad value (the factory names the key)
     */
    public B configure(ConfigSection section) {
      PollingPolicy d = PollingPolicy.defaults();
      polling(new PollingPolicy(section.positiveDuration("poll-initial", d.initial()),
          section.number("poll-multiplier").orElse(d.multiplier()),
          section.positiveDuration("poll-max", d.max()), d.jitter()));
      section.number("status-calls-per-second").ifPresent(this::statusCallsPerSecond);
      section.integer("max-concurrent-queries").ifPresent(this::maxConcurrentQueries);
      section.duration("max-throttle-wait").ifPresent(this::maxThrottleWait);
      return self();
    }
  }

  private final String engine;
  private final PollingPolicy polling;
  private final RateLimiter<Object> statusCalls;
  private final Semaphore inFlight;
  private final Duration maxThrottleWait;
  private final ExecutorService executor;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final AtomicLong statusCallCount = new AtomicLong();
  private volatile boolean closed;

  /** Creates the client with the shared settings of its builder. */
  protected PollingDatabaseClient(String engine, Settings<?> settings) {
    this(engine, settings.polling, settings.statusCallsPerSecond, settings.maxConcurrentQueries,
        settings.maxThrottleWait);
  }

  /**
   * Creates the client.
   *
   * @param engine the engine name reported in stats and errors
   * @param polling how often to ask for the status of a running query
   * @param statusCallsPerSecond the most status calls per second for the whole client
   * @param maxInFlight the most queries this client runs at once; more wait for a slot
   * @param maxThrottleWait how long a query without a timeout waits for the service to accept it
   */
  protected PollingDatabaseClient(String engine, PollingPolicy polling, double statusCallsPerSecond,
      int maxInFlight, Duration maxThrottleWait) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.polling = Objects.requireNonNull(polling, "polling");
    if (!(statusCallsPerSecond > 0)) {
      throw new IllegalArgumentException("statusCallsPerSecond must be > 0, got " + statusCallsPerSecond);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
    }
    long intervalNanos = Math.max(1L, (long) (1_000_000_000L / statusCallsPerSecond));
    this.statusCalls = RateLimiter.smoothBuilder(Duration.ofNanos(intervalNanos)).build();
    this.inFlight = new Semaphore(maxInFlight, true);
    this.maxThrottleWait = Objects.requireNonNull(maxThrottleWait, "maxThrottleWait");
    this.executor = Executors.newCachedThreadPool(new DaemonThreads("runway-" + engine));
  }

  /**
   * Submits the query and returns the engine's id for it.
   *
   * @param query the query
   * @param sql the parsed SQL
   * @param values the parameter values in placeholder order ({@code null} for SQL NULL)
   * @param idempotencyToken the same for every retry of this submission
   * @throws RunwayException of category {@link ErrorCategory#THROTTLED} when the service asks to
   *     try later (it is retried), any other category when the query is refused
   */
  protected abstract String submit(Query query, ParsedSql sql, List<Object> values, String idempotencyToken);

  /**
   * Checks a query before it takes an in-flight slot (a budget, say); may run queries of its own
   * on this client. The default does nothing.
   *
   * @throws dev.runway.core.RunwayException to refuse the query
   */
  protected void beforeSubmit(Query query, ParsedSql sql, List<Object> values) {}

  /** Asks the engine for the query's status; one request. */
  protected abstract Status describe(String queryId);

  /** Asks the engine to stop the query; must not throw if it already finished. */
  protected abstract void stop(String queryId);

  /** Opens the result of a query that {@link State#SUCCEEDED}. */
  protected abstract Pages pages(String queryId, Status status, Query query);

  @Override
  public final String engine() {
    return engine;
  }

  /**
   * Returns the queries running now, by engine query id (known as soon as the engine accepted the
   * query), so that another thread can {@link #cancel(String)} one: a "stop" button, an operator.
   */
  public Map<String, Query> runningQueries() {
    Map<String, Query> out = new java.util.LinkedHashMap<>();
    running.forEach((id, r) -> out.put(id, r.query));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Returns how many status calls this client has made; for tests and benchmarks. */
  public long statusCalls() {
    return statusCallCount.get();
  }

  @Override
  public QueryResult execute(Query query) {
    Objects.requireNonNull(query, "query");
    return run(query, new Running(query));
  }

  @Override
  public RowStream stream(Query query) {
    Objects.requireNonNull(query, "query");
    Running r = new Running(query);
    Finished f = await(query, r);
    return new PagedStream(f, query);
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    Running r = new Running(query);
    CompletableFuture<QueryResult> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean done = super.cancel(mayInterruptIfRunning);
        r.cancel();
        return done;
      }
    };
    executor.execute(() -> {
      try {
        future.complete(run(query, r));
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    });
    return future;
  }

  @Override
  public boolean cancel(String queryId) {
    Running r = running.get(Objects.requireNonNull(queryId, "queryId"));
    if (r == null) {
      return false;
    }
    r.cancel();
    return true;
  }

  @Override
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
    closeResources();
  }

  /** Releases the subclass's own resources (SDK clients it built); called once by {@link #close}. */
  protected void closeResources() {}

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(engine + " client is closed");
    }
  }

  private QueryResult run(Query query, Running r) {
    Finished f = await(query, r);
    try (PagedStream s = new PagedStream(f, query)) {
      List<Row> rows = new ArrayList<>();
      for (Row row : s) {
        rows.add(row);
      }
      QueryStats stats = f.status.stats().toBuilder().rows(rows.size()).build();
      return new QueryResult(s.index(), rows, stats);
    }
  }

  private record Finished(String id, Status status) {}

  /** Submits, waits for a terminal state, and returns it if it succeeded; otherwise throws. */
  private Finished await(Query query, Running r) {
    checkOpen();
    ParsedSql sql = ParsedSql.parse(query.sql());
    List<Object> values = sql.bind(query.params());
    long deadline = query.timeout().map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
    beforeSubmit(query, sql, values);
    acquireSlot(query, r, deadline);
    String id = null;
    try {
      id = submitWithBackoff(query, sql, values, r, deadline);
      running.put(id, r);
      if (r.attach(id)) {
        stopQuietly(id);
        throw new QueryCancelledException(engine, id, null);
      }
      Status status = poll(query, id, r, deadline);
      return new Finished(id, status);
    } finally {
      if (id != null) {
        running.remove(id);
      }
      inFlight.release();
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

  private String submitWithBackoff(Query query, ParsedSql sql, List<Object> values, Running r, long deadline) {
    String token = UUID.randomUUID().toString();
    long throttleDeadline = Math.min(deadline, System.nanoTime() + maxThrottleWait.toNanos());
    for (int attempt = 0; ; attempt++) {
      try {
        return submit(query, sql, values, token);
      } catch (RunwayException e) {
        if (e.category() != ErrorCategory.THROTTLED) {
          throw e;
        }
        Duration delay = polling.delay(Math.min(attempt + 2, 30));
        if (System.nanoTime() + delay.toNanos() > throttleDeadline) {
          if (deadline != Long.MAX_VALUE && throttleDeadline == deadline) {
            throw new QueryTimeoutException(engine, query.timeout().orElseThrow(), null, e);
          }
          throw e;
        }
        LOG.debug("{} throttled the submission ({}); retrying in {} ms", engine, e.getMessage(),
            delay.toMillis());
        if (r.sleep(delay)) {
          throw new QueryCancelledException(engine, null, null);
        }
      }
    }
  }

  private Status poll(Query query, String id, Running r, long deadline) {
    int failedDescribes = 0;
    for (int attempt = 0; ; attempt++) {
      if (r.cancelled()) {
        stopQuietly(id);
        throw new QueryCancelledException(engine, id, null);
      }
      if (System.nanoTime() >= deadline) {
        stopQuietly(id);
        throw new QueryTimeoutException(engine, query.timeout().orElseThrow(), id, null);
      }
      try {
        statusCalls.acquirePermit();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopQuietly(id);
        throw new QueryCancelledException(engine, id, e);
      }
      statusCallCount.incrementAndGet();
      Status s;
      try {
        s = describe(id);
        failedDescribes = 0;
      } catch (RunwayException e) {
        // a status call that failed says nothing about the query: ask again a few times, and
        // stop the query rather than leave it running unwatched when giving up
        if (!e.retryable() || ++failedDescribes > MAX_FAILED_DESCRIBES) {
          stopQuietly(id);
          throw e;
        }
        LOG.debug("{} status call for {} failed ({}); asking again", engine, id, e.getMessage());
        s = null;
      }
      if (s != null) {
        switch (s.state()) {
          case SUCCEEDED:
            return s;
          case FAILED:
            throw s.failure();
          case CANCELLED:
            if (r.cancelled()) {
              throw new QueryCancelledException(engine, id, null);
            }
            throw new QueryFailedException(engine + " query " + id + " was cancelled on the engine",
                engine, ErrorCategory.CANCELLED, id, null);
          default:
            break;
        }
      }
      long delay = polling.delay(attempt).toNanos();
      long left = deadline - System.nanoTime();
      if (r.sleep(Duration.ofNanos(Math.max(0, Math.min(delay, left))))) {
        stopQuietly(id);
        throw new QueryCancelledException(engine, id, null);
      }
    }
  }

  private void stopQuietly(String id) {
    try {
      stop(id);
    } catch (RuntimeException e) {
      LOG.warn("{} could not stop query {}: {}", engine, id, e.toString());
    }
  }

  /** A query in flight: its id once known, and whether it was cancelled. */
  private final class Running {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final Query query;
    private volatile String id;

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
      String queryId = id;
      if (queryId != null && !closed) {
        // stop on the engine now rather than at the waiting thread's next wake-up
        try {
          executor.execute(() -> stopQuietly(queryId));
        } catch (RuntimeException e) {
          stopQuietly(queryId);
        }
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
    private final Finished finished;
    private final Pages pages;
    private final int maxRows;
    private final ColumnIndex index;
    private Future<Page> nextPage;
    private Iterator<Object[]> current;
    private long returned;
    private boolean iterated;
    private boolean done;

    PagedStream(Finished finished, Query query) {
      this.finished = finished;
      this.maxRows = query.maxRows().orElse(Integer.MAX_VALUE);
      if (!finished.status.hasResultSet()) {
        this.pages = null;
        this.index = new ColumnIndex(List.of());
        this.current = java.util.Collections.emptyIterator();
        this.done = true;
        return;
      }
      this.pages = pages(finished.id, finished.status, query);
      Page first;
      try {
        first = pages.next();
      } catch (RuntimeException e) {
        pages.close();
        throw e;
      }
      if (first == null || first.columns() == null) {
        pages.close();
        throw new QueryFailedException(engine + " returned no columns for query " + finished.id,
            engine, ErrorCategory.INTERNAL, finished.id, null);
      }
      this.index = new ColumnIndex(first.columns());
      this.current = first.rows().iterator();
      prefetch();
    }

    ColumnIndex index() {
      return index;
    }

    private void prefetch() {
      if (!done && returned < maxRows) {
        nextPage = executor.submit(pages::next);
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
            if (nextPage == null) {
              done = true;
              return false;
            }
            Page p = take();
            if (p == null) {
              done = true;
              nextPage = null;
              return false;
            }
            current = p.rows().iterator();
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

    private Page take() {
      try {
        return nextPage.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QueryCancelledException(engine, finished.id, e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RunwayException re) {
          throw re;
        }
        throw new QueryFailedException("reading the result of " + engine + " query " + finished.id
            + " failed: " + c, engine, ErrorCategory.TRANSIENT, finished.id, c);
      }
    }

    @Override
    public void close() {
      Future<Page> f = nextPage;
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
