package dev.runway.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.Runway;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryListener;
import dev.runway.core.query.QueryStats;
import dev.runway.core.session.SessionStore;
import dev.runway.micrometer.RunwayObservations;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RunwayAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RunwayAutoConfiguration.class,
                  RunwayObservationAutoConfiguration.class,
                  RunwayHealthAutoConfiguration.class,
                  RunwayMetricsAutoConfiguration.class));

  @Test
  void runsOnTheSpringBootLineOfItsModule() {
    // the same tests are compiled into runway-spring-boot-autoconfigure (3.5) and
    // runway-spring-boot4-autoconfigure (4.x): each must really run on its own line
    assertThat(BootLine.version()).startsWith(BootLine.MAJOR + ".");
    assertThat(System.getProperty("expected.spring-boot.version", BootLine.version()))
        .isEqualTo(BootLine.version());
  }

  @Test
  void noProperties_embeddedDefaults_everyBeanWorks() {
    runner.run(
        ctx -> {
          assertThat(ctx)
              .hasNotFailed()
              .hasSingleBean(Runway.class)
              .hasSingleBean(DatabaseClient.class)
              .hasSingleBean(QueryCache.class)
              .hasSingleBean(SessionStore.class);
          DatabaseClient db = ctx.getBean(DatabaseClient.class);
          assertThat(db.engine()).isEqualTo("duckdb");
          assertThat(db.execute("SELECT 41 + 1").row(0).getInt(0)).isEqualTo(42);
          assertThat(ctx.getBean(QueryCache.class).name()).isEqualTo("caffeine");
          assertThat(ctx).doesNotHaveBean("runwayAuthProvider");
        });
  }

  @Test
  void propertiesSelectTheBackends_withRelaxedNames() {
    runner
        .withPropertyValues(
            "runway.cache.type=none",
            "runway.sessions.ttl=2h",
            "runway.cache.local.maxSize=64MB",
            "runway.resilience.max-attempts=1")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBean(QueryCache.class).name()).isEqualTo("none");
              assertThat(ctx.getBean(SessionStore.class).ttl()).hasHours(2);
              assertThat(ctx.getBean(Runway.class).resilience().maxAttempts()).isEqualTo(1);
            });
  }

  @Test
  void unknownKey_failsAtStart_namingTheFullProperty() {
    runner
        .withPropertyValues("runway.cache.local.max-sise=64MB")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              Throwable root = ctx.getStartupFailure();
              while (!(root instanceof ConfigurationException) && root.getCause() != null) {
                root = root.getCause();
              }
              assertThat(root)
                  .isInstanceOf(ConfigurationException.class)
                  .hasMessageContaining("runway.cache.local.max-sise");
              FailureAnalysis analysis =
                  new RunwayFailureAnalyzer().analyze(ctx.getStartupFailure());
              assertThat(analysis.getDescription()).contains("runway.cache.local.max-sise");
              assertThat(analysis.getAction()).contains("runway.cache.local.max-sise");
            });
  }

  @Test
  void badValue_failsAtStart_namingTheKey() {
    runner
        .withPropertyValues("runway.cache.ttl=soon")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              FailureAnalysis analysis =
                  new RunwayFailureAnalyzer().analyze(ctx.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription()).contains("cache.ttl");
            });
  }

  @Test
  void missingRequiredKey_namesItAsAProperty() {
    runner
        .withPropertyValues("runway.auth.type=cognito", "runway.auth.cognito.client-id=abc")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              FailureAnalysis analysis =
                  new RunwayFailureAnalyzer().analyze(ctx.getStartupFailure());
              assertThat(analysis.getDescription()).contains("runway.auth.cognito.user-pool-id");
              assertThat(analysis.getAction()).contains("RUNWAY_AUTH_COGNITO_USERPOOLID");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnDatabase {
    @Bean
    DatabaseClient myDatabase() {
      return JdbcDatabaseClient.embedded();
    }

    @Bean
    QueryListener counting() {
      return new QueryListener() {
        @Override
        public void onSuccess(Query query, QueryStats stats) {
          COUNT.incrementAndGet();
        }
      };
    }
  }

  static final AtomicInteger COUNT = new AtomicInteger();

  @Test
  void applicationBeans_replaceTheirComponent_andListenersArePickedUp() {
    runner
        .withUserConfiguration(OwnDatabase.class)
        .run(
            ctx -> {
              assertThat(ctx)
                  .hasNotFailed()
                  .hasSingleBean(DatabaseClient.class)
                  .doesNotHaveBean("runwayDatabaseClient");
              Runway rw = ctx.getBean(Runway.class);
              assertThat(rw.rawDatabase()).isSameAs(ctx.getBean("myDatabase"));
              int before = COUNT.get();
              rw.database().execute("SELECT 1");
              assertThat(COUNT.get()).isEqualTo(before + 1);
              assertThat(ctx).hasSingleBean(QueryCache.class);
            });
  }

  @Test
  void disabled_noBeans() {
    runner
        .withPropertyValues("runway.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(Runway.class));
  }

  @Test
  void closingTheContext_closesRunway() {
    DatabaseClient[] db = new DatabaseClient[1];
    runner.run(ctx -> db[0] = ctx.getBean(Runway.class).rawDatabase());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> db[0].execute("SELECT 1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void withoutMicrometer_noObservations_butRunwayWorks() {
    runner
        .withClassLoader(new FilteredClassLoader(RunwayObservations.class))
        .withConfiguration(AutoConfigurations.of(BootLine.OBSERVATION))
        .run(
            ctx -> {
              assertThat(ctx)
                  .hasNotFailed()
                  .hasSingleBean(Runway.class)
                  .doesNotHaveBean(RunwayObservations.class);
              assertThat(ctx.getBean(DatabaseClient.class).execute("SELECT 1").size()).isEqualTo(1);
            });
  }

  @Test
  void withActuator_healthContributorAndMeters() {
    runner
        .withConfiguration(AutoConfigurations.of(BootLine.ACTUATOR))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasSingleBean(RunwayObservations.class);
              ctx.getBean(DatabaseClient.class)
                  .execute(Query.builder("SELECT 1").label("probe").build());
              MeterRegistry meters = ctx.getBean(MeterRegistry.class);
              assertThat(
                      meters.get("runway.query").tag("runway.query.label", "probe").timer().count())
                  .isEqualTo(1);
              assertThat(meters.get("cache.gets").tag("result", "miss").functionCounter().count())
                  .isEqualTo(1);
              assertThat(
                      BootLine.componentStatus(ctx.getBean("runwayHealthContributor"), "database"))
                  .isEqualTo("UP");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoCaches {
    @Bean
    QueryCache one() {
      return InMemoryQueryCache.create();
    }

    @Bean
    QueryCache two() {
      return InMemoryQueryCache.create();
    }
  }

  @Test
  void twoApplicationBeansOfOneType_areRefusedByName() {
    runner
        .withUserConfiguration(TwoCaches.class)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("[one, two]");
            });
  }
}
