package dev.runway.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names cache, session and sign-in observations and their key values: {@code runway.component} (the
 * implementation), {@code runway.operation} and {@code outcome}, all low-cardinality. Extend it to
 * change them.
 */
public class OperationObservationConvention implements ObservationConvention<OperationContext> {

  private final String name;

  /** Names the observation {@code name}, e.g. {@code runway.session}. */
  public OperationObservationConvention(String name) {
    this.name = name;
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof OperationContext o && o.observation().equals(name);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getContextualName(OperationContext context) {
    return context.observation() + " " + context.operation();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(OperationContext context) {
    return KeyValues.of(
        KeyValue.of("runway.component", context.implementation()),
        KeyValue.of("runway.operation", context.operation()),
        KeyValue.of(
            "outcome",
            context.getError() != null && context.outcome().equals("success")
                ? "error"
                : context.outcome()));
  }
}
