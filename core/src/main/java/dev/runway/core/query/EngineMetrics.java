package dev.runway.core.query;

/**
 * What a database client is doing now, read by metrics binders (runway-micrometer turns it into
 * gauges and counters): the queries it is running on the engine, the queries waiting for a slot
 * under its concurrency cap, and how many status calls a polled engine (Athena, the Redshift Data
 * API) has made since the client was created.
 *
 * @param running queries submitted to the engine and not yet finished
 * @param queued queries waiting to be submitted (concurrency cap reached)
 * @param statusCalls status calls made so far; 0 for engines that are not polled
 */
public record EngineMetrics(int running, int queued, long statusCalls) {

  /** Checks that no count is negative. */
  public EngineMetrics {
    if (running < 0 || queued < 0 || statusCalls < 0) {
      throw new IllegalArgumentException(
          "negative count in " + running + "/" + queued + "/" + statusCalls);
    }
  }
}
