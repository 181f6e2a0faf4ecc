package dev.runway.micrometer;

import dev.runway.migrate.CanaryDatabaseClient;
import dev.runway.migrate.ResultComparator;
import dev.runway.migrate.ShadowDatabaseClient;
import dev.runway.migrate.ShadowReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Meters of the migration decorators, for the dashboards and alarms of a cut-over:
 *
 * <ul>
 *   <li>a shadow run: {@code
 *       runway.shadow.comparisons{result=match|transient-mismatch|persistent-mismatch|candidate-error|dialect-failure}}
 *       {@code runway.shadow.forgiven{rule}} and {@code runway.shadow.skipped} (counters), and
 *       {@code runway.shadow.accuracy} (gauge, 0..1);
 *   <li>a canary: {@code runway.canary.share} (gauge, percent of queries on the new engine), {@code
 *       runway.canary.rollbacks} and {@code runway.canary.steps} (counters).
 * </ul>
 *
 * Each reads the decorator's own report when the registry publishes. Tag {@code migration} names
 * the migration, e.g. {@code redshift-to-athena}.
 */
public final class MigrationMetrics implements MeterBinder {

  private final Object decorator;
  private final Iterable<Tag> tags;

  private MigrationMetrics(Object decorator, String migration) {
    this.decorator = decorator;
    this.tags = Tags.of("migration", Objects.requireNonNull(migration, "migration"));
  }

  /** Meters of a shadow run. */
  public static MigrationMetrics shadow(ShadowDatabaseClient shadow, String migration) {
    return new MigrationMetrics(Objects.requireNonNull(shadow, "shadow"), migration);
  }

  /** Meters of a canary. */
  public static MigrationMetrics canary(CanaryDatabaseClient canary, String migration) {
    return new MigrationMetrics(Objects.requireNonNull(canary, "canary"), migration);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (decorator instanceof ShadowDatabaseClient shadow) {
      comparisons(registry, shadow, "match", ShadowReport.QueryReport::matches);
      comparisons(
          registry, shadow, "transient-mismatch", ShadowReport.QueryReport::transientMismatches);
      comparisons(
          registry, shadow, "persistent-mismatch", ShadowReport.QueryReport::persistentMismatches);
      comparisons(registry, shadow, "candidate-error", ShadowReport.QueryReport::candidateErrors);
      comparisons(registry, shadow, "dialect-failure", ShadowReport.QueryReport::dialectFailures);
      for (String rule : ResultComparator.RULES) {
        FunctionCounter.builder(
                "runway.shadow.forgiven",
                shadow,
                s ->
                    s.report().queries().stream()
                        .mapToLong(q -> q.forgiven().getOrDefault(rule, 0L))
                        .sum())
            .tags(Tags.concat(tags, "rule", rule))
            .description("differences forgiven under a documented rule")
            .register(registry);
      }
      FunctionCounter.builder("runway.shadow.skipped", shadow, s -> s.report().skipped())
          .tags(tags)
          .description("queries not shadowed (sampling, budget, opt-out, full queue)")
          .register(registry);
      Gauge.builder("runway.shadow.accuracy", shadow, s -> accuracy(s.report()))
          .tags(tags)
          .description("share of comparisons that matched, 0..1")
          .register(registry);
    } else if (decorator instanceof CanaryDatabaseClient canary) {
      Gauge.builder("runway.canary.share", canary, CanaryDatabaseClient::percent)
          .tags(tags)
          .baseUnit("percent")
          .description("share of queries routed to the new engine")
          .register(registry);
      FunctionCounter.builder("runway.canary.rollbacks", canary, c -> count(c, "ROLLBACK"))
          .tags(tags)
          .description("automatic rollbacks to the current engine")
          .register(registry);
      FunctionCounter.builder("runway.canary.steps", canary, c -> count(c, "STEP"))
          .tags(tags)
          .description("steps of the share towards the new engine")
          .register(registry);
    }
  }

  private void comparisons(
      MeterRegistry registry,
      ShadowDatabaseClient shadow,
      String result,
      ToLongFunction<ShadowReport.QueryReport> count) {
    FunctionCounter.builder(
            "runway.shadow.comparisons",
            shadow,
            s -> s.report().queries().stream().mapToLong(count).sum())
        .tags(Tags.concat(tags, "result", result))
        .description("comparisons of the candidate's result with the primary's")
        .register(registry);
  }

  private static double accuracy(ShadowReport report) {
    long runs = 0;
    long matches = 0;
    for (ShadowReport.QueryReport q : report.queries()) {
      matches += q.matches();
      runs += q.matches() + q.transientMismatches() + q.persistentMismatches();
    }
    return runs == 0 ? 1.0 : (double) matches / runs;
  }

  private static long count(CanaryDatabaseClient canary, String kind) {
    return canary.events().stream().filter(e -> e.kind().equals(kind)).count();
  }
}
