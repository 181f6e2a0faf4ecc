/**
 * Moving between implementations safely: shadow runs that compare two databases ({@link
 * dev.runway.migrate.ShadowDatabaseClient}), weighted cut-over with automatic rollback ({@link
 * dev.runway.migrate.CanaryDatabaseClient}), table validation ({@link
 * dev.runway.migrate.TableValidator}), sessions moved on read ({@link
 * dev.runway.migrate.MigratingSessionStore}) and users moved on sign-in ({@link
 * dev.runway.migrate.FallbackAuthProvider}).
 */
@NullMarked
package dev.runway.migrate;

import org.jspecify.annotations.NullMarked;
