/**
 * Running SQL: {@link dev.runway.core.query.DatabaseClient}, its {@link
 * dev.runway.core.query.Query} (SQL, named parameters always bound by the engine, timeout, row
 * limit, label, cache settings), results ({@link dev.runway.core.query.QueryResult}, {@link
 * dev.runway.core.query.Row}, {@link dev.runway.core.query.RowStream}) with engine-neutral {@link
 * dev.runway.core.query.ColumnType}s and {@link dev.runway.core.query.QueryStats}, the query
 * exceptions, listeners, and the decorators users compose ({@link
 * dev.runway.core.query.ForwardingDatabaseClient} is the base for their own).
 */
@NullMarked
package dev.runway.core.query;

import org.jspecify.annotations.NullMarked;
