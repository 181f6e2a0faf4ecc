/**
 * Moving between implementations safely: shadow runs that compare two databases
 * ({@link dev.runway.core.migrate.ShadowDatabaseClient}), weighted cut-over with automatic rollback
 * ({@link dev.runway.core.migrate.CanaryDatabaseClient}), table validation
 * ({@link dev.runway.core.migrate.TableValidator}), sessions moved on read
 * ({@link dev.runway.core.migrate.MigratingSessionStore}) and users moved on sign-in
 * ({@link dev.runway.core.migrate.FallbackAuthProvider}).
 */
@NullMarked
package dev.runway.core.migrate;

import org.jspecify.annotations.NullMarked;
