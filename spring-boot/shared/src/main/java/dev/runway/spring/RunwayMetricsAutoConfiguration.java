package dev.runway.spring;

import dev.runway.core.Runway;
import dev.runway.micrometer.RunwayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Binds {@link RunwayMetrics} (cache, engine, circuit-breaker meters) to every meter registry. */
@AutoConfiguration(
    after = RunwayAutoConfiguration.class,
    afterName = {
      // Spring Boot 3.5
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
      // Spring Boot 4 (spring-boot-micrometer-metrics)
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({RunwayMetrics.class, MeterRegistry.class})
@ConditionalOnBean({MeterRegistry.class, Runway.class})
public class RunwayMetricsAutoConfiguration {

  /** Spring Boot binds every {@link MeterBinder} bean to the application's registries. */
  @Bean
  @ConditionalOnMissingBean(name = "runwayMeterBinder")
  public MeterBinder runwayMeterBinder(Runway runway) {
    return new RunwayMetrics(runway);
  }
}
