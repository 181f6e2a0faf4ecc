package dev.runway.spring;

import dev.runway.core.Runway;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * The {@code runway} health contributor: one component per backend ({@code database}, {@code
 * cache}, {@code sessions}, {@code auth}), from each component's own {@code health()}. Runway's
 * {@code DEGRADED} (a Redis cache that is down serves misses; the application still works) is the
 * status {@code DEGRADED}, which Spring Boot answers with HTTP 200 and leaves out of the aggregate
 * unless {@code management.endpoint.health.status.order} lists it: it never fails a load balancer's
 * check, and the liveness group (which holds only the application's own state) is never affected by
 * any backend.
 */
@AutoConfiguration(after = RunwayAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(Runway.class)
@ConditionalOnEnabledHealthIndicator("runway")
public class RunwayHealthAutoConfiguration {

  /** Spring's status for Runway's {@code DEGRADED}. */
  public static final Status DEGRADED = new Status("DEGRADED", "works with reduced function");

  /** The {@code runway} contributor. */
  @Bean
  @ConditionalOnMissingBean(name = "runwayHealthContributor")
  public HealthContributor runwayHealthContributor(Runway runway) {
    Map<String, HealthIndicator> parts = new LinkedHashMap<>();
    parts.put("database", () -> map(runway.database().health()));
    parts.put("cache", () -> map(runway.cache().health()));
    parts.put("sessions", () -> map(runway.sessions().health()));
    try {
      var auth = runway.auth();
      parts.put("auth", () -> map(auth.health()));
    } catch (IllegalStateException noAuth) {
      // no auth provider configured: nothing to report
    }
    return CompositeHealthContributor.fromMap(parts);
  }

  static Health map(dev.runway.core.health.Health h) {
    Status status =
        switch (h.status()) {
          case UP -> Status.UP;
          case DOWN -> Status.DOWN;
          case DEGRADED -> DEGRADED;
        };
    Health.Builder b = Health.status(status).withDetail("component", h.component());
    if (h.detail() != null && !h.detail().isBlank()) {
      b.withDetail("detail", h.detail());
    }
    return b.build();
  }
}
