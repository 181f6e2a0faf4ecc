package dev.runway.spring;

import dev.runway.micrometer.RunwayObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Observes Runway through the application's {@link ObservationRegistry} (timers through Spring
 * Boot's meter handler, spans through a tracing bridge), recording bytes scanned, cost, sign-ins
 * and session conflicts into its {@link MeterRegistry}: active when runway-micrometer and an
 * observation registry are present.
 */
@AutoConfiguration(
    afterName = {
      // Spring Boot 3.5
      "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
      // Spring Boot 4 (spring-boot-micrometer-observation, spring-boot-micrometer-metrics)
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    },
    before = RunwayAutoConfiguration.class)
@ConditionalOnClass({RunwayObservations.class, ObservationRegistry.class})
public class RunwayObservationAutoConfiguration {

  /** The decorator Runway applies to every component. */
  @Bean
  @ConditionalOnBean(ObservationRegistry.class)
  @ConditionalOnMissingBean
  public RunwayObservations runwayObservations(
      ObservationRegistry registry, ObjectProvider<MeterRegistry> meters, Environment env) {
    RunwayObservations.Builder b =
        RunwayObservations.builder(registry)
            .maxLabels(env.getProperty("runway.observations.max-labels", Integer.class, 100))
            .observeSessions(env.getProperty("runway.observations.sessions", Boolean.class, true))
            .observeAuth(env.getProperty("runway.observations.auth", Boolean.class, true));
    MeterRegistry m = meters.getIfUnique();
    if (m != null) {
      b.meterRegistry(m);
    }
    return b.build();
  }
}
