package dev.runway.spring;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;

/**
 * What the shared tests need that Spring Boot 3.5 and 4 name differently: here, Spring Boot 4
 * (health in spring-boot-health, metrics and observations in spring-boot-micrometer-*).
 */
final class BootLine {

  /** The Spring Boot major version these tests run on. */
  static final int MAJOR = 4;

  /** Micrometer's observation registry. */
  static final Class<?>[] OBSERVATION = {ObservationAutoConfiguration.class};

  /** Observations, metrics with the simple registry, and health contributors. */
  static final Class<?>[] ACTUATOR = {
    ObservationAutoConfiguration.class,
    MetricsAutoConfiguration.class,
    SimpleMetricsExportAutoConfiguration.class,
    HealthContributorAutoConfiguration.class
  };

  private BootLine() {}

  /** The running Spring Boot version. */
  static String version() {
    return SpringBootVersion.getVersion();
  }

  /** The status code of one component of the {@code runway} health contributor. */
  static String componentStatus(Object runwayContributor, String component) {
    HealthIndicator indicator =
        (HealthIndicator)
            ((CompositeHealthContributor) runwayContributor).getContributor(component);
    return indicator.health().getStatus().getCode();
  }
}
