/**
 * SQL text as Runway reads it: {@link dev.runway.core.sql.ParsedSql} finds {@code :name}
 * placeholders outside literals, quoted identifiers and comments, binds values by name, renders
 * positional SQL for engines that need it, and normalises the text for cache keys. Used by the
 * engines and the cache; depends on nothing but the query exceptions.
 */
@NullMarked
package dev.runway.core.sql;

import org.jspecify.annotations.NullMarked;
