package dev.runway.spring;

import dev.runway.core.ComponentDecorator;
import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.QueryListener;
import dev.runway.core.session.SessionStore;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link Runway} bean, built from {@code runway.*} properties, and its four components as
 * beans. Each bean backs off when the application defines its own: an application {@link
 * DatabaseClient}, {@link QueryCache}, {@link SessionStore} or {@link AuthProvider} bean is used as
 * that component inside Runway (and wrapped with the cache, resilience and observations like a
 * configured one); {@link QueryListener} and {@link ComponentDecorator} beans are applied, in their
 * {@code @Order}. Closing the context closes Runway and what it created.
 */
@AutoConfiguration
@ConditionalOnProperty(
    prefix = "runway",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class RunwayAutoConfiguration {

  static final String DATABASE = "runwayDatabaseClient";
  static final String CACHE = "runwayQueryCache";
  static final String SESSIONS = "runwaySessionStore";
  static final String AUTH = "runwayAuthProvider";
  private static final Set<String> OWN = Set.of(DATABASE, CACHE, SESSIONS, AUTH);

  /** The configuration from {@code runway.*} properties (and {@code runway.config-file}). */
  @Bean
  @ConditionalOnMissingBean
  public RunwayConfig runwayConfig(Environment environment) {
    return RunwayProperties.load(environment);
  }

  /** The Runway; application beans of the four component types replace the configured ones. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Runway runway(
      RunwayConfig config,
      ListableBeanFactory beans,
      ObjectProvider<QueryListener> listeners,
      ObjectProvider<ComponentDecorator> decorators) {
    Runway.Builder b = Runway.builder().config(config);
    applicationBean(beans, DatabaseClient.class, b::database);
    applicationBean(beans, QueryCache.class, b::cache);
    applicationBean(beans, SessionStore.class, b::sessions);
    applicationBean(beans, AuthProvider.class, b::auth);
    listeners.orderedStream().forEach(b::listener);
    decorators.orderedStream().forEach(b::decorator);
    return b.build();
  }

  private static <T> void applicationBean(
      ListableBeanFactory beans, Class<T> type, Consumer<T> use) {
    List<String> names =
        Arrays.stream(beans.getBeanNamesForType(type, true, false))
            .filter(n -> !OWN.contains(n))
            .toList();
    if (names.size() > 1) {
      throw new IllegalStateException(
          "more than one "
              + type.getSimpleName()
              + " bean ("
              + names
              + "): Runway takes at most one; remove the others or define the Runway bean yourself");
    }
    if (names.size() == 1) {
      use.accept(beans.getBean(names.get(0), type));
    }
  }

  /** The database client, with the cache, resilience policy, listeners and decorators applied. */
  @Bean(name = DATABASE, destroyMethod = "")
  @ConditionalOnMissingBean(DatabaseClient.class)
  public DatabaseClient runwayDatabaseClient(Runway runway) {
    return runway.database();
  }

  /** The query cache. */
  @Bean(name = CACHE, destroyMethod = "")
  @ConditionalOnMissingBean(QueryCache.class)
  public QueryCache runwayQueryCache(Runway runway) {
    return runway.cache();
  }

  /** The session store. */
  @Bean(name = SESSIONS, destroyMethod = "")
  @ConditionalOnMissingBean(SessionStore.class)
  public SessionStore runwaySessionStore(Runway runway) {
    return runway.sessions();
  }

  /** The auth provider, when {@code runway.auth.type} is set and not {@code none}. */
  @Bean(name = AUTH, destroyMethod = "")
  @ConditionalOnMissingBean(AuthProvider.class)
  @ConditionalOnExpression("'${runway.auth.type:none}' != 'none'")
  public AuthProvider runwayAuthProvider(Runway runway) {
    return runway.auth();
  }
}
