/**
 * Amazon Redshift: the Data API client {@link dev.runway.redshift.RedshiftDataApiClient}, the JDBC
 * mode ({@link dev.runway.redshift.RedshiftClients#jdbc()}), table transfer (UNLOAD/COPY) and the
 * Serverless cost estimate ({@code database.type: redshift}).
 */
@NullMarked
package dev.runway.redshift;

import org.jspecify.annotations.NullMarked;
