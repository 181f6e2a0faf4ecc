/**
 * Micrometer instrumentation for Runway: {@link dev.runway.micrometer.RunwayObservations} observes
 * queries, cache loads and invalidations, session operations and sign-ins through the Observation
 * API (timers with a meter registry, spans with a tracing bridge), and {@link
 * dev.runway.micrometer.RunwayMetrics} binds the components' own counters and states (cache gets,
 * puts, evictions, errors; circuit breakers; queries running and queued) to a {@link
 * io.micrometer.core.instrument.MeterRegistry}.
 */
@NullMarked
package dev.runway.micrometer;

import org.jspecify.annotations.NullMarked;
