package dev.runway.core;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.session.SessionStore;

/**
 * Wraps the components {@link Runway} composes, for metrics, traces or auditing
 * (runway-micrometer's {@code RunwayObservations} is one). Each method returns the component
 * unchanged by default; a decorator overrides the ones it wraps and must forward every call it does
 * not change, including {@code health()} and {@code close()}.
 *
 * <p>{@link #database} receives the client as the application sees it (cache and resilience
 * applied), so that one observation covers a query whether it was served from the cache or not;
 * {@link #cache} receives the cache before the caching decorator uses it.
 */
public interface ComponentDecorator {

  /** Wraps the database client the application uses. */
  default DatabaseClient database(DatabaseClient database) {
    return database;
  }

  /** Wraps the query cache. */
  default QueryCache cache(QueryCache cache) {
    return cache;
  }

  /** Wraps the session store. */
  default SessionStore sessions(SessionStore sessions) {
    return sessions;
  }

  /** Wraps the auth provider (not called when none is configured). */
  default AuthProvider auth(AuthProvider auth) {
    return auth;
  }
}
