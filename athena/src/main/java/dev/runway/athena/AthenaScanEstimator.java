package dev.runway.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.core.cost.ScanEstimator;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.sql.ParsedSql;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Estimates the bytes a query will scan from Athena's {@code EXPLAIN (TYPE IO, FORMAT JSON)}: the
 * sum of the input tables' {@code estimate.outputSizeInBytes}. Empty when Athena gives no estimate
 * (tables without statistics). The EXPLAIN runs on the client with the query's own parameters; it
 * is itself never estimated. Thread-safe.
 */
final class AthenaScanEstimator implements ScanEstimator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AthenaDatabaseClient client;

  AthenaScanEstimator(AthenaDatabaseClient client) {
    this.client = client;
  }

  @Override
  public OptionalLong estimateBytes(Query query) {
    ParsedSql sql = ParsedSql.parse(query.sql());
    if (sql.normalized().regionMatches(true, 0, "EXPLAIN", 0, 7)) {
      return OptionalLong.empty();
    }
    Query.Builder explain =
        Query.builder("EXPLAIN (TYPE IO, FORMAT JSON) " + query.sql()).cacheable(false);
    query.params().forEach(explain::param);
    query.timeout().ifPresent(explain::timeout);
    QueryResult plan = client.execute(explain.build());
    if (plan.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      JsonNode root = JSON.readTree(String.valueOf(plan.row(0).get(0)));
      double total = 0;
      boolean any = false;
      for (JsonNode t : root.path("inputTableColumnInfos")) {
        JsonNode size = t.path("estimate").path("outputSizeInBytes");
        if (size.isNumber() && Double.isFinite(size.asDouble())) {
          total += size.asDouble();
          any = true;
        }
      }
      return any ? OptionalLong.of((long) total) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty(); // no usable estimate: the observed figure still applies
    }
  }
}
