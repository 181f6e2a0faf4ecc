package dev.runway.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names a query observation and its key values; implement it to change them. */
public interface QueryObservationConvention extends ObservationConvention<QueryContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof QueryContext;
  }
}
