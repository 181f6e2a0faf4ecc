package dev.runway.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The per-query scan budget over an engine that reports bytes scanned (an embedded DuckDB whose
 * results are given the scan a test sets, as Athena's carry theirs).
 */
class ScanBudgetDatabaseClientTest {

  /** DuckDB that reports {@code scanned} bytes for every query, and counts what reached it. */
  private static final class Scanning extends ForwardingDatabaseClient {
    final AtomicLong scanned = new AtomicLong();
    final AtomicInteger runs = new AtomicInteger();
    volatile boolean cached;

    Scanning() {
      super(JdbcDatabaseClient.embedded());
    }

    private QueryResult mark(QueryResult r) {
      return r.withStats(
          r.stats().toBuilder().bytesScanned(scanned.get()).fromCache(cached).build());
    }

    @Override
    public QueryResult execute(Query query) {
      runs.incrementAndGet();
      return mark(super.execute(query));
    }

    @Override
    public CompletableFuture<QueryResult> executeAsync(Query query) {
      runs.incrementAndGet();
      return super.executeAsync(query).thenApply(this::mark);
    }
  }

  @Test
  void aQueryThatScannedMoreThanTheBudget_isRefusedBeforeItRunsAgain_whateverItsParameters() {
    Scanning engine = new Scanning();
    try (DatabaseClient guarded =
        ScanBudgetDatabaseClient.builder(engine).budgetBytes(100L << 20).build()) {
      engine.scanned.set(100L << 20); // exactly the budget: allowed, and allowed again
      guarded.execute(Query.builder("SELECT :n AS n").param("n", 1).build());
      guarded.execute(Query.builder("SELECT :n AS n").param("n", 2).build());
      engine.scanned.set((100L << 20) + 1);
      guarded.execute(Query.builder("SELECT :n AS n").param("n", 3).label("wm.all-stock").build());
      int before = engine.runs.get();
      assertThatThrownBy(
              () ->
                  guarded.execute(
                      Query.builder("SELECT :n AS n").param("n", 4).label("wm.all-stock").build()))
          .isInstanceOfSatisfying(
              ScanBudgetExceededException.class,
              e -> {
                assertThat(e.estimatedBytes()).isEqualTo((100L << 20) + 1);
                assertThat(e.budgetBytes()).isEqualTo(100L << 20);
              })
          .hasMessageContaining("wm.all-stock")
          .hasMessageContaining("100.0 MiB")
          .hasMessageContaining("scan-budget");
      assertThatThrownBy(
              () -> guarded.stream(Query.builder("SELECT :n AS n").param("n", 5).build()))
          .isInstanceOf(ScanBudgetExceededException.class);
      assertThat(engine.runs.get()).as("refused before the engine saw it").isEqualTo(before);
      // another query is not affected
      assertThat(guarded.execute(Query.of("SELECT 'other' AS x")).row(0).getString(0))
          .isEqualTo("other");
    }
  }

  @Test
  void anEstimateOverTheBudget_isRefused_andCacheHitsAreNotScans() throws Exception {
    Scanning engine = new Scanning();
    ScanEstimator estimator =
        q -> q.sql().contains("big") ? OptionalLong.of(2L << 30) : OptionalLong.empty();
    try (ScanBudgetDatabaseClient guarded =
        ScanBudgetDatabaseClient.builder(engine)
            .budgetBytes(1L << 30)
            .estimator(estimator)
            .remembered(10)
            .build()) {
      assertThat(guarded.budgetBytes()).isEqualTo(1L << 30);
      assertThatThrownBy(() -> guarded.execute(Query.of("SELECT 'big' AS t")))
          .isInstanceOf(ScanBudgetExceededException.class)
          .hasMessageContaining("estimated to scan 2.0 GiB");
      assertThat(engine.runs.get()).isZero();
      // a result from a cache is not a scan, so it is not remembered
      engine.scanned.set(5L << 30);
      engine.cached = true;
      guarded.execute(Query.of("SELECT 'small' AS t"));
      engine.cached = false;
      assertThat(guarded.executeAsync(Query.of("SELECT 'small' AS t")).get().row(0).getString(0))
          .isEqualTo("small");
      // the asynchronous run recorded its scan: the next is refused
      assertThatThrownBy(() -> guarded.execute(Query.of("SELECT 'small' AS t")))
          .isInstanceOf(ScanBudgetExceededException.class)
          .hasMessageContaining("5.0 GiB");
      assertThat(guarded.toString()).contains("budget=1.0 GiB").contains("estimator=true");
    }
    assertThat(ScanBudgetDatabaseClient.human(512)).isEqualTo("512 bytes");
    assertThat(ScanBudgetDatabaseClient.human(1L << 20)).isEqualTo("1.0 MiB");
    assertThat(ScanBudgetDatabaseClient.human((1L << 20) - 1)).isEqualTo("1048575 bytes");
    assertThat(ScanBudgetDatabaseClient.human((3L << 30) / 2)).isEqualTo("1.5 GiB");
  }

  @Test
  void builder_refusesWhatCannotWork() {
    DatabaseClient db = JdbcDatabaseClient.embedded();
    assertThatThrownBy(() -> ScanBudgetDatabaseClient.builder(db).budgetBytes(0))
        .hasMessageContaining("> 0");
    assertThat(ScanBudgetDatabaseClient.builder(db).budgetBytes(1).build().budgetBytes())
        .isEqualTo(1);
    assertThatThrownBy(() -> ScanBudgetDatabaseClient.builder(db).build())
        .hasMessageContaining("budgetBytes is required");
    assertThatThrownBy(() -> ScanBudgetDatabaseClient.builder(db).remembered(0))
        .hasMessageContaining(">= 1");
    assertThat(ScanBudgetDatabaseClient.builder(db).budgetBytes(5).remembered(1).build())
        .isNotNull();
    // each setting once: a second value is a mistake, not an override
    assertThatThrownBy(() -> ScanBudgetDatabaseClient.builder(db).budgetBytes(5).budgetBytes(6))
        .hasMessageContaining("budgetBytes");
    assertThatThrownBy(() -> ScanBudgetDatabaseClient.builder(db).remembered(5).remembered(6))
        .hasMessageContaining("remembered");
    ScanEstimator none = q -> OptionalLong.empty();
    assertThatThrownBy(() -> ScanBudgetDatabaseClient.builder(db).estimator(none).estimator(none))
        .hasMessageContaining("estimator");
    db.close();
  }

  @Test
  void anEstimateOfExactlyTheBudget_runs() {
    Scanning engine = new Scanning();
    try (DatabaseClient guarded =
        ScanBudgetDatabaseClient.builder(engine)
            .budgetBytes(1L << 30)
            .estimator(q -> OptionalLong.of(1L << 30))
            .build()) {
      assertThat(guarded.execute(Query.of("SELECT 1 AS one")).row(0).getLong(0)).isEqualTo(1L);
    }
  }
}
