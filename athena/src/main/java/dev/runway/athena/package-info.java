/**
 * Amazon Athena: {@link dev.runway.athena.AthenaDatabaseClient} ({@code database.type: athena}),
 * external tables for the Redshift-to-Athena migration, and the cost of a query by bytes scanned.
 */
@NullMarked
package dev.runway.athena;

import org.jspecify.annotations.NullMarked;
