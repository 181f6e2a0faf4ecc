package dev.runway.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ShadowDatabaseClient} found, per query fingerprint (the normalised SQL without
 * parameter values): runs, matches, transient and persistent mismatches, differences each rule
 * forgave, latency percentiles and cost on each side. Immutable; renders as JSON or Markdown.
 *
 * @param queries one entry per fingerprint
 * @param skipped shadow runs not made (sampling, budget, busy executor, open circuit)
 */
public record ShadowReport(List<QueryReport> queries, long skipped) {

  /**
   * One query fingerprint.
   *
   * @param fingerprint the first 16 hex digits of the SHA-256 of the normalised SQL
   * @param sql the SQL, abbreviated
   * @param runs comparisons made
   * @param matches comparisons that matched (possibly with forgiven differences)
   * @param transientMismatches mismatches that disappeared when re-run
   * @param persistentMismatches mismatches confirmed by the re-run
   * @param candidateErrors candidate failures and timeouts that no dialect rule explains
   * @param dialectFailures candidate failures of a query the dialect check flags (the query needs
   *     rewriting for the candidate engine, the data is not in question)
   * @param forgiven differences forgiven, by rule
   * @param primaryP50Millis median primary latency
   * @param primaryP95Millis 95th-percentile primary latency
   * @param candidateP50Millis median candidate latency
   * @param candidateP95Millis 95th-percentile candidate latency
   * @param primaryCostUsd total estimated primary cost
   * @param candidateCostUsd total estimated candidate cost
   * @param primaryBytesScanned total primary bytes scanned (where reported)
   * @param candidateBytesScanned total candidate bytes scanned (where reported)
   * @param lastMismatch the differences of the last persistent mismatch (truncated), or empty
   * @param dialectFindings what the dialect check reported for this query when it failed or did not
   *     match on the candidate ({@code rule: explanation}), or empty
   */
  public record QueryReport(
      String fingerprint,
      String sql,
      long runs,
      long matches,
      long transientMismatches,
      long persistentMismatches,
      long candidateErrors,
      long dialectFailures,
      Map<String, Long> forgiven,
      double primaryP50Millis,
      double primaryP95Millis,
      double candidateP50Millis,
      double candidateP95Millis,
      BigDecimal primaryCostUsd,
      BigDecimal candidateCostUsd,
      long primaryBytesScanned,
      long candidateBytesScanned,
      List<ResultComparator.Difference> lastMismatch,
      List<String> dialectFindings) {

    /** Returns the share of comparisons that matched, 0..1 (1 when none were made). */
    public double accuracy() {
      long compared = matches + persistentMismatches;
      return compared == 0 ? 1.0 : (double) matches / compared;
    }
  }

  /** Returns whether every compared query matched (the seed's "100% result accuracy" gate). */
  public boolean allMatch() {
    return queries.stream().allMatch(q -> q.persistentMismatches() == 0);
  }

  /** Renders the report as indented JSON. */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("allMatch", allMatch());
    root.put("skipped", skipped);
    root.put("queries", queries);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report of plain values always serialises", e);
    }
  }

  /** Renders the report as a Markdown table with one row per query and the mismatches below. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder("# Shadow report\n\n");
    sb.append(
        allMatch() ? "All compared queries matched.\n\n" : "**Some queries did not match.**\n\n");
    sb.append(
        "| query | runs | matches | mismatches (persistent / transient) | candidate errors | dialect failures "
            + "| forgiven | p50 / p95 primary ms | p50 / p95 candidate ms | cost primary / candidate $ |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    List<QueryReport> failing = new ArrayList<>();
    for (QueryReport q : queries) {
      sb.append(
          String.format(
              "| `%s` | %d | %d | %d / %d | %d | %d | %s | %.1f / %.1f | %.1f / %.1f | %s / %s |%n",
              q.sql().replace("|", "\\\\|"),
              q.runs(),
              q.matches(),
              q.persistentMismatches(),
              q.transientMismatches(),
              q.candidateErrors(),
              q.dialectFailures(),
              q.forgiven().isEmpty() ? "-" : q.forgiven().toString(),
              q.primaryP50Millis(),
              q.primaryP95Millis(),
              q.candidateP50Millis(),
              q.candidateP95Millis(),
              q.primaryCostUsd().toPlainString(),
              q.candidateCostUsd().toPlainString()));
      if (!q.lastMismatch().isEmpty() || !q.dialectFindings().isEmpty()) {
        failing.add(q);
      }
    }
    for (QueryReport q : failing) {
      sb.append("\n## ")
          .append(q.lastMismatch().isEmpty() ? "Dialect" : "Mismatch")
          .append(": `")
          .append(q.sql())
          .append("`\n\n");
      for (String finding : q.dialectFindings()) {
        sb.append("- dialect: ").append(finding).append('\n');
      }
      for (ResultComparator.Difference d : q.lastMismatch()) {
        sb.append("- row ")
            .append(d.row())
            .append(d.column() == null ? "" : ", column " + d.column())
            .append(": primary `")
            .append(d.primary())
            .append("`, candidate `")
            .append(d.candidate())
            .append("`\n");
      }
    }
    return sb.toString();
  }
}
