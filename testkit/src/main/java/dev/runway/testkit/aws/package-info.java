/**
 * Protocol fixtures for AWS services that have no emulator here: HTTP servers that speak the Athena
 * and Redshift Data API JSON protocols, run the SQL on DuckDB, and inject faults.
 */
package dev.runway.testkit.aws;
