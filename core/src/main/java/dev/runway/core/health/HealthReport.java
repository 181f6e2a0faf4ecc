package dev.runway.core.health;

import dev.runway.core.Runway;
import java.util.List;

/**
 * The aggregated health of every component of a {@link Runway}: DOWN if any component is down,
 * DEGRADED if any is degraded, otherwise UP.
 *
 * @param status the aggregate status
 * @param components each component's own health
 */
public record HealthReport(Health.Status status, List<Health> components) {

  /** Copies the list. */
  public HealthReport {
    components = List.copyOf(components);
  }

  /** Aggregates a list of component healths. */
  public static HealthReport of(List<Health> components) {
    Health.Status worst = Health.Status.UP;
    for (Health h : components) {
      if (h.status().ordinal() > worst.ordinal()) {
        worst = h.status();
      }
    }
    return new HealthReport(worst, components);
  }
}
