/**
 * The local implementations, the zero-cost start: {@link dev.runway.core.local.JdbcDatabaseClient}
 * (embedded DuckDB, any JDBC URL or {@code DataSource}), {@link
 * dev.runway.core.local.InMemoryQueryCache} (Caffeine), {@link
 * dev.runway.core.local.InMemorySessionStore}, {@link dev.runway.core.local.FileAuthProvider} with
 * its {@link dev.runway.core.local.UsersFile} of bcrypt hashes, and the factories that build them
 * from configuration ({@code type: embedded | jdbc | local | none | memory}).
 */
@NullMarked
package dev.runway.core.local;

import org.jspecify.annotations.NullMarked;
