package dev.runway.core.local;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayClientException;
import dev.runway.core.error.RunwayException;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.internal.DaemonThreads;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.DatabaseClient;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DatabaseClient} over JDBC: embedded DuckDB (in memory or a file), any JDBC URL, or a
 * {@link DataSource}. Thread-safe.
 *
 * <p>Parameters are bound through {@link PreparedStatement}. A timeout cancels the statement on the
 * engine ({@link Statement#cancel()}), so the engine stops working, not just the caller waiting.
 * {@link #stream(Query)} reads rows one at a time (DuckDB streams its result, other drivers get a
 * fetch size and a transaction so that PostgreSQL-style drivers use a cursor).
 */
public final class JdbcDatabaseClient implements DatabaseClient {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabaseClient.class);

  private final ConnectionSource connections;
  private final boolean duckDb;
  private volatile @Nullable String engine;
  private final int fetchSize;
  private final Executor asyncExecutor;
  private final @Nullable ExecutorService ownedExecutor;
  private final ConcurrentHashMap<String, RunningQuery> running = new ConcurrentHashMap<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbcDatabaseClient(Builder b, ConnectionSource connections) {
    this.connections = connections;
    this.duckDb = b.duckDbUrl != null;
    this.engine = b.engine != null ? b.engine : duckDb ? "duckdb" : null;
    this.fetchSize = b.fetchSize;
    if (b.executor != null) {
      this.asyncExecutor = b.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = Executors.newCachedThreadPool(new DaemonThreads("runway-jdbc-async"));
      this.asyncExecutor = ownedExecutor;
    }
  }

  /**
   * Returns a client on a new in-memory DuckDB database; the zero-configuration default. DuckDB
   * also reads local Parquet and CSV files with {@code read_parquet('data/*.parquet')} and {@code
   * read_csv('file.csv')}, the same files Athena reads from S3.
   */
  public static JdbcDatabaseClient embedded() {
    return builder().duckDbInMemory().build();
  }

  /** Returns a client on a DuckDB database file, created if missing. */
  public static JdbcDatabaseClient duckDb(Path file) {
    return builder().duckDbFile(file).build();
  }

  /** Returns a client on any JDBC {@link DataSource}; pooling is the data source's job. */
  public static JdbcDatabaseClient of(DataSource dataSource) {
    return builder().dataSource(dataSource).build();
  }

  /** Returns a builder; choose exactly one of the DuckDB, URL or data-source options. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String engine() {
    String e = engine;
    return e == null ? "jdbc" : e;
  }

  @Override
  public QueryResult execute(Query query) {
    Objects.requireNonNull(query, "query");
    return run(query, new RunningQuery(UUID.randomUUID().toString()));
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    RunningQuery rq = new RunningQuery(UUID.randomUUID().toString());
    running.put(rq.id(), rq);
    CompletableFuture<QueryResult> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            // the future first: once the engine stops the query, the worker would otherwise
            // complete
            // the future with the driver's error before the cancellation could claim it
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            rq.cancel();
            return cancelled;
          }
        };
    queued.incrementAndGet();
    try {
      asyncExecutor.execute(
          () -> {
            queued.decrementAndGet();
            try {
              future.complete(run(query, rq));
            } catch (Throwable t) {
              future.completeExceptionally(t);
            }
          });
    } catch (RuntimeException e) { // a caller's executor refused the task
      queued.decrementAndGet();
      running.remove(rq.id());
      throw e;
    }
    return future;
  }

  /**
   * Returns the queries running (including streams being read) and the async ones waiting for a
   * thread.
   */
  @Override
  public Optional<EngineMetrics> engineMetrics() {
    int waiting = queued.get();
    return Optional.of(new EngineMetrics(Math.max(0, running.size() - waiting), waiting, 0));
  }

  @Override
  public boolean cancel(String queryId) {
    RunningQuery rq = running.get(Objects.requireNonNull(queryId, "queryId"));
    return rq != null && rq.cancel();
  }

  private QueryResult run(Query query, RunningQuery rq) {
    checkOpen();
    ParsedSql parsed = ParsedSql.parse(query.sql());
    List<Object> values = parsed.bind(query.params());
    running.put(rq.id(), rq);
    Connection c = null;
    boolean broken = false;
    long start = System.nanoTime();
    try {
      c = acquire();
      try (PreparedStatement ps = c.prepareStatement(parsed.positionalSql())) {
        bindAll(ps, parsed, values);
        int max = query.maxRows().orElse(0);
        if (max > 0) {
          ps.setMaxRows(max);
        }
        if (!rq.start(ps, query.timeout().orElse(null))) {
          throw new QueryCancelledException(engine(), rq.id(), null);
        }
        List<Row> rows = new ArrayList<>();
        ColumnIndex index;
        try {
          if (ps.execute()) {
            try (ResultSet rs = ps.getResultSet()) {
              JdbcRowStream reader =
                  new JdbcRowStream(rq.id(), rs, max, () -> {}, e -> translate(e, rq, query));
              index = reader.columnIndex();
              Row row;
              while ((max == 0 || rows.size() < max) && (row = reader.readRow()) != null) {
                rows.add(row);
              }
            }
          } else {
            index = new ColumnIndex(List.of());
          }
        } finally {
          rq.finished();
        }
        QueryStats stats =
            QueryStats.builder(engine())
                .queryId(rq.id())
                .executionTime(Duration.ofNanos(System.nanoTime() - start))
                .rows(rows.size())
                .build();
        return new QueryResult(index, rows, stats);
      }
    } catch (SQLException e) {
      RuntimeException translated = translate(e, rq, query);
      broken =
          translated instanceof RunwayException re && re.category() == ErrorCategory.UNAVAILABLE;
      throw translated;
    } finally {
      running.remove(rq.id());
      if (c != null) {
        connections.release(c, broken);
      }
    }
  }

  @Override
  public RowStream stream(Query query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    ParsedSql parsed = ParsedSql.parse(query.sql());
    List<Object> values = parsed.bind(query.params());
    RunningQuery rq = new RunningQuery(UUID.randomUUID().toString());
    running.put(rq.id(), rq);
    Connection c = null;
    PreparedStatement ps = null;
    try {
      c = acquire();
      if (!duckDb) {
        // PostgreSQL-family drivers only use a server-side cursor inside a transaction.
        c.setAutoCommit(false);
      }
      ps =
          c.prepareStatement(
              parsed.positionalSql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      ps.setFetchSize(fetchSize);
      bindAll(ps, parsed, values);
      if (query.maxRows().isPresent()) {
        setMaxRows(ps, query.maxRows().getAsInt());
      }
      if (!rq.start(ps, query.timeout().orElse(null))) {
        throw new QueryCancelledException(engine(), rq.id(), null);
      }
      ResultSet rs;
      try {
        rs = ps.executeQuery();
      } finally {
        rq.finished();
      }
      Connection conn = c;
      PreparedStatement stmt = ps;
      return new JdbcRowStream(
          rq.id(),
          rs,
          query.maxRows().orElse(0),
          () -> {
            running.remove(rq.id());
            ConnectionSource.closeQuietly(stmt);
            connections.release(conn, false);
          },
          e -> translate(e, rq, query));
    } catch (SQLException e) {
      running.remove(rq.id());
      ConnectionSource.closeQuietly(ps);
      RuntimeException translated = translate(e, rq, query);
      if (c != null) {
        connections.release(c, true);
      }
      throw translated;
    } catch (RuntimeException e) {
      running.remove(rq.id());
      ConnectionSource.closeQuietly(ps);
      if (c != null) {
        connections.release(c, true);
      }
      throw e;
    }
  }

  private static void setMaxRows(PreparedStatement ps, int max) {
    try {
      ps.setMaxRows(max);
    } catch (SQLException e) {
      // the stream stops at the limit itself; the driver hint is an optimisation
    }
  }

  private Connection acquire() throws SQLException {
    Connection c = connections.acquire();
    if (engine == null) {
      engine = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).replace(' ', '-');
    }
    return c;
  }

  private static void bindAll(PreparedStatement ps, ParsedSql parsed, List<Object> values)
      throws SQLException {
    List<String> names = parsed.parameterNames();
    for (int i = 0; i < values.size(); i++) {
      JdbcTypes.bind(ps, i + 1, names.get(i), values.get(i));
    }
  }

  private RuntimeException translate(SQLException e, RunningQuery rq, Query query) {
    if (rq.wasTimedOut()) {
      return new QueryTimeoutException(engine(), query.timeout().orElse(Duration.ZERO), rq.id(), e);
    }
    if (rq.wasCancelled()) {
      return new QueryCancelledException(engine(), rq.id(), e);
    }
    ErrorCategory category = SqlErrors.categorize(e);
    String label = query.label().map(l -> " (" + l + ")").orElse("");
    LOG.debug("query {} failed on {}: {}", rq.id(), engine(), e.getMessage());
    return new QueryFailedException(
        "query" + label + " failed on " + engine() + ": " + e.getMessage(),
        engine(),
        category,
        rq.id(),
        e);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this DatabaseClient is closed");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    running.values().forEach(RunningQuery::cancel);
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    connections.close();
  }

  @Override
  public String toString() {
    return "JdbcDatabaseClient{engine=" + engine() + "}";
  }

  /** Builds a {@link JdbcDatabaseClient}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("JdbcDatabaseClient.Builder");
    private @Nullable String duckDbUrl;
    private @Nullable Path duckDbFile;
    private @Nullable String url;
    private @Nullable DataSource dataSource;
    private final Properties properties = new Properties();
    private @Nullable String engine;
    private int fetchSize = 2_048;
    private int maxIdleConnections = 8;
    private @Nullable Executor executor;
    private final List<String> initSql = new ArrayList<>();

    private Builder() {}

    /** Uses a new in-memory DuckDB database, private to this client. */
    public Builder duckDbInMemory() {
      once.check("duckDbInMemory", true);
      checkSourceUnset();
      this.duckDbUrl = "jdbc:duckdb:";
      return this;
    }

    /** Uses a DuckDB database file, created when missing. */
    public Builder duckDbFile(Path file) {
      once.check("duckDbFile", file);
      Objects.requireNonNull(file, "file");
      checkSourceUnset();
      this.duckDbFile = file.toAbsolutePath();
      this.duckDbUrl = "jdbc:duckdb:" + duckDbFile;
      return this;
    }

    /** Uses a JDBC URL through {@link java.sql.DriverManager}, one connection per query. */
    public Builder url(String jdbcUrl) {
      once.checkSecret("url"); // a JDBC URL may carry a password
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith("jdbc:")) {
        throw new IllegalArgumentException("a JDBC URL starts with 'jdbc:', got '" + jdbcUrl + "'");
      }
      checkSourceUnset();
      if (jdbcUrl.startsWith("jdbc:duckdb:")) {
        this.duckDbUrl = jdbcUrl;
      } else {
        this.url = jdbcUrl;
      }
      return this;
    }

    /** Uses a data source; the caller owns and closes it. */
    public Builder dataSource(DataSource dataSource) {
      once.check("dataSource", dataSource);
      Objects.requireNonNull(dataSource, "dataSource");
      checkSourceUnset();
      this.dataSource = dataSource;
      return this;
    }

    /** Sets the user name for a URL connection. */
    public Builder user(String user) {
      once.check("user", user);
      properties.setProperty("user", Objects.requireNonNull(user, "user"));
      return this;
    }

    /** Sets the password for a URL connection; it is never logged or printed. */
    public Builder password(String password) {
      once.checkSecret("password");
      properties.setProperty("password", Objects.requireNonNull(password, "password"));
      return this;
    }

    /** Sets a driver property. */
    public Builder property(String key, String value) {
      properties.setProperty(
          Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Names the engine in stats and errors; by default read from the driver's metadata. */
    public Builder engine(String engine) {
      once.check("engine", engine);
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** Sets how many rows a stream fetches per round trip (default 2,048). */
    public Builder fetchSize(int fetchSize) {
      once.check("fetchSize", fetchSize);
      if (fetchSize <= 0) {
        throw new IllegalArgumentException("fetchSize must be positive, got " + fetchSize);
      }
      this.fetchSize = fetchSize;
      return this;
    }

    /** Sets how many idle embedded connections are kept for reuse (default 8). */
    public Builder maxIdleConnections(int max) {
      once.check("maxIdleConnections", max);
      if (max < 0) {
        throw new IllegalArgumentException("maxIdleConnections must be >= 0, got " + max);
      }
      this.maxIdleConnections = max;
      return this;
    }

    /** Sets the executor of {@link #executeAsync}; by default a daemon pool owned by the client. */
    public Builder executor(Executor executor) {
      once.check("executor", executor);
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Adds a statement run once when the client starts, such as {@code INSTALL httpfs}. */
    public Builder initSql(String sql) {
      once.check("initSql", sql);
      initSql.add(Objects.requireNonNull(sql, "sql"));
      return this;
    }

    /**
     * Returns the client, opening the embedded database now.
     *
     * @throws RunwayServiceException if the database cannot be opened
     */
    public JdbcDatabaseClient build() {
      if (duckDbUrl == null && url == null && dataSource == null) {
        throw new IllegalStateException(
            "no database chosen: call duckDbInMemory(), duckDbFile(path), url(jdbcUrl) or dataSource(ds)");
      }
      if (duckDbFile != null) {
        createParentDirectory(duckDbFile);
      }
      ConnectionSource source;
      try {
        source =
            duckDbUrl != null
                ? new DuckDbConnections(duckDbUrl, properties, maxIdleConnections)
                : dataSource != null
                    ? new DataSourceConnections(dataSource)
                    : new DataSourceConnections(Objects.requireNonNull(url), properties);
      } catch (SQLException e) {
        if (duckDbFile != null) {
          // a file DuckDB cannot open (no permission, a directory, another process's lock, not a
          // database) is the caller's to fix, not a fault of the engine
          throw new RunwayClientException(
              "cannot open the DuckDB file "
                  + duckDbFile
                  + ": "
                  + e.getMessage()
                  + "; check that the path is a writable file not opened by another process",
              e);
        }
        throw new RunwayServiceException(
            "cannot open the database: " + e.getMessage(),
            engine == null ? "duckdb" : engine,
            SqlErrors.categorize(e),
            null,
            e);
      }
      JdbcDatabaseClient client = new JdbcDatabaseClient(this, source);
      for (String sql : initSql) {
        try {
          client.execute(Query.builder(sql).cacheable(false).build());
        } catch (RuntimeException e) {
          client.close();
          throw e;
        }
      }
      return client;
    }

    /** The file is created if missing, and so is its directory (as the YAML path does). */
    private static void createParentDirectory(Path file) {
      Path parent = file.getParent();
      if (parent == null || Files.isDirectory(parent)) {
        return;
      }
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new RunwayClientException(
            "cannot create the directory "
                + parent
                + " for the DuckDB file "
                + file.getFileName()
                + ": "
                + e
                + "; choose a writable location");
      }
    }

    private void checkSourceUnset() {
      if (duckDbUrl != null || url != null || dataSource != null) {
        throw new IllegalStateException(
            "the database was already chosen; choose exactly one of "
                + "duckDbInMemory(), duckDbFile(path), url(jdbcUrl), dataSource(ds)");
      }
    }
  }
}
