/**
 * The engine cost advisor: {@link dev.runway.migrate.cost.WorkloadAdvisor} projects the monthly
 * cost of a recorded workload on Athena, Redshift Serverless and provisioned Redshift from AWS list
 * prices (overridable) and names the break-even between them.
 */
@NullMarked
package dev.runway.migrate.cost;

import org.jspecify.annotations.NullMarked;
