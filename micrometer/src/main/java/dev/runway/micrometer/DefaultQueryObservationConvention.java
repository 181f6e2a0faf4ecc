package dev.runway.micrometer;

import dev.runway.core.error.RunwayException;
import dev.runway.core.query.QueryStats;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The query observation {@code runway.query}: low-cardinality keys {@code runway.engine}, {@code
 * runway.query.label} (bounded), {@code runway.query.operation}, {@code outcome} ({@code success} |
 * {@code error}), {@code error.category} ({@code none} or the {@link
 * dev.runway.core.error.ErrorCategory} in lower case, {@code other} for exceptions that carry none)
 * and {@code runway.cache} ({@code hit} | {@code miss}); high-cardinality keys {@code
 * runway.query.id} and {@code runway.query.bytes-scanned}. The SQL text, parameters and cache scope
 * (a persona, a user) are never key values.
 */
public class DefaultQueryObservationConvention implements QueryObservationConvention {

  /** The observation's name, and so the timer's: {@code runway.query}. */
  public static final String NAME = "runway.query";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(QueryContext context) {
    return "runway " + context.operation() + " " + context.engine();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(QueryContext context) {
    Throwable error = context.getError();
    QueryStats stats = context.stats();
    String category =
        error == null
            ? "none"
            : error instanceof RunwayException re
                ? re.category().name().toLowerCase(Locale.ROOT)
                : "other";
    return KeyValues.of(
        KeyValue.of("runway.engine", context.engine()),
        KeyValue.of("runway.query.label", context.boundedLabel()),
        KeyValue.of("runway.query.operation", context.operation()),
        KeyValue.of("outcome", error == null ? "success" : "error"),
        KeyValue.of("error.category", category),
        KeyValue.of("runway.cache", stats != null && stats.fromCache() ? "hit" : "miss"));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(QueryContext context) {
    QueryStats stats = context.stats();
    if (stats == null) {
      return KeyValues.empty();
    }
    KeyValues kv = KeyValues.of(KeyValue.of("runway.query.id", stats.queryId().orElse("none")));
    if (stats.bytesScanned().isPresent()) {
      kv =
          kv.and(
              KeyValue.of(
                  "runway.query.bytes-scanned", Long.toString(stats.bytesScanned().getAsLong())));
    }
    return kv;
  }
}
