package dev.runway.testkit.aws;

import dev.runway.core.error.RunwayException;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.Column;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine behind the protocol fixtures: statements run asynchronously on an in-memory DuckDB
 * database, each with the lifecycle a remote engine reports (queued, running, succeeded, failed,
 * cancelled). A comment {@code /* fixture:sleep=2000 *}{@code /} in the SQL makes a statement run
 * at least that many milliseconds (cancellable), so that slow queries cost no CPU.
 */
public final class FixtureEngine implements AutoCloseable {

  private static final Pattern SLEEP = Pattern.compile("/\\*\\s*fixture:sleep=(\\d+)\\s*\\*/");

  /** The state of an execution. */
  public enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  /** One statement's run. Fields are written by the running thread and read by handlers. */
  public static final class Execution {
    private final String id;
    private final String sql;
    private final Instant submitted = Instant.now();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile State state = State.QUEUED;
    private volatile Instant started;
    private volatile Instant finished;
    private volatile String error;
    private volatile QueryResult result;
    private volatile CompletableFuture<QueryResult> running;
    private volatile Object attachment;

    Execution(String id, String sql) {
      this.id = id;
      this.sql = sql;
    }

    /** Returns the id. */
    public String id() {
      return id;
    }

    /** Returns the SQL as submitted. */
    public String sql() {
      return sql;
    }

    /** Returns the state. */
    public State state() {
      return state;
    }

    /** Returns the error message of a failed execution. */
    public String error() {
      return error;
    }

    /** Returns the result of a succeeded execution. */
    public QueryResult result() {
      return result;
    }

    /** Returns when it was submitted. */
    public Instant submitted() {
      return submitted;
    }

    /** Returns when it started running, or null. */
    public Instant started() {
      return started;
    }

    /** Returns when it finished, or null. */
    public Instant finished() {
      return finished;
    }

    /** Returns what the fixture attached (its own bookkeeping). */
    public Object attachment() {
      return attachment;
    }

    /** Attaches the fixture's own bookkeeping. */
    public void attach(Object o) {
      this.attachment = o;
    }

    /** Returns the time from submission to finish (or to now). */
    public Duration elapsed() {
      Instant end = finished == null ? Instant.now() : finished;
      return Duration.between(submitted, end);
    }
  }

  private final JdbcDatabaseClient db = JdbcDatabaseClient.builder().duckDbInMemory().build();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fixture-engine");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();
  private volatile String failNextError;

  /** Returns the database client the statements run on, for seeding data directly. */
  public JdbcDatabaseClient database() {
    return db;
  }

  /** Makes the next submitted statement fail with {@code message} instead of running. */
  public void failNext(String message) {
    this.failNextError = message;
  }

  /**
   * Returns how many statements were submitted since the fixture started: what a test compares
   * before and after to prove a query never reached the service.
   */
  public int submitted() {
    return executions.size();
  }

  /** Returns how many statements are queued or running. */
  public int active() {
    return active.get();
  }

  /**
   * Submits a statement with named parameters ({@code :name}) and returns its execution.
   *
   * @param sql the SQL
   * @param params values by name, already parsed from the protocol's representation
   */
  public Execution submit(String sql, Map<String, Object> params) {
    Execution e = new Execution(UUID.randomUUID().toString(), sql);
    executions.put(e.id, e);
    active.incrementAndGet();
    String injected = failNextError;
    failNextError = null;
    threads.execute(() -> run(e, params, injected));
    return e;
  }

  /**
   * Submits a statement that the fixture carries out itself (an UNLOAD, say) rather than DuckDB
   * running its text: {@code action} runs as the statement, which has no result set; an exception
   * fails it with its message.
   */
  public Execution submitAction(String sql, Runnable action) {
    Execution e = new Execution(UUID.randomUUID().toString(), sql);
    executions.put(e.id, e);
    active.incrementAndGet();
    threads.execute(
        () -> {
          e.started = Instant.now();
          e.state = State.RUNNING;
          try {
            action.run();
            finish(e, State.SUCCEEDED, null);
          } catch (RuntimeException x) {
            finish(e, State.FAILED, x.getMessage());
          }
        });
    return e;
  }

  /** Returns the execution with {@code id}, or null. */
  public Execution get(String id) {
    return executions.get(id);
  }

  /** Cancels a queued or running execution; returns whether it was still running. */
  public boolean cancel(String id) {
    Execution e = executions.get(id);
    if (e == null
        || e.state == State.SUCCEEDED
        || e.state == State.FAILED
        || e.state == State.CANCELLED) {
      return false;
    }
    e.stop.countDown();
    CompletableFuture<QueryResult> f = e.running;
    if (f != null) {
      f.cancel(true);
    }
    return true;
  }

  private void run(Execution e, Map<String, Object> params, String injected) {
    try {
      e.started = Instant.now();
      e.state = State.RUNNING;
      Matcher m = SLEEP.matcher(e.sql);
      if (m.find() && e.stop.await(Long.parseLong(m.group(1)), TimeUnit.MILLISECONDS)) {
        finish(e, State.CANCELLED, null);
        return;
      }
      if (injected != null) {
        finish(e, State.FAILED, injected);
        return;
      }
      Query.Builder q = Query.builder(e.sql).cacheable(false);
      params.forEach(q::param);
      e.running = db.executeAsync(q.build());
      if (e.stop.getCount() == 0) {
        e.running.cancel(true);
      }
      e.result = e.running.get();
      finish(e, State.SUCCEEDED, null);
    } catch (CancellationException | InterruptedException x) {
      finish(e, State.CANCELLED, null);
    } catch (ExecutionException x) {
      Throwable c = x.getCause();
      finish(
          e, State.FAILED, c instanceof RunwayException re ? re.getMessage() : String.valueOf(c));
    } catch (RuntimeException x) {
      finish(e, State.FAILED, x.getMessage());
    }
  }

  private void finish(Execution e, State state, String error) {
    e.error = error;
    e.finished = Instant.now();
    active.decrementAndGet(); // before the state: a client that sees it finished may submit at once
    e.state = state;
  }

  /** Returns the result's columns, or an empty list for a statement without a result set. */
  public static List<Column> columns(Execution e) {
    return e.result == null ? List.of() : e.result.columns();
  }

  @Override
  public void close() {
    executions.keySet().forEach(this::cancel);
    threads.shutdownNow();
    db.close();
  }
}
